"""Bytes a build makes early and needs late, kept where they cost little memory.

`Held` keeps them as they are (the preview, a small build). `Spill` puts them in a
temporary file that is already unlinked, so nothing is left behind, and reads them back by
position: a large build's source page bodies and open-data targets (about half a gigabyte
at 10,000 sources) are not held in memory, and the render workers forked later read them
through the same file.
"""
from __future__ import annotations

import os
import tempfile


class Held:
    """Keeps bytes in memory: the reference is the bytes."""

    def put(self, data: bytes) -> object:
        return data

    def get(self, ref: object) -> bytes:
        return ref  # type: ignore[return-value]

    def close(self) -> None:
        pass


class Spill(Held):
    """Keeps bytes in an unlinked temporary file: the reference is (offset, length)."""

    def __init__(self, folder: str | os.PathLike | None = None) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)  # unlinked: nothing stays behind
        self._fd = self._file.fileno()
        self._end = 0

    def put(self, data: bytes) -> object:
        at = self._end
        view = memoryview(data)
        while view:
            written = os.pwrite(self._fd, view, self._end)
            view = view[written:]
            self._end += written
        return (at, len(data))

    def get(self, ref: object) -> bytes:
        at, length = ref  # type: ignore[misc]
        return os.pread(self._fd, length, at)

    def close(self) -> None:
        self._file.close()
