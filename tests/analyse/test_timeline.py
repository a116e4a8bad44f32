"""The story timeline: dated events, merged across outlets, in calendar order."""

from __future__ import annotations

import datetime as dt

from storyweave.analyse.timeline import build_timeline
from storyweave.model import AnnotatedArticle, Article, Brief, Story, TimeMention
from storyweave.render.markdown import render_brief


def article(
    id_: str, text: str, *dates: tuple[str, str | None, str | None, str]
) -> AnnotatedArticle:
    """An annotated article whose time mentions are (expression, value, anchor, kind); each
    mention's clause is the line it is on."""
    mentions = []
    for expression, value, anchor, kind in dates:
        start = text.index(expression)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        mentions.append(
            TimeMention(
                expression,
                start,
                start + len(expression),
                value,
                anchor,
                kind,
                line_start,
                line_end,
            )  # fmt: skip
        )
    return AnnotatedArticle(
        article=Article(id=id_, text=text, published=dt.date(2024, 12, 16)), times=tuple(mentions)
    )


A = article(
    "a",
    "On Friday, Trump said he wants to meet Putin soon.\n"
    "Russia invaded Ukraine in February 2022.\n"
    "He served for three years as an adviser.",
    ("Friday", "2024-12-13", "published", "date"),
    ("February 2022", "2022-02", "explicit", "date"),
    ("for three years", None, None, "duration"),
)
B = article(
    "b",
    "December 13, 2024\n"
    "Trump told reporters on December 13, 2024 that he wants a meeting with Putin.\n"
    "The Kremlin answered on Friday with a statement about sanctions and trade.",
    ("December 13, 2024", "2024-12-13", "explicit", "date"),
    ("on December 13, 2024", "2024-12-13", "explicit", "date"),
    ("Friday", "2024-12-13", "published", "date"),
)


def test_same_event_in_two_outlets_is_one_entry_citing_both():
    timeline = build_timeline([A, B])
    trump = [e for e in timeline if "Trump" in e.text and e.date == "2024-12-13"]
    assert len(trump) == 1
    assert trump[0].articles == ("b", "a")  # the explicit date is shown first
    assert trump[0].anchor == "explicit"
    (other,) = trump[0].also_in
    assert other.article == "a" and other.anchor == "published"
    assert A.article.text[other.start : other.end].startswith("On Friday, Trump")


def test_different_events_on_the_same_date_stay_apart():
    timeline = build_timeline([A, B])
    kremlin = [e for e in timeline if "Kremlin" in e.text]
    assert len(kremlin) == 1 and kremlin[0].articles == ("b",)


def test_sorted_by_date_with_offsets_into_the_cleaned_text():
    timeline = build_timeline([A, B])
    assert [e.date for e in timeline] == sorted((e.date for e in timeline), key=lambda d: d[:10])
    assert timeline[0].date == "2022-02"
    first = timeline[0]
    assert A.article.text[first.start : first.end] == first.text
    expression = A.article.text[first.expression_start : first.expression_end]
    assert expression == first.expression == "February 2022"


def test_durations_unresolved_dates_and_datelines_are_left_out():
    undated = article(
        "c", "Yesterday the talks resumed in Geneva.", ("Yesterday", None, None, "date")
    )
    timeline = build_timeline([A, B, undated])
    texts = " ".join(e.text for e in timeline)
    assert "three years" not in texts
    assert "Geneva" not in texts
    assert all(e.text != "December 13, 2024" for e in timeline)


def test_contract_fields_and_markdown_section():
    timeline = build_timeline([A, B])
    for entry in timeline:
        assert {"date", "text", "expression", "anchor", "article", "start", "end"} <= set(
            entry.to_json()
        )
    story = Story("s1", "Summit", ("a", "b"))
    brief = Brief(story=story, articles=(A.article, B.article), timeline=tuple(timeline))
    markdown = render_brief(brief)
    assert "## Timeline" in markdown
    assert "- **2022-02** Russia invaded Ukraine in February 2022." in markdown
    assert "from publication date" in markdown or "date given" in markdown
    assert brief.to_json()["timeline"][0]["date"] == "2022-02"
