"""JSON Lines rows to article fields: the format of crawls and dumps, read one line at a time so
a file of any size fits in memory."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from storyweave.ingest.dates import parse_published

_TEXT_FIELDS = ("id", "url", "source", "title")


@dataclass(frozen=True)
class JsonlRow:
    """One row's fields, validated. Exactly one of `text` and `html` is set (text wins when a
    row has both, since it needs no extraction). An unreadable date is None, never a guess."""

    id: str | None
    url: str | None
    source: str | None
    title: str | None
    published: dt.date | None
    text: str | None
    html: str | None


def parse_jsonl_line(line: str) -> JsonlRow | str:
    """The row on one line, or the reason it cannot be used (without the line number, which
    the caller adds).

    Accepted: a JSON object with `text` or `html` (a non-empty string) and optional `id`
    (string or number), `url`, `source`, `title`, `published` (or `date`). Unknown fields are
    ignored so dumps from other tools can be read as they are.
    """
    try:
        value = json.loads(line)
    except ValueError as error:
        return f"not valid JSON ({_short(error)})"
    if not isinstance(value, dict):
        return f"{_json_type(value)}, not a JSON object"
    fields: dict[str, str | None] = {}
    for name in _TEXT_FIELDS:
        raw = value.get(name)
        if raw is None or raw == "":
            fields[name] = None
        elif isinstance(raw, str):
            fields[name] = raw.strip() or None
        elif name == "id" and isinstance(raw, int) and not isinstance(raw, bool):
            fields[name] = str(raw)
        else:
            return f"field {name!r} must be a string, not {_json_type(raw)}"
    text, html = value.get("text"), value.get("html")
    for name, raw in (("text", text), ("html", html)):
        if raw is not None and not isinstance(raw, str):
            return f"field {name!r} must be a string, not {_json_type(raw)}"
    if not (text and text.strip()) and not (html and html.strip()):
        return "no 'text' or 'html' field with content"
    published = value.get("published", value.get("date"))
    return JsonlRow(
        id=fields["id"],
        url=fields["url"],
        source=fields["source"],
        title=fields["title"],
        published=parse_published(published),
        text=text if text and text.strip() else None,
        html=None if text and text.strip() else html,
    )


def _json_type(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
        str: "a string",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _short(error: ValueError) -> str:
    message = str(error)
    return message if len(message) <= 80 else message[:77] + "..."
