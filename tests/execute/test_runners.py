"""The runners: caches that spare recomputation, failures that stay values, long articles."""

import dataclasses
import datetime as dt

import pytest

from storyweave.analyse.stages import STORY_STAGES, StoryStage
from storyweave.annotate import ARTICLE_STAGES, ArticleStage
from storyweave.execute.local import (
    Resources,
    RunConfig,
    annotate_articles,
    shift_offsets,
    split_pieces,
)
from storyweave.execute.stories import StoryRunConfig, brief_stories
from storyweave.ingest.loader import load_articles
from storyweave.model import Article, Event, Sentence, Story
from storyweave.nlp.embeddings import load_embedder
from storyweave.nlp.pipeline import load_pipeline
from storyweave.store import open_store

TEXT = (
    "Dock workers at the port of Calder walked out on Saturday after a crane collapsed. "
    "Union leader Renata Kvist said the strike would go on until the cranes were audited.\n"
    "Minister Jonas Ebbe rejected the demand on Friday, the ministry said."
)


@pytest.fixture(scope="module")
def loaded():
    return load_pipeline(), load_embedder()


def unloadable():
    """Resources that fail if the run tries to load a model: proof that it computed nothing."""

    def refuse():
        raise AssertionError("a model was loaded although everything was cached")

    return Resources(load_nlp=refuse, load_embedder=refuse)


def articles(n=2):
    return [
        Article(
            id=f"a{i}",
            text=TEXT,
            source=f"Outlet {i}",
            published=dt.date(2026, 3, 14),
            origin=f"a{i}",
        )
        for i in range(n)
    ]


def story_of(ids):
    return Story("s-1", "Calder strike", tuple(ids), (Event("e-1", "Calder strike", tuple(ids)),))


def with_raising_times_stage():
    """The registered article stages with the times stage raising on every article."""

    def run(doc, article, config):
        raise IndexError("list index out of range")

    return tuple(
        ArticleStage("times", 99, run, encode=lambda v: v, decode=lambda v: v)
        if s.name == "times"
        else s
        for s in ARTICLE_STAGES
    )


def test_a_failing_article_stage_keeps_the_article_and_is_not_rerun(loaded):
    nlp, embedder = loaded
    config = RunConfig(processes=1, stages=with_raising_times_stage())
    with open_store(None) as store:
        load_articles(store, articles(1))
        first = annotate_articles(store, articles(1), Resources(nlp=nlp, embedder=embedder), config)
        (annotated,) = first.annotated
        assert annotated.sentences and annotated.entities  # the other stages ran
        assert annotated.times == ()
        assert [(f.stage, f.subject) for f in first.failures] == [("times", "a0")]
        assert "IndexError" in first.failures[0].reason
        # The next run reads the failure from the cache: no parse, the same report.
        cached = Resources(load_nlp=unloadable()._load_nlp, embedder=embedder)
        again = annotate_articles(store, articles(1), cached, config)
        assert [(f.stage, f.subject) for f in again.failures] == [("times", "a0")]


def test_changing_a_stage_config_recomputes_it(loaded):
    nlp, embedder = loaded
    with open_store(None) as store:
        load_articles(store, articles(1))
        annotate_articles(store, articles(1), Resources(nlp=nlp, embedder=embedder), RunConfig())
        settings = RunConfig().settings
        other = dataclasses.replace(
            settings, claims=dataclasses.replace(settings.claims, min_tokens=9)
        )
        with pytest.raises(AssertionError, match="a model was loaded"):
            annotate_articles(
                store,
                articles(1),
                Resources(load_nlp=unloadable()._load_nlp, embedder=embedder),
                RunConfig(settings=other),
            )


def test_an_unchanged_story_is_briefed_from_the_cache_without_loading_a_model(loaded):
    nlp, embedder = loaded
    with open_store(None) as store:
        load_articles(store, articles())
        resources = Resources(nlp=nlp, embedder=embedder)
        annotated = {a.id: a for a in annotate_articles(store, articles(), resources).annotated}
        story = story_of(annotated)
        config = StoryRunConfig(processes=1)
        (first,) = brief_stories([story], annotated, store, resources, config)
        assert first.claims and first.summary
        (again,) = brief_stories([story], annotated, store, unloadable(), config)
        assert again == first
        # Another config for one stage: that stage and the ones reading it run again.
        settings = dataclasses.replace(
            config.settings,
            timeline=dataclasses.replace(config.settings.timeline, max_text_chars=50),
        )
        (changed,) = brief_stories(
            [story], annotated, store, resources, dataclasses.replace(config, settings=settings)
        )
        assert all(len(e.text) <= 52 for e in changed.timeline)


def test_a_failing_story_stage_is_a_named_failure_and_its_readers_fail_too(loaded):
    nlp, embedder = loaded

    def explode(context, inputs, config):
        raise ValueError("no luck")

    broken = tuple(
        dataclasses.replace(s, run=explode) if s.name == "claims" else s for s in STORY_STAGES
    )
    with open_store(None) as store:
        load_articles(store, articles())
        resources = Resources(nlp=nlp, embedder=embedder)
        annotated = {a.id: a for a in annotate_articles(store, articles(), resources).annotated}
        config = StoryRunConfig(stages=broken, processes=1)
        (brief,) = brief_stories([story_of(annotated)], annotated, store, resources, config)
        failed = {f.stage: f for f in brief.failures}
        assert set(failed) == {"claims", "disputes", "summary"}  # summary and disputes read it
        assert failed["claims"].level == "story" and "no luck" in failed["claims"].reason
        assert brief.claims == () and brief.summary == ()
        assert brief.entities and brief.timeline  # the stages that do not read claims ran
        # Cached as a failure: reported again without rerunning.
        (again,) = brief_stories([story_of(annotated)], annotated, store, unloadable(), config)
        assert {f.stage for f in again.failures} == set(failed)


def test_story_stages_must_read_known_stages():
    from storyweave.analyse.stages import stage_order

    orphan = StoryStage("orphan", 1, ("nowhere",), lambda c, i, k: 0, int, int, 0)
    with pytest.raises(ValueError, match="nowhere"):
        stage_order([orphan])


def test_a_long_article_is_parsed_in_pieces_with_offsets_into_the_whole_text(loaded):
    nlp, embedder = loaded
    long = Article(id="long", text="\n".join([TEXT] * 12), origin="long")
    with open_store(None) as store:
        load_articles(store, [long])
        found = annotate_articles(
            store, [long], Resources(nlp=nlp, embedder=embedder), RunConfig(chunk_chars=700)
        )
    (annotated,) = found.annotated
    assert not found.failures
    assert len(annotated.sentences) >= 36  # three sentences in each of the twelve copies
    for mention in annotated.entities:
        assert long.text[mention.start : mention.end] == mention.text
    names = [m.text for m in annotated.entities if m.text == "Renata Kvist"]
    assert len(names) == 12  # found in every piece, not only the first
    for claim in annotated.claims:
        assert long.text[claim.sentence_start : claim.sentence_end].strip()


def test_pieces_cover_the_text_and_cut_at_line_breaks():
    text = ("word " * 30 + "\n") * 10
    pieces = list(split_pieces(text, 200))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 200 for _, p in pieces)
    assert all(p.endswith("\n") for _, p in pieces[:-1])
    assert shift_offsets(Sentence(1, 5), 10) == Sentence(11, 15)
