"""Per-article cost of every stage on real news, in one process: what docs/scaling.md rests on.

    python bench/stages.py [--articles 200]

The articles are MEANTIME and ECB+ news (bench/brief.py's `real_articles`). Everything runs in
this process on one core, so each figure is CPU time a worker spends per article:
- ingest: reading JSONL, cleaning, fingerprints, near-duplicate look-up, the SQLite write;
- parse: one spaCy pass (the runner's pipeline);
- each article stage (sentences, entities, quotes, claims, times) on that parse;
- the document vector (static embeddings);
- grouping into events and stories, then each story stage, divided by the articles grouped.
Extraction of HTML pages is not in this corpus (its texts are already clean): its cost per page
is printed by `python eval/extraction.py`. The last lines turn the figures into the cores a
million articles a day needs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from brief import real_articles  # noqa: E402

SECONDS_PER_DAY = 86_400


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args(argv)
    rows = real_articles(args.articles)
    if not rows:
        print("skipped: no MEANTIME or ECB+ documents under ../shared/data")
        return 0

    from storyweave.analyse.stages import STORY_STAGES, StoryContext, stage_order
    from storyweave.annotate import ARTICLE_STAGES
    from storyweave.execute.local import RunConfig, vector_text
    from storyweave.pipeline import Settings, open_workspace
    from storyweave.stories.grouping import group_stories

    settings = Settings(run=RunConfig(processes=1))
    per_article: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "news.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        workspace = open_workspace(str(Path(folder) / "bench.db"), settings)
        started = time.process_time()
        workspace.ingest([str(path)])
        per_article["ingest (read, dedup, store)"] = time.process_time() - started
        articles = list(workspace.iter_articles())
        count = len(articles)

        nlp, embedder = workspace.resources.nlp, workspace.resources.embedder
        started = time.process_time()
        docs = list(nlp.pipe(a.text for a in articles))
        per_article["parse (spaCy)"] = time.process_time() - started
        article_settings = settings.article
        for stage in ARTICLE_STAGES:
            config = article_settings.config_for(stage)
            started = time.process_time()
            for doc, article in zip(docs, articles, strict=True):
                stage.run(doc, article, config)
            per_article[f"article stage {stage.name}"] = time.process_time() - started
        started = time.process_time()
        embedder.encode([vector_text(a) for a in articles])
        per_article["document vector"] = time.process_time() - started
        del docs

        annotated = list(workspace.annotations().annotated.values())
        started = time.process_time()
        stories = group_stories(annotated)
        per_article["grouping (events, stories)"] = time.process_time() - started
        by_id = {a.id: a for a in annotated}
        story_time: dict[str, float] = defaultdict(float)
        for story in stories:
            members = tuple(by_id[i] for i in story.article_ids if i in by_id)
            context = StoryContext(story, members, embedder)
            outputs: dict[str, object] = {}
            for stage in stage_order(STORY_STAGES):
                inputs = {name: outputs[name] for name in stage.inputs}
                started = time.process_time()
                outputs[stage.name] = stage.run(context, inputs, settings.story.config_for(stage))
                story_time[stage.name] += time.process_time() - started
        for name, seconds in story_time.items():
            per_article[f"story stage {name}"] = seconds

    total = sum(per_article.values())
    print(
        f"{count} real articles, {len(stories)} stories; CPU ms per article, one process "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    width = max(len(name) for name in per_article)
    for name, seconds in per_article.items():
        share = seconds / total
        print(f"  {name:<{width}}  {1000 * seconds / count:8.1f} ms  {share:6.1%}")
    print(f"  {'all':<{width}}  {1000 * total / count:8.1f} ms")
    cores = 1_000_000 * total / count / SECONDS_PER_DAY
    print(
        f"1,000,000 articles a day: {cores:.1f} cores busy around the clock "
        f"({1_000_000 / SECONDS_PER_DAY:.1f} articles/s at {count / total:.1f} articles/s per core)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
