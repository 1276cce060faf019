"""Whether an output folder already holds the site of the inputs, and what of it is still as
a build wrote it.

The cache keeps two records: the site built from each set of inputs (`Kept`: each page by
the key of its HTML), and, for each output folder, what the last build left in it
(`Written`: the inputs' key and every file's size and time stamp). A folder whose record
names these inputs and whose files all still match it is up to date: nothing to do.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .. import urls
from ..files import walk, written
from ..keys import digest
from .cache import Cache
from ..config import Config
from ..diagnostics import Diagnostic
from .inputs import input_digest

Listing = dict[str, tuple[int, int]]  # site-relative file: files.written of it


@dataclass(frozen=True)
class Kept:
    """A built site as the cache keeps it: each page by the key of its HTML, the assets,
    what the build reported, and the key of each part of its search index."""

    pages: tuple[tuple[str, str], ...]  # (url, key of the HTML among the "html" entries)
    assets: tuple[tuple[str, str], ...]  # (source file, site-relative file)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)  # the search index's, by folder

    def files(self) -> dict[str, str]:
        """The key of each page's file, by its site-relative path."""
        return {urls.file_of(url): key for url, key in self.pages}

    def page_count(self) -> int:
        """The HTML pages among the files."""
        return sum(urls.is_page(url) for url, _ in self.pages)


@dataclass(frozen=True)
class Written:
    """What a build left in an output folder: the inputs it was built from, every file's
    size and time stamp (what tells that nobody touched it), the key of each page's HTML by
    file, and the key of each part of the search index by its folder."""

    inputs: str
    listing: Listing
    files: dict[str, str]
    parts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Look:
    """An output folder against the inputs: their key, what the last build left in the
    folder and what is there now, and the site of these inputs if the cache has it whole."""

    inputs: str
    before: Written | None
    listing: Listing
    kept: Kept | None

    @property
    def up_to_date(self) -> bool:
        return (self.kept is not None and self.before is not None
                and self.before.inputs == self.inputs and self.before.listing == self.listing)

    @cached_property
    def unchanged(self) -> set[str]:
        """Every file of the folder still as written."""
        if self.before is None:
            return set()
        return {file for file, seen in self.before.listing.items() if self.listing.get(file) == seen}

    @cached_property
    def same(self) -> dict[str, str]:
        """The pages of the folder still as written, by the key of their HTML."""
        if self.before is None:
            return {}
        return {file: key for file, key in self.before.files.items() if file in self.unchanged}


def look(config: Config, out: Path, cache: Cache) -> Look:
    """`out` against the project's inputs, by the records `cache` keeps."""
    inputs = input_digest(config, config.theme_dir, cache)
    before = cache.load("out", record_key(out))
    kept = cache.load("site", inputs)
    if not isinstance(kept, Kept) or not all(os.path.isfile(src) for src, _ in kept.assets):
        kept = None
    return Look(inputs, before if isinstance(before, Written) else None, listing(out), kept)


def record_key(out: Path) -> str:
    """The key of the record of what was written in `out`: salted like every key, so that
    another version of sitegen does not read the record this one wrote."""
    return digest("out", str(out.resolve()))


def listing(out: Path) -> Listing:
    """Every file under `out` with its size and time stamp: what tells that nobody touched it."""
    found = {}
    start = len(os.path.join(str(out), ""))
    for entry in walk(out):
        if not entry.is_dir(follow_symlinks=False):
            found[entry.path[start:]] = written(entry.stat(follow_symlinks=False))
    return found
