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
