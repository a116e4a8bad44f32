"""Write src/storyweave/stories/data/english_word_frequency.tsv from the wordfreq package.

    pip install wordfreq==3.1.1   # in a scratch environment: the runtime does not need it
    python scripts/background_words.py

Grouping counts these everyday-English frequencies as background document frequencies
(stories/features.py), so that in a small pile common words do not pass for distinctive ones.
Words at Zipf 4.0 and above are kept (about 7,000): rarer words add under 0.1 of a document
to any term's frequency at the default weight and change nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from wordfreq import iter_wordlist, zipf_frequency

OUT = (
    Path(__file__).resolve().parent.parent
    / "src/storyweave/stories/data/english_word_frequency.tsv"
)
HEADER = (
    "# English word frequencies (Zipf scale: log10 of occurrences per billion words), words "
    "at 4.0 and above; from wordfreq 3.1.1 (Robyn Speer et al., 'large' English list, data "
    "CC BY-SA 4.0), made by scripts/background_words.py. Grouping uses them as background "
    "document frequencies, so that in a small pile common words do not pass for distinctive "
    "ones.\n"
)
# Words as the grouping's tokenizer keeps them: two or more letters or digits, inner
# hyphens and apostrophes.
WORD = re.compile(r"[a-z0-9][a-z0-9'-]*[a-z0-9]")


def main() -> None:
    rows = []
    for word in iter_wordlist("en", "large"):
        zipf = zipf_frequency(word, "en", wordlist="large")
        if zipf < 4.0:
            break
        if WORD.fullmatch(word):
            rows.append(f"{word}\t{zipf:.2f}\n")
    OUT.write_text(HEADER + "".join(rows), encoding="utf-8")
    print(f"{len(rows)} words -> {OUT}")


if __name__ == "__main__":
    main()
