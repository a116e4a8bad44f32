"""JSON Lines rows to article fields: the format of crawls and dumps, read one line at a time so
a file of any size fits in memory."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from storyweave.ingest.dates import read_published

_TEXT_FIELDS = ("id", "url", "source", "title")


@dataclass(frozen=True)
class JsonlRow:
    """One row's fields, validated. Exactly one of `text` and `html` is set (text wins when a
    row has both, since it needs no extraction). An unreadable date is None, never a guess,
    and `date_problem` then says why."""

    id: str | None
    url: str | None
    source: str | None
    title: str | None
    published: dt.date | None
    text: str | None
    html: str | None
    date_problem: str | None = None


# An article row is a flat object; nesting this deep is never data, and Python's JSON decoder
# recurses once per level, so a 3 KB line of 1,500 "[" would raise RecursionError.
MAX_JSON_DEPTH = 64
# Strings first, so brackets inside them are not counted: "..." with escapes, unrolled so the
# regex engine takes long runs of plain characters in one step.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth_over(line: str, max_depth: int) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `max_depth`, judged without
    parsing it (linear time, no recursion). Malformed text may be judged either way; the
    parser then reports it."""
    if line.count("[") + line.count("{") <= max_depth:
        return False  # the common case: an article row has two or three brackets
    depth = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub("", line)):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False


def parse_jsonl_line(line: str, max_depth: int = MAX_JSON_DEPTH) -> JsonlRow | str:
    """The row on one line, or the reason it cannot be used (without the line number, which
    the caller adds).

    Accepted: a JSON object with `text` or `html` (a non-empty string) and optional `id`
    (string or number), `url`, `source`, `title`, `published` (or `date`). Unknown fields are
    ignored so dumps from other tools can be read as they are. JSON nested deeper than
    `max_depth` is refused before it is parsed.
    """
    if json_depth_over(line, max_depth):
        return (
            f"JSON nested more than {max_depth} levels deep (max_json_depth); an article row "
            "is one flat object"
        )
    try:
        value = json.loads(line)
    except RecursionError:  # the depth check above should make this unreachable
        return "JSON nested too deeply to read"
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
    published = read_published(value.get("published", value.get("date")))
    return JsonlRow(
        id=fields["id"],
        url=fields["url"],
        source=fields["source"],
        title=fields["title"],
        published=published.date,
        text=text if text and text.strip() else None,
        html=None if text and text.strip() else html,
        date_problem=published.problem,
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
