"""Repeat reads answered from memory while the store is unchanged: every page and API answer
is made from the store alone, so an answer made at one store revision (store/base.py
`Store.revision`) is the answer to the same GET until anything is committed. This is what keeps
a story page fast under many readers: a kept answer skips routing, the store and rendering.

Every answer kept or not carries an ETag (a digest of its body) and `Cache-Control: no-cache`:
a client that sends it back in If-None-Match gets 304 and no body while the answer is the same.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyweave.web.cache import LRU

# Requests whose answers are never kept: the static files carry their own long Cache-Control
# (their links change with their content).
NOT_KEPT = ("/static/",)


@dataclass(frozen=True)
class Answer:
    """A whole 200 answer: its headers as the app sent them, its body and the body's ETag."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes


def weigh(answer: Answer) -> int:
    return len(answer.body) + sum(len(k) + len(v) for k, v in answer.headers) + 200


class KeptAnswers:
    """Pure ASGI middleware over the app.

    `revision()` is the store's revision (None: the store cannot tell, nothing is kept) and
    `may_read(scope)` whether the request may read (else the app answers it: 401, 403). While
    an answer is being made, the same request arriving meanwhile waits for it instead of
    making it again (after a write, sixteen readers of one story brief it once).
    """

    def __init__(
        self,
        app: ASGIApp,
        revision: Callable[[], object | None],
        may_read: Callable[[Scope], bool],
        max_bytes: int,
    ) -> None:
        self.app = app
        self.revision = revision
        self.may_read = may_read
        self.kept: LRU[Answer] = LRU(max_bytes, weigh)
        self._making: dict[Hashable, asyncio.Future[Answer | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "GET" or path.startswith(NOT_KEPT):
            await self.app(scope, receive, send)
            return
        if not self.may_read(scope):
            await self.app(scope, receive, send)
            return
        revision = self.revision()
        if revision is None:
            answer = await self._make(scope, receive, send)
            if answer is not None:
                await _replay(answer, scope, send)
            return
        key = (revision, path, scope.get("query_string", b""))
        answer = self.kept.get(key)
        if answer is None:
            making = self._making.get(key)
            if making is not None:
                answer = await asyncio.shield(making)
        if answer is None:
            answer = await self._make_and_keep(key, scope, receive, send)
            if answer is None:
                return  # the app's own answer (an error, a redirect) was sent as it came
        await _replay(answer, scope, send)

    async def _make_and_keep(
        self, key: Hashable, scope: Scope, receive: Receive, send: Send
    ) -> Answer | None:
        making: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._making[key] = making
        answer = None
        try:
            answer = await self._make(scope, receive, send)
            if answer is not None:
                self.kept.put(key, answer)
        finally:
            del self._making[key]
            making.set_result(answer)
        return answer

    async def _make(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """The app's answer when it is a whole 200 (not yet sent); anything else is passed
        on to `send` as it comes and None returned."""
        start: Message | None = None
        chunks: list[bytes] = []
        passed = False

        async def capture(message: Message) -> None:
            nonlocal start, passed
            if passed:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    passed = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:
                await send(message)

        await self.app(scope, receive, capture)
        if passed or start is None:
            return None
        body = b"".join(chunks)
        headers = tuple(
            (k, v)
            for k, v in start.get("headers", ())
            if k.lower() not in (b"etag", b"cache-control")
        )
        digest = hashlib.blake2b(body, digest_size=16).hexdigest()
        return Answer(headers, body, f'"{digest}"'.encode("ascii"))


async def _replay(answer: Answer, scope: Scope, send: Send) -> None:
    tags = (*answer.headers, (b"etag", answer.etag), (b"cache-control", b"no-cache"))
    if _matches(scope, answer.etag):
        kept = [(k, v) for k, v in tags if k.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": list(tags)})
    await send({"type": "http.response.body", "body": answer.body})


def _matches(scope: Scope, etag: bytes) -> bool:
    """Whether If-None-Match names `etag` (weak comparison, as RFC 9110 says for GET)."""
    for name, value in scope.get("headers", ()):
        if name == b"if-none-match":
            given = value.strip()
            if given == b"*":
                return True
            tags = (t.strip().removeprefix(b"W/") for t in given.split(b","))
            if etag in tags:
                return True
    return False
