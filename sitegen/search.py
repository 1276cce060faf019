"""The search index: Pagefind (the binary of the pagefind[bin] package) indexes the written
pages and puts its bundle (index and search UI) into the site folder, so search works from
any static host with no server.

The binary is run as a command, which returns once every file is on disk; the package's
async service API was seen to return before large files were fully written."""
from __future__ import annotations

import subprocess
from pathlib import Path

from .diagnostics import Diagnostic, Location, error

BUNDLE = "pagefind"


def index(folder: Path) -> list[Diagnostic]:
    """Index the pages written in `folder` (the parts marked data-pagefind-body) and write
    the search bundle into `folder`/pagefind/."""
    return index_into(folder, folder)


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
