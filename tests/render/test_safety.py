"""What a document's author puts in a URL, a title or a text never becomes a script, a tag or
a terminal command in what storyweave shows."""

import pytest

from storyweave.render.safety import (
    escape_markdown_html,
    link_target,
    markdown_code_span,
    one_line,
    strip_terminal_controls,
)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "&amp;#106;avascript:alert(1)",  # encoded twice
        "file:///etc/passwd",
        "//evil.example/x",  # would inherit the page's scheme: not an absolute link
        "/relative/path",
        "https:\\\\evil.example",
        "https://example.org\\@evil.example/",  # browsers read the backslash as "/"
        "http:evil.example",
        "https://",
        "https://exa\x00mple.org/",
        "",
        "   ",
        None,
    ],
)
def test_anything_but_plain_http_links_is_text(url):
    assert link_target(url) is None


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"),
        ("  http://example.org/  \n", "http://example.org/"),
        ("HTTPS://Example.org/x", "HTTPS://Example.org/x"),
        ("https://example.org/a?b=1&amp;c=2", "https://example.org/a?b=1&c=2"),
        ("https://exa\tmple.org/", "https://example.org/"),  # as a browser reads it
        ("https://example.org/?q=a\\b", "https://example.org/?q=a\\b"),
    ],
)
def test_http_links_are_kept_as_a_browser_reads_them(url, target):
    assert link_target(url) == target


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("before\x1b[2Jafter", "beforeafter"),  # clear screen
        ("red \x1b[31;1mtext\x1b[0m", "red text"),
        ("\x1b]0;new window title\x07title", "title"),  # OSC, BEL-terminated
        ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink
        ("8-bit \x9b2Jcsi", "8-bit csi"),
        ("reset\x1bc here", "reset here"),
        ("a\rb", "ab"),  # a carriage return would let "b" overwrite "a"
        ("bell\x07 nul\x00 del\x7f c1\x85", "bell nul del c1"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("Zürich, «quotes», 東京, emoji 🙂", "Zürich, «quotes», 東京, emoji 🙂"),
    ],
)
def test_terminal_sequences_are_removed_whole(text, shown):
    assert strip_terminal_controls(text) == shown


def test_an_unterminated_escape_string_does_not_swallow_the_text():
    text = "\x1b]0;" + "the rest of the article. " * 3
    assert strip_terminal_controls(text) == "0;" + "the rest of the article. " * 3


def test_markdown_html_renders_as_text():
    title = 'Breaking <script>alert("x")</script> & <img src=x onerror=alert(1)>'
    escaped = escape_markdown_html(title)
    assert "<" not in escaped.replace("\\<", "")
    assert escaped == (
        'Breaking \\<script>alert("x")\\</script> \\& \\<img src=x onerror=alert(1)>'
    )


def test_entities_cannot_spell_a_tag_again():
    assert escape_markdown_html("&lt;script&gt;") == "\\&lt;script\\&gt;"


def test_one_line_keeps_a_heading_a_heading():
    assert one_line("Title\n# injected heading\r\nmore") == "Title # injected heading more"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("doc-1", "`doc-1`"),
        ("a`b", "``a`b``"),
        ("`x`", "`` `x` ``"),
        ("line\nbreak\x1b[2J", "`line break`"),
    ],
)
def test_code_spans_cannot_be_closed_from_inside(text, span):
    assert markdown_code_span(text) == span
