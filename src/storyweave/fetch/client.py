"""Fetch one URL politely and safely: every hop vetted and pinned, robots.txt obeyed, hosts
paced, bodies bounded, and a conditional GET when validators are known.

robots.txt policy (RFC 9309 section 2.3.1): a robots.txt answered with 2xx is obeyed; one
answered with 4xx means the site has no rules, so everything is allowed (section 2.3.1.3). A 5xx,
a timeout, a refused connection or a refused address means the rules are unknown: the RFC asks
crawlers to assume complete disallow (section 2.3.1.4), so nothing is fetched from that site and
the watch tries again after robots_retry_s; a copy cached earlier is used meanwhile (section 2.4
allows it). A 429 is retried like any request, then counts as unreachable, as a site that is
rate-limiting its robots.txt is not saying "no rules".
"""

from __future__ import annotations

import ipaddress
import math
import ssl
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

import httpx

from storyweave.errors import ConfigError
from storyweave.fetch.addresses import (
    AddressPolicy,
    Resolver,
    VettedTarget,
    system_resolver,
    vet_url,
)
from storyweave.fetch.body import ACCEPT_ENCODING, BodyLimits, read_body
from storyweave.fetch.clock import SYSTEM_CLOCK, Clock
from storyweave.fetch.config import ROBOTS_AGENT, FetchConfig, user_agent
from storyweave.fetch.errors import (
    BodyRefused,
    FetchFailed,
    RetryLater,
    RobotsRefused,
    StatusRefused,
)
from storyweave.fetch.pacing import HostPacer, parse_retry_after
from storyweave.fetch.robots import RobotsRules, parse_robots
from storyweave.fetch.state import FetchState
from storyweave.fetch.transport import AddressPins, PinnedTransport

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRIED = frozenset({429, 500, 502, 503, 504})
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.9, "
    "text/plain;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True)
class Validators:
    """What a conditional GET sends back: the ETag and Last-Modified of the last 200."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> Validators:
        return cls(headers.get("etag"), headers.get("last-modified"))

    def to_record(self) -> dict[str, Any]:
        return {"etag": self.etag, "last_modified": self.last_modified}

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> Validators:
        record = record or {}
        return cls(record.get("etag"), record.get("last_modified"))


@dataclass(frozen=True)
class FetchResult:
    """One fetched document. `status` is 304 when the validators still hold; `body` is then
    empty. `final_url` is where the redirects led; `validators` are for the next request."""

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class FetchStats:
    """Counters for the report: requests sent (robots.txt, redirects and retries included)."""

    requests: int = 0
    not_modified: int = 0


class Fetcher:
    """An httpx client that fetches only what FetchConfig allows. Not thread-safe: one per watch.

    `resolver` and `clock` are injected for tests; `ssl_context` for a private CA.
    """

    def __init__(
        self,
        config: FetchConfig = FetchConfig(),
        *,
        resolver: Resolver = system_resolver,
        clock: Clock = SYSTEM_CLOCK,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        for network in config.allow_networks:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError as error:
                raise ConfigError(f"allow_networks: {error}") from None
        self.config = config
        self.stats = FetchStats()
        self._policy = AddressPolicy(config.allow_private, config.allow_networks)
        self._resolver = resolver
        self._clock = clock
        self._pins = AddressPins()
        self._pacer = HostPacer(config, clock)
        self._limits = BodyLimits.from_config(config)
        self._robots_limits = replace(
            self._limits, max_body_bytes=config.max_robots_bytes, truncate=True
        )
        self._robots_parsed: dict[str, tuple[float, RobotsRules]] = {}
        self._robots_retry_at: dict[str, float] = {}
        self._client = httpx.Client(
            transport=PinnedTransport(self._pins, ssl_context),
            timeout=httpx.Timeout(
                connect=config.connect_timeout_s,
                read=config.read_timeout_s,
                write=config.read_timeout_s,
                pool=config.connect_timeout_s,
            ),
            headers={"User-Agent": user_agent(config), "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,  # each hop is vetted here, not followed blindly
            trust_env=False,  # a proxy from the environment would connect where it likes
        )

    def fetch(
        self, url: str, state: FetchState, validators: Validators | None = None
    ) -> FetchResult:
        """The document at `url`, after robots.txt (cached in `state`) allows it.

        With `validators`, sends If-None-Match / If-Modified-Since and returns status 304 with
        an empty body when the server says nothing changed. Raises a FetchFailed subclass:
        AddressRefused (nothing sent), RobotsRefused, BodyRefused, StatusRefused, RetryLater.
        """
        return self._follow(url, state, validators, self._limits)

    def _follow(
        self,
        url: str,
        state: FetchState | None,
        validators: Validators | None,
        limits: BodyLimits,
    ) -> FetchResult:
        current = url
        for _hop in range(self.config.max_redirects + 1):
            target = vet_url(current, self._policy, self._resolver)
            if state is not None:  # None while fetching robots.txt itself
                self._check_robots(target, current, state)
            response = self._send(target, current, validators)
            try:
                status = response.status_code
                if status in _REDIRECTS and response.headers.get("location"):
                    current = _redirect_target(target, current, response.headers["location"])
                    continue
                if status == 304 and validators:
                    self.stats.not_modified += 1
                    return FetchResult(url, current, 304, b"", None, validators)
                if not 200 <= status < 300:
                    phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
                    raise StatusRefused(
                        current, f"the server answered HTTP {status}{phrase}", status
                    )
                body = self._read(response, current, limits)
                return FetchResult(
                    url,
                    current,
                    status,
                    body,
                    response.headers.get("content-type"),
                    Validators.from_headers(response.headers),
                )
            finally:
                response.close()
        raise FetchFailed(url, f"more than {self.config.max_redirects} redirects (max_redirects)")

    def _send(
        self, target: VettedTarget, url: str, validators: Validators | None
    ) -> httpx.Response:
        headers = {"Accept": _ACCEPT, **(validators.headers() if validators else {})}
        config = self.config
        for attempt in range(config.max_retries + 1):
            self._pacer.wait_turn(target.host, url)
            # Pinned now, right before sending: a robots.txt fetch in between may have vetted
            # (and pinned) this host again.
            self._pins.pin(target.host, target.port, target.address)
            request = self._client.build_request("GET", target.url, headers=headers)
            self.stats.requests += 1
            try:
                response = self._client.send(request, stream=True)
            except httpx.ConnectTimeout:
                raise RetryLater(
                    url,
                    f"could not connect within {config.connect_timeout_s:g} s (connect_timeout_s)",
                ) from None
            except httpx.TimeoutException:
                raise RetryLater(
                    url, f"no answer within {config.read_timeout_s:g} s (read_timeout_s)"
                ) from None
            except httpx.RemoteProtocolError as error:
                # httpx parses a redirect's Location even when not following it; a broken one
                # is the server's standing mistake, not a passing failure.
                if "location header" in str(error):
                    raise FetchFailed(
                        url, f"the redirect points to an invalid URL ({error})"
                    ) from None
                raise RetryLater(
                    url, f"could not reach {target.host} ({_describe(error)})"
                ) from None
            except httpx.TransportError as error:
                raise RetryLater(
                    url, f"could not reach {target.host} ({_describe(error)})"
                ) from None
            status = response.status_code
            if status not in _RETRIED:
                return response
            asked = parse_retry_after(response.headers.get("retry-after"), self._clock.time())
            response.close()
            delay = asked if asked is not None else config.backoff_s * 2**attempt
            self._pacer.back_off(target.host, delay)
            if delay > config.max_retry_after_s:
                raise RetryLater(
                    url,
                    f"the server answered HTTP {status} and asks to wait {math.ceil(delay)} s, "
                    f"longer than the {config.max_retry_after_s:g}-s cap (max_retry_after_s)",
                )
            if attempt == config.max_retries:
                raise RetryLater(url, f"the server answered HTTP {status} {attempt + 1} times")
        raise AssertionError("unreachable: the loop returns or raises")

    def _read(self, response: httpx.Response, url: str, limits: BodyLimits) -> bytes:
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > limits.max_body_bytes and not limits.truncate:
            raise BodyRefused(
                url,
                f"the body is {int(length):,} bytes, over the {limits.max_body_bytes:,}-byte "
                "limit (max_body_bytes); not read",
            )
        started = self._clock.monotonic()
        try:
            return read_body(
                response.iter_raw(),
                response.headers.get("content-encoding"),
                limits,
                url,
                lambda: self._clock.monotonic() - started,
            )
        except httpx.TimeoutException:
            raise RetryLater(
                url,
                f"the body stopped arriving for {self.config.read_timeout_s:g} s (read_timeout_s)",
            ) from None
        except httpx.TransportError as error:
            raise RetryLater(
                url, f"the connection broke while reading ({_describe(error)})"
            ) from None

    def _check_robots(self, target: VettedTarget, url: str, state: FetchState) -> None:
        rules = self._robots_rules(target, url, state)
        self._pacer.set_crawl_delay(target.host, rules.crawl_delay_s)
        if not rules.allows(target.url.raw_path.decode("ascii")):
            raise RobotsRefused(
                url, f"{target.origin}/robots.txt disallows it for {ROBOTS_AGENT}; nothing was sent"
            )

    def _robots_rules(self, target: VettedTarget, url: str, state: FetchState) -> RobotsRules:
        key = f"robots:{target.origin}"
        record = state.get(key)
        if record is not None and self._clock.time() - record["fetched_at"] < (
            self.config.robots_ttl_s
        ):
            return self._parsed_robots(key, record)
        if self._robots_retry_at.get(target.origin, -math.inf) > self._clock.monotonic():
            # The last read failed moments ago: the site is not asked again yet.
            if record is not None:
                return self._parsed_robots(key, record)
            raise self._robots_unreadable(target, url, "it could not be read moments ago")
        robots_url = str(target.url.join("/robots.txt"))
        try:
            result = self._follow(robots_url, None, None, self._robots_limits)
            text = result.body.decode("utf-8", errors="replace")
        except StatusRefused as error:
            if not 400 <= error.status < 500:
                return self._robots_failed(target, url, key, record, error)
            text = ""  # no robots.txt: the site sets no rules
        except FetchFailed as error:
            return self._robots_failed(target, url, key, record, error)
        record = {"fetched_at": self._clock.time(), "text": text}
        state.put(key, record)
        return self._parsed_robots(key, record)

    def _robots_failed(
        self,
        target: VettedTarget,
        url: str,
        key: str,
        record: dict[str, Any] | None,
        error: FetchFailed,
    ) -> RobotsRules:
        self._robots_retry_at[target.origin] = self._clock.monotonic() + self.config.robots_retry_s
        if record is not None:
            return self._parsed_robots(key, record)  # the stale copy, while the site is down
        raise self._robots_unreadable(target, url, error.reason)

    def _robots_unreadable(self, target: VettedTarget, url: str, why: str) -> RetryLater:
        return RetryLater(
            url,
            f"{target.origin}/robots.txt could not be read ({why}); nothing is fetched from a "
            "site whose rules are unknown",
        )

    def _parsed_robots(self, key: str, record: dict[str, Any]) -> RobotsRules:
        cached = self._robots_parsed.get(key)
        if cached is not None and cached[0] == record["fetched_at"]:
            return cached[1]
        rules = parse_robots(record["text"], ROBOTS_AGENT)
        self._robots_parsed[key] = (record["fetched_at"], rules)
        return rules

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _redirect_target(target: VettedTarget, url: str, location: str) -> str:
    try:
        return str(target.url.join(location).copy_with(fragment=None))
    except httpx.InvalidURL as error:
        raise FetchFailed(
            url, f"the redirect points to an invalid URL {location!r} ({error})"
        ) from None


def _describe(error: Exception) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
