"""A checked project made into its site: its pages rendered and written into a folder
beside the output (the spare of the last build, where the cache keeps one), the search
index added, the folder swapped in whole; and what the cache then keeps of the site, so
that the next build with nothing changed writes nothing."""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import urls
from ..config import Config
from ..diagnostics import Diagnostic, Location, error, has_errors
from ..keys import digest
from ..model import Site
from ..output import search
from ..output.kept import KeptPages
from ..output.write import Staging, WriteError
from ..stages.documents import term_document
from ..stages.pages.kinds import Making
from ..stages.theme import Theme
from .cache import Cache
from .fresh import Kept, Look, Written, listing, record_key
from .render import render_pages
from .runner import Runner
from .site import site_jobs
from .spill import Held, Parts, Spill

SPILL_FROM = 200  # sources: a build of more puts its surveys' long parts aside on disk


@dataclass
class Published:
    """What writing the site gave: the site, the problems, its pages, the files written."""

    site: Site | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    written: tuple[str, ...] = ()


class Swap:
    """The output written as a whole (output.write.Staging): pages into a folder beside it,
    swapped in at the end with the search index, or dropped."""

    long = True  # the open data is written with the pages

    def __init__(self, out: Path, seen: Look | None, cache: Cache | None):
        spare = cache.folder / "spare" if cache is not None else None
        self.kept = KeptPages(cache.folder / "pages", cache.load("pages", "stamps")) \
            if cache is not None else None
        self.staging = Staging(out, seen.same if seen else {}, spare, self.kept)
        self.filler = self.staging.filler
        self.fresh, self.link, self.page = self.filler.fresh, self.filler.link, self.filler.page
        self.path_of, self.claim = self.filler.path_of, self.filler.claim
        self.written: tuple[str, ...] = ()

    def finish(self, site: Site, index: Callable[[Path], list[Diagnostic]]) -> list[Diagnostic]:
        return self.staging.finish(site.assets, index, search.owns)

    def abort(self) -> None:
        self.staging.abort()


def publish(corpus, surveys: dict, links, diagnostics: list[Diagnostic], runner: Runner,
            config: Config, theme: Theme, out: Path, seen: Look | None, writer=None,
            lap: Callable[[str], None] = str) -> Published:
    """Render the site and write it (into a new folder swapped in whole, or through the
    preview's `writer`); `lap(stage)` marks the end of each stage. `diagnostics`: what the
    check found, kept with the site for a build that finds it up to date."""
    try:
        writer = writer or Swap(out, seen, runner.cache)
        jobs = site_jobs(runner, theme, config, corpus, surveys, links)
        making = Making(theme, config, corpus.terms, runner.parts, surveys)
        site, problems = render_pages(runner, config, making, jobs, writer, long=writer.long)
    except (WriteError, OSError) as exc:
        if isinstance(writer, Swap):
            writer.abort()
        return Published(diagnostics=[_unwritten(out, exc)])
    lap("render")
    if has_errors(problems):
        writer.abort()
        return Published(site, problems)
    keys: dict[str, str] = {}

    def index(folder: Path) -> list[Diagnostic]:  # (the preview's later builds index later)
        lap("write")
        documents, made = search_documents(corpus, surveys, theme, runner.parts)
        keys.update(made)
        return search.index(folder, documents, keys, runner.cache, _previous(out, seen), runner.tell,
                            runner.watch)

    written = writer.finish(site, index)
    lap("search")
    if not written and seen is not None and runner.cache is not None:
        _record(out, runner.cache, seen, site, search.part_keys(keys), diagnostics,
                getattr(writer, "kept", None))
    return Published(site, written, sum(urls.is_page(p.url) for p in site.pages), writer.written)


@contextmanager
def spilled(runner: Runner, config: Config):
    """A large build's surveys' long parts put aside on disk for the run (see spill.py)."""
    large = runner.memo is None and config.seeds_dir.is_dir() and \
        len(os.listdir(config.seeds_dir)) >= SPILL_FROM
    if large:
        runner.parts = Parts(Spill(), runner.cache)
    elif runner.cache is not None:
        runner.parts = Parts(Held(), runner.cache)
    try:
        yield
    finally:
        runner.parts.stash.close()


def search_documents(corpus, surveys: dict, theme: Theme, parts: Parts
                     ) -> tuple[dict[str, Callable[[], bytes]], dict[str, str]]:
    """The search document of each page that has one, every source's and every term's
    (site-relative file: how to make it), and the digest of each."""
    documents: dict[str, Callable[[], bytes]] = {}
    keys: dict[str, str] = {}
    for source_id, found in surveys.items():
        file = urls.file_of(urls.source(source_id))
        documents[file] = lambda found=found: parts.search(found)
        keys[file] = found.search_key
    for term in corpus.terms.values():
        data = term_document(theme, corpus, term)
        file = urls.file_of(urls.term(term.id))
        documents[file] = lambda data=data: data
        keys[file] = digest(data)
    return documents, keys


def _unwritten(out: Path, exc: Exception) -> Diagnostic:
    return error(Location(out.name, 1, 1), f"could not write the site: {exc}")


def _previous(out: Path, seen: Look | None) -> search.Previous | None:
    """The search index in `out` as the last build left it, for its parts to be reused."""
    if seen is None or seen.before is None:
        return None
    return search.Previous(out.resolve(), seen.before.parts, list(seen.before.listing),
                           seen.unchanged)


def _record(out: Path, cache: Cache, seen: Look, site: Site, parts: dict[str, str],
            diagnostics: list[Diagnostic], pages: KeptPages | None) -> None:
    """What this build left in `out` (and the site of these inputs, and its `pages` as
    files), for the next build."""
    kept = Kept(tuple((p.url, p.key) for p in site.pages),
                tuple((str(a.src), a.dest) for a in site.assets), list(diagnostics), parts)
    if pages is not None:
        pages.keep(out.resolve(), kept.files().items())
        cache.replace("pages", "stamps", pages.stamps)
    cache.store("site", seen.inputs, kept)
    cache.replace("out", record_key(out), Written(seen.inputs, listing(out), kept.files(), kept.parts))
    cache.commit()


