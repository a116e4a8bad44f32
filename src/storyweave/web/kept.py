"""Repeat reads answered from memory while the store is unchanged: every page and API answer
is made from the store alone, so an answer made at one store revision (store/base.py
`Store.revision`) is the answer to the same GET until anything is committed. This is what keeps
a story page fast under many readers: a kept answer skips routing, the store and rendering.

Every answer kept or not carries an ETag (a digest of its body) and `Cache-Control: no-cache`:
a client that sends it back in If-None-Match gets 304 and no body while the answer is the same.
A kept page or JSON answer is also compressed once (gzip), for the clients that accept it:
every browser does, and a story page is then a sixth of the bytes to send.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyweave.web.cache import LRU

# Requests whose answers are never kept: the static files carry their own long Cache-Control
# (their links change with their content).
NOT_KEPT = ("/static/",)
# Compressed once when kept: answers of at least this many bytes, of these media types.
MIN_COMPRESSED_BYTES = 1024
COMPRESSED_TYPES = (b"text/", b"application/json")


@dataclass(frozen=True)
class Answer:
    """A whole 200 answer: its headers as the app sent them, its body and the body's ETag,
    and the body gzipped when that is worth it (None: sent as it is to everyone)."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes
    gzipped: bytes | None = None

    @property
    def gzipped_etag(self) -> bytes:
        # Another representation, another tag (RFC 9110 8.8.3).
        return self.etag[:-1] + b'-gzip"'


def weigh(answer: Answer) -> int:
    extra = len(answer.gzipped) if answer.gzipped is not None else 0
    return len(answer.body) + extra + sum(len(k) + len(v) for k, v in answer.headers) + 200


def compressed(answer: Answer) -> Answer:
    """`answer` with its gzipped body when it is text or JSON that shrinks."""
    kind = next((v for k, v in answer.headers if k.lower() == b"content-type"), b"")
    if len(answer.body) < MIN_COMPRESSED_BYTES or not kind.startswith(COMPRESSED_TYPES):
        return answer
    packed = gzip.compress(answer.body, compresslevel=6, mtime=0)
    if len(packed) >= len(answer.body):
        return answer
    return Answer(answer.headers, answer.body, answer.etag, packed)


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
                answer = compressed(answer)
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
    body, etag, headers = answer.body, answer.etag, list(answer.headers)
    if answer.gzipped is not None:
        headers.append((b"vary", b"accept-encoding"))
        if _accepts_gzip(scope):
            body, etag = answer.gzipped, answer.gzipped_etag
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers += [(b"content-encoding", b"gzip"), (b"content-length", b"%d" % len(body))]
    headers += [(b"etag", etag), (b"cache-control", b"no-cache")]
    if _matches(scope, etag):
        skip = (b"content-length", b"content-type", b"content-encoding")
        kept = [(k, v) for k, v in headers if k.lower() not in skip]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _accepts_gzip(scope: Scope) -> bool:
    """Whether Accept-Encoding names gzip (or *) without q=0."""
    for name, value in scope.get("headers", ()):
        if name != b"accept-encoding":
            continue
        for item in value.lower().split(b","):
            coding, _, parameters = item.partition(b";")
            if coding.strip() in (b"gzip", b"*"):
                quality = parameters.replace(b" ", b"").removeprefix(b"q=")
                return quality.rstrip(b"0.") != b"" or not parameters.strip()
    return False


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
