"""The ways a fetch fails, so the watch cycle can tell "try again next cycle" from "give up"."""

from __future__ import annotations

from storyweave.errors import FetchError


class FetchFailed(FetchError):
    """A URL was not fetched. `reason` is the user-facing sentence; `retry` says whether trying
    again later may succeed (a timeout, HTTP 503) or not (a refused address, HTTP 404)."""

    retry = False

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"cannot fetch {url}: {reason}")
        self.url = url
        self.reason = reason


class AddressRefused(FetchFailed):
    """The URL's scheme, form or resolved address is not allowed; nothing was sent."""


class RobotsRefused(FetchFailed):
    """The site's robots.txt disallows the URL for storyweave; nothing was sent to it."""


class BodyRefused(FetchFailed):
    """The response body is over a limit or cannot be decoded; reading stopped there."""


class StatusRefused(FetchFailed):
    """The server answered with a status that carries no document (404, 410, 501 ...)."""

    def __init__(self, url: str, reason: str, status: int) -> None:
        super().__init__(url, reason)
        self.status = status
        self.retry = status >= 500


class RetryLater(FetchFailed):
    """A failure that may pass: a timeout, a refused connection, HTTP 429 or 5xx after the
    retries, a robots.txt that could not be read."""

    retry = True
