"""The writer refuses any file name that would land outside the output folder, and a
second page on the same file."""
from __future__ import annotations

import os

import pytest

from sitegen.output.write import WriteError, _target


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

    from sitegen.output.write import MARKER, check_out

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


@pytest.mark.parametrize("found", [
    {},  # a new folder
    {"a/index.html": "old a"},  # the page, with other bytes
    {"gone/index.html": "x", "gone/deep/f.txt": "y"},  # a page no longer in the site
    {"a/index.html": "old", "b/c/index.html": "old", "pagefind/x.pf": "old", "loose.txt": "z"},
    {"a/index.html/inside": "a folder where a page goes"},
    {"b": "a file where a folder goes"},
])
def test_filling_a_folder_leaves_exactly_the_site_and_writes_no_file_through(tmp_path, found):
    """Whatever a folder held (the spare of an earlier build), filling it leaves the site's
    files, and a file found there is replaced, never written through: it may be a hard
    link to a file of the site being replaced."""
    from sitegen.model import Page, Site
    from sitegen.output.write import MARKER, Filler

    folder, keep = tmp_path / "folder", tmp_path / "elsewhere"
    keep.mkdir()
    for i, (name, text) in enumerate(found.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (keep / str(i)).write_text(text, "utf-8")
        os.link(keep / str(i), path)  # shared with a file outside
    folder.mkdir(exist_ok=True)
    site = Site((Page("a/", "<p>a</p>"), Page("b/c/", "<p>c</p>")), ())
    filler = Filler(folder)
    for page in site.pages:
        filler.page(page)
    filler.close(site.assets)
    files = {p.relative_to(folder).as_posix(): p.read_text("utf-8")
             for p in folder.rglob("*") if p.is_file()}
    assert files.pop(MARKER)
    assert files == {"a/index.html": "<p>a</p>", "b/c/index.html": "<p>c</p>"}
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()} == {"a", "b", "b/c"}
    assert [(keep / str(i)).read_text("utf-8") for i in range(len(found))] == list(found.values())
