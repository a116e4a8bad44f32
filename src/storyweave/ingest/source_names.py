"""Source names compared the same way everywhere, because independent-source counts depend on
"PolitiFact" and "Politifact" being one source and sixty outlets of one feed being sixty.

`source_key` is the one comparison key; `registrable_domain` names a source by its link when
nothing else does; `strip_site_suffix` takes the site name off a headline ("... | ZDNet").
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from tld import get_tld


def source_key(name: str) -> str:
    """The key under which two spellings of a source name are the same source.

    Case, spacing, punctuation and compatibility forms are ignored: "PolitiFact", "Politifact",
    "POLITI-FACT" and "Politi Fact" share the key "politifact"; a leading "www." goes, so
    "www.nytimes.com" and "nytimes.com" match. Different names for one outlet ("nytimes.com"
    and "The New York Times") are not merged: that needs knowledge of outlets, not spelling.
    A name with no letter or digit keys on its case-folded self, so it is never merged with
    another such name by accident.
    """
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    folded = folded.removeprefix("www.")
    key = "".join(ch for ch in folded if ch.isalnum())
    return key or folded


def registrable_domain(url: str | None) -> str | None:
    """The domain a URL belongs to as its owner registered it: "https://www.bbc.co.uk/news/x"
    gives "bbc.co.uk", "https://edition.cnn.com/x" gives "cnn.com" (Public Suffix List, as
    bundled with the `tld` package; nothing is fetched).

    A host the list does not know (an intranet name, an IP address) is returned as it is,
    without "www.". None when the URL has no host.
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").removeprefix("www.")
    found = get_tld(f"http://{host}", as_object=True, fail_silently=True)
    domain = getattr(found, "fld", None)
    return domain or host or None


def _domain_label(domain: str) -> str | None:
    """The registered name without its public suffix: "theguardian" for "theguardian.com"."""
    found = get_tld(f"http://{domain}", as_object=True, fail_silently=True)
    return getattr(found, "domain", None) or None


# A separator before a trailing site name: a dash, bar, middle dot or colon with spaces on
# both sides (the hyphen of "Covid-19" or "Al-Jazeera" is not one).
_SEPARATOR = re.compile(r"\s+[-\u2013\u2014|\u00b7\u2022:]{1,2}\s+")
_MAX_SITE_WORDS = 6


def strip_site_suffix(title: str, source: str | None, url: str | None) -> str:
    """`title` without a trailing site name ("Markets fall - Digg" -> "Markets fall") when that
    name is the article's source or the registered name of its link's domain, compared with
    `source_key`, ignoring a leading "The" ("Guardian" matches theguardian.com).

    A general rule, not a list of sites: a trailing part that is not the source ("Review - A
    Triumph") stays. The title is never emptied.

    Known failure cases: a site named differently from its source and domain ("... - BBC News"
    on an item whose source is "BBC World") keeps its suffix; a prefix ("Digg: ...") stays.
    """
    match = next(reversed(list(_SEPARATOR.finditer(title))), None)  # the last separator
    if match is None:
        return title
    site = title[match.end() :].strip()
    head = title[: match.start()].rstrip()
    if not head or len(site.split()) > _MAX_SITE_WORDS:
        return title
    names = {_without_the(source_key(source))} if source else set()
    domain = registrable_domain(url)
    if domain:
        names.add(_without_the(source_key(domain)))
        label = _domain_label(domain)
        if label:
            names.add(_without_the(source_key(label)))
    names.discard("")
    return head if _without_the(source_key(site)) in names else title


def _without_the(key: str) -> str:
    return key.removeprefix("the") if len(key) > len("the") else key
