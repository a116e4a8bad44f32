"""Date resolution on MEANTIME (TIMEX3 values) and SemEval-2015 Task 4 (dated timeline events).

    python eval/timex.py [--meantime DIR] [--semeval DIR] [--show-errors]

MEANTIME (120 English Wikinews articles): each document's text is rebuilt from its tokens (one
line per sentence) and annotated by `storyweave.annotate.times` with the document creation
time (DCT) as the publication date; two documents have no DCT and run undated, as storyweave
would. Printed:
- extraction precision / recall: a predicted expression is right when it overlaps any gold
  TIMEX3 (DATE, TIME, DURATION, SET); a gold one is found when a prediction overlaps it. The DCT
  line itself is left out on both sides.
- value accuracy on *calendar* DATE expressions: gold DATE TIMEX3 whose value names a calendar
  day, month, year, week, weekend, quarter, season or decade. Left out, and why: PRESENT_REF /
  PAST_REF / FUTURE_REF (no calendar value to compare), XXXX-XX-XX (the annotators could not
  resolve them either), durations written as DATE (P6Y), fiscal years (FY2007: company
  calendars), and empty-span TIMEX3 (not in the text). Accuracy is over the gold expressions the
  recogniser found (the TempEval convention); "end to end" divides by all of them.
  Gold forms storyweave writes differently are compared in its forms: 2006-Q4 as
  2006-10/2006-12, 2010-W04-WE as the Saturday/Sunday interval, 2009-SP as 2009-03/2009-05,
  197 (a decade) as 1970/1979, 2011-06-XX as 2011-06, 2008-01-09TMO as 2008-01-09.
SemEval-2015 Task 4 (90 evaluation + 30 trial articles): for every gold timeline event with a
date, the event's sentence is dated the way storyweave's timeline dates it (the date expression
of that sentence whose clause holds the event word, else the nearest one). Printed: coverage
(events whose sentence storyweave dates) and accuracy (storyweave's date agrees with the gold
one at the gold's precision).

Reference: HeidelTime on TempEval-3 platinum, value F1 about 0.78 across all TIMEX3 types.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "'s", "n't", "'", "''"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}
_CALENDAR = re.compile(
    r"^(?:\d{4}(?:-\d\d(?:-\d\d)?)?|\d{4}-W\d\d(?:-WE)?|\d{4}-(?:Q[1-4]|SP|SU|FA|WI|H[12])|\d{3})$"
)


@dataclass
class Document:
    id: str
    text: str
    dct: str | None
    dct_span: tuple[int, int] | None
    # (start, end, type, value) for every non-DCT TIMEX3 with tokens
    timexes: list[tuple[int, int, str, str]]
    # sentence number -> (start, end); token id -> (start, end, sentence, text)
    sentences: dict[int, tuple[int, int]]
    tokens: dict[str, tuple[int, int, int, str]]


def read_cat(path: Path) -> Document:
    """A CAT XML document: text rebuilt from tokens, one line per sentence, with offsets."""
    root = ET.parse(path).getroot()
    parts: list[str] = []
    length = 0
    tokens: dict[str, tuple[int, int, int, str]] = {}
    sentences: dict[int, tuple[int, int]] = {}
    previous_sentence = None
    previous_text = ""
    for token in root.iter("token"):
        word = token.text or ""
        sentence = int(token.get("sentence", 0))
        if previous_sentence is not None:
            if sentence != previous_sentence:
                sep = "\n"
            elif word in _NO_SPACE_BEFORE or previous_text in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        start = length
        parts.append(word)
        length += len(word)
        tokens[token.get("t_id", "")] = (start, length, sentence, word)
        first, _ = sentences.get(sentence, (start, length))
        sentences[sentence] = (first, length)
        previous_sentence, previous_text = sentence, word
    text = "".join(parts)
    dct = None
    dct_span = None
    timexes = []
    for timex in root.iter("TIMEX3"):
        ids = [a.get("t_id", "") for a in timex.iter("token_anchor")]
        spans = [tokens[i] for i in ids if i in tokens]
        span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct, dct_span = _dct(timex.get("value", "")), span
        elif span:
            timexes.append((span[0], span[1], timex.get("type", ""), timex.get("value", "")))
    return Document(path.stem, text, dct, dct_span, timexes, sentences, tokens)


def _dct(value: str) -> str | None:
    if re.match(r"^\d{4}-\d\d-\d\d", value):
        return value[:10]
    day_first = re.match(r"^(\d\d)-(\d\d)-(\d{4})$", value)  # one MEANTIME DCT is 03-02-2009
    return f"{day_first[3]}-{day_first[2]}-{day_first[1]}" if day_first else None


def normalise_gold(value: str) -> str | None:
    """A gold calendar value in storyweave's forms, or None when it is not a calendar value."""
    from storyweave.annotate import time_resolve as cal

    value = value.split("T")[0]
    value = re.sub(r"(-XX)+$", "", value)
    if not _CALENDAR.match(value):
        return None
    if len(value) == 3:
        return cal.decade_interval(int(value) * 10)
    week = re.match(r"^(\d{4})-W(\d\d)-WE$", value)
    if week:
        import datetime as dt

        saturday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 6)
        return cal.interval(saturday.isoformat(), (saturday + dt.timedelta(days=1)).isoformat())
    code = re.match(r"^(\d{4})-(Q[1-4]|SP|SU|FA|WI|H[12])$", value)
    if code:
        year, part = int(code[1]), code[2]
        if part.startswith("Q"):
            return cal.quarter_interval(year, int(part[1]))
        if part.startswith("H"):
            return cal.half_interval(year, int(part[1]))
        season = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}[part]
        return cal.season_interval(year, season)
    return value


def annotate(documents: list[Document]):  # type: ignore[no-untyped-def]
    import datetime as dt

    from storyweave.annotate.times import extract_times
    from storyweave.model import Article
    from storyweave.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    results = []
    docs = nlp.pipe((d.text for d in documents), batch_size=16)
    for document, doc in zip(documents, docs, strict=True):
        published = dt.date.fromisoformat(document.dct) if document.dct else None
        article = Article(id=document.id, text=document.text, published=published)
        results.append(extract_times(doc, article))
    return results


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_meantime(root: Path, show_errors: bool) -> None:
    paths = sorted(root.glob("intra-doc_annotation/*/*.xml"))
    documents = [read_cat(p) for p in paths]
    started = time.perf_counter()
    predictions = annotate(documents)
    elapsed = time.perf_counter() - started
    predicted_total = predicted_right = 0
    gold_total = gold_found = 0
    date_total = date_found = 0
    calendar_total = calendar_found = calendar_right = 0
    errors: list[str] = []
    by_anchor: Counter[str] = Counter()
    for document, mentions in zip(documents, predictions, strict=True):
        # MEANTIME annotates the headline and the first five sentences only (0-5).
        annotated_end = max(end for s, (_, end) in document.sentences.items() if s <= 5)
        mentions = [
            m
            for m in mentions
            if m.start < annotated_end
            and not (document.dct_span and _overlap((m.start, m.end), document.dct_span))
        ]
        gold_spans = [(g[0], g[1]) for g in document.timexes]
        for m in mentions:
            predicted_total += 1
            predicted_right += any(_overlap((m.start, m.end), g) for g in gold_spans)
        for start, end, kind, value in document.timexes:
            found = [m for m in mentions if _overlap((m.start, m.end), (start, end))]
            gold_total += 1
            gold_found += bool(found)
            if kind != "DATE":
                continue
            date_total += 1
            date_found += bool(found)
            gold = normalise_gold(value)
            if gold is None:
                continue
            calendar_total += 1
            if not found:
                errors.append(f"missed {document.text[start:end]!r} gold={gold}")
                continue
            calendar_found += 1
            best = max(found, key=lambda m: _overlap((m.start, m.end), (start, end)))
            by_anchor[str(best.anchor)] += 1
            if best.value == gold or _range_end(best, (start, end)) == gold:
                calendar_right += 1
            else:
                errors.append(
                    f"{document.id[:40]} dct={document.dct} {document.text[start:end]!r} "
                    f"gold={gold} ours={best.value} ({best.expression!r})"
                )
    print(f"MEANTIME: {len(documents)} documents annotated in {elapsed:.1f} s")
    print(
        f"  extraction (all TIMEX3 types, span overlap): precision "
        f"{predicted_right / max(predicted_total, 1):.3f} ({predicted_right}/{predicted_total}), "
        f"recall {gold_found / max(gold_total, 1):.3f} ({gold_found}/{gold_total})"
    )
    print(f"  DATE recall: {date_found / max(date_total, 1):.3f} ({date_found}/{date_total})")
    print(
        f"  calendar DATE value accuracy: {calendar_right / max(calendar_found, 1):.3f} "
        f"({calendar_right}/{calendar_found} found); end to end "
        f"{calendar_right / max(calendar_total, 1):.3f} ({calendar_right}/{calendar_total})"
    )
    print(f"  anchors used: {dict(sorted(by_anchor.items()))}")
    if show_errors:
        print("\n".join("    " + e for e in errors))


def _range_end(mention, gold_span: tuple[int, int]) -> str | None:  # type: ignore[no-untyped-def]
    """For a range ("from 2009 to 2011") that TimeML marks as two expressions, the end of our
    interval on the gold expression's side."""
    if not mention.value or "/" not in mention.value:
        return None
    first, _, last = mention.value.partition("/")
    if gold_span[0] <= mention.start and gold_span[1] >= mention.end:
        return None  # the gold expression covers the whole range
    middle = (mention.start + mention.end) / 2
    return first if (gold_span[0] + gold_span[1]) / 2 < middle else last


def _timeline_files(root: Path) -> list[tuple[Path, Path]]:
    """(gold timeline file, folder of CAT documents) pairs."""
    pairs = []
    for corpus in sorted(root.glob("SemEval_Task4_data/corpus_*")):
        for timeline in sorted((corpus / "TimeLines_Gold_Standard").glob("*.txt")):
            pairs.append((timeline, corpus / "corpus_trackA_CAT"))
    for timeline in sorted((root / "TimeLines_trial_data_task4_v1.2").glob("*.txt")):
        pairs.append((timeline, root / "Corpus-trial-data_task4"))
    return pairs


def _agrees(ours: str, gold: str) -> bool:
    """Our value lies wholly inside the gold's (partial) date."""
    from storyweave.annotate.time_resolve import value_bounds

    bounds = value_bounds(ours)
    if bounds is None:
        return False
    prefix = re.sub(r"(-XX)+$", "", gold)
    return bounds[0].isoformat().startswith(prefix) and bounds[1].isoformat().startswith(prefix)


def score_semeval(root: Path, show_errors: bool) -> None:
    pairs = _timeline_files(root)
    folders = sorted({folder for _, folder in pairs})
    documents: dict[str, Document] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.xml")):
            doc_id = re.match(r"\d+", path.name)
            if doc_id:
                documents[doc_id.group()] = read_cat(path)
    ordered = list(documents.values())
    predictions = dict(zip(documents, annotate(ordered), strict=True))
    events = dated = right = 0
    errors = []
    seen = set()
    for timeline, _ in pairs:
        for line in timeline.read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.split("\t")
            if len(fields) < 3 or fields[1].startswith("XXXX"):
                continue
            gold = fields[1]
            for event in fields[2:]:
                doc_id, sentence, word = event.split("-", 2)
                if (event, gold) in seen or doc_id not in documents:
                    continue
                seen.add((event, gold))
                document = documents[doc_id]
                span = document.sentences.get(int(sentence))
                if span is None:
                    continue
                events += 1
                first = word.split("_")[0]
                position = next(
                    (
                        t[0]
                        for t in document.tokens.values()
                        if t[2] == int(sentence) and t[3] == first
                    ),
                    span[0],
                )
                candidates = [
                    m
                    for m in predictions[doc_id]
                    if m.value
                    and span[0] <= m.start < span[1]
                    and m.kind == "date"
                    and not (document.dct_span and _overlap((m.start, m.end), document.dct_span))
                ]
                if not candidates:
                    continue
                dated += 1
                # The timeline shows a date with its clause: prefer the expression whose
                # clause holds the event word, the tightest such clause, then the nearest.
                best = min(
                    candidates,
                    key=lambda m: (
                        not (m.clause_start <= position < m.clause_end),
                        m.clause_end - m.clause_start,
                        abs(m.start - position),
                    ),
                )
                if best.value and _agrees(best.value, gold):
                    right += 1
                else:
                    errors.append(f"{event} gold={gold} ours={best.value} ({best.expression!r})")
    print(f"SemEval-2015 Task 4: {len(documents)} documents, {events} dated gold timeline events")
    print(
        f"  events whose sentence storyweave dates: {dated / max(events, 1):.3f} "
        f"({dated}/{events}); "
        f"date agrees with gold: {right / max(dated, 1):.3f} ({right}/{dated})"
    )
    if show_errors:
        print("\n".join("    " + e for e in errors))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meantime", type=Path, default=DATA / "meantime-en")
    parser.add_argument("--semeval", type=Path, default=DATA / "semeval2015-task4-timeline")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--only", choices=["meantime", "semeval"])
    args = parser.parse_args(argv)
    if args.only != "semeval":
        if (args.meantime / "intra-doc_annotation").is_dir():
            score_meantime(args.meantime, args.show_errors)
        else:
            print(f"skipped: {args.meantime} not found")
    if args.only != "meantime":
        if (args.semeval / "SemEval_Task4_data").is_dir():
            score_semeval(args.semeval, args.show_errors)
        else:
            print(f"skipped: {args.semeval} not found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
