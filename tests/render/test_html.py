"""The standalone HTML report: sections, hoverable citations, charts, and nothing fetched."""

import re

from storyweave.model import Article, Brief, Story, TimelineEntry
from storyweave.render.charts import date_range, timeline_chart
from storyweave.render.html import coverage_matrix, render_html

from .sample import WIRE, sample_brief


def test_report_is_self_contained_and_opens_offline():
    page = render_html([sample_brief()])
    assert page.startswith("<!DOCTYPE html>")
    # Nothing to fetch: no external scripts, styles, fonts or images.
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=", page)
    assert "@import" not in page and "url(" not in page
    assert "<style>" in page and "<script>" in page


def test_summary_citations_show_the_cited_source_sentence_on_hover():
    page = render_html([sample_brief()])
    tip = re.search(r'<span class="cite"[^>]*data-article="wire"[^>]*>1<span class="tip"', page)
    assert tip
    first_sentence = "A crane collapsed at the port of Calder on Thursday, injuring 14 people."
    assert f"<q>{first_sentence}</q>" in page
    assert "Calder Wire, 2026-03-13" in page
    assert (
        "What we don't know:</strong> disputed, different figures:" in page
        and "(Workers&#39; Tide)" in page
    )


def test_article_text_is_escaped():
    page = render_html([sample_brief()])
    assert "<script>alert(1)</script>" not in page
    assert WIRE  # the raw text had it; the page carries it escaped if at all


def test_timeline_chart_draws_one_point_per_date_in_calendar_order():
    page = render_html([sample_brief()])
    svg = re.search(r'<svg class="timeline".*?</svg>', page, re.S).group()
    assert svg.count('<circle class="point"') == 3
    # A month and "over the weekend" cover several days: they draw as spans.
    assert svg.count('<rect class="span"') == 2
    dates = re.findall(r"<title>([^:<]+):", svg)
    assert dates == ["2026-02", "2026-03-12", "2026-03-14/2026-03-15"]  # calendar order
    assert re.findall(r'class="axistick"[^>]*>([^<]+)<', svg)  # a calendar axis
    xs = [float(x) for x in re.findall(r'<circle class="point" cx="([\d.]+)"', svg)]
    assert xs == sorted(xs)


def test_the_time_axis_is_to_scale_and_background_dates_sit_beyond_a_break():
    import datetime as dt

    entries = [
        TimelineEntry("2022-02", "Russia invaded Ukraine", "February 2022", "explicit", "a", 0, 1),
        TimelineEntry("2025-01-10", "Trump set up a meeting", "Friday", "published", "a", 0, 1),
        TimelineEntry("2025-01-13", "The Kremlin answered", "Monday", "published", "a", 0, 1),
        TimelineEntry("2025-02-11", "Trump hinted at a call", "Tuesday", "published", "a", 0, 1),
    ]
    events = [
        ("Meeting set up", dt.date(2025, 1, 10), dt.date(2025, 1, 13)),
        ("A call hinted at", dt.date(2025, 2, 11), dt.date(2025, 2, 11)),
    ]
    chart = timeline_chart(entries, events)
    x = {p.date: p.x for p in chart.points}
    # Three days apart against a month apart: the gap between the events shows.
    assert (x["2025-01-13"] - x["2025-01-10"]) * 5 < x["2025-02-11"] - x["2025-01-13"]
    # Background from years before sits left of an axis break, not squashing the period.
    assert x["2022-02"] < chart.breaks[0] < x["2025-01-10"]
    assert [b.title for b in chart.bands] == ["Meeting set up", "A call hinted at"]
    assert chart.ticks[0][1].startswith("2025-01")


def test_coverage_matrix_has_a_row_per_outlet_and_marks_blindspots():
    matrix = coverage_matrix(sample_brief())
    rows = {r.outlet: r.cells for r in matrix.rows}
    assert set(rows) == {"Calder Wire", "Workers' Tide", "Reprint Times"}
    columns = [c.claim for c in matrix.columns]
    assert columns[0].startswith("A crane collapsed")  # disputed claims lead
    assert (
        rows["Calder Wire"][columns.index("The union demands an independent audit.")] == "missing"
    )
    page = render_html([sample_brief()])
    assert page.count('class="cell covered"') == 4 and page.count('class="cell missing"') == 5


def test_contradictions_side_by_side_quotes_by_speaker_and_positions():
    page = render_html([sample_brief()])
    assert page.count('<div class="pair">') == 1
    assert "different figures for the injured" in page
    assert "<h3>Renata Kvist</h3>" in page and "<h3>Unattributed</h3>" in page
    assert page.index("Renata Kvist") < page.index("Unattributed")
    assert "demands an independent audit" in page and "<td>Dockers&#39; union</td>" in page


def test_empty_sections_say_so_instead_of_showing_placeholders():
    bare = Brief(story=Story("s-2", "Only articles", ("a",)), articles=(Article("a", "Text."),))
    page = render_html([bare])
    assert "No dated events in this brief." in page
    assert "No claims in this brief" in page
    assert "Not assessed: claims were not compared" in page
    assert "<svg" not in page
    assert "No stories" in render_html([])


def test_date_ranges_cover_every_timeline_precision():
    assert str(date_range("2026-03")[1]) == "2026-03-31"
    assert str(date_range("2026-W11")[0]) == "2026-03-09"
    assert str(date_range("2026-03-14/2026-03-15")[1]) == "2026-03-15"
    assert date_range("next spring") is None
    assert timeline_chart([TimelineEntry("someday", "x", "someday", None, "a", 0, 1)]) is None
