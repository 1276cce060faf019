"""The search index: Pagefind indexes the written pages and puts its bundle (index and
search UI) into the site folder, so search works from any static host with no server."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .diagnostics import Diagnostic, Location, error

BUNDLE = "pagefind"


async def _index(folder: Path, into: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language="en", output_path=str(into / BUNDLE))
    async with PagefindIndex(config=config) as index:
        # One request for the whole folder: the service answers each request after a poll
        # interval, so a request per page would cost a tenth of a second each.
        await index.add_directory(str(folder))


def index(folder: Path) -> list[Diagnostic]:
    """Index the pages written in `folder` (the parts marked data-pagefind-body) and write
    the search bundle into `folder`/pagefind/."""
    return index_into(folder, folder)


def index_into(folder: Path, into: Path) -> list[Diagnostic]:
    """Index the pages of `folder`; write the bundle into `into`/pagefind/."""
    try:
        # In a thread of its own, so that a caller's running event loop (the preview
        # server's, say) does not stand in the way of Pagefind's.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, _index(folder, into)).result()
    except Exception as exc:  # the service is a subprocess: any failure is reported, not raised
        return [error(Location(BUNDLE), f"the search index could not be built: {exc}")]
    if not (into / BUNDLE / "pagefind.js").is_file():
        return [error(Location(BUNDLE), "the search index could not be built: Pagefind wrote "
                                        "no bundle; is the pagefind[bin] package installed?")]
    return []
