"""What only a store file can suffer: a damaged page, a file that is not a store, a folder that
cannot be made, a file or folder that is read-only. Each is one StoreError naming the store and
saying what to do."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import traceback
from pathlib import Path

import pytest

from storyweave.errors import StoreError
from storyweave.ingest.loader import load_articles
from storyweave.model import Article, Event, Story
from storyweave.store import StoreConfig, open_store
from storyweave.store.schema import SCHEMA_VERSION

from .backends import make_old_store

FORK = multiprocessing.get_context("fork")
NOBODY = 65534


def _articles(count):
    return [
        Article(id=f"a{n}", text=f"Report {n} on the harbour crane inquiry. " * 20, origin=f"a{n}")
        for n in range(count)
    ]


def _store_with_articles(path, count=200):
    with open_store(str(path)) as store:
        load_articles(store, _articles(count))
        store.save_stories([Story("s1", "t", ("a0",), (Event("e1", "t", ("a0",)),))])


def _damage_table(path, table="articles"):
    """Overwrite the root page of `table` with garbage, as a bad disk sector would."""
    db = sqlite3.connect(path)
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xff" * page_size)


def test_a_new_store_file_is_created_with_the_current_schema_and_wal(tmp_path):
    path = tmp_path / "sub" / "s.db"
    with open_store(str(path)) as store:
        assert store.article_count() == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_that_is_not_a_store_gives_a_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="notes.db.*not an SQLite database.*another --db"):
        open_store(str(path))
    assert path.read_bytes() == b"this is not a database" * 100


def test_a_damaged_page_is_reported_when_the_store_is_opened(tmp_path):
    path = tmp_path / "s.db"
    _store_with_articles(path)
    _damage_table(path)
    with pytest.raises(StoreError) as raised:
        open_store(str(path))
    message = str(raised.value)
    assert f"store {path} is damaged" in message
    assert "restore it from a backup" in message and ".recover" in message
    assert "\n" not in message


def test_damage_found_while_working_is_reported_not_a_crash(tmp_path):
    """A store too big for the check on open: ingest and reading fail with the same
    StoreError instead of ingest reporting success and the next command crashing."""
    path = tmp_path / "s.db"
    _store_with_articles(path)
    _damage_table(path)
    unchecked = StoreConfig(quick_check_max_bytes=0)
    with open_store(str(path), unchecked) as store:
        with pytest.raises(StoreError, match="is damaged"):
            load_articles(store, [Article(id="new", text="A new report. " * 30, origin="n")])
        with pytest.raises(StoreError, match="is damaged"):
            store.articles()
        assert store.integrity_problems() != []


def test_a_folder_that_cannot_be_created_is_named(tmp_path):
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError) as raised:
        open_store(str(blocker / "2026" / "s.db"))
    message = str(raised.value)
    assert "cannot create its folder" in message and str(blocker) in message
    assert "give a --db path in a folder you can write" in message


def test_an_unknown_version_below_zero_is_refused(tmp_path):
    path = tmp_path / "s.db"
    open_store(str(path)).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = -3")
    db.close()
    with pytest.raises(StoreError, match="unknown schema version -3"):
        open_store(str(path))


# -- read-only files and folders: as root, the check runs in a child that is `nobody` ------


def _as_unprivileged(check, *args):
    """Run `check(*args)` where the store's file and folder cannot be written: in a forked
    child that gives up root (root may write anything), else as ourselves. Returns its
    result, or raises AssertionError with the child's traceback."""
    if os.geteuid() != 0:
        return check(*args)
    reader, writer = FORK.Pipe(duplex=False)

    def child():
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            writer.send(("ok", check(*args)))
        except BaseException:
            writer.send(("error", traceback.format_exc()))

    process = FORK.Process(target=child)
    process.start()
    status, value = reader.recv()
    process.join(timeout=30)
    if status != "ok":
        raise AssertionError(value)
    return value


@pytest.fixture
def shared_folder():
    """A folder an unprivileged child can reach (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="storyweave-ro-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _read_then_write(path):
    """What a reading command and then a writing one see."""
    with open_store(path) as store:
        seen = (len(store.articles()), [s.id for s in store.stories()])
        found = [i for i, _ in store.search_articles("inquiry", 3)]
        try:
            load_articles(store, [Article(id="new", text="A new report. " * 30, origin="n")])
        except StoreError as exc:
            return seen, found, str(exc)
        return seen, found, None


def _make_read_only(path: Path, folder_too: bool):
    path.chmod(0o444)
    if folder_too:
        path.parent.chmod(0o555)
    elif os.geteuid() == 0:
        os.chown(path.parent, NOBODY, -1)  # the folder is the reader's own, the file is not


@pytest.mark.parametrize("folder_too", [False, True], ids=["file", "folder"])
def test_a_read_only_store_can_be_read_and_refuses_the_first_write_clearly(
    shared_folder, folder_too
):
    store_dir = shared_folder / "store"
    store_dir.mkdir()
    path = store_dir / "s.db"
    _store_with_articles(path, count=5)
    _make_read_only(path, folder_too)
    try:
        seen, found, error = _as_unprivileged(_read_then_write, str(path))
    finally:
        store_dir.chmod(0o755)
    assert seen == (5, ["s1"])
    assert len(found) == 3
    assert error is not None and f"cannot write to store {path}" in error
    assert "read-only" in error and "still work" in error


def test_a_read_only_store_that_needs_an_upgrade_says_so(shared_folder):
    path = shared_folder / "old.db"
    make_old_store(str(path), SCHEMA_VERSION - 1)
    path.chmod(0o444)

    def try_open(p):
        try:
            open_store(p).close()
        except StoreError as exc:
            return str(exc)
        return None

    error = _as_unprivileged(try_open, str(path))
    assert error is not None and "needs upgrading" in error and "read-only" in error


def test_a_new_store_in_a_folder_that_cannot_be_written_is_refused(shared_folder):
    locked = shared_folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)

    def try_create(p):
        try:
            open_store(p).close()
        except StoreError as exc:
            return str(exc)
        return None

    try:
        error = _as_unprivileged(try_create, str(locked / "s.db"))
    finally:
        locked.chmod(0o755)
    assert error is not None and f"its folder {locked} is not writable" in error


def test_a_folder_given_as_the_store_is_refused_clearly(tmp_path):
    with pytest.raises(StoreError, match="it is a folder; give a file path"):
        open_store(str(tmp_path))
