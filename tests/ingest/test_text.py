"""Plain text and Markdown: front matter, markup stripped, words kept."""

import datetime as dt

from storyweave.ingest.reader import IngestConfig, read_inputs
from storyweave.ingest.text import normalise_text, split_front_matter, strip_markdown
from storyweave.model import Article

RAW = IngestConfig(trim_boilerplate=False)


def test_front_matter_gives_metadata_and_is_removed_from_the_body():
    doc = split_front_matter(
        '---\ntitle: "Talks fail: both sides leave"\nsource: Reuters\nurl: https://r.com/x\n'
        "date: 2024-03-05\ntags:\n  - politics\nlayout: post\n---\nThe body.\n"
    )
    assert doc.meta == {
        "title": "Talks fail: both sides leave",
        "source": "Reuters",
        "url": "https://r.com/x",
        "date": "2024-03-05",
    }
    assert doc.body == "The body.\n"


def test_text_without_closing_front_matter_marker_is_kept_whole():
    text = "---\nA story that opens with a rule.\nSecond line.\n"
    assert split_front_matter(text).body == text
    assert split_front_matter("No front matter.\n").meta == {}


def test_markdown_markup_is_stripped_and_words_kept():
    text, headline = strip_markdown(
        "# Talks *fail* in Geneva\n\n"
        "The **minister** said on _Friday_ that [the talks](https://x.org/a) had ~~not~~ failed.\n"
        "> A quoted `line`.\n\n"
        "- first point\n* second point\n\n---\n\n"
        "## Background\n\nSee ![a map](map.png) and file_name_here or 3 * 4 * 5.\n"
        "```\ncode stays\n```\n"
        "[1]: https://example.org\n"
    )
    assert headline == "Talks fail in Geneva"
    assert text == (
        "The minister said on Friday that the talks had not failed.\n"
        "A quoted line.\n\n"
        "first point\nsecond point\n\n\n"
        "Background\n\nSee a map and file_name_here or 3 * 4 * 5.\n"
        "code stays"
    )


def test_setext_headline_is_taken_and_later_headings_stay_as_text():
    text, headline = strip_markdown("Big News\n========\n\nBody here.\n\nMore\n----\nEnd.")
    assert headline == "Big News"
    assert text == "Body here.\n\nMore\nEnd."


def test_headline_is_left_in_the_text_when_the_title_is_known():
    text, headline = strip_markdown("# Other headline\n\nBody.", take_headline=False)
    assert headline is None
    assert text == "Other headline\n\nBody."


def test_normalise_text_unifies_newlines_and_blank_lines():
    assert normalise_text("\r\n\na  \r\nb\r\r\r\rc\n\n") == "a\nb\n\nc"


def test_markdown_file_becomes_an_article_with_front_matter_fields(tmp_path):
    (tmp_path / "talks-2024.md").write_text(
        "---\nsource: Reuters\npublished: March 5, 2024\n---\n"
        "# Talks fail in Geneva\n\nThe **minister** said the talks failed.\n",
        encoding="utf-8",
    )
    [article] = read_inputs([str(tmp_path / "talks-2024.md")], RAW)
    assert article == Article(
        id="talks-2024",
        text="The minister said the talks failed.",
        source="Reuters",
        title="Talks fail in Geneva",
        published=dt.date(2024, 3, 5),
        origin=str(tmp_path / "talks-2024.md"),
    )


def test_plain_text_keeps_asterisks_and_underscores(tmp_path):
    (tmp_path / "note.txt").write_text("Prices rose 5% *year on year* per snake_case_name.\n")
    [article] = read_inputs([str(tmp_path / "note.txt")], RAW)
    assert article.text == "Prices rose 5% *year on year* per snake_case_name."
    assert article.title is None and article.published is None


def test_unreadable_front_matter_date_is_none_not_today_and_said(tmp_path):
    (tmp_path / "a.txt").write_text("---\npublished: sometime last spring\n---\nBody text.\n")
    note, article = read_inputs([str(tmp_path / "a.txt")], RAW)
    assert article.published is None
    assert str(note) == (
        f"note on {tmp_path / 'a.txt'}: the published date 'sometime last spring' is not a "
        "date with a day, month and year; the article has no date"
    )


def test_boilerplate_trimming_is_applied_to_text_files(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Talks fail in Geneva\n\n"
        "The minister said on Friday that the talks had failed after three days of meetings.\n\n"
        "Back To Top\n"
    )
    [article] = read_inputs([str(tmp_path / "a.txt")])
    assert "Back To Top" not in article.text
    assert "the talks had failed" in article.text
