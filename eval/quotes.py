"""Quotation extraction and speaker attribution on storyweave's own gold set.

    python eval/quotes.py [--gold DIR] [--show-errors]

The gold set (eval/gold/quotes/) is six short news articles written for this purpose (wire
copy, a feature, a summit report, a match report, a business story, a local flood story; every
person and place is invented), with 49 quotations marked in gold.json: the quoted words and the
speaker a careful reader would name (the full name the article gives, an organisation, or null
for a group or an unnamed source). The articles exercise speaker before/after/in the middle,
pronouns, role descriptions ("the president-elect", "the Vesk official"), mixed quotes, a quote
over two paragraphs, "according to", and distractors: a book title, a scare quote, a nickname.

Printed:
- precision / recall: a predicted quotation is right when it overlaps a gold one by at least
  half of the shorter of the two; a gold one is found when such a prediction exists;
- speaker accuracy: over the gold quotations found, the predicted speaker equals the gold one
  (case-insensitive; null must be null).
These articles were written by the same team that wrote the rules: expect held-out real news
to score lower. The figures are a regression check, not a claim about general accuracy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from storyweave.annotate.attribution import extract_attributions
from storyweave.model import Article, Quote
from storyweave.nlp.pipeline import load_pipeline

GOLD = Path(__file__).resolve().parent / "gold" / "quotes"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _same_speaker(predicted: str | None, gold: str | None) -> bool:
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return predicted.casefold() == gold.casefold()


def score(gold_dir: Path, show_errors: bool = False) -> dict[str, float]:
    records = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    nlp = load_pipeline()
    predicted_total = predicted_right = gold_total = gold_found = speaker_right = 0
    for record in records:
        text = (gold_dir / f"{record['article']}.txt").read_text(encoding="utf-8")
        gold = []
        for item in record["quotes"]:
            start = text.index(item["text"])
            gold.append(((start, start + len(item["text"])), item["speaker"], item["text"]))
        article = Article(id=record["article"], text=text)
        predicted: tuple[Quote, ...] = tuple(
            q for q in extract_attributions(nlp(text), article) if q.kind != "indirect"
        )
        predicted_total += len(predicted)
        gold_total += len(gold)
        for quote in predicted:
            if any(_overlap((quote.start, quote.end), span) for span, _, _ in gold):
                predicted_right += 1
            elif show_errors:
                print(f"  extra   {record['article']}: {quote.text!r} ({quote.speaker})")
        for span, speaker, quoted in gold:
            match = next((q for q in predicted if _overlap((q.start, q.end), span)), None)
            if match is None:
                if show_errors:
                    print(f"  missed  {record['article']}: {quoted!r}")
                continue
            gold_found += 1
            if _same_speaker(match.speaker, speaker):
                speaker_right += 1
            elif show_errors:
                print(
                    f"  speaker {record['article']}: {quoted[:50]!r}: got {match.speaker!r} "
                    f"({match.speaker_text!r}), gold {speaker!r}"
                )
    return {
        "articles": len(records),
        "gold quotes": gold_total,
        "precision": predicted_right / predicted_total if predicted_total else 0.0,
        "recall": gold_found / gold_total if gold_total else 0.0,
        "speaker accuracy": speaker_right / gold_found if gold_found else 0.0,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    if not (args.gold / "gold.json").exists():
        print(f"skipped: no gold set at {args.gold}")
        return 0
    figures = score(args.gold, args.show_errors)
    for name, value in figures.items():
        print(f"{name:>17}: {value:.3f}" if isinstance(value, float) else f"{name:>17}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
