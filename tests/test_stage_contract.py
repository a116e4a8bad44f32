"""One contract every registered stage passes (in the spirit of scikit-learn's check_estimator):
deterministic, its input untouched, empty and non-English input handled, and its output the same
after a JSON round trip (what the cache stores is what the next run reads)."""

import copy
import datetime as dt
import json

import pytest

from storyweave.analyse.stages import STORY_STAGES, StoryContext, StoryStageSettings, stage_order
from storyweave.annotate import ARTICLE_STAGES, ArticleStageSettings
from storyweave.execute.local import Resources, RunConfig, annotate_articles
from storyweave.ingest.loader import load_articles
from storyweave.model import Article, Event, Story
from storyweave.nlp.embeddings import load_embedder
from storyweave.nlp.pipeline import load_pipeline
from storyweave.store import open_store

ENGLISH = (
    "Dock workers at the port of Calder walked out on Saturday, two days after a crane "
    "collapsed and injured fourteen people. \u201cWe will not go back under those cranes,\u201d "
    "union leader Renata Kvist said. Minister Jonas Ebbe rejected the union's demand for an "
    "independent audit on Friday."
)
ENGLISH_2 = (
    "The strike at Calder port entered its second day on Sunday. Union leader Renata Kvist "
    "told reporters the dockers would stay out until an independent engineer inspected the "
    "cranes. Twenty-one dockworkers were injured in the collapse, the union said."
)
GERMAN = (
    "Die Hafenarbeiter in Calder streiken seit Samstag. \u201eWir gehen nicht zur\u00fcck\u201c, "
    "sagte die Gewerkschaftschefin am Sonntag."
)
TEXTS = {"en": ENGLISH, "en2": ENGLISH_2, "de": GERMAN, "empty": "", "blank": " \n\n "}


@pytest.fixture(scope="module")
def resources():
    return Resources(nlp=load_pipeline(), embedder=load_embedder())


@pytest.fixture(scope="module")
def annotated(resources):
    """Every test text annotated by the real runner (no cache reuse between calls)."""
    articles = [
        Article(id=key, text=text, source=f"Outlet {key}", published=dt.date(2026, 3, 15))
        for key, text in TEXTS.items()
    ]
    with open_store(None) as store:
        load_articles(store, articles)
        found = annotate_articles(store, articles, resources, RunConfig(processes=1))
    assert not found.skipped and not found.failures
    return {a.id: a for a in found.annotated}


@pytest.mark.parametrize("stage", ARTICLE_STAGES, ids=lambda s: s.name)
@pytest.mark.parametrize("key", list(TEXTS))
def test_article_stage_contract(stage, key, resources):
    article = Article(id=key, text=TEXTS[key], published=dt.date(2026, 3, 15))
    config = ArticleStageSettings().config_for(stage)
    before = copy.deepcopy(article)
    doc = resources.nlp(article.text)
    first = tuple(stage.run(doc, article, config))
    second = tuple(stage.run(resources.nlp(article.text), article, config))
    assert first == second, "same input, same output"
    assert article == before and doc.text == article.text, "input untouched"
    stored = json.loads(json.dumps([stage.encode(v) for v in first]))
    assert tuple(stage.decode(v) for v in stored) == first, "JSON round trip"
    for value in first:  # every offset points into the article's text
        for name in ("start", "end"):
            if hasattr(value, name):
                assert 0 <= getattr(value, name) <= len(article.text)


STORIES = {
    "two outlets": ("en", "en2"),
    "one article": ("en",),
    "non-English": ("de",),
    "empty texts": ("empty", "blank"),
    "no articles": (),
}


@pytest.mark.parametrize("stage", stage_order(STORY_STAGES), ids=lambda s: s.name)
@pytest.mark.parametrize("name", list(STORIES))
def test_story_stage_contract(stage, name, annotated, resources):
    ids = STORIES[name]
    story = Story("s-1", "Calder", ids, (Event("e-1", "Calder", ids),) if ids else ())
    members = tuple(annotated[i] for i in ids)
    context = StoryContext(story, members, resources.embedder)
    settings = StoryStageSettings()
    inputs = _inputs_of(stage, context, settings)
    before = copy.deepcopy((members, inputs))
    first = stage.run(context, inputs, settings.config_for(stage))
    second = stage.run(context, inputs, settings.config_for(stage))
    assert first == second, "same input, same output"
    assert (members, inputs) == before, "input untouched"
    stored = json.loads(json.dumps(stage.encode(first)))
    assert stage.decode(stored) == first, "JSON round trip"


def _inputs_of(stage, context, settings):
    """The outputs of the stages `stage` reads, computed the way the runner would."""
    done = {}
    for other in stage_order(STORY_STAGES):
        if other.name == stage.name:
            break
        needed = {name: done[name] for name in other.inputs}
        done[other.name] = other.run(context, needed, settings.config_for(other))
    return {name: done[name] for name in stage.inputs}


def test_every_stage_config_is_in_the_settings_under_its_name():
    for stage in ARTICLE_STAGES:
        if stage.config is not None:
            assert type(ArticleStageSettings().config_for(stage)) is type(stage.config)
            assert hasattr(ArticleStageSettings(), stage.name)
    for stage in STORY_STAGES:
        if stage.config is not None:
            assert hasattr(StoryStageSettings(), stage.name), stage.name
            assert type(StoryStageSettings().config_for(stage)) is type(stage.config)
