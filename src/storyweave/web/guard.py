"""The outermost layer of the server: answers only the Host names it serves (a page on another
site that rebinds its DNS name to 127.0.0.1 gets nothing) and puts the security headers on
every answer."""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyweave.web.errors import error_body
from storyweave.web.safety import SECURITY_HEADERS

RAW_SECURITY_HEADERS = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in SECURITY_HEADERS.items()
)


class Guard:
    """Pure ASGI (no per-request task, unlike Starlette's BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp, hosts: Sequence[str] = ()) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.hosts and host_name(header_value(scope, b"host")) not in self.hosts:
            await _refuse(send, "this server does not answer for that Host name")
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Raw byte pairs, not MutableHeaders: this runs once per answer, kept ones too.
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in RAW_SECURITY_HEADERS if h[0] not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_guarded)


def host_name(host: str) -> str:
    """The Host header without its port: "[::1]:8000" -> "::1", "localhost:80" -> "localhost"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def header_value(scope: Scope, name: bytes) -> str:
    """The first value of a request header (`name` in lower case), "" when absent."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return ""


async def _refuse(send: Send, message: str) -> None:
    body = json.dumps(error_body(400, message)).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})
