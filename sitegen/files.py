"""The files of a folder, found in one walk, and what tells that a file changed."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

Stamp = tuple[int, int, int]  # a file's time stamp, size and change time (ns, bytes, ns)


def stamp(stat: os.stat_result) -> Stamp:
    """What tells that a file changed without reading it. The change time moves on every
    write, even one that sets the time stamp back and keeps the size."""
    return stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns


def written(stat: os.stat_result) -> tuple[int, int]:
    """What tells that nobody touched a file a build wrote: its time stamp and size (not
    its change time, which a build moves by linking the file from the next site)."""
    return stat.st_mtime_ns, stat.st_size


def stamp_of(path: str | Path) -> Stamp | None:
    """A file's stamp, or None where there is no file."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return stamp(found) if os.path.isfile(path) else None


def read(path: str, size: int) -> bytes:
    """A file's bytes, `size` the size its stamp gave (a file that grew since is read to
    its end all the same): one system call where `open` makes several."""
    fd = os.open(path, os.O_RDONLY)
    try:
        data = os.read(fd, size + 1)
        if len(data) <= size:
            return data
        chunks = [data]
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def walk(folder: str | Path, *, hidden: bool = True, follow: bool = False,
         strict: bool = False) -> Iterator[os.DirEntry]:
    """Every entry under `folder`, folders before what they hold (a folder that cannot be
    read is passed over, or, `strict`, an error); with `hidden` False, no entry whose name
    starts with '.'; with `follow`, the folders that links lead to too."""
    stack = [str(folder)]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                found = list(entries)
        except OSError:
            if strict:
                raise
            continue
        for entry in found:
            if not hidden and entry.name.startswith("."):
                continue
            yield entry
            if entry.is_dir(follow_symlinks=follow):
                stack.append(entry.path)


def relative(path: str, folder: str | Path) -> str:
    """`path` relative to `folder`, which holds it: os.path.relpath without its cost."""
    prefix = os.path.join(str(folder), "")
    return path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, folder)


def stamps(folder: Path, suffixes: tuple[str, ...]) -> list[tuple[str, Stamp]]:
    """The files under `folder` with one of the suffixes (hidden ones passed over), sorted,
    each with its stamp."""
    if not folder.is_dir():
        return []
    return sorted((entry.path, stamp(entry.stat())) for entry in walk(folder, hidden=False, follow=True)
                  if entry.name.endswith(suffixes) and entry.is_file())
