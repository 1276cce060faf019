"""What a build reads: the project's files, found in one scan of each folder, and one key
for them all.

The key (`input_digest`) is a digest of the configuration and of every file's bytes. The
cache keeps it by the files' stamps (size and time stamps), so the next build, when no file
was touched, has the key without reading a file.
"""
from __future__ import annotations

import os
from dataclasses import astuple, replace
from pathlib import Path

from .cache import Cache, digest
from .config import Config

Stamp = tuple[int, int, int]  # a file's time stamp, size and change time (ns, bytes, ns)


def stamp(stat: os.stat_result) -> Stamp:
    """What tells that a file changed without reading it. The change time moves on every
    write, even one that sets the time stamp back."""
    return stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns


def files(folder: Path, suffixes: tuple[str, ...]) -> list[tuple[str, Stamp]]:
    """The files under `folder` with one of the suffixes (hidden ones skipped), sorted, each
    with its stamp: one directory scan, no second look at each file."""
    found = []
    stack = [str(folder)] if folder.is_dir() else []
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    stack.append(entry.path)
                elif entry.name.endswith(suffixes) and entry.is_file():
                    found.append((entry.path, stamp(entry.stat())))
    return sorted(found)


def relative(path: str, folder: str | Path) -> str:
    """`path` relative to `folder`, which holds it: os.path.relpath without its cost."""
    prefix = os.path.join(str(folder), "")
    return path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, folder)


def input_digest(config: Config, theme_dir: Path, cache: Cache | None = None) -> str:
    """One key for everything a build reads: the configuration, every source and annotation
    file, the home page's and the contributor page's texts, and the theme's files. Equal
    keys, equal sites. With a `cache`, the files are read only if one of them changed."""
    settings = repr(astuple(replace(config, root=Path("."))))
    folders = ((config.seeds_dir, (".md",)), (config.annotations_dir, (".yaml", ".yml")),
               (theme_dir, ("",)))
    found = [(folder, files(folder, suffixes)) for folder, suffixes in folders]
    pages = [(rel, config.root / rel) for rel in (config.intro, "CONTRIBUTING.md") if rel]
    stamps = ""
    if cache is not None and cache.enabled:
        lines = [f"{path}\0{s}" for _, listed in found for path, s in listed]
        lines += [f"{path}\0{_stamp_of(path)}" for _, path in pages]
        stamps = digest(settings, "\n".join(lines))
        known = cache.load("inputs", stamps)
        if isinstance(known, str):
            return known
    parts: list[str | bytes] = [settings]
    for folder, listed in found:
        for path, _ in listed:
            with open(path, "rb") as file:
                parts += [relative(path, folder), file.read()]
    for rel in (config.intro, "CONTRIBUTING.md"):
        path = config.root / rel
        parts += [rel, path.read_bytes() if rel and path.is_file() else b""]
    key = digest(*parts)
    if stamps:
        cache.store("inputs", stamps, key)
    return key


def _stamp_of(path: Path) -> Stamp | None:
    try:
        return stamp(path.stat()) if path.is_file() else None
    except OSError:
        return None
