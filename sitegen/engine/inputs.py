"""One key for everything a build reads (`input_digest`): a digest of the configuration
and of every file's bytes. The cache keeps it by the files' stamps, so the next build,
when no file was touched, has the key without reading a file."""
from __future__ import annotations

from dataclasses import astuple, replace
from pathlib import Path

from ..config import Config
from ..files import relative, stamp_of, stamps
from ..keys import digest
from .cache import Cache


def input_digest(config: Config, theme_dir: Path, cache: Cache | None = None) -> str:
    """One key for everything a build reads: the configuration, every source and annotation
    file, the home page's and the contributor page's texts, and the theme's files. Equal
    keys, equal sites. With a `cache`, the files are read only if one of them changed."""
    settings = repr(astuple(replace(config, root=Path("."))))
    folders = ((config.seeds_dir, (".md",)), (config.annotations_dir, (".yaml", ".yml")),
               (theme_dir, ("",)))
    found = [(folder, stamps(folder, suffixes)) for folder, suffixes in folders]
    pages = [(rel, config.root / rel) for rel in (config.intro, "CONTRIBUTING.md") if rel]
    known_by = ""
    if cache is not None and cache.enabled:
        lines = [f"{path}\0{s}" for _, listed in found for path, s in listed]
        lines += [f"{path}\0{stamp_of(path)}" for _, path in pages]
        known_by = digest(settings, "\n".join(lines))
        known = cache.load("inputs", known_by)
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
    if known_by:
        cache.store("inputs", known_by, key)
    return key
