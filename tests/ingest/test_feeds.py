"""RSS and Atom: each entry an article; unsafe XML refused before any parser expands it."""

import datetime as dt

import pytest

from storyweave.ingest.feeds import FeedRefused, check_xml_safety, html_fragment_text, safe_id
from storyweave.ingest.reader import IngestConfig, IngestNote, read_inputs
from storyweave.model import Article, IngestProblem

RAW = IngestConfig(trim_boilerplate=False)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Daily Planet</title><link>https://planet.example</link>
<item>
  <title>Talks fail in Geneva</title>
  <link>https://planet.example/talks</link>
  <guid>https://planet.example/?p=123</guid>
  <pubDate>Tue, 05 Mar 2024 23:30:00 -0500</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>The minister said the <b>talks</b> failed.</p>
    <p>Both sides left.</p>]]></content:encoded>
</item>
<item>
  <title>Second story</title>
  <description>Only a summary, &amp; no markup.</description>
  <source url="https://wire.example/rss">Wire Service</source>
</item>
<item><title>Picture only</title><enclosure url="https://x/p.jpg" type="image/jpeg"/></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Times</title>
  <entry>
    <title>Atom entry</title>
    <id>tag:atom.example,2024:42</id>
    <link href="https://atom.example/42"/>
    <updated>2024-03-06T08:00:00Z</updated>
    <summary>Updated only, so that date is used.</summary>
  </entry>
</feed>
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_entries_become_articles(tmp_path):
    path = _write(tmp_path, "planet.xml", RSS)
    first, second, problem = read_inputs([str(path)], RAW)
    assert first == Article(
        id="planet.example-p-123",
        text="The minister said the talks failed.\nBoth sides left.",
        source="planet.example",  # the link's domain: a feed's title is not each item's source
        title="Talks fail in Geneva",
        url="https://planet.example/talks",
        published=dt.date(2024, 3, 5),  # the outlet's date, not the UTC day after
        origin=f"{path}#1",
    )
    assert second == Article(
        id="planet-2",
        text="Only a summary, & no markup.",
        source="Wire Service",
        title="Second story",
        origin=f"{path}#2",
    )
    assert str(problem) == (f"cannot read {path} entry 3: no text (neither content nor summary)")


def test_atom_entries_use_updated_date_and_safe_id(tmp_path):
    path = _write(tmp_path, "atom.txt", ATOM)  # sniffed from content, not the extension
    [article] = read_inputs([str(path)], RAW)
    assert article.id == "tag-atom.example-2024-42"
    assert (article.source, article.url) == ("atom.example", "https://atom.example/42")
    assert article.published == dt.date(2024, 3, 6)
    assert article.origin == f"{path}#1"


def test_entry_content_goes_through_boilerplate_trimming(tmp_path):
    feed = RSS.replace("<p>Both sides left.</p>", "<p>Both sides left.</p><p>Back To Top</p>")
    path = _write(tmp_path, "planet.xml", feed)
    first = next(read_inputs([str(path)]))
    assert "Back To Top" not in first.text
    assert "talks failed" in first.text


def test_slightly_malformed_feed_keeps_its_entries_with_a_note(tmp_path):
    broken = RSS.replace("Talks fail in Geneva", "Talks fail & stall")  # unescaped ampersand
    path = _write(tmp_path, "broken.xml", broken)
    items = list(read_inputs([str(path)], RAW))
    note = items[0]
    assert isinstance(note, IngestNote) and "not well-formed XML" in note.reason
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.title for a in articles] == ["Talks fail & stall", "Second story"]


def test_feed_with_nothing_recoverable_is_a_problem(tmp_path):
    path = _write(tmp_path, "junk.xml", '<?xml version="1.0"?>\n<rss><channel><title>x</ti')
    [problem] = read_inputs([str(path)], RAW)
    assert isinstance(problem, IngestProblem)
    assert problem.reason.startswith("not a well-formed RSS or Atom feed (")


def test_feed_without_entries_is_a_problem(tmp_path):
    path = _write(
        tmp_path, "empty.xml", '<rss version="2.0"><channel><title>T</title></channel></rss>'
    )
    [problem] = read_inputs([str(path)], RAW)
    assert problem.reason == "the feed has no entries"


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title>
<item><title>x</title><description>&lol3;</description></item></channel></rss>
"""


def test_billion_laughs_is_refused_without_expansion(tmp_path):
    path = _write(tmp_path, "bomb.xml", BOMB)
    [problem] = read_inputs([str(path)], RAW)
    assert "declares an XML entity" in problem.reason
    assert "billion laughs" in problem.reason


@pytest.mark.parametrize("target", ["file:///etc/passwd", "http://127.0.0.1:9/secret"])
def test_external_entities_are_refused_not_read_or_fetched(tmp_path, target):
    feed = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{target}">]>\n'
        "<rss version='2.0'><channel><title>T</title>"
        "<item><title>x</title><description>&xxe;</description></item></channel></rss>"
    )
    path = _write(tmp_path, "xxe.xml", feed)
    [problem] = read_inputs([str(path)], RAW)
    assert isinstance(problem, IngestProblem)
    assert f"refers to an external entity ({target})" in problem.reason
    assert "never fetches" in problem.reason


def test_entity_declaration_in_broken_xml_is_still_refused():
    data = b"<rss><channel>& oops<!DOCTYPE x [<!ENTITY a 'b'>]></channel></rss>"
    with pytest.raises(FeedRefused, match="declares XML entities"):
        check_xml_safety(data)


def test_public_doctype_of_rss_091_is_accepted(tmp_path):
    feed = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        '<rss version="0.91"><channel><title>Old</title>'
        "<item><title>Old item</title><description>Old text.</description></item>"
        "</channel></rss>"
    )
    path = _write(tmp_path, "old.rss", feed)
    [article] = read_inputs([str(path)], RAW)
    assert (article.text, article.source) == ("Old text.", "Old")


def test_safe_id_and_fragment_text():
    assert safe_id("https://www.x.com/a/b?c=1&d=2") == "x.com-a-b-c-1-d-2"
    assert safe_id("urn:uuid:1225c695-cfb8") == "urn-uuid-1225c695-cfb8"
    assert safe_id("///") == "entry"
    assert (
        html_fragment_text(
            "<p>One <b>bold</b>&nbsp;word.</p><script>x()</script><ul><li>a</li><li>b</li></ul>"
        )
        == "One bold word.\na\nb"
    )


AGGREGATOR = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Digg</title><link>https://digg.com</link>
<item><title>Markets fall sharply - Digg</title><link>https://digg.com/story/1</link>
  <description>Stocks fell on Monday as investors weighed the new tariffs announced.
  </description></item>
<item><title>Chip shortage eases | ZDNet</title><link>https://www.zdnet.com/article/2</link>
  <description>Suppliers said on Tuesday that lead times for chips had shortened.
  </description></item>
<item><title>Talks fail — The Guardian</title><link>https://www.theguardian.com/world/3</link>
  <description>The minister said the talks in Geneva had failed after three days.
  </description></item>
<item><title>Review - A Triumph</title><link>https://arts.example.org/4</link>
  <description>The new production opened to a standing ovation on Friday night.
  </description></item>
<item><title>No link here</title>
  <description>An item without a link keeps the feed's title as its source.</description></item>
</channel></rss>
"""


def test_items_without_a_source_are_named_by_their_links_domain(tmp_path):
    path = _write(tmp_path, "digg.xml", AGGREGATOR)
    articles = list(read_inputs([str(path)], RAW))
    assert [(a.source, a.title) for a in articles] == [
        ("digg.com", "Markets fall sharply"),
        ("zdnet.com", "Chip shortage eases"),
        ("theguardian.com", "Talks fail"),
        ("example.org", "Review - A Triumph"),  # "A Triumph" is not the source: kept
        ("Digg", "No link here"),
    ]


def test_unreadable_entry_date_is_said(tmp_path):
    feed = AGGREGATOR.replace(
        "<title>No link here</title>", "<title>No link here</title><pubDate>Friday</pubDate>"
    )
    path = _write(tmp_path, "digg.xml", feed)
    [note] = [i for i in read_inputs([str(path)], RAW) if isinstance(i, IngestNote)]
    assert str(note) == (
        f"note on {path} entry 5: the published date 'Friday' is not a date with a day, "
        "month and year; the article has no date"
    )
