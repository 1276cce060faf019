"""files.read: a file's bytes whatever its size was when its stamp was taken."""
from __future__ import annotations

import pytest

from sitegen.files import read, stamp_of

CASES = [  # (bytes on disk, the size the stamp gave)
    (b"", 0),
    (b"quote: x\n", 9),  # as stamped
    (b"quote: x\n", 3),  # grew since the stamp
    (b"q" * 200_000, 10),  # grew past one read
    (b"quote: x\n", 400),  # shrank since the stamp
]


@pytest.mark.parametrize("data, size", CASES)
def test_read_gives_the_whole_file(tmp_path, data, size):
    path = tmp_path / "f.yaml"
    path.write_bytes(data)
    assert read(str(path), size) == data


def test_read_of_what_is_not_there_fails_as_open_does(tmp_path):
    assert stamp_of(tmp_path / "gone.yaml") is None
    with pytest.raises(FileNotFoundError):
        read(str(tmp_path / "gone.yaml"), 0)
