"""Inputs to files: directories, patterns, links and missing paths."""

import os
from pathlib import Path

import pytest

from storyweave.ingest.sources import STDIN, InputFile, expand_inputs
from storyweave.model import IngestProblem


def _tree(root: Path, files: list[str]) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"text of {name}\n")


def _names(items, root: Path) -> list[str]:
    return [os.path.relpath(i.name, root) for i in items if isinstance(i, InputFile)]


def _problems(items) -> list[IngestProblem]:
    return [i for i in items if isinstance(i, IngestProblem)]


def test_directory_is_read_recursively_in_sorted_order_without_hidden_entries(tmp_path):
    _tree(tmp_path, ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.txt", ".hidden.txt",
                     ".git/config", "sub/.cache/x.txt"])  # fmt: skip
    items = list(expand_inputs([str(tmp_path)]))
    assert _names(items, tmp_path) == ["a.md", "b.txt", "sub/c.html", "sub/deeper/d.txt"]
    assert _problems(items) == []


def test_glob_patterns_are_expanded_including_recursive_double_star(tmp_path):
    _tree(tmp_path, ["a.txt", "b.md", "sub/c.txt", "sub/deeper/d.txt", "sub/e.md"])
    flat = list(expand_inputs([str(tmp_path / "*.txt")]))
    assert _names(flat, tmp_path) == ["a.txt"]
    deep = list(expand_inputs([str(tmp_path / "**" / "*.txt")]))
    assert _names(deep, tmp_path) == ["a.txt", "sub/c.txt", "sub/deeper/d.txt"]


def test_relative_pattern_matching_a_directory_reads_all_of_it(tmp_path, monkeypatch):
    _tree(tmp_path, ["data/one/a.txt", "data/one/deep/b.txt", "data/two.txt"])
    monkeypatch.chdir(tmp_path)
    items = list(expand_inputs(["data/o*"]))
    assert [i.name for i in items] == ["data/one/a.txt", "data/one/deep/b.txt"]


def test_pattern_matching_nothing_and_missing_path_are_problems(tmp_path):
    items = list(expand_inputs([str(tmp_path / "*.nothing"), str(tmp_path / "missing.txt")]))
    assert [str(p) for p in items] == [
        f"cannot read {tmp_path / '*.nothing'}: no file matches this pattern",
        f"cannot read {tmp_path / 'missing.txt'}: no such file or directory",
    ]


def test_existing_path_with_pattern_characters_is_taken_literally(tmp_path):
    _tree(tmp_path, ["report [final].txt", "report f.txt"])
    items = list(expand_inputs([str(tmp_path / "report [final].txt")]))
    assert _names(items, tmp_path) == ["report [final].txt"]


def test_same_file_named_twice_is_read_once(tmp_path):
    _tree(tmp_path, ["a.txt"])
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    items = list(expand_inputs([str(tmp_path / "a.txt"), str(tmp_path)]))
    assert _names(items, tmp_path) == ["a.txt"]


def test_directory_link_loop_terminates_and_reads_each_file_once(tmp_path):
    _tree(tmp_path, ["top/a.txt", "top/sub/b.txt"])
    (tmp_path / "top" / "sub" / "back").symlink_to(tmp_path / "top")
    items = list(expand_inputs([str(tmp_path / "top")]))
    assert _names(items, tmp_path) == ["top/a.txt", "top/sub/b.txt"]
    [problem] = _problems(items)
    assert problem.input.endswith("back") and "loop" in problem.reason
    # The same tree through a recursive pattern must terminate too.
    pattern = list(expand_inputs([str(tmp_path / "top" / "**" / "*.txt")]))
    assert _names(pattern, tmp_path) == ["top/a.txt", "top/sub/b.txt"]


@pytest.mark.parametrize("target", ["nowhere.txt", "self.txt"])
def test_broken_or_self_looping_file_link_is_a_problem(tmp_path, target):
    _tree(tmp_path, ["ok.txt"])
    (tmp_path / "self.txt").symlink_to(tmp_path / target)
    items = list(expand_inputs([str(tmp_path)]))
    assert _names(items, tmp_path) == ["ok.txt"]
    [problem] = _problems(items)
    assert problem.input == str(tmp_path / "self.txt")
    assert "broken or looping symbolic link" in problem.reason


def test_fifo_is_refused_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    [problem] = list(expand_inputs([str(tmp_path / "pipe")]))
    assert "not a regular file" in problem.reason


def test_stdin_is_an_input_once(tmp_path):
    items = list(expand_inputs([STDIN, STDIN]))
    assert items[0] == InputFile("-", None)
    assert "more than once" in items[1].reason
