"""The writer refuses any file name that would land outside the output folder, and a
second page on the same file."""
from __future__ import annotations

import pytest

from sitegen.write import WriteError, _target


@pytest.mark.parametrize("name", ["../x.html", "/etc/passwd", "a/../../x", "", "a\\..\\x"])
def test_names_outside_the_folder_are_refused(tmp_path, name):
    with pytest.raises(WriteError, match="outside the output folder"):
        _target(tmp_path, name, set(), set())


def test_two_pages_on_one_file_are_refused(tmp_path):
    written: set[str] = set()
    assert _target(tmp_path, "sources/x/index.html", written, set()) == \
        tmp_path / "sources" / "x" / "index.html"
    assert (tmp_path / "sources" / "x").is_dir()
    with pytest.raises(WriteError, match="two pages"):
        _target(tmp_path, "sources/x/index.html", written, set())


@pytest.mark.parametrize("where,refused", [
    ("/", "refusing to build into"), ("home", "refusing to build into"),
    ("project", "refusing to build into"), ("project/..", "refusing to build into"),
    ("foreign", "refusing to replace"), ("a file", "is a file, not a folder"),
    ("empty", ""), ("missing", ""), ("built before", ""),
])
def test_out_folders_that_would_lose_files_are_refused(tmp_path, where, refused):
    from pathlib import Path

    from sitegen.write import MARKER, check_out

    root = tmp_path / "project"
    root.mkdir()
    for name in ("foreign", "empty", "built before"):
        (tmp_path / name).mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("mine", "utf-8")
    (tmp_path / "built before" / MARKER).write_text("", "utf-8")
    (tmp_path / "built before" / "index.html").write_text("", "utf-8")
    (tmp_path / "a file").write_text("mine", "utf-8")
    out = {"/": Path("/"), "home": Path.home(), "project": root,
           "project/..": root / ".."}.get(where, tmp_path / where)
    problems = check_out(out, root)
    if refused:
        [problem] = problems
        assert problem.where.path == "--out" and refused in problem.message
        assert "choose" in problem.message or "empty it" in problem.message
    else:
        assert problems == []
