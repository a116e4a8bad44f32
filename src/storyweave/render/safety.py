"""Article text and URLs made safe to show: every renderer passes what came from a document
through these, because a page's author decides what is in its title, its text and its links.

Pure functions, no I/O. They are the one place each rule lives, so the Markdown, terminal and
HTML renderers cannot disagree on what a link target or a printable character is.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# A URL's scheme and host are only trusted when spelled plainly as http(s)://host. Everything
# else (javascript:, vbscript:, data:, file:, relative paths, "//host" that inherits the page's
# scheme) is shown as text: an allow-list, so no obfuscated spelling of a script scheme can pass.
_ALLOWED_SCHEMES = ("http", "https")
# The WHATWG URL parser drops ASCII tab and newline anywhere in a URL ("java\tscript:" is
# "javascript:" to a browser) and C0 controls and spaces at either end; do the same first.
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_EDGE_CONTROL_OR_SPACE = "".join(chr(code) for code in range(0x21))
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MAX_UNESCAPE_ROUNDS = 3  # "&amp;#106;" needs two; more rounds only cost time


def link_target(url: str | None) -> str | None:
    """The href for a URL taken from an article, or None when it must be shown as text.

    Only absolute `http` and `https` URLs with a host are link targets, judged after entity
    decoding (as an HTML attribute would be decoded) and after removing what browsers ignore:
    tab and newline anywhere, control characters and spaces at either end. The returned string
    is that cleaned, decoded URL; the caller still escapes it for the attribute it goes into.

    >>> link_target(" https://example.org/a?b=1 ")
    'https://example.org/a?b=1'
    >>> link_target("java\\tscript:alert(1)") is None
    True
    """
    if not isinstance(url, str):
        return None
    cleaned = url
    for _ in range(_MAX_UNESCAPE_ROUNDS):
        decoded = html.unescape(cleaned)
        if decoded == cleaned:
            break
        cleaned = decoded
    cleaned = _TAB_OR_NEWLINE.sub("", cleaned).strip(_EDGE_CONTROL_OR_SPACE)
    if _CONTROL.search(cleaned) or "\\" in cleaned.split("?", 1)[0].split("#", 1)[0]:
        # A control character inside, or a backslash before the query (browsers read "\" as
        # "/" in http URLs, so "https:\\evil.example" would go elsewhere than it reads).
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # an invalid IPv6 literal, for one
        return None
    if parts.scheme.lower() not in _ALLOWED_SCHEMES or not parts.hostname:
        return None
    if not cleaned.lower().startswith(tuple(f"{scheme}://" for scheme in _ALLOWED_SCHEMES)):
        return None  # "http:host" without slashes: urlsplit and browsers disagree on its host
    return cleaned


# ECMA-48 escape sequences: CSI (ESC [ ... final byte, or the 8-bit CSI U+009B), OSC / DCS /
# APC / PM / SOS strings (ESC ] ... up to BEL or ESC \), and two-character escapes (ESC c).
_CSI = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?")
# Only a terminated string is removed whole: an unterminated one loses just its introducer,
# so one stray ESC ] cannot swallow the rest of an article.
_STRING_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x90\x98\x9c-\x9f]*(?:\x07|\x1b\\|\x9c)"
)
_TWO_CHAR_ESCAPE = re.compile(r"\x1b[ -~]?")
# Every other C0 control but tab and newline, DEL and the C1 controls. Carriage return goes
# too: on a terminal it moves back to the line's start, so the text after it overwrites.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_terminal_controls(text: str) -> str:
    """`text` without escape sequences and control characters, for printing to a terminal.

    A title containing "ESC[2J" would clear the reader's screen, an OSC sequence could set the
    window title or write a hyperlink, and a carriage return could hide what precedes it. Kept:
    newline, tab and every printable character. Whole escape sequences are removed, not only
    their ESC, so no "[2J" debris is left.

    Known failure cases: bidirectional overrides (U+202E) are printable format characters and
    are kept; they can reorder what a terminal shows, but removing them would damage
    right-to-left text.
    """
    text = _STRING_SEQUENCE.sub("", text)
    text = _CSI.sub("", text)
    text = _TWO_CHAR_ESCAPE.sub("", text)
    return _TERMINAL_CONTROL.sub("", text)


# CommonMark reads "<" followed by a letter, "/", "!" or "?" as raw HTML (inline or a block);
# a backslash before "<" makes it a literal character in every CommonMark renderer. "&" starts
# an entity reference, which could spell "<" again after rendering, so it is escaped as well.
_MARKDOWN_HTML = re.compile(r"[<&]")


def escape_markdown_html(text: str) -> str:
    """`text` for Markdown output with every raw-HTML opening escaped, so `<script>` in a
    title or an article renders as the characters "<script>", never as a tag.

    The rest of the Markdown syntax is left alone: emphasis in a title is a cosmetic matter,
    raw HTML is a safety one. Do not apply it inside code spans, where backslashes are shown
    as they are (use `markdown_code_span`).
    """
    return _MARKDOWN_HTML.sub(lambda match: "\\" + match.group(), text)


_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def one_line(text: str) -> str:
    """`text` on one line: a line break in a title must not end a Markdown heading or a
    table row early and start a line the document's author controls."""
    return _LINE_BREAK.sub(" ", text)


def markdown_code_span(text: str) -> str:
    """`text` as an inline code span (an article id, say) that nothing inside can close: the
    fence is one backtick longer than the longest run of backticks in the text."""
    text = one_line(strip_terminal_controls(text))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_inline(text: str) -> str:
    """Article-derived text for one line of Markdown (a heading, a bullet, a quote): no
    terminal controls, no line break the document's author chose, no raw HTML."""
    return escape_markdown_html(one_line(strip_terminal_controls(text)))


def markdown_cell(text: str) -> str:
    """`markdown_inline` for a table cell, where a "|" would start the next column."""
    return markdown_inline(text).replace("|", "\\|")


def markdown_block(text: str) -> str:
    """An article's whole text for Markdown: its paragraphs kept, controls and raw HTML not."""
    return escape_markdown_html(strip_terminal_controls(text))
