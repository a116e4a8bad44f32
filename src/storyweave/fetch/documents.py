"""A watched URL to articles: a feed's new items (followed to their pages when the feed carries
only a summary) or a page that changed, read by the same readers as files.

What is remembered (through FetchState): the validators for a conditional GET, the keys of the
feed items already read, the digest of each page's last body.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from storyweave.fetch.client import Fetcher, FetchResult, Validators
from storyweave.fetch.config import WatchConfig
from storyweave.fetch.errors import FetchFailed
from storyweave.fetch.state import FetchState
from storyweave.ingest.decode import bom_encoding
from storyweave.ingest.feeds import (
    EntryProblem,
    FeedEntry,
    FeedRefused,
    html_fragment_text,
    parse_feed,
    safe_id,
)
from storyweave.ingest.reader import Item, read_document, read_feed_entry
from storyweave.ingest.sniff import (
    HEAD_BYTES,
    Format,
    Unsupported,
    detect_binary,
    looks_like_utf16,
    sniff_format,
)
from storyweave.model import Article, IngestNote, IngestProblem


@dataclass
class SourceOutcome:
    """What one source gave this cycle. `deferred` counts what is left for the next cycle
    (a transient failure, a file still being written)."""

    items: list[Item] = field(default_factory=list)
    unchanged: int = 0
    deferred: int = 0


def watch_url(url: str, fetcher: Fetcher, state: FetchState, config: WatchConfig) -> SourceOutcome:
    """New articles at `url` since the last cycle that completed, and problems, never raising
    for a bad or unreachable source."""
    outcome = SourceOutcome()
    validators_key = f"validators:{url}"
    validators = Validators.from_record(state.get(validators_key))
    try:
        result = fetcher.fetch(url, state, validators or None)
    except FetchFailed as error:
        outcome.items.append(IngestProblem(url, _reason(error)))
        outcome.deferred += error.retry
        return outcome
    if result.not_modified:
        outcome.unchanged += 1
        return outcome
    if _sniff(result.body, result.final_url) is Format.FEED:
        complete = _read_feed(url, result, fetcher, state, config, outcome)
    else:
        _read_page(url, result, state, config, outcome)
        complete = True
    # A feed with items left for later is fetched whole next time, so they are retried even
    # when the feed itself has not changed.
    if complete:
        state.put(validators_key, result.validators.to_record())
    return outcome


def _reason(error: FetchFailed) -> str:
    return f"{error.reason}; tried again next cycle" if error.retry else error.reason


def _sniff(body: bytes, name: str) -> Format | Unsupported:
    head = body[:HEAD_BYTES]
    binary = detect_binary(head, name)
    if binary:
        return binary
    encoding = bom_encoding(head) or looks_like_utf16(head) or "utf-8"
    return sniff_format(head.decode(encoding, errors="replace"), name, len(body) > len(head))


def _read_page(
    url: str, result: FetchResult, state: FetchState, config: WatchConfig, outcome: SourceOutcome
) -> None:
    page_key = f"page:{url}"
    digest = hashlib.sha256(result.body).hexdigest()
    record = state.get(page_key)
    if record is not None and record.get("sha256") == digest:
        outcome.unchanged += 1  # served again whole (no validators), but the same bytes
        return
    keep_ids = _sniff(result.body, result.final_url) is Format.JSONL
    for item in read_document(result.body, result.final_url, config.ingest):
        if isinstance(item, Article) and not keep_ids:
            item = replace(item, id=url_article_id(url), url=result.final_url)
        outcome.items.append(item)
    # Kept even when the page gave only a problem, so it is reported once, not every cycle.
    state.put(page_key, {"sha256": digest})


def _read_feed(
    url: str,
    result: FetchResult,
    fetcher: Fetcher,
    state: FetchState,
    config: WatchConfig,
    outcome: SourceOutcome,
) -> bool:
    """Read the feed's unseen entries into `outcome`; False when some were left for later."""
    try:
        feed = parse_feed(result.body)
    except FeedRefused as error:
        outcome.items.append(IngestProblem(url, str(error)))
        return True
    if feed.note:
        outcome.items.append(IngestNote(url, feed.note))
    seen_key = f"feed:{url}"
    earlier = list((state.get(seen_key) or {}).get("seen", []))
    seen = set(earlier)
    current: list[str] = []
    complete = True
    for entry in feed.entries:
        key = _entry_key(entry)
        if key in seen:
            outcome.unchanged += 1
            current.append(key)
            continue
        if isinstance(entry, EntryProblem):
            outcome.items.append(IngestProblem(f"{url} {entry.label}", entry.reason))
            done = True
        else:
            items, done = _entry_items(url, entry, fetcher, state, config)
            outcome.items.extend(items)
        if done:
            current.append(key)
        else:
            outcome.deferred += 1
            complete = False
    state.put(seen_key, {"seen": _remembered(earlier, current, config.max_seen_items)})
    return complete


def _remembered(earlier: list[str], current: list[str], limit: int) -> list[str]:
    """The keys to keep: every one now in the feed, then the most recent earlier ones."""
    now = set(current)
    older = [key for key in earlier if key not in now]
    room = max(limit - len(current), 0)
    return (older[-room:] if room else []) + current


def _entry_key(entry: FeedEntry | EntryProblem) -> str:
    if isinstance(entry, EntryProblem):
        return f"problem:{entry.label}"
    if entry.id:
        return entry.id
    if entry.url:
        return entry.url
    text = f"{entry.title}\n{entry.body}".encode()
    return "sha1:" + hashlib.sha1(text, usedforsecurity=False).hexdigest()


def _entry_items(
    feed_url: str, entry: FeedEntry, fetcher: Fetcher, state: FetchState, config: WatchConfig
) -> tuple[list[Item], bool]:
    """The entry's article, from its page when the feed gives only a summary, and whether the
    entry is done (False: a transient failure, try again next cycle)."""
    if entry.id:
        article_id = entry.id
    elif entry.url:
        article_id = url_article_id(entry.url)
    else:
        article_id = f"{url_article_id(feed_url)}-{_entry_key(entry).removeprefix('sha1:')[:12]}"
    origin = f"{feed_url}#{entry.index}"

    def from_feed(why: str | None) -> list[Item]:
        note = (
            [IngestNote(entry.url or origin, f"{why}; the feed's own text is used")] if why else []
        )
        return [*note, *read_feed_entry(entry, article_id, origin, config.ingest)]

    if not entry.url or not _summary_only(entry, config):
        return from_feed(None), True
    try:
        page = fetcher.fetch(entry.url, state)
    except FetchFailed as error:
        if error.retry:
            return [
                IngestProblem(entry.url, f"{error.reason}; the item is tried again next cycle")
            ], False
        return from_feed(error.reason), True
    items = list(read_document(page.body, page.final_url, config.ingest))
    notes: list[Item] = [item for item in items if isinstance(item, IngestNote)]
    article = next((item for item in items if isinstance(item, Article)), None)
    if article is None:
        problem = next((item for item in items if isinstance(item, IngestProblem)), None)
        return [
            *notes,
            *from_feed(problem.reason if problem else "the page holds no article"),
        ], True
    article = replace(
        article,
        id=article_id,
        url=page.final_url,
        # The feed's headline and date are stated outright; a page's <title> often carries the
        # site name, and its date is found by search (htmldate).
        title=entry.title or article.title,
        published=entry.published or article.published,
        source=article.source or entry.source,
        origin=page.final_url,
    )
    return [*notes, article], True


def _summary_only(entry: FeedEntry, config: WatchConfig) -> bool:
    text = html_fragment_text(entry.body) if entry.body_is_html else entry.body
    return len(text.strip()) < config.summary_max_chars


def url_article_id(url: str) -> str:
    """An article id from a URL that stays the same every cycle and cannot collide for two
    long URLs sharing a prefix ("https://x.com/news/a-b" -> "x.com-news-a-b")."""
    full = safe_id(url, max_chars=100_000)
    if len(full) <= 120:
        return full
    digest = hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{full[:100].rstrip('-.')}-{digest}"
