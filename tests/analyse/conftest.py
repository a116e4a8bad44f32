"""Shared fixtures for story-level tests: hand-written articles annotated by the real stages."""

import datetime as dt

import pytest

from storyweave.annotate.claims import extract_claims
from storyweave.annotate.entities import extract_entities
from storyweave.model import AnnotatedArticle, Article
from storyweave.nlp.embeddings import load_embedder
from storyweave.nlp.pipeline import load_pipeline


@pytest.fixture(scope="session")
def claim_resources():
    return load_pipeline(), load_embedder()


@pytest.fixture
def annotate_story(claim_resources):
    """articles: (id, source, text[, duplicate_of[, published]]) -> annotated articles with
    claim units; `published` is an ISO date string."""
    nlp, _ = claim_resources

    def build(*articles):
        result = []
        for id_, source, text, *rest in articles:
            copy = rest[0] if rest else None
            published = dt.date.fromisoformat(rest[1]) if len(rest) > 1 else None
            article = Article(
                id=id_, text=text, source=source, duplicate_of=copy, published=published
            )
            doc = nlp(text)
            result.append(
                AnnotatedArticle(
                    article=article, entities=extract_entities(doc), claims=extract_claims(doc)
                )
            )
        return result

    return build


@pytest.fixture
def embedder(claim_resources):
    return claim_resources[1]


@pytest.fixture
def group_of():
    """find(result, article, fragment): the claim group holding that article's sentence."""

    def find(result, article, fragment):
        for group in result.groups:
            for unit in group.units:
                if unit.article == article and fragment in unit.citation:
                    return group
        raise AssertionError(f"no claim from {article} with {fragment!r}")

    return find
