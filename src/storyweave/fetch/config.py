"""Every limit the fetcher obeys, in one frozen value, so a watch run is configured in one place."""

from __future__ import annotations

from dataclasses import dataclass

from storyweave import __version__
from storyweave.ingest.reader import IngestConfig


@dataclass(frozen=True)
class FetchConfig:
    # Timeouts, per request. The read timeout bounds one wait for bytes, not the whole body;
    # max_fetch_s bounds the whole body, so a server trickling a byte a second cannot hold a
    # cycle for hours.
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    max_fetch_s: float = 60.0

    # Body limits. max_body_bytes counts bytes on the wire, max_decoded_bytes after gzip or
    # deflate; 20 MB matches the ingest limit for one HTML or text file (IngestConfig.max_bytes).
    max_body_bytes: int = 20_000_000
    max_decoded_bytes: int = 20_000_000
    # HTML and feeds compress 5-15x; a ratio over 100 once past 1 MiB is a decompression bomb
    # (a gzip of zeros reaches ~1000x).
    max_compression_ratio: float = 100.0
    ratio_check_after_bytes: int = 1_048_576

    max_redirects: int = 5  # RFC 9309 asks crawlers to follow at least five for robots.txt

    # Politeness per host: at least this long between two requests to the same host (a robots.txt
    # Crawl-delay lengthens it, up to max_crawl_delay_s).
    min_interval_s: float = 1.0
    max_crawl_delay_s: float = 30.0
    # On 429 or 500/502/503/504: retry up to max_retries times in the same cycle, waiting what
    # Retry-After asks, or backoff_s doubled each time when it says nothing. A server asking for
    # more than max_retry_after_s is left alone until then, and the fetch is tried next cycle.
    max_retries: int = 2
    backoff_s: float = 2.0
    max_retry_after_s: float = 60.0

    # robots.txt: cached this long (RFC 9309 section 2.4: at most 24 hours); after a failed read
    # (5xx, unreachable) the host is not asked again for robots_retry_s.
    robots_ttl_s: float = 86_400.0
    robots_retry_s: float = 300.0
    # RFC 9309 section 2.5: parse at least 500 KiB; anything past it is ignored, not refused.
    max_robots_bytes: int = 512_000

    # The SSRF guard. allow_private lets every address through (the CLI's --allow-private);
    # allow_networks exempts only the listed networks ("10.1.2.0/24"), e.g. one intranet server.
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()

    # Appended to the User-Agent, so a site operator can reach whoever runs the watch
    # ("+mailto:desk@example.org").
    contact: str | None = None


@dataclass(frozen=True)
class WatchConfig:
    fetch: FetchConfig = FetchConfig()
    ingest: IngestConfig = IngestConfig()
    # A feed entry whose text is shorter than this is taken for a summary, and its link is
    # followed to read the article itself; a longer one is the article. Feeds rarely say which
    # they carry: WordPress and most CMSs put a ~55-word excerpt (300-400 characters) in the
    # description, news sites a sentence or a paragraph; a full story is rarely under 1,000.
    # An article shorter than this is fetched from its page too, which costs one request and
    # reads the same text.
    summary_max_chars: int = 1000
    # Item keys remembered per feed: the items now in the feed are always kept, then the most
    # recent others up to this many.
    max_seen_items: int = 5000
    # A file changed less than this long ago may still be being written; it is read next cycle.
    settle_s: float = 2.0


ROBOTS_AGENT = "storyweave"
"""The product token robots.txt groups are matched against (RFC 9309 section 2.2.1)."""


def user_agent(config: FetchConfig) -> str:
    """The User-Agent header: the product token and version, plus the contact when given."""
    agent = f"{ROBOTS_AGENT}/{__version__}"
    return f"{agent} ({config.contact})" if config.contact else agent
