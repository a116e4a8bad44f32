"""An httpx transport whose connections go only to vetted addresses.

httpx would resolve the host again when it connects, and a DNS server under an attacker's
control can answer a public address to the check and 127.0.0.1 to the connection (DNS
rebinding). Here the connection pool keeps the URL's host name (so the Host header, the TLS
server name and certificate check, and connection reuse all stay per host), while the network
backend beneath it connects to the address vetted for that host and port, and to nothing else:
a host without a vetted address is never connected to.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import certifi
import httpcore
import httpx

from storyweave.fetch.errors import AddressRefused


class AddressPins:
    """host:port -> the vetted address its connections must use."""

    def __init__(self) -> None:
        self._pins: dict[tuple[str, int], str] = {}

    def pin(self, host: str, port: int, address: str) -> None:
        self._pins[(host.lower(), port)] = address

    def address_for(self, host: str, port: int) -> str:
        try:
            return self._pins[(host.lower(), port)]
        except KeyError:
            raise AddressRefused(
                f"{host}:{port}", "no vetted address for this host; refusing to resolve it here"
            ) from None


class _PinnedBackend(httpcore.NetworkBackend):
    def __init__(self, pins: AddressPins) -> None:
        self._pins = pins
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        # An IP literal: socket.create_connection below makes no DNS query for it.
        address = self._pins.address_for(host, port)
        return self._inner.connect_tcp(
            address,
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise AddressRefused(path, "storyweave does not fetch over Unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def default_ssl_context() -> ssl.SSLContext:
    """Certificates checked against certifi's roots, as httpx does by default."""
    return ssl.create_default_context(cafile=certifi.where())


class PinnedTransport(httpx.BaseTransport):
    """HTTP/1.1 over connections to pinned addresses; no proxy, no retries, no Unix sockets."""

    def __init__(
        self,
        pins: AddressPins,
        ssl_context: ssl.SSLContext | None = None,
        max_connections: int = 10,
    ) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or default_ssl_context(),
            max_connections=max_connections,
            network_backend=_PinnedBackend(pins),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors(request):
            core_response = self._pool.handle_request(core_request)
        assert isinstance(core_response.stream, Iterable)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_ResponseStream(core_response.stream, request),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes], request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors(self._request):
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


# httpcore's errors and the httpx errors callers catch; the first entry a raised error is an
# instance of wins, so subclasses come before their bases.
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    try:
        yield
    except Exception as error:
        for core_type, httpx_type in _ERRORS:
            if isinstance(error, core_type):
                raise httpx_type(str(error) or type(error).__name__, request=request) from error
        raise
