"""Article-level stages: pure functions of one parsed article (the "map" that scales out).

Each stage is registered in `ARTICLE_STAGES` with a name, a version, its default config and JSON
codecs; the runner (`storyweave.execute.local`) parses each article once, runs every stage on
the parse with the config `ArticleStageSettings` holds under the stage's name, caches the
outputs in the store (the key covers stage versions and configs) and fills the
`AnnotatedArticle` field of the same name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyweave.annotate.attribution import AttributionConfig, extract_attributions
from storyweave.annotate.claims import ClaimsConfig, extract_claims
from storyweave.annotate.entities import EntitiesConfig, extract_entities
from storyweave.annotate.sentences import split_sentences
from storyweave.annotate.times import TimesConfig, extract_times
from storyweave.model import Article, ClaimUnit, EntityMention, Quote, Sentence, TimeMention

if TYPE_CHECKING:  # the parse comes from the runner; spaCy is imported there
    from spacy.tokens import Doc


@dataclass(frozen=True)
class ArticleStage:
    """`run(doc, article, config)` returns a tuple of model values; `encode`/`decode` turn one
    value into JSON and back. Bump `version` whenever the output for the same input and config
    changes. `config` is the default (None for a stage without tunables)."""

    name: str
    version: int
    run: Callable[[Doc, Article, Any], tuple[Any, ...]]
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    config: Any = None


@dataclass(frozen=True)
class ArticleStageSettings:
    """The config of every article stage, by stage name (see `ARTICLE_STAGES`)."""

    entities: EntitiesConfig = EntitiesConfig()
    quotes: AttributionConfig = AttributionConfig()
    claims: ClaimsConfig = ClaimsConfig()
    times: TimesConfig = TimesConfig()

    def config_for(self, stage: ArticleStage) -> Any:
        return getattr(self, stage.name, stage.config)


ARTICLE_STAGES: tuple[ArticleStage, ...] = (
    ArticleStage(
        name="sentences",
        version=1,
        run=lambda doc, article, config: split_sentences(doc),
        encode=lambda s: [s.start, s.end],
        decode=lambda v: Sentence(v[0], v[1]),
    ),
    ArticleStage(
        name="entities",
        # 3: a full-named person's surname the tagger left out becomes a mention
        # 4: names with a nickname inside are one mention; untagged given names and repeats
        #    of a tagged multi-word name become mentions
        version=4,
        run=lambda doc, article, config: extract_entities(doc, config),
        encode=lambda e: [e.text, e.type, e.start, e.end],
        decode=lambda v: EntityMention(v[0], v[1], v[2], v[3]),
        config=EntitiesConfig(),
    ),
    ArticleStage(
        name="quotes",
        # 2: indirect attributions (kind "indirect"); "according to" quotes keep their marks' kind
        # 3: '' read as a quotation mark, transcript labels, genders from pronouns, "X, he said,
        #    Y" and "spoke about X" attributions
        # 4: quotations carried over blank-line paragraph breaks and after "X reports:"
        #    paragraphs, "by saying" subjects, shared surnames and kinship roles as people; a
        #    thing as subject of the quoted clause yields to the reporter; dash-tagged signatures
        version=4,
        run=lambda doc, article, config: extract_attributions(doc, article, config),
        encode=lambda q: q.to_json(),
        decode=Quote.from_json,
        config=AttributionConfig(),
    ),
    ArticleStage(
        name="claims",
        # 5: "make it clear/known/plain that" by its construction, not by "clear"; 6: speaker
        # context reads organisation appositives, "X, which", "director of X" and feature names
        # (nlp/entity_context.py) before pronouns
        version=6,
        run=lambda doc, article, config: extract_claims(doc, config),
        encode=lambda c: c.to_json(),
        decode=ClaimUnit.from_json,
        config=ClaimsConfig(),
    ),
    ArticleStage(
        name="times",
        version=1,
        run=lambda doc, article, config: extract_times(doc, article, config),
        encode=lambda t: t.to_json(),
        decode=TimeMention.from_json,
        config=TimesConfig(),
    ),
)
