"""The search index: Pagefind (the binary of the pagefind[bin] package) indexes the written
pages and puts its bundle (index and search UI) into the site folder, so search works from
any static host with no server.

The binary is run as a command, which returns once every file is on disk; the package's
async service API was seen to return before large files were fully written."""
from __future__ import annotations

import subprocess
from pathlib import Path

from .cache import Cache
from .diagnostics import Diagnostic, Location, error

BUNDLE = "pagefind"


def index(folder: Path, cache: Cache | None = None, key: str = "") -> list[Diagnostic]:
    """Index the pages written in `folder` (the parts marked data-pagefind-body) and write
    the search bundle into `folder`/pagefind/. With a `cache` and the `key` of the pages
    (what they all hold), the bundle of an earlier build of the same pages is reused."""
    bundle = folder / BUNDLE
    kept = cache.load("search", key) if cache is not None and key else None
    if kept is not None:
        for name, data in kept.items():
            (bundle / name).parent.mkdir(parents=True, exist_ok=True)
            (bundle / name).write_bytes(data)
        return []
    problems = index_into(folder, folder)
    if not problems and cache is not None and key:
        cache.store("search", key, {p.relative_to(bundle).as_posix(): p.read_bytes()
                                    for p in sorted(bundle.rglob("*")) if p.is_file()})
    return problems


def index_into(folder: Path, into: Path) -> list[Diagnostic]:
    """Index the pages of `folder`; write the bundle into `into`/pagefind/."""
    where = Location(BUNDLE, 1, 1)
    try:
        from pagefind_bin import get_executable

        run = subprocess.run([str(get_executable()), "--site", str(folder), "--output-path",
                              str(into / BUNDLE), "--force-language", "en", "--silent"],
                             capture_output=True, text=True, timeout=600, check=False)
    except (ImportError, FileNotFoundError, OSError, subprocess.SubprocessError) as exc:
        return [error(where, f"the search index could not be built: {exc}; is the "
                             "pagefind[bin] package installed?")]
    if run.returncode != 0 or not (into / BUNDLE / "pagefind.js").is_file():
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no bundle written"]
        return [error(where, f"the search index could not be built: {detail[0]}")]
    return []
