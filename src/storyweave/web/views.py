"""One view per thing the server shows: each builds a value from the Workspace, and the same
value renders as an HTML page (`template`) and as JSON (`to_json`), as in datasette."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from storyweave.ingest.loader import IngestReport
from storyweave.model import Article, Brief, format_date
from storyweave.model.check import STANCES, UNRELATED, ArticleStance, CheckClaim, CheckResult
from storyweave.pipeline import StoryPage, StoryQuery, Workspace
from storyweave.render.html import StoryView, story_view
from storyweave.web.cache import LRU
from storyweave.web.errors import WebError
from storyweave.web.highlight import CitedSpan, Run, runs, spans_citing
from storyweave.web.pool import WorkspacePool


@dataclass(frozen=True)
class ListParams:
    """The story list's query string, as the form and the API take it."""

    published_from: dt.date | None = None
    published_to: dt.date | None = None
    source: str | None = None
    entity: str | None = None
    q: str | None = None
    page: int = 1
    per_page: int = 20

    def query(self) -> StoryQuery:
        return StoryQuery(
            published_from=self.published_from,
            published_to=self.published_to,
            source=_blank_to_none(self.source),
            entity=_blank_to_none(self.entity),
            text=_blank_to_none(self.q),
            offset=(self.page - 1) * self.per_page,
            limit=self.per_page,
        )

    def link(self, page: int) -> str:
        """This query string with another page number."""
        values = {
            "from": format_date(self.published_from),
            "to": format_date(self.published_to),
            "source": self.source,
            "entity": self.entity,
            "q": self.q,
            "page": page,
            "per_page": self.per_page,
        }
        return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


@dataclass(frozen=True)
class StoryListView:
    template = "stories.html.j2"
    params: ListParams
    result: StoryPage

    title = "Stories"

    @property
    def pages(self) -> int:
        return max(1, -(-self.result.total // self.params.per_page))

    def next_link(self) -> str | None:
        return self.params.link(self.params.page + 1) if self.params.page < self.pages else None

    def previous_link(self) -> str | None:
        return self.params.link(self.params.page - 1) if self.params.page > 1 else None

    def to_json(self) -> dict[str, Any]:
        document = self.result.to_json()
        document.update(page=self.params.page, per_page=self.params.per_page, pages=self.pages)
        following = self.next_link()
        document["next"] = "/api/stories" + following if following else None
        return document


@dataclass(frozen=True)
class StoryPageView:
    template = "story.html.j2"
    brief: Brief
    view: StoryView
    since: str | None
    # The page and the JSON once rendered, by kind: a kept view is rendered once per worker.
    rendered: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        return self.brief.story.title

    def to_json(self) -> dict[str, Any]:
        return self.brief.to_json()


@dataclass(frozen=True)
class ArticleView:
    template = "article.html.j2"
    article: Article
    stories: tuple[tuple[str, str], ...]  # (story id, title)
    spans: tuple[CitedSpan, ...]
    runs: tuple[Run, ...]

    @property
    def title(self) -> str:
        return self.article.title or self.article.id

    def to_json(self) -> dict[str, Any]:
        document = self.article.to_json()
        document["stories"] = [{"id": i, "title": t} for i, t in self.stories]
        document["cited"] = [
            {"start": s.start, "end": s.end, "why": s.why, "anchor": s.anchor} for s in self.spans
        ]
        return document


@dataclass(frozen=True)
class SearchHit:
    article: Article
    rank: float
    stories: tuple[str, ...]


@dataclass(frozen=True)
class SearchView:
    template = "search.html.j2"
    q: str
    hits: tuple[SearchHit, ...]
    page: int
    per_page: int
    more: bool  # another page may follow

    @property
    def title(self) -> str:
        return f"Search: {self.q}" if self.q.strip() else "Search"

    def link(self, page: int) -> str:
        return "?" + urlencode({"q": self.q, "page": page, "per_page": self.per_page})

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.q,
            "page": self.page,
            "per_page": self.per_page,
            "hits": [
                {
                    "article": h.article.id,
                    "rank": h.rank,
                    "title": h.article.title,
                    "source": h.article.source,
                    "published": format_date(h.article.published),
                    "stories": list(h.stories),
                }
                for h in self.hits
            ],
            "next": "/api/search" + self.link(self.page + 1) if self.more else None,
        }


class Reader:
    """What the views read through: the Workspace of the thread that reads (each thread has
    its own store connection), and the worker's briefs kept by story version (a repeat view
    of an unchanged story re-briefs nothing)."""

    def __init__(self, pool: WorkspacePool, kept: LRU[StoryPageView | None]) -> None:
        self._pool = pool
        self._kept = kept

    @property
    def ws(self) -> Workspace:
        return self._pool.get()

    def story(self, story_id: str, since: str | None = None) -> StoryPageView | None:
        if since is not None:  # compared with saved briefs, which change: made each time
            return _story_page_view(self.ws.story_brief(story_id, since=since), since)
        version = self.ws.story_version(story_id)
        if version is None:
            return None
        return self._kept.get_or_make(
            (story_id, version), lambda: _story_page_view(self.ws.story_brief(story_id), None)
        )

    def kept_story(self, story_id: str) -> StoryPageView | None:
        """The story's view when this worker keeps it for the story's current version; else
        None (nothing is briefed)."""
        version = self.ws.story_version(story_id)
        return self._kept.get((story_id, version)) if version is not None else None


def _story_page_view(brief: Brief | None, since: str | None) -> StoryPageView | None:
    return StoryPageView(brief, story_view(brief), since) if brief is not None else None


def story_list(reader: Reader, params: ListParams) -> StoryListView:
    return StoryListView(params, reader.ws.find_stories(params.query()))


def story_page(reader: Reader, story_id: str, since: str | None = None) -> StoryPageView:
    found = reader.story(story_id, since=_blank_to_none(since))
    if found is None:
        raise WebError(404, f"no story {story_id} in this store")
    return found


def article_page(reader: Reader, article_id: str) -> ArticleView:
    article = reader.ws.article(article_id)
    if article is None:
        raise WebError(404, f"no article {article_id} in this store")
    stories = reader.ws.stories_of(article_id)
    views = [v for v in (reader.story(s.id) for s in stories) if v is not None]
    briefs = [v.brief for v in views]
    spans = spans_citing(briefs, article_id)
    return ArticleView(
        article,
        tuple((s.id, s.title) for s in stories),
        tuple(spans),
        tuple(runs(article.text, spans)),
    )


def search(reader: Reader, q: str, page: int, per_page: int) -> SearchView:
    words = q.strip()
    if not words:
        return SearchView(q, (), page, per_page, False)
    ws = reader.ws
    # One more than a page: whether a next page exists, without counting every hit.
    found = ws.search(words, per_page + 1, (page - 1) * per_page)
    shown = [a for a, _ in found[:per_page]]
    articles = {a.id: a for a in ws.articles(shown)}
    story_of = ws.story_ids_of(shown)
    hits = tuple(
        SearchHit(articles[a], rank, (story_of[a],) if a in story_of else ())
        for a, rank in found[:per_page]
        if a in articles
    )
    return SearchView(q, hits, page, per_page, len(found) > per_page)


@dataclass(frozen=True)
class CheckView:
    """A claim checked against the stored articles (storyweave.check/1 as JSON); an empty
    claim is the form alone."""

    template = "check.html.j2"
    claim: str
    result: CheckResult | None
    articles: dict[str, Article] = field(default_factory=dict)  # titles for the page

    @property
    def title(self) -> str:
        return f"Check: {self.claim}" if self.claim.strip() else "Check a claim"

    def groups(self) -> list[tuple[str, list[ArticleStance]]]:
        """(stance, articles) for the page, in the Markdown's order; empty groups left out."""
        if not self.result or not self.result.checks:
            return []
        check = self.result.checks[0]
        return [(s, check.by_stance(s)) for s in STANCES if check.by_stance(s)]

    def to_json(self) -> dict[str, Any]:
        return (self.result or CheckResult()).to_json()


def check(reader: Reader, claim: str) -> CheckView:
    """Every stored article's stance towards `claim` (Workspace.check)."""
    words = claim.strip()
    if not words:
        return CheckView(claim, None)
    ws = reader.ws
    result = ws.check([CheckClaim("claim-1", words)])
    shown = [a.id for c in result.checks for a in c.articles if a.stance != UNRELATED]
    return CheckView(claim, result, {a.id: a for a in ws.articles(shown)})


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


@dataclass(frozen=True)
class IngestView:
    """What a POST of articles did: the ingest report and the stories it touched."""

    report: IngestReport
    stories: tuple[str, ...]

    @property
    def stored(self) -> bool:
        return bool(self.report.added or self.report.unchanged)

    def problems(self) -> list[dict[str, str]]:
        return [{"input": p.input, "reason": p.reason} for p in self.report.problems]

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.report.added,
            "unchanged": self.report.unchanged,
            "duplicates": self.report.duplicates,
            "problems": self.problems(),
            "notes": [{"input": n.input, "reason": n.reason} for n in self.report.notes],
            "stories": list(self.stories),
        }


def add_articles(ws: Workspace, body: bytes) -> IngestView:
    """Ingest a JSON Lines body; when anything is new, its stories are regrouped, re-briefed
    and the briefs saved (so "what changed since" has a history to compare with)."""
    report = ws.ingest(["-"], stdin=io.BytesIO(body))
    stored = report.added + report.unchanged
    if report.added:
        run = ws.briefs(stored)
        stories = tuple(b.story.id for b in run.briefs)
    else:
        stories = tuple(dict.fromkeys(ws.story_ids_of(stored).values()))
    return IngestView(report, stories)


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "query", "path", "header"
    required: bool
    kind: str
    description: str


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    parameters: tuple[Parameter, ...]
    body: tuple[str, ...]  # request body media types
    responses: tuple[str, ...]  # status codes


def endpoints(openapi: dict[str, Any]) -> list[Endpoint]:
    """The API's endpoints as the /docs page lists them, read from the OpenAPI document."""
    found = []
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            parameters = tuple(
                Parameter(
                    p["name"],
                    p.get("in", ""),
                    bool(p.get("required")),
                    _schema_kind(p.get("schema") or {}),
                    p.get("description") or "",
                )
                for p in operation.get("parameters", ())
            )
            body = tuple((operation.get("requestBody") or {}).get("content", {}))
            found.append(
                Endpoint(
                    method.upper(),
                    path,
                    operation.get("summary") or "",
                    parameters,
                    body,
                    tuple(operation.get("responses", {})),
                )
            )
    return found


def _schema_kind(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema.get("format") or schema["type"])
    kinds = [_schema_kind(s) for s in schema.get("anyOf", ()) if s.get("type") != "null"]
    return " or ".join(kinds) or "any"
