"""HTTPS to a pinned address: the TLS server name and the certificate check use the URL's host,
not the IP the connection goes to. A certificate of the test's own making, on 127.0.0.1."""

import shutil
import ssl
import subprocess

import pytest

from storyweave.fetch.client import Fetcher
from storyweave.fetch.errors import RetryLater
from storyweave.fetch.state import MemoryFetchState

from .local import LOCAL, LocalServer, Reply

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI")


@pytest.fixture
def certificate(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=news.test", "-addext", "subjectAltName=DNS:news.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(certificate):
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    local = LocalServer(tls=context)
    local.server_names = names
    yield local
    local.close()


def test_https_to_the_pinned_address_sends_the_host_name_and_checks_its_certificate(
    tls_server, certificate
):
    tls_server.routes["/a"] = Reply(200, b"secure")
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    with Fetcher(LOCAL, resolver=lambda host, port: ["127.0.0.1"], ssl_context=trust) as fetcher:
        result = fetcher.fetch(tls_server.url("/a", host="news.test"), MemoryFetchState())
    assert result.body == b"secure"
    assert set(tls_server.server_names) == {"news.test"}
    assert tls_server.received[-1].headers["host"] == f"news.test:{tls_server.port}"


def test_a_certificate_for_another_name_is_not_accepted(tls_server, certificate):
    tls_server.routes["/a"] = Reply(200, b"secure")
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    with (
        Fetcher(LOCAL, ssl_context=trust) as fetcher,
        pytest.raises(RetryLater, match="CERTIFICATE"),
    ):
        fetcher.fetch(tls_server.url("/a"), MemoryFetchState())
    assert tls_server.received == []
