"""One source, one name: spelling variants share a key, feed items are named by their own
domain, and site names come off the end of headlines."""

import pytest

from storyweave.ingest.source_names import registrable_domain, source_key, strip_site_suffix


@pytest.mark.parametrize(
    "variants",
    [
        ("PolitiFact", "Politifact", "POLITIFACT", "Politi-Fact", " Politi Fact. "),
        ("The Guardian", "the guardian", "The  Guardian", "THE GUARDIAN"),
        ("nytimes.com", "NYTimes.com", "www.nytimes.com"),
        ("Le Monde", "LE MONDE", "Le\u00a0Monde"),
        ("ＢＢＣ", "BBC"),  # full-width letters (NFKC)
    ],
)
def test_spelling_variants_share_a_key(variants):
    assert len({source_key(name) for name in variants}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("nytimes.com", "The New York Times"),  # another name, not another spelling
        ("The Times", "The New York Times"),
        ("—", "–"),  # names without letters never merge by accident
    ],
)
def test_different_names_stay_different(a, b):
    assert source_key(a) != source_key(b)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.bbc.co.uk/news/world-1", "bbc.co.uk"),
        ("https://edition.cnn.com/2024/x", "cnn.com"),
        ("http://WWW.Example.ORG/a", "example.org"),
        ("https://someone.blogspot.com/p", "someone.blogspot.com"),  # a private suffix
        ("https://intranet.local/x", "intranet.local"),  # unknown suffix: the host
        ("https://10.0.0.5/x", "10.0.0.5"),
        ("not a url", None),
        ("", None),
        (None, None),
    ],
)
def test_registrable_domain(url, domain):
    assert registrable_domain(url) == domain


@pytest.mark.parametrize(
    ("title", "source", "url", "stripped"),
    [
        ("Markets fall sharply - Digg", None, "https://digg.com/x", "Markets fall sharply"),
        ("Chip shortage eases | ZDNet", None, "https://www.zdnet.com/a", "Chip shortage eases"),
        ("Talks fail — The Guardian", None, "https://www.theguardian.com/w", "Talks fail"),
        ("Talks fail - Guardian", None, "https://www.theguardian.com/w", "Talks fail"),
        ("Talks fail - The New York Times", "The New York Times", None, "Talks fail"),
        ("Talks fail · Politi-Fact", "PolitiFact", None, "Talks fail"),
        # Not the source: the suffix is part of the headline.
        ("Review - A Triumph", "The Courier", "https://courier.example/r", "Review - A Triumph"),
        ("Covid-19 cases rise", None, "https://covid.example/x", "Covid-19 cases rise"),
        ("Digg", None, "https://digg.com/x", "Digg"),  # never emptied
        ("- Digg", None, "https://digg.com/x", "- Digg"),
    ],
)
def test_trailing_site_name_is_stripped_only_when_it_names_the_source(title, source, url, stripped):
    assert strip_site_suffix(title, source, url) == stripped
