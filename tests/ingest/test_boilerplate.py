"""Boilerplate trimming: page furniture goes, every line of reporting stays."""

import pytest

from storyweave.ingest.boilerplate import BoilerplateConfig, TrimResult, trim_boilerplate

# An invented article in the shape of a text dump: paragraphs one per line, a subheading between
# them, quotes and short reporting lines.
BODY = (
    "Flood barriers along the Severn River were raised on Tuesday after three days of heavy rain, "
    "the regional water authority said.\n"
    "Engineers worked through the night to close two gates near the old harbour. Residents of "
    "about 400 homes were told to move valuables upstairs.\n"
    "Repairs Expected to Take Months\n"
    "“We have never seen the river this high in March,” said Ana Ruiz, who leads the authority’s "
    "emergency team. She added that the western embankment was holding.\n"
    "Nobody was hurt.\n"
    "The authority will publish a full damage report in the spring."
)


def trim(text: str, title: str | None = None) -> TrimResult:
    return trim_boilerplate(text, title)


def body_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def test_a_clean_article_is_returned_unchanged() -> None:
    result = trim(BODY)
    assert result.text == BODY
    assert result.removed == ()
    assert result.title is None


def test_author_bio_at_the_end_is_removed() -> None:
    bio = (
        "Tomas Brill is the environment editor of the Valley Courier and a contributor to "
        "Tidewater Weekly. He hosts a podcast on rivers and lives in Gloucester."
    )
    result = trim(BODY + "\n" + bio)
    assert result.text == BODY
    assert result.removed == (bio,)


def test_long_profile_bio_is_removed() -> None:
    bio = (
        "Priya Menon Profile She is a civil engineer and consultant with more than 20 years of "
        "experience in flood defence. She previously worked for three water companies and is the "
        "author of a handbook on embankments. Follow her on social media at @pmenon_water."
    )
    result = trim(BODY + "\n\n" + bio)
    assert result.text == BODY
    assert bio in result.removed


def test_a_last_paragraph_that_reports_about_a_person_is_kept() -> None:
    last = (
        "Ruiz is the author of the authority’s flood plan and a former engineer. She said the "
        "repairs would take a year."
    )
    result = trim(BODY + "\n" + last)
    assert result.text.endswith(last)
    assert result.removed == ()


def test_read_also_label_and_the_linked_headline_after_it_are_removed() -> None:
    tail = "Read also:\nCity Must Rebuild Its Levees Now,” Says Former Planning Chief Dana Holt"
    result = trim(BODY + "\n" + tail)
    assert result.text == BODY
    assert result.removed == (
        "Read also:",
        "City Must Rebuild Its Levees Now,” Says Former Planning Chief Dana Holt",
    )


def test_an_inline_related_link_in_the_body_is_removed_and_the_body_continues() -> None:
    lines = BODY.split("\n")
    text = "\n".join([*lines[:2], "RELATED: Council Votes to Fund New Pumping Station", *lines[2:]])
    result = trim(text)
    assert result.text == BODY
    assert result.removed == ("RELATED: Council Votes to Fund New Pumping Station",)


def test_navigation_share_and_advertisement_lines_are_removed() -> None:
    lines = BODY.split("\n")
    text = "\n".join(["Share this article", *lines[:3], "Advertisement", *lines[3:], "Back to top"])
    result = trim(text)
    assert result.text == BODY
    assert result.removed == ("Share this article", "Advertisement", "Back to top")


def test_courtesy_and_photo_credit_lines_are_removed() -> None:
    lines = BODY.split("\n")
    text = "\n".join([*lines[:2], "Photo: Lena Vogt/Reuters", *lines[2:], "Courtesy: Channel Nine"])
    result = trim(text)
    assert result.text == BODY
    assert result.removed == ("Photo: Lena Vogt/Reuters", "Courtesy: Channel Nine")


def test_a_sourced_sentence_that_starts_like_a_credit_is_kept() -> None:
    line = "Source: the authority’s own gauges show the river rose two metres overnight."
    result = trim(BODY + "\n" + line)
    assert result.text.endswith(line)


def test_references_section_and_its_list_are_removed() -> None:
    refs = (
        "References\n"
        "1. Regional Water Authority, Annual Flood Report 2023.\n"
        "2. Holt, D. “Levees and the City”. Planning Review, 2019."
    )
    result = trim(BODY + "\n\n" + refs)
    assert result.text == BODY
    assert result.removed[0] == "References"
    assert len(result.removed) == 3


def test_copyright_and_subscribe_prompts_are_removed_but_similar_reporting_is_kept() -> None:
    reporting = "Sign up rates for the flood warning service doubled during the storm."
    text = (
        BODY
        + "\n"
        + reporting
        + "\nSign up for our free morning newsletter to get the latest news.\n"
        + "© 2024 Valley Courier Media. All rights reserved."
    )
    result = trim(text)
    assert result.text == BODY + "\n" + reporting
    assert len(result.removed) == 2


def test_byline_date_and_republication_note_around_the_text_are_removed() -> None:
    text = (
        "By Tomas Brill and Ana Ruiz\nPublished: Tuesday, March 12, 2024 at 9:30 am\n"
        + BODY
        + "\nThis article was originally published by the Valley Courier."
    )
    result = trim(text)
    assert result.text == BODY
    assert result.title is None  # a byline is not a headline
    assert len(result.removed) == 3


def test_a_byline_shaped_heading_in_the_body_is_kept() -> None:
    lines = BODY.split("\n")
    text = "\n".join([*lines[:4], "By Land and Sea", *lines[4:]])
    assert trim(text).removed == ()


def test_subheadings_in_the_body_stay_on_their_own_line() -> None:
    result = trim(BODY)
    assert "\nRepairs Expected to Take Months\n“We have never" in result.text


def test_short_lines_that_quote_or_report_are_kept_in_the_body() -> None:
    lines = BODY.split("\n")
    short = ["“Not again”", "Officials declined to comment", "Source: officials told reporters"]
    text = "\n".join([*lines[:3], *short, *lines[3:]])
    result = trim(text)
    assert result.removed == ()
    assert "\n".join(short) in result.text


def test_a_heading_with_no_text_under_it_is_an_inline_link_and_is_removed() -> None:
    lines = BODY.split("\n")
    link = "Inside the Race to Save the Harbour: How Engineers Beat the Tide"
    text = "\n".join([*lines[:2], link, *lines[2:]])
    result = trim(text)
    assert result.removed == (link,)
    assert "Repairs Expected to Take Months" in result.text


def test_a_list_introduced_by_a_colon_is_kept() -> None:
    text = (
        "The authority named two priorities for the coming weeks:\n"
        "Emergency Pumping\nTemporary Housing\n" + BODY
    )
    assert trim(text, title="River Barriers Raised").removed == ()


def test_headline_at_the_top_becomes_the_title() -> None:
    result = trim("River Barriers Raised as Rain Continues\n\n" + BODY)
    assert result.title == "River Barriers Raised as Rain Continues"
    assert result.text == BODY
    assert result.removed == ("River Barriers Raised as Rain Continues",)


def test_duplicated_and_variant_headlines_at_the_top_are_removed() -> None:
    text = (
        "River Barriers Raised as Rain Continues\n"
        "River Barriers Raised as Rain Continues\n\n"
        "Severn Authority Closes Harbour Gates After Three Days of Storms\n" + BODY
    )
    result = trim(text)
    assert result.title == "River Barriers Raised as Rain Continues"
    assert result.text == BODY
    assert len(result.removed) == 3


def test_a_truncated_copy_of_the_first_sentence_is_removed_and_not_taken_as_title() -> None:
    result = trim("Flood barriers along the Severn River were raised on\n" + BODY)
    assert result.title is None
    assert result.text == BODY


def test_a_first_line_of_reporting_is_never_taken_as_title() -> None:
    result = trim(BODY)
    assert result.title is None
    assert result.text.startswith("Flood barriers along the Severn River")


def test_given_title_removes_its_copies_and_truncations_at_the_top() -> None:
    title = "Storm Warning: River Barriers Raised as Rain Continues"
    result = trim("River Barriers Raised as Rain Continues\n" + BODY, title=title)
    assert result.title == title
    assert result.text == BODY
    result = trim(title + " | Valley Courier\n" + BODY, title=title)
    assert result.text == BODY


def test_given_title_keeps_a_dissimilar_first_subheading() -> None:
    text = "Harbour Gates Closed Overnight\n" + BODY
    result = trim(text, title="Council Approves Budget for Schools")
    assert result.text == text


def test_line_endings_invisible_characters_and_blank_runs_are_normalised() -> None:
    text = "\ufeff\n\r\nFirst para\u200bgraph of the report is here.  \r\n\n\n\n\nSecond one.\r"
    result = trim(text)
    assert result.text == "First paragraph of the report is here.\n\nSecond one."


def test_kept_lines_keep_their_characters() -> None:
    text = "Headline Here\n" + BODY.replace("\n", "\n\n") + "\n\nBack To Top"
    result = trim(text)
    for line in body_lines(result.text):
        assert line in BODY.split("\n")
    assert body_lines(result.text) == BODY.split("\n")


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "River Barriers Raised\nRiver Barriers Raised Again\n" + BODY + "\nRead also:\nA Link",
        BODY + "\n\nReferences\n1. A report.\n\nBack To Top",
        "Flood barriers along the Severn River were raised on\n" + BODY,
        "Only A Headline",
        "",
    ],
)
def test_trimming_twice_changes_nothing(text: str) -> None:
    once = trim(text)
    assert trim(once.text, once.title).text == once.text
    assert trim(once.text).text == once.text


@pytest.mark.parametrize("text", ["", "   \n\n \t\n", "\ufeff"])
def test_empty_input_gives_empty_text(text: str) -> None:
    assert trim(text) == TrimResult("", None, ())


def test_a_one_line_text_is_never_emptied() -> None:
    assert trim("Only A Headline").text == "Only A Headline"


def test_config_can_keep_empty_headings() -> None:
    lines = BODY.split("\n")
    link = "Inside the Race to Save the Harbour"
    text = "\n".join([*lines[:2], link, *lines[2:]])
    result = trim_boilerplate(text, config=BoilerplateConfig(drop_empty_headings=False))
    assert result.text == text


def test_a_short_last_line_that_quotes_is_kept() -> None:
    last = "“We Will Be Back Stronger”"
    assert trim(BODY + "\n" + last).text.endswith(last)


def test_short_items_of_a_list_at_the_end_are_kept() -> None:
    tail = "Roads still closed on Wednesday:\nMill Lane\nHarbour Road (both directions)"
    result = trim(BODY + "\n" + tail)
    assert result.text.endswith(tail)


def test_dangling_headlines_after_the_last_paragraph_are_removed() -> None:
    tail = "Tags\nMore Rain Forecast for the Weekend\nHow to Protect Your Home From Flooding"
    result = trim(BODY + "\n" + tail)
    assert result.text == BODY
    assert len(result.removed) == 3


def test_a_truncated_headline_variant_ending_in_an_ellipsis_is_removed() -> None:
    headline = "River Barriers Raised as Rain Continues"
    text = f"{headline}\nRiver Barriers Raised as Ra...\n" + BODY
    result = trim(text)
    assert result.title == headline
    assert result.text == BODY
    result = trim("River Barriers Raised as Rain Cont…\n" + BODY, title=headline)
    assert result.text == BODY
    assert result.removed == ("River Barriers Raised as Rain Cont…",)


def test_an_ellipsis_line_that_is_not_the_title_is_kept() -> None:
    text = "Harbour Gates Closed Overnight...\n" + BODY
    assert trim(text, title="River Barriers Raised as Rain Continues").text == text


@pytest.mark.parametrize(
    "byline",
    [
        "By Mira Kassel | The Harbour Gazette",
        "By Mira Kassel, metro desk",
        "By Mira Kassel and Jon de la Fuente",
        "By Mira Kassel – Harbour Gazette",
        "Mira Kassel, Senior Correspondent",
    ],
)
def test_bylines_with_an_outlet_or_desk_above_the_text_are_removed(byline: str) -> None:
    result = trim(byline + "\n\n" + BODY)
    assert result.text == BODY
    assert result.removed == (byline,)
    assert result.title is None


def test_a_byline_shaped_line_in_the_body_and_a_first_sentence_starting_with_by_are_kept() -> None:
    lines = BODY.split("\n")
    text = "\n".join([*lines[:5], "Mira Kassel, Senior Correspondent", *lines[5:]])
    assert trim(text).removed == ()
    first = "By Tuesday, engineers expect both gates to be closed"
    assert trim(first + "\n" + BODY, title="River Barriers Raised").text.startswith(first)


def test_share_line_and_job_title_bio_after_the_text_are_removed() -> None:
    share = "Share this story: Email | WhatsApp | Bluesky"
    bio = (
        "Mira Kassel is the Harbour Gazette's environment correspondent. Before joining the "
        "Gazette she spent eight years as a hydrologist. She writes a monthly column on coastal "
        "planning and lives near Tewkesbury with her partner and three cats."
    )
    result = trim(BODY + "\n\n" + share + "\n\n" + bio)
    assert result.text == BODY
    assert result.removed == (share, bio)


def test_a_sentence_starting_with_share_is_kept() -> None:
    last = "Share prices of the water company fell 3 per cent on Tuesday"
    assert trim(BODY + "\n" + last).text.endswith(last)


def test_a_last_paragraph_about_a_newsroom_job_without_other_bio_cues_is_kept() -> None:
    last = "Kassel is the Harbour Gazette's third editor in two years and took over in January."
    result = trim(BODY + "\n" + last)
    assert result.text.endswith(last)
    assert result.removed == ()


def test_wire_credits_and_syndication_notices_at_the_end_are_removed() -> None:
    tail = [
        "(Additional reporting by Jon Fuente; Writing by Mira Kassel)",
        "This article was provided by Coastline Newswire and is reproduced under licence. The "
        "Valley Courier is not responsible for the content of syndicated material.",
    ]
    result = trim(BODY + "\n\n" + "\n\n".join(tail))
    assert result.text == BODY
    assert result.removed == tuple(tail)


def test_a_wire_dateline_opening_the_first_paragraph_is_kept_whole() -> None:
    first = (
        "SEVERN, March 12 (Coastline Wire) - Flood barriers along the Severn River were raised on "
        "Tuesday after three days of heavy rain, the regional water authority said."
    )
    body = first + "\n" + BODY.split("\n", 1)[1]
    result = trim("By Mira Kassel | Coastline Wire\n" + body)
    assert result.text == body
    assert result.removed == ("By Mira Kassel | Coastline Wire",)


def test_a_call_to_action_as_the_last_line_is_removed() -> None:
    cta = "If you can, join the volunteers filling sandbags on Mill Lane every morning this week."
    result = trim(BODY + "\n\n" + cta)
    assert result.text == BODY
    assert result.removed == (cta,)


def test_a_call_to_action_inside_the_text_or_in_a_quote_is_kept() -> None:
    cta = "If you can, join the volunteers filling sandbags on Mill Lane every morning this week."
    lines = BODY.split("\n")
    text = "\n".join([*lines[:3], cta, *lines[3:]])
    assert trim(text).removed == ()
    quoted = "“Join us on the embankment tomorrow,” the mayor told residents."
    assert trim(BODY + "\n" + quoted).text.endswith(quoted)
