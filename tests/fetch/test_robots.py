"""robots.txt read as RFC 9309 says: longest match, wildcards, groups per product token."""

import pytest

from storyweave.fetch.robots import parse_robots

SITE = """
# a typical news site
User-agent: *
Disallow: /
Allow: /news/
Disallow: /news/*.pdf$
Disallow: /search?

User-agent: OtherBot
Disallow: /news/
"""


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", False),
        ("/account", False),
        ("/news/", True),
        ("/news/2026/strike", True),  # the longer Allow beats "Disallow: /", whatever the order
        ("/news/report.pdf", False),  # "$" anchors at the end
        ("/news/report.pdf?page=2", True),
        ("/robots.txt", True),  # always readable
    ],
)
def test_the_longest_matching_rule_decides(path, allowed):
    assert parse_robots(SITE, "storyweave").allows(path) is allowed


def test_a_group_naming_the_product_token_replaces_the_star_group():
    text = "User-agent: *\nDisallow: /\n\nUser-agent: storyweave/2.0\nAllow: /\nDisallow: /drafts\n"
    rules = parse_robots(text, "storyweave")
    assert rules.allows("/news")
    assert not rules.allows("/drafts/1")


def test_several_user_agent_lines_share_one_group_and_groups_for_the_token_merge():
    text = (
        "User-agent: a\nUser-agent: StoryWeave\nDisallow: /one\n\n"
        "User-agent: storyweave\nDisallow: /two\nCrawl-delay: 3\n"
    )
    rules = parse_robots(text, "storyweave")
    assert not rules.allows("/one") and not rules.allows("/two/x")
    assert rules.allows("/three")
    assert rules.crawl_delay_s == 3.0


def test_equal_length_allow_wins_and_empty_disallow_allows_all():
    assert parse_robots("User-agent: *\nDisallow: /page\nAllow: /page\n", "storyweave").allows(
        "/page"
    )
    assert parse_robots("User-agent: *\nDisallow:\n", "storyweave").allows("/anything")


def test_no_rules_or_junk_allows_everything():
    assert parse_robots("", "storyweave").allows("/x")
    assert parse_robots("<html><body>Not found</body></html>", "storyweave").allows("/x")


def test_percent_encoding_is_compared_as_octets():
    rules = parse_robots("User-agent: *\nDisallow: /caf%C3%A9\n", "storyweave")
    assert not rules.allows("/café/menu")
    assert not rules.allows("/caf%c3%a9/menu")


def test_many_wildcards_do_not_blow_up():
    # A regular expression of 40 ".*" against a long path backtracks for hours; this must not.
    rules = parse_robots("User-agent: *\nDisallow: /" + "a*" * 40 + "b\n", "storyweave")
    assert rules.allows("/" + "a" * 5000)
