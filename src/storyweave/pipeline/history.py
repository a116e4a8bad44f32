"""Saved briefs and what changed since one: every brief made over a store is kept, so a reader
can ask what is new since yesterday's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence

from storyweave.analyse.changes import ChangesConfig, diff_briefs
from storyweave.errors import ConfigError
from storyweave.model import Brief, Changes
from storyweave.store import Store


def changes_since(store: Store, brief: Brief, since: str) -> Changes:
    """What is new in `brief` against its story's brief saved before `since` ("last" or a
    date), as `record_briefs` computes it. "last" is the last saved brief other than this
    very one (when `brief` was saved already, the one saved before it), as it is for
    `briefs(since="last")`, which compares before it saves."""
    bound = parse_since(since)
    saved = store.latest_brief(brief.story.id, before=bound)
    if bound is None and saved is not None:
        body = json.dumps(dataclasses.replace(brief, changes=None).to_json(), ensure_ascii=False)
        if saved.body == body:
            saved = store.latest_brief(brief.story.id, before=saved.created)
    return diff_briefs(
        Brief.from_json(saved.document()) if saved else None,
        brief,
        since=_readable_time(saved.created) if saved else None,
    )


def parse_since(value: str) -> str | None:
    """`--since` as a store timestamp bound: None for "last" (the latest saved brief), else the
    given date (YYYY-MM-DD, UTC day start) or ISO timestamp, normalised to UTC."""
    if value.strip().lower() == "last":
        return None
    try:
        if len(value.strip()) == 10:
            return dt.date.fromisoformat(value.strip()).isoformat()
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConfigError(
            f"cannot read --since {value!r}: give 'last', a date (2026-03-14) or an ISO "
            "timestamp (2026-03-14T09:30)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def record_briefs(
    store: Store,
    briefs: Sequence[Brief],
    since: str | None = None,
    now: dt.datetime | None = None,
    compare: ChangesConfig = ChangesConfig(),
) -> list[Brief]:
    """Save each brief in the store (an unchanged one is not saved twice). With `since` ("last"
    or a date), each brief first gets `changes`: what is new against the last brief of its story
    saved before that point."""
    created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    bound = parse_since(since) if since is not None else None
    recorded = []
    for brief in briefs:
        if since is not None:
            saved = store.latest_brief(brief.story.id, before=bound)
            changes = diff_briefs(
                Brief.from_json(saved.document()) if saved else None,
                brief,
                since=_readable_time(saved.created) if saved else None,
                config=compare,
            )
            brief = dataclasses.replace(brief, changes=changes)
        body = dataclasses.replace(brief, changes=None).to_json()
        store.save_brief(brief.story.id, json.dumps(body, ensure_ascii=False), created)
        recorded.append(brief)
    return recorded


def _readable_time(created: str) -> str:
    return created[:16].replace("T", " ") + " UTC" if "T" in created else created
