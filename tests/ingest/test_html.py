"""extract_html keeps the article and its metadata, and drops the page around it."""

import datetime

import pytest

from storyweave.errors import IngestError
from storyweave.ingest.html import HtmlConfig, extract_html

PARAGRAPHS = [
    "Negotiators from both countries met in Geneva on Tuesday for a third round of talks on "
    "the disputed border crossing, the foreign ministry said in a statement.",
    "\u201cWe are closer than we have ever been,\u201d said Maria Keller, the chief negotiator, "
    "adding that a draft agreement could be signed before the end of the month.",
    "Opposition leaders criticised the talks, saying the government had not consulted the "
    "regions that depend on the crossing for trade and seasonal work.",
    "The next round is expected to take place in Vienna, according to two officials who "
    "asked not to be named because they were not authorised to speak publicly.",
]


def news_page(head_meta: str = "", byline_date: str = "") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Border talks resume in Geneva | The Daily Ledger</title>
{head_meta}
</head><body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/business">Business</a></li><li><a href="/subscribe">Subscribe now</a></li>
</ul></nav></header>
<main>
<article>
  <h1>Border talks resume in Geneva</h1>
  <p class="byline">By Anna Berg {byline_date}</p>
  {body}
</article>
<aside class="sidebar"><h3>Most read</h3><ul>
  <li><a href="/a">Celebrity chef opens third restaurant</a></li>
  <li><a href="/b">Ten tips for a cheaper summer holiday</a></li>
</ul></aside>
</main>
<footer><p>Copyright 2023 Daily Ledger Media Group. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/contact">Contact us</a></footer>
</body></html>"""


DATED_META = """
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:title" content="Border talks resume in Geneva">
<meta property="article:published_time" content="2023-03-14T09:30:00+00:00">
<link rel="canonical" href="https://www.dailyledger.example/world/border-talks-geneva">
"""


def test_article_text_without_navigation_or_footer():
    page = extract_html(news_page(DATED_META), "ledger.html")
    lines = page.text.splitlines()
    for paragraph in PARAGRAPHS:
        assert paragraph in lines  # one paragraph a line, characters (curly quotes) kept
    for boilerplate in ("Subscribe now", "Most read", "Celebrity chef", "Privacy policy", "rights"):
        assert boilerplate not in page.text


def test_metadata_from_meta_tags():
    page = extract_html(news_page(DATED_META), "ledger.html")
    assert page.title == "Border talks resume in Geneva"
    assert page.published == datetime.date(2023, 3, 14)
    assert page.source == "The Daily Ledger"
    assert page.url == "https://www.dailyledger.example/world/border-talks-geneva"


def test_bytes_use_the_page_charset():
    html = news_page(DATED_META).replace("utf-8", "windows-1252")
    page = extract_html(html.encode("windows-1252"), "ledger.html")
    assert "\u201cWe are closer than we have ever been,\u201d" in page.text


def test_page_without_a_date_has_no_date():
    page = extract_html(news_page(), "undated.html")
    assert page.published is None  # never today's date, nor the footer's copyright year
    assert PARAGRAPHS[0] in page.text


def test_date_in_the_byline_is_found():
    page = extract_html(news_page(byline_date="| 14 March 2023"), "byline.html")
    assert page.published == datetime.date(2023, 3, 14)


def test_dates_after_latest_date_are_rejected():
    config = HtmlConfig(latest_date=datetime.date(2023, 1, 1))
    page = extract_html(news_page(DATED_META), "ledger.html", config)
    assert page.published is None


@pytest.mark.parametrize(
    "html",
    [
        "",
        "just some words, no markup",
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a>"
        "</li><li><a href='/about'>About</a></li></ul></nav></body></html>",
        "<html><body><form action='/login'><label>Email</label><input name='email'>"
        "<label>Password</label><input type='password' name='pw'><button>Log in</button>"
        "</form></body></html>",
    ],
)
def test_page_without_an_article_is_an_error(html):
    with pytest.raises(IngestError, match="login.html: no article text found in the HTML"):
        extract_html(html, "login.html")


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        ("Die Verhandlungen über die Grenze wurden am Dienstag in Genf fortgesetzt. " * 4, "utf-8"),
        ("Переговоры о границе возобновились во вторник в Женеве, сообщил МИД. " * 4, "koi8-r"),
        ("国境をめぐる交渉が火曜日にジュネーブで再開されたと外務省が発表した。" * 6, "shift_jis"),
        ("Les négociations ont repris mardi à Genève, selon le ministère. " * 4, "iso-8859-1"),
    ],
)
def test_non_english_pages_in_their_own_encoding(text, charset):
    html = (
        f'<html><head><meta charset="{charset}"><title>t</title></head>'
        f"<body><article><p>{text}</p><p>{text}</p></article></body></html>"
    )
    page = extract_html(html.encode(charset), "foreign.html")
    assert text.strip() in page.text


def test_undecodable_bytes_do_not_crash():
    html = news_page(DATED_META).encode("utf-8") + b"\xff\xfe\x80 broken tail"
    page = extract_html(html, "broken.html")
    assert PARAGRAPHS[0] in page.text


def test_text_is_unicode_nfc():
    decomposed = "Le ministre a de\u0301clare\u0301 mardi que les ne\u0301gociations reprendront."
    html = f"<html><body><article><p>{decomposed}</p><p>{decomposed}</p></article></body></html>"
    page = extract_html(html, "nfd.html")
    assert "Le ministre a déclaré mardi que les négociations reprendront." in page.text
