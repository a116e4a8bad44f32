"""The demo store (examples/demo, ingested and briefed once per session) and a server over a
copy of it: in-process for the API tests, on a free loopback port for the browser."""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from storyweave.pipeline import open_workspace
from storyweave.web.app import create_app
from storyweave.web.config import Access, ServerConfig
from storyweave.web.server import prepare_store

from .support import WRITE_TOKEN

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The demo corpus ingested and briefed (the state `storyweave serve` starts from)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with open_workspace(str(path)) as ws:
        report = ws.ingest([str(DEMO)])
        assert report.added and not report.problems
    prepare_store(str(path))
    return path


@pytest.fixture
def store(demo_store, tmp_path) -> Path:
    """A copy of the demo store a test may write to."""
    copy = tmp_path / "store.db"
    shutil.copy(demo_store, copy)
    return copy


def server_config(db: Path, **changes) -> ServerConfig:
    # TestClient sends Host: testserver.
    values = {"allowed_hosts": ("testserver", "127.0.0.1"), **changes}
    return ServerConfig(db=str(db), **values)


@pytest.fixture
def make_client():
    """make_client(db, read_token=None, **config) -> a TestClient over a fresh app."""
    clients = []

    def make(db, read_token=None, **changes):
        app = create_app(server_config(db, **changes), Access(WRITE_TOKEN, read_token))
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client, store):
    return make_client(store)


@pytest.fixture
def live_server(store):
    """A real uvicorn server over a copy of the demo store on 127.0.0.1, on a port the OS
    chose; yields its base URL and stops it afterwards."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = ServerConfig(db=str(store), port=port)
    app = create_app(config, Access(WRITE_TOKEN))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()
