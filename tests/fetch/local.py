"""A web server of the tests' own on 127.0.0.1 (never any other address), answering what each
test scripts and recording every request it receives."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from storyweave.fetch.config import FetchConfig


@dataclass
class Reply:
    """One scripted answer. `body` may be an iterable of chunks (written one by one, without a
    Content-Length, so the client must find the end itself)."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]  # names lower-cased


Route = Reply | Callable[[Received], Reply]


class LocalServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.received: list[Received] = []
        self.aborted = threading.Event()  # the client hung up while a body was being written
        self.release = threading.Event()  # set at teardown, freeing handlers that wait on it
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                seen = Received(self.path, {k.lower(): v for k, v in self.headers.items()})
                server.received.append(seen)
                route = server.routes.get(self.path, Reply(404, b"not found"))
                reply = route(seen) if callable(route) else route
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if isinstance(reply.body, bytes):
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    for chunk in reply.body:
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    server.aborted.set()

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep the test output clean

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [request.path for request in self.received]

    def close(self) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()


class FakeClock:
    """Time that passes only when slept; records every sleep."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0.0)

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        self.sleep(seconds)
        return stop.is_set()


# The test server is on 127.0.0.1, so the tests that talk to it allow private addresses; the
# guard itself is tested with it off.
LOCAL = FetchConfig(allow_private=True, min_interval_s=0.0, connect_timeout_s=5, read_timeout_s=5)
