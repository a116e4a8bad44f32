"""Article-level stages: pure functions of one parsed article (the "map" that scales out).

Each stage is registered in `ARTICLE_STAGES` with a name, a version and JSON codecs; the runner
(`storyweave.execute.local`) parses each article once, runs every stage on the parse, caches the
outputs in the store and fills the `AnnotatedArticle` field of the same name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from storyweave.annotate.claims import extract_claims
from storyweave.annotate.entities import extract_entities
from storyweave.annotate.quotes import extract_quotes
from storyweave.annotate.sentences import split_sentences
from storyweave.annotate.times import extract_times
from storyweave.model import Article, ClaimUnit, EntityMention, Quote, Sentence, TimeMention


@dataclass(frozen=True)
class ArticleStage:
    """`run(doc, article)` returns a tuple of model values; `encode`/`decode` turn one value into
    JSON and back. Bump `version` whenever the output for the same input changes."""

    name: str
    version: int
    run: Callable[[Doc, Article], tuple[Any, ...]]
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


ARTICLE_STAGES: tuple[ArticleStage, ...] = (
    ArticleStage(
        name="sentences",
        version=1,
        run=lambda doc, article: split_sentences(doc),
        encode=lambda s: [s.start, s.end],
        decode=lambda v: Sentence(v[0], v[1]),
    ),
    ArticleStage(
        name="entities",
        version=2,
        run=lambda doc, article: extract_entities(doc),
        encode=lambda e: [e.text, e.type, e.start, e.end],
        decode=lambda v: EntityMention(v[0], v[1], v[2], v[3]),
    ),
    ArticleStage(
        name="quotes",
        version=1,
        run=lambda doc, article: extract_quotes(doc, article),
        encode=lambda q: q.to_json(),
        decode=Quote.from_json,
    ),
    ArticleStage(
        name="claims",
        version=3,
        run=lambda doc, article: extract_claims(doc),
        encode=lambda c: c.to_json(),
        decode=ClaimUnit.from_json,
    ),
    ArticleStage(
        name="times",
        version=1,
        run=lambda doc, article: extract_times(doc, article),
        encode=lambda t: t.to_json(),
        decode=TimeMention.from_json,
    ),
)
