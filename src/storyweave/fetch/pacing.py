"""Politeness per host: a minimum gap between requests, and the waits a 429 or 503 asks for.

Kept in memory for the life of one Fetcher (one `watch` process); a host that asked for a long
pause is asked again no sooner in the same process, and a new process starts afresh.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math

from storyweave.fetch.clock import Clock
from storyweave.fetch.config import FetchConfig
from storyweave.fetch.errors import RetryLater


class HostPacer:
    def __init__(self, config: FetchConfig, clock: Clock) -> None:
        self._config = config
        self._clock = clock
        self._last_sent: dict[str, float] = {}
        self._not_before: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        if seconds is None:
            self._crawl_delay.pop(host, None)
        else:
            self._crawl_delay[host] = min(seconds, self._config.max_crawl_delay_s)

    def interval_s(self, host: str) -> float:
        return max(self._config.min_interval_s, self._crawl_delay.get(host, 0.0))

    def wait_turn(self, host: str, url: str) -> None:
        """Sleep until `host` may be sent the next request; raise RetryLater (sending nothing)
        when it asked to be left alone for longer than max_retry_after_s."""
        now = self._clock.monotonic()
        ready = self._not_before.get(host, 0.0)
        if ready - now > self._config.max_retry_after_s:
            raise RetryLater(
                url,
                f"{host} asked to be left alone for another {math.ceil(ready - now)} s; "
                "nothing is sent to it before then",
            )
        if host in self._last_sent:
            ready = max(ready, self._last_sent[host] + self.interval_s(host))
        if ready > now:
            self._clock.sleep(ready - now)
        self._last_sent[host] = self._clock.monotonic()

    def back_off(self, host: str, seconds: float) -> None:
        """Send nothing more to `host` for `seconds` from now."""
        until = self._clock.monotonic() + seconds
        self._not_before[host] = max(self._not_before.get(host, 0.0), until)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds ("120") or an HTTP date
    (RFC 9110 section 10.2.3) relative to `now` (Unix seconds); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are always GMT
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)
