"""Score storyweave's HTML extraction on trafilatura's 990-page benchmark, against bare trafilatura.

Run from the repository root:  python eval/extraction.py [--data DIR] [--limit N]

Rows: "storyweave" is extract_html, the HTML step of `storyweave extract`; "+ reader" is the
whole reader on the page saved as a file (adds boilerplate trimming and text normalisation);
"trafilatura" is bare trafilatura.extract.

Scoring copies trafilatura's tests/eval_common.py: each gold "with" segment found in the output
is a true positive (else a false negative), each "without" segment found is a false positive
(else a true negative); "found" means substring after collapsing whitespace runs to one space.
The reference row runs trafilatura.extract with the settings of its own published benchmark
(include_comments=False, include_tables=True, include_formatting=False), on the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from storyweave.errors import IngestError
from storyweave.ingest.html import extract_html
from storyweave.ingest.reader import read_inputs
from storyweave.model import Article

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "trafilatura-eval"
# The settings behind trafilatura's published "standard" row (F 0.924).
REFERENCE_OPTS = {"include_comments": False, "include_tables": True, "include_formatting": False}


def norm(text: str) -> str:
    """Collapse whitespace, so a line break inside a gold segment does not cost a match."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Score:
    """Segment confusion counts and extraction time for one extractor."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    time_s: float = 0.0

    def add(self, item: dict, output: str) -> None:
        found = norm(output)
        tp = sum(norm(seg) in found for seg in item["with"])
        fp = sum(norm(seg) in found for seg in item["without"])
        self.tp += tp
        self.fp += fp
        self.fn += len(item["with"]) - tp
        self.tn += len(item["without"]) - fp

    def figures(self) -> tuple[float, float, float, float]:
        """Precision, recall, accuracy, F1."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        accuracy = (self.tp + self.tn) / total if total else 0.0
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0
        return precision, recall, accuracy, f1


def read_page(data: Path, name: str) -> bytes:
    for sub in ("eval", "cache"):
        path = data / sub / f"{name}.gz"
        if path.is_file():
            return gzip.decompress(path.read_bytes())
    raise FileNotFoundError(f"{name}.gz in {data}/eval or {data}/cache")


def run_storyweave(html: bytes) -> tuple[str, str | None]:
    """Text and ISO date from extract_html; a refused page scores as empty."""
    try:
        page = extract_html(html, "eval page")
    except IngestError:
        return "", None
    return page.text, page.published.isoformat() if page.published else None


def run_reader(path: Path) -> str:
    """The article text `storyweave extract` would print for this file."""
    articles = [item for item in read_inputs([str(path)]) if isinstance(item, Article)]
    return articles[0].text if articles else ""


def run_reference(html: bytes) -> str:
    return trafilatura.extract(html, **REFERENCE_OPTS) or ""


def timed(fn: Callable, html: bytes, score: Score):
    start = time.perf_counter()
    result = fn(html)
    score.time_s += time.perf_counter() - start
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="trafilatura-eval folder")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages")
    args = parser.parse_args(argv)
    if not (args.data / "evaldata.json").is_file():
        shown = "../shared/data/trafilatura-eval" if args.data == DEFAULT_DATA else args.data
        print(f"skipped: {shown} not found")
        return 0
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page

    gold = json.loads((args.data / "evaldata.json").read_text(encoding="utf-8"))
    items = list(gold.values())[: args.limit or None]
    ours, reader, ref = Score(), Score(), Score()
    scratch = Path(tempfile.mkdtemp(prefix="storyweave-eval-")) / "page.html"
    dates = {"correct": 0, "wrong": 0, "missed": 0}
    run_storyweave(b"<html><body><p>warm up</p></body></html>")  # lazy imports, not timed
    run_reference(b"<html><body><p>warm up</p></body></html>")
    for item in items:
        html = read_page(args.data, item["file"])
        text, published = timed(run_storyweave, html, ours)
        ours.add(item, text)
        ref.add(item, timed(run_reference, html, ref))
        scratch.write_bytes(html)
        reader.add(item, timed(run_reader, scratch, reader))
        if "date" in item:  # "" means the annotator found no date on the page
            expected = item["date"] or None
            verdict = "correct" if published == expected else "wrong" if published else "missed"
            dates[verdict] += 1

    n = len(items)
    print(
        f"trafilatura-eval: {n} pages, {ours.tp + ours.fn} 'with' and {ours.fp + ours.tn} "
        "'without' segments"
    )
    print(f"{'':12} {'precision':>9} {'recall':>7} {'accuracy':>8} {'F1':>6} {'ms/page':>8}")
    scratch.unlink(missing_ok=True)
    scratch.parent.rmdir()
    rows = (("storyweave", ours), ("+ reader", reader), ("trafilatura", ref))
    for name, score in rows:
        p, r, a, f = score.figures()
        print(f"{name:12} {p:9.3f} {r:7.3f} {a:8.3f} {f:6.3f} {1000 * score.time_s / n:8.1f}")
    print(
        f"time ratio storyweave / trafilatura.extract: {ours.time_s / ref.time_s:.2f}x "
        "(storyweave also extracts title, date, site)"
    )
    annotated = sum(dates.values())
    if annotated:
        print(
            f"published date on {annotated} pages with a gold date: "
            + ", ".join(f"{k} {v} ({v / annotated:.1%})" for k, v in dates.items())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
