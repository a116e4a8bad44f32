"""Attribution (direct quotations and reported speech) on real political news: PolNeAR dev.

    python eval/polnear.py [--data DIR] [--show-errors] [--limit N]

Data: `../shared/data/polnear-dev` (84 US political articles, 2016, with brat Source/Cue/Content
attribution relations; see its README). Evaluation only: nothing of it enters the repository.
Where an article has two annotators' files, the first (by file name) is the gold.

Gold items
- A *gold quotation* is one stretch inside quotation marks (paired per paragraph, curly or
  straight double marks, or two apostrophes as the New York Times texts write them) lying
  inside the Content of an annotated attribution; its source is that attribution's Source
  (the innermost attribution when they nest). Direct and mixed quotations are both gold
  quotations: each quoted stretch someone is said to have said.
- A *gold indirect attribution* is an attribution whose Content has at most half of its letters
  inside quotation marks (reported speech, "according to", beliefs, intentions).
  Attributions without a Source span ("Attribution-no-source") are gold items whose source is
  nobody.

Matching
- Spans: a predicted quotation matches a gold one when they share at least half of the shorter
  of the two; a predicted attribution matches a gold indirect one when they share at least half
  of the *longer* (content overlap >= half either way).
- Speaker: the gold Source is first resolved. A pronoun source (he, she, I, they, who, ...)
  becomes the nearest earlier gold Source in the article that names someone (has a capitalised
  word other than a pronoun or a title). The
  gold and the predicted speaker then match when (1) the predicted speaker's span overlaps the
  gold Source span, or (2) they share a head word: a capitalised word (surname, first name,
  organisation word) of the resolved gold source equals a word of the predicted canonical
  speaker or speaker text, titles (Mr., President, ...) and stop words left out, or (3) for
  an unnamed gold source ("a source", "officials"), the predicted speaker text shares its
  last (head) noun. A source-less gold item matches only a predicted speaker of None.

A few gold attributions have their Source and Cue labels swapped (Source "said", Cue "David
Plouffe, the architect of ..."): where the Source is one lower-case word and the Cue has a
capitalised word other than a title, the two are read swapped.

Printed: direct recall, precision of everything reported as a direct or mixed quotation, right
speaker over the gold quotations found; indirect found, found with the right source, and the
precision of predicted indirect attributions. `--show-errors` prints the failures grouped by
kind (missed quotation, false quotation, wrong speaker, missed indirect, wrong source, extra
indirect).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear-dev"

_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "i",
        "we",
        "they",
        "you",
        "it",
        "who",
        "which",
        "that",
        "him",
        "her",
        "them",
        "us",
        "me",
        "his",
        "hers",
        "its",
        "their",
        "our",
        "himself",
        "herself",
        "themselves",
        "itself",
        "whom",
    ]
)
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "president",
        "senator",
        "governor",
        "secretary",
        "gen",
        "general",
        "vice",
        "former",
        "the",
        "a",
        "an",
        "of",
        "and",
        "mayor",
        "chief",
        "judge",
        "justice",
        "speaker",
        "attorney",
        "minister",
        "prime",
        "candidate",
        "nominee",
        "director",
        "chairman",
        "spokesman",
        "spokeswoman",
        "said",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*")


@dataclass
class GoldAttribution:
    source: tuple[int, int] | None
    source_text: str | None
    content: list[tuple[int, int]]
    quoted: float  # share of the content's letters inside quotation marks


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Stretches inside double quotation marks, paired within each paragraph. Two apostrophes
    ('') are a double mark: the New York Times articles of the corpus write quotations so."""
    text = text.replace("''", '" ')
    regions: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        open_at: int | None = None
        for i, ch in enumerate(paragraph):
            if ch == "\u201c" or (ch == '"' and open_at is None):
                open_at = i
            elif ch in '\u201d"' and open_at is not None:
                if i - open_at > 1:
                    regions.append((offset + open_at + 1, offset + i))
                open_at = None
        if open_at is not None and len(paragraph) - open_at > 1:  # runs to the paragraph's end
            regions.append((offset + open_at + 1, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return regions


def _letters_inside(text: str, spans: list[tuple[int, int]], regions) -> float:
    inside = total = 0
    for start, end in spans:
        for i in range(start, end):
            if text[i].isalpha():
                total += 1
                if any(a <= i < b for a, b in regions):
                    inside += 1
    return inside / total if total else 0.0


def read_gold(text: str, ann: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, _, ranges = parts[1].partition(" ")
            fragments = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            spans[parts[0]] = (label, fragments, parts[2])  # type: ignore[assignment]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(p.split(":", 1) for p in parts[1].split()))
    regions = quoted_regions(text)
    gold = []
    for event in events:
        content = [spans[v][1] for k, v in event.items() if k.startswith("Content") and v in spans]
        if not content:
            continue
        fragments = [f for c in content for f in c]
        source_ids = [v for k, v in event.items() if k.startswith("Source") and v in spans]
        source = spans[source_ids[0]] if source_ids else None
        cue_ids = [v for k, v in event.items() if k.startswith("Cue") and v in spans]
        cue = spans[cue_ids[0]] if cue_ids else None
        if source and cue and _swapped(source[2], cue[2]):
            source = cue
        source_span = (source[1][0][0], source[1][-1][1]) if source else None
        gold.append(
            GoldAttribution(
                source=source_span,
                source_text=source[2] if source else None,
                content=fragments,
                quoted=_letters_inside(text, fragments, regions),
            )
        )
    return gold


def _swapped(source_text: str, cue_text: str) -> bool:
    """Source and Cue labels exchanged by the annotator: a lone lower-case Source word
    ("said") beside a Cue that names someone."""
    words = _WORD.findall(source_text)
    return (
        len(words) == 1
        and words[0].islower()
        and words[0] not in _PRONOUNS
        and bool(_named_words(cue_text) - {"according"})  # "According to" is a cue
    )


def _words(text: str | None) -> list[str]:
    return [w.lower().strip("'\u2019") for w in _WORD.findall(text or "")]


def _named_words(text: str | None) -> set[str]:
    """Capitalised words of a source other than pronouns and titles: its head names."""
    return {
        w.lower().removesuffix("'s").removesuffix("\u2019s")
        for w in _WORD.findall(text or "")
        if w[0].isupper() and w.lower() not in _PRONOUNS and w.lower() not in _TITLES
    }


def resolve_sources(gold: list[GoldAttribution]) -> dict[int, str | None]:
    """Each gold item's source text with pronouns replaced by the last earlier named source."""
    resolved: dict[int, str | None] = {}
    ordered = sorted(range(len(gold)), key=lambda i: gold[i].source or (10**9, 0))
    last_named: str | None = None
    for i in ordered:
        text = gold[i].source_text
        if text is None:
            resolved[i] = None
            continue
        words = _words(text)
        if words and all(w in _PRONOUNS for w in words):
            resolved[i] = last_named or text
            continue
        resolved[i] = text
        if _named_words(text):
            last_named = text
    return resolved


def speaker_matches(
    gold: GoldAttribution,
    resolved: str | None,
    speaker: str | None,
    speaker_text: str | None,
    speaker_span: tuple[int | None, int | None],
) -> bool:
    if gold.source is None:
        return speaker is None and speaker_text is None
    start, end = speaker_span
    if (
        start is not None
        and end is not None
        and min(end, gold.source[1]) > max(start, gold.source[0])
    ):
        # Same words; a pronoun must still resolve to the same person.
        words = _words(gold.source_text)
        if not (words and all(w in _PRONOUNS for w in words)):
            return True
    named = _named_words(resolved)
    predicted = set(_words(speaker)) | set(_words(speaker_text))
    predicted = {w.removesuffix("'s") for w in predicted}
    if named:
        return bool(named & predicted)
    head = _words(resolved)
    return bool(head) and head[-1].rstrip("s") in {w.rstrip("s") for w in _words(speaker_text)}


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(data: Path, show_errors: bool = False, limit: int | None = None) -> dict[str, float]:
    from storyweave.annotate.quotes import extract_quotes
    from storyweave.model import Article
    from storyweave.nlp.pipeline import load_pipeline

    try:
        from storyweave.annotate.attribution import extract_attributions
    except ImportError:  # before the attribution stage existed: quotes only
        extract_attributions = None

    nlp = load_pipeline()
    errors: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    names = sorted(p.stem for p in (data / "text").glob("*.txt"))[:limit]
    for name in names:
        text = (data / "text" / f"{name}.txt").read_text(encoding="utf-8")
        anns = sorted((data / "attributions").glob(f"{name}_*.ann"))
        if not anns:
            continue
        gold = read_gold(text, anns[0].read_text(encoding="utf-8"))
        resolved = resolve_sources(gold)
        doc = nlp(text)
        article = Article(id=name, text=text)
        if extract_attributions is not None:
            predicted = list(extract_attributions(doc, article))
        else:
            predicted = list(extract_quotes(doc, article))
        quotes = [q for q in predicted if q.kind != "indirect"]
        indirect = [q for q in predicted if q.kind == "indirect"]

        # Gold quotations: quoted regions inside an attribution's content (innermost one).
        regions = quoted_regions(text)
        gold_quotes: list[tuple[tuple[int, int], int]] = []
        for region in regions:
            owners = [
                (sum(b - a for a, b in g.content), i)
                for i, g in enumerate(gold)
                if any(_shared(region, f) >= 0.5 * (region[1] - region[0]) for f in g.content)
            ]
            if owners:
                gold_quotes.append((region, min(owners)[1]))

        def short(span: tuple[int, int], n: int = 70, text: str = text) -> str:
            return text[span[0] : span[1]][:n].replace("\n", " ")

        for q in quotes:
            counts["predicted quotes"] += 1
            span = (q.start, q.end)
            if any(
                _shared(span, r) >= 0.5 * min(span[1] - span[0], r[1] - r[0])
                for r, _ in gold_quotes
            ):
                counts["predicted quotes right"] += 1
            else:
                errors["false quotation"].append(f"{name}: {short(span)!r} ({q.speaker})")
        for region, owner in gold_quotes:
            counts["gold quotes"] += 1
            match = next(
                (
                    q
                    for q in quotes
                    if _shared((q.start, q.end), region)
                    >= 0.5 * min(q.end - q.start, region[1] - region[0])
                ),
                None,
            )
            if match is None:
                errors["missed quotation"].append(
                    f"{name}: {short(region)!r} (source {gold[owner].source_text!r})"
                )
                continue
            counts["gold quotes found"] += 1
            g = gold[owner]
            if speaker_matches(
                g,
                resolved[owner],
                match.speaker,
                match.speaker_text,
                (match.speaker_start, match.speaker_end),
            ):
                counts["right speaker"] += 1
            else:
                errors["wrong speaker (quotation)"].append(
                    f"{name}: {short(region, 50)!r}: got {match.speaker!r} "
                    f"({match.speaker_text!r}), gold {g.source_text!r} -> {resolved[owner]!r}"
                )

        gold_indirect = [i for i, g in enumerate(gold) if g.quoted <= 0.5]
        for q in indirect:
            counts["predicted indirect"] += 1
            span = (q.start, q.end)
            hit = any(
                _shared(span, (g.content[0][0], g.content[-1][1]))
                >= 0.5 * max(span[1] - span[0], g.content[-1][1] - g.content[0][0])
                for g in (gold[i] for i in gold_indirect)
            )
            if hit:
                counts["predicted indirect right"] += 1
            else:
                errors["extra indirect"].append(f"{name}: {short(span)!r} ({q.speaker})")
        for i in gold_indirect:
            g = gold[i]
            counts["gold indirect"] += 1
            content = (g.content[0][0], g.content[-1][1])
            match = next(
                (
                    q
                    for q in predicted
                    if _shared((q.start, q.end), content)
                    >= 0.5 * max(q.end - q.start, content[1] - content[0])
                ),
                None,
            )
            if match is None:
                errors["missed indirect"].append(
                    f"{name}: {short(content)!r} (source {g.source_text!r})"
                )
                continue
            counts["gold indirect found"] += 1
            if speaker_matches(
                g,
                resolved[i],
                match.speaker,
                match.speaker_text,
                (match.speaker_start, match.speaker_end),
            ):
                counts["indirect right source"] += 1
            else:
                errors["wrong source (indirect)"].append(
                    f"{name}: {short(content, 50)!r}: got {match.speaker!r} "
                    f"({match.speaker_text!r}), gold {g.source_text!r} -> {resolved[i]!r}"
                )
    if show_errors:
        for kind in sorted(errors):
            print(f"-- {kind}: {len(errors[kind])}")
            for line in errors[kind]:
                print(f"  {line}")

    def ratio(a: str, b: str) -> float:
        return counts[a] / counts[b] if counts[b] else 0.0

    return {
        "articles": len(names),
        "gold quotations": counts["gold quotes"],
        "direct recall": ratio("gold quotes found", "gold quotes"),
        "direct precision": ratio("predicted quotes right", "predicted quotes"),
        "right speaker": ratio("right speaker", "gold quotes found"),
        "gold indirect": counts["gold indirect"],
        "indirect found": ratio("gold indirect found", "gold indirect"),
        "indirect right source": ratio("indirect right source", "gold indirect"),
        "indirect precision": ratio("predicted indirect right", "predicted indirect"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not (args.data / "text").is_dir():
        print(f"skipped: no PolNeAR data at {args.data}")
        return 0
    figures = score(args.data, args.show_errors, args.limit)
    for name, value in figures.items():
        print(f"{name:>22}: {value:.3f}" if isinstance(value, float) else f"{name:>22}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
