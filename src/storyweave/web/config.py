"""What a server runs with: one frozen value, and the tokens that guard it."""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from dataclasses import asdict, dataclass

from storyweave.errors import ConfigError

WRITE_TOKEN_VARIABLE = "STORYWEAVE_TOKEN"
READ_TOKEN_VARIABLE = "STORYWEAVE_READ_TOKEN"
# How `storyweave serve` hands its config to uvicorn's worker processes (they import the app
# afresh and read it from here).
CONFIG_VARIABLE = "STORYWEAVE_SERVE_CONFIG"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class ServerConfig:
    db: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    # POST /api/articles: a larger body is refused with 413 before it is read.
    max_body_bytes: int = 10_000_000
    page_size: int = 20
    max_page_size: int = 100
    max_query_chars: int = 500
    # Host headers answered; None: the loopback names when bound to loopback (a page on
    # another site cannot reach the server by DNS rebinding), any host otherwise.
    allowed_hosts: tuple[str, ...] | None = None
    # Rendered story pages kept per worker (keyed by the story's version, so never stale).
    cached_pages: int = 256
    # Whole answers kept per worker while the store is unchanged (web/kept.py), in bytes.
    kept_answer_bytes: int = 64_000_000

    def hosts(self) -> tuple[str, ...]:
        """The Host header names answered; empty means any."""
        if self.allowed_hosts is not None:
            return self.allowed_hosts
        return LOOPBACK_NAMES if is_loopback(self.host) else ()

    def to_environment(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> ServerConfig:
        raw = os.environ.get(CONFIG_VARIABLE)
        if not raw:
            raise ConfigError(
                f"{CONFIG_VARIABLE} is not set: start the server with storyweave serve"
            )
        data = json.loads(raw)
        if data.get("allowed_hosts") is not None:
            data["allowed_hosts"] = tuple(data["allowed_hosts"])
        return cls(**data)


@dataclass(frozen=True)
class Access:
    """Who may do what: writes need `write_token`; with `read_token` set, reads need it (or
    the write token) too, else reads are open to whoever can reach the server."""

    write_token: str
    read_token: str | None = None

    @classmethod
    def from_environment(cls) -> tuple[Access, bool]:
        """The tokens from the environment; a write token is generated when none is set
        (the bool says so, for the one line that prints it)."""
        write = os.environ.get(WRITE_TOKEN_VARIABLE, "").strip()
        generated = not write
        read = os.environ.get(READ_TOKEN_VARIABLE, "").strip() or None
        return cls(write or secrets.token_urlsafe(24), read), generated


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
