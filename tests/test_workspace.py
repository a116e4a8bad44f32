"""The front door as a notebook user meets it: storyweave.open, ingest, stories, briefs."""

import subprocess
import sys

import pytest

import storyweave
from storyweave.errors import ConfigError, StoreError
from storyweave.execute.local import Resources, RunConfig
from storyweave.nlp.embeddings import load_embedder
from storyweave.pipeline import Settings, Workspace, open_workspace


def test_a_notebook_session_from_files_to_typed_briefs(corpus, tmp_path):
    ws = storyweave.open(str(tmp_path / "news.db"))
    report = ws.ingest([str(corpus)])
    assert sorted(report.added) == ["calder-daily", "coast-courier", "gadget-ledger"]
    run = ws.briefs()
    assert [b.story.title for b in run.briefs][0].startswith(("Dockers", "Calder"))
    strike = run.briefs[0]
    assert {a.source for a in strike.articles} == {"Calder Daily", "Coast Courier"}
    assert all(item.citations for item in strike.summary)
    assert strike.claims and strike.entities and strike.timeline
    assert not run.failures and not run.skipped
    ws.close()


def test_stories_are_the_grouping_alone_with_every_article_in_one_event(corpus):
    with storyweave.open() as ws:
        ws.ingest([str(corpus)])
        stories = ws.stories()
        assert ws.store.story_results("claims", [s.id for s in stories]) == {}  # no analysis
    assert len(stories) == 2
    for story in stories:
        in_events = [a for e in story.events for a in e.article_ids]
        assert sorted(in_events) == sorted(story.article_ids)
    assert len(stories[0].article_ids) == 2  # the two-outlet story comes first


def test_a_second_brief_of_an_unchanged_store_parses_nothing(corpus, tmp_path):
    path = str(tmp_path / "news.db")
    with storyweave.open(path) as ws:
        ws.ingest([str(corpus)])
        first = ws.briefs(record=False).briefs

    def refuse():
        raise AssertionError("the spaCy pipeline was loaded although nothing changed")

    # The embedding model is light (tens of milliseconds) and names the vector cache; the
    # pipeline is what must not load.
    resources = Resources(load_nlp=refuse, load_embedder=load_embedder)
    with Workspace(open_workspace(path).store, resources=resources) as again:
        assert again.briefs(record=False).briefs == first


def test_a_store_annotated_a_few_articles_at_a_time_gives_the_same_stories_and_briefs(
    corpus, tmp_path
):
    # Grouping a big store annotates it a batch at a time and keeps only what grouping reads
    # (issue 12: memory); the briefs then read the full annotations back. Neither may change
    # what the user gets.
    one_by_one = Settings(run=RunConfig(articles_per_batch=1))
    with (
        open_workspace(str(tmp_path / "one.db"), one_by_one) as small,
        open_workspace(str(tmp_path / "all.db")) as whole,
    ):
        for ws in (small, whole):
            ws.ingest([str(corpus)])
        assert [s.article_ids for s in small.stories()] == [s.article_ids for s in whole.stories()]
        for ws in (small, whole):
            ws.ingest([str(corpus / "calder-daily.txt")])
            ws.store.remove_articles(["coast-courier"])
            ws.ingest([str(corpus / "coast-courier.txt")])  # not yet grouped: briefs regroup
        small_briefs = [b.to_json() for b in small.briefs(record=False).briefs]
        whole_briefs = [b.to_json() for b in whole.briefs(record=False).briefs]
    assert small_briefs == whole_briefs
    assert [a["id"] for a in small_briefs[0]["articles"]] == ["calder-daily", "coast-courier"]
    assert small_briefs[0]["claims"]


def test_unknown_story_ids_and_missing_stores_are_clear_errors(corpus, tmp_path):
    with storyweave.open() as ws:
        ws.ingest([str(corpus)])
        with pytest.raises(ConfigError, match="no story s-nope"):
            ws.briefs(story_ids=["s-nope"])
    with pytest.raises(StoreError, match="no store at .*typo.db"):
        open_workspace(str(tmp_path / "typo.db"), create=False)
    assert not (tmp_path / "typo.db").exists()


def test_importing_storyweave_loads_no_heavy_library():
    code = (
        "import sys, storyweave; "
        "print(sorted(m for m in ('spacy', 'sklearn', 'scipy', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
