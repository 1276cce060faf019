"""The pages of the last build kept in the build cache, each under its key, so that a build
without the last site (a new checkout with the cache restored, as the deploy builds)
renders none that is unchanged.

A kept page is the very file the build wrote, hard linked into `.sitegen-cache/pages/`:
it takes no room of its own beside the site, and is linked into the next site in turn.
Each is kept with its size and time stamp (to the second: what a cache restored from an
archive keeps): one that no longer has them was changed in place and is not used. The
folder holds one build's pages: the rest are removed when the build ends.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

Stamp = tuple[int, int]  # size, time stamp in seconds


def _stamp(stat: os.stat_result) -> Stamp:
    return stat.st_size, int(stat.st_mtime)


class KeptPages:
    """The pages kept in `folder` by key, with the stamp each was kept with (`stamps`)."""

    def __init__(self, folder: Path, stamps: dict[str, Stamp] | None = None):
        self.folder = folder
        self.stamps = dict(stamps or {})

    def find(self, key: str) -> str | None:
        """The file of the page kept under `key`, if it is as it was kept."""
        kept = self.stamps.get(key)
        if kept is None:
            return None
        path = os.path.join(self.folder, key)
        try:
            return path if _stamp(os.stat(path)) == kept else None
        except OSError:
            return None

    def keep(self, site: Path, pages: Iterable[tuple[str, str]]) -> None:
        """Keep the pages (site-relative file, key) of the built `site`, linked, and only
        those: the others are removed."""
        wanted = {key: file for file, key in pages if key}
        self.folder.mkdir(parents=True, exist_ok=True)
        present = set(os.listdir(self.folder))
        for name in present - wanted.keys():
            os.unlink(os.path.join(self.folder, name))
        stamps = {}
        for key, file in wanted.items():
            path = os.path.join(self.folder, key)
            try:
                if key in present:
                    found = _stamp(os.stat(path))
                    if found == self.stamps.get(key):
                        stamps[key] = found
                        continue
                    os.unlink(path)  # changed in place: kept afresh
                os.link(site / file, path)
                stamps[key] = _stamp(os.stat(path))
            except OSError:
                continue  # another file system, or gone: not kept
        self.stamps = stamps
