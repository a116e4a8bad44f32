"""Put ingested articles into a store: idempotent, resumable, with duplicates linked.

Articles are written in batches, each one transaction: a kill loses at most the batch in flight,
and a re-run skips every article already stored with the same content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from storyweave.ingest.dedup import (
    DedupConfig,
    Fingerprint,
    fingerprint,
    is_near_duplicate,
    signature_from_bytes,
)
from storyweave.ingest.source_names import source_key
from storyweave.model import Article, IngestNote, IngestProblem, format_date
from storyweave.store.base import Store, StoredCandidate


@dataclass(frozen=True)
class LoadConfig:
    batch_size: int = 200
    dedup: DedupConfig = DedupConfig()


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)  # article id -> original id
    problems: list[IngestProblem] = field(default_factory=list)  # inputs skipped
    notes: list[IngestNote] = field(default_factory=list)  # read anyway, worth knowing
    # source_key -> the spelling stored first; filled from the store on the first article.
    spellings: dict[str, str] | None = field(default=None, repr=False)


def content_hash(article: Article) -> str:
    """Identity of an article as ingested: same id and hash means nothing to do."""
    fields = [
        article.text,
        article.title,
        article.source,
        article.url,
        format_date(article.published),
    ]
    return hashlib.sha256(json.dumps(fields).encode("utf-8")).hexdigest()


def load_articles(
    store: Store,
    items: Iterable[Article | IngestProblem],
    config: LoadConfig = LoadConfig(),
    on_item: Callable[[Article | IngestProblem], None] | None = None,
) -> IngestReport:
    """Store every article from `items`, recording problems instead of stopping.

    The same id with different content is refused (kept as first stored), so a re-ingest never
    silently replaces what a brief already cited. A source spelled differently from one already
    stored under the same `source_key` ("Politifact" after "PolitiFact") takes the stored
    spelling, so one source never shows as two.

    If reading the inputs fails with an exception (the reader turns bad input into problems,
    so this means a bug or an interrupt), the articles read before it are stored first.
    """
    report = IngestReport()
    batch: list[Article | IngestProblem] = []
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except BaseException:
            if batch:
                _load_batch(store, batch, config, report, on_item)
            raise
        batch.append(item)
        if len(batch) >= config.batch_size:
            _load_batch(store, batch, config, report, on_item)
            batch = []
    if batch:
        _load_batch(store, batch, config, report, on_item)
    return report


def _load_batch(
    store: Store,
    batch: list[Article | IngestProblem],
    config: LoadConfig,
    report: IngestReport,
    on_item: Callable[[Article | IngestProblem], None] | None,
) -> None:
    with store.transaction():
        for item in batch:
            if isinstance(item, IngestNote):
                report.notes.append(item)
            elif isinstance(item, IngestProblem):
                report.problems.append(item)
            else:
                _load_one(store, item, config, report)
            if on_item:
                on_item(item)


def _load_one(store: Store, article: Article, config: LoadConfig, report: IngestReport) -> None:
    article = _respelled(store, article, report)
    digest = content_hash(article)
    stored_hash = store.content_hash_of(article.id)
    if stored_hash == digest:
        report.unchanged.append(article.id)
        return
    if stored_hash is not None:
        report.problems.append(
            IngestProblem(
                article.origin or article.id,
                f"article id {article.id!r} is already stored with different content; "
                "the stored one is kept (give this article another id to keep both)",
            )
        )
        return

    print_ = fingerprint(article.text, config.dedup)
    bands = print_.bands(config.dedup)
    matches = [
        c
        for c in store.near_duplicate_candidates(print_.text_hash, bands)
        if is_near_duplicate(print_, _stored_fingerprint(c), config.dedup)
    ]
    original = _original_of(matches)
    if original is not None and _published_earlier(article, original.published):
        # The new article predates the stored group: it becomes the original of all of them.
        root = original.duplicate_of or original.id
        store.insert_article(article, digest, _stored(print_), bands)
        store.make_original(article.id, root)
        for moved in [root, *[k for k, v in report.duplicates.items() if v == root]]:
            report.duplicates[moved] = article.id
    else:
        duplicate_of = (original.duplicate_of or original.id) if original else None
        article = replace(article, duplicate_of=duplicate_of)
        store.insert_article(article, digest, _stored(print_), bands)
        if duplicate_of:
            report.duplicates[article.id] = duplicate_of
    report.added.append(article.id)
    if article.source is not None:
        assert report.spellings is not None
        report.spellings.setdefault(source_key(article.source), article.source)


def _respelled(store: Store, article: Article, report: IngestReport) -> Article:
    """The article with its source spelled as the store already spells that source."""
    if article.source is None:
        return article
    if report.spellings is None:
        report.spellings = {}
        for name in store.source_names():
            report.spellings.setdefault(source_key(name), name)
    known = report.spellings.get(source_key(article.source))
    return replace(article, source=known) if known and known != article.source else article


def _stored(print_: Fingerprint) -> tuple[str, int, bytes]:
    return print_.text_hash, print_.shingles, print_.signature.tobytes()


def _stored_fingerprint(candidate: StoredCandidate) -> Fingerprint:
    return Fingerprint(
        candidate.text_hash, candidate.shingles, signature_from_bytes(candidate.signature)
    )


def _original_of(matches: list[StoredCandidate]) -> StoredCandidate | None:
    """The match standing for the group: an original if one matched, else the first copy."""
    if not matches:
        return None
    originals = [m for m in matches if m.duplicate_of is None]
    return (originals or matches)[0]


def _published_earlier(article: Article, stored_published: str | None) -> bool:
    if article.published is None or stored_published is None:
        return False
    return article.published.isoformat() < stored_published
