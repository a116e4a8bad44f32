"""`storyweave serve` as a person starts it: a real process, several workers over one store."""

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from .support import WRITE_TOKEN, post_articles


def test_serve_refuses_a_store_that_does_not_exist(run_cli, tmp_path):
    status, _, err = run_cli("serve", "--db", str(tmp_path / "typo.db"))
    assert status == 2 and "no store at" in err and not (tmp_path / "typo.db").exists()


def test_serve_help_names_the_safety_defaults(run_cli):
    status, out, _ = run_cli("serve", "--help")
    assert status == 0 and "127.0.0.1" in out and "STORYWEAVE_TOKEN" in out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_several_workers_share_one_store(store):
    port = free_port()
    environment = {**os.environ, "STORYWEAVE_TOKEN": WRITE_TOKEN}
    environment.pop("STORYWEAVE_READ_TOKEN", None)
    command = [sys.executable, "-m", "storyweave.cli", "serve", "--db", str(store)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "2"],
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None, server.stderr.read()
                try:
                    if client.get("/api/stories").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.3)
            article = {
                "id": "shared-1",
                "source": "Night Desk",
                "title": "Tugboat crews join the port strike",
                "published": "2026-03-17",
                "text": "Tugboat crews joined the dockers' strike on Tuesday, the union said. "
                "No ship has left the port since Saturday.",
            }
            assert post_articles(client, article).status_code == 201
        # Fresh connections land on either worker: every one sees the new article.
        for _ in range(8):
            with httpx.Client(base_url=base, timeout=30) as fresh:
                assert fresh.get("/api/articles/shared-1").status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    assert "write token" not in server.stderr.read()  # it was given, so nothing is printed
