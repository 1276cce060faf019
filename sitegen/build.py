"""The pipeline in one place: load → validate → anchor → link → render → write.

Every stage runs even after errors, so `check` reports everything at once; only render
and write are skipped when there are errors, and the old output stays. `Builder` runs the
same pipeline again and again over a project (for `sitegen serve`): each stage reuses what
did not change, and only the pages an edit touched are rendered and written.
"""
from __future__ import annotations

import gc
import os
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from . import export, search, urls
from .anchor import anchor
from .cache import Cache, digest
from .config import Config
from .depend import template_stamps, touched
from .diagnostics import Diagnostic, Location, error, has_errors, ordered
from .link import Links, link
from .lint import lint
from .load import input_digest, load, relative
from .memo import BuildState, cached
from .model import Corpus, Passage, Span
from .render import (Asset, Page, Site, StoredPage, Theme, page_jobs, render, render_jobs,
                     template_closure)
from .text import SourceText, markdown, source_text, text_digest
from .validate import validate
from .write import WriteError, check_out, clean_up, update, write


@dataclass(frozen=True)
class Build:
    """What a run found and made."""

    corpus: Corpus
    texts: dict[str, SourceText]
    anchors: dict[Passage, Span]
    links: Links
    site: Site | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: tuple[str, ...] = ()  # site-relative files written (or deleted) by this run
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    pages: int = 0  # HTML pages of the site built
    up_to_date: bool = False  # the output already held this very site: nothing was written

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


class Stopwatch:
    """How long each stage took, in the order they ran."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.times[stage] = self.times.get(stage, 0.0) + now - self._last
        self._last = now


def check(config: Config, state: BuildState | None = None,
          changed: set[str] | None = None, clock: Stopwatch | None = None,
          cache: Cache | None = None) -> Build:
    """Everything but render and write: all the problems of the project. With a `state`
    from earlier runs (and the `changed` paths, if known), only what changed is redone;
    with a `cache`, an unchanged source is not parsed or searched for terms again."""
    clock = clock or Stopwatch()
    cache = cache or Cache(None)
    inputs, problems = load(config, state and state.load, state and state.listing, changed, cache)
    clock.lap("load")
    corpus, found = validate(inputs, state and state.validate)
    problems += found
    clock.lap("validate")
    md = markdown()
    if cache.enabled:
        cache.prefetch("text", [text_digest(s) for s in corpus.sources.values()])
    texts = {s.id: cached(state and state.text, s, lambda: cache.remember(
                 "text", text_digest(s), lambda: source_text(s, md)) if cache.enabled
                 else source_text(s, md)) for s in corpus.sources.values()}
    clock.lap("parse")
    anchors, found = anchor(corpus, texts, state and state.anchor)
    problems += found
    clock.lap("anchor")
    links = link(corpus, texts, anchors, state and state.link, cache)
    problems += lint(corpus, texts, links, state and state.link)
    clock.lap("link")
    return Build(corpus, texts, anchors, links, None, ordered(problems), timings=clock.times)


def build(config: Config, out: Path | None = None,
          progress: Callable[[int, int], None] | None = None,
          workers: int | None = None, cache: Cache | None = None) -> Build:
    """Check, then render and write the whole site into `out` (default: the configured
    output). `progress(done, total)` hears how rendering goes, for a long build; a large
    site renders on `workers` processes (default: one per core). With a `cache` (see
    cache.py), what an earlier build made of unchanged inputs is reused, and a build whose
    inputs are all unchanged writes nothing if `out` still holds that build's site."""
    out = Path(out) if out is not None else config.output_dir
    clock = Stopwatch()
    cache = cache or Cache(None)
    inputs = input_digest(config, config.theme_dir) if cache.enabled else ""
    same: dict[str, str] = {}  # the files in `out` as the last build wrote them
    if inputs and not check_out(out, config.root):
        listing = _listing(out)
        written_before: Written | None = cache.load("out", str(out.resolve()))
        again = _again(out, cache, inputs, clock, written_before, listing)
        if again is not None:
            return again
        same = _same(written_before, listing)
    result = check(config, clock=clock, cache=cache)
    problems = list(result.diagnostics) + check_out(out, config.root)
    if has_errors(problems):
        return _with(result, diagnostics=ordered(problems))
    site, found = render(config, result.corpus, result.texts, result.anchors, result.links,
                         progress=progress, workers=workers or os.cpu_count() or 1, cache=cache)
    problems += found
    clock.lap("render")
    if has_errors(found):
        return _with(result, site=site, diagnostics=ordered(problems), timings=clock.times)
    kept = None
    if cache.enabled:
        kept, site = _kept(site, cache)

    def finish(folder: Path) -> list[Diagnostic]:
        clock.lap("write")
        return search.index(folder, cache, kept and kept.html())

    written = write(site, out, finish, same)
    problems += written
    clock.lap("search")
    if not written and kept:
        cache.store("site", inputs, replace(kept, diagnostics=ordered(problems)))
        cache.replace("out", str(out.resolve()), Written(inputs, _listing(out), kept.files()))
        cache.commit()
    return _with(result, site=site, diagnostics=ordered(problems), timings=clock.times,
                 pages=_count(site.pages))


@dataclass(frozen=True)
class Kept:
    """A built site as the cache keeps it: each page by the key of its HTML, the assets,
    and what the build reported."""

    pages: tuple[tuple[str, str], ...]  # (url, key of the HTML among the "html" entries)
    assets: tuple[tuple[str, str], ...]  # (source file, site-relative file)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def files(self) -> dict[str, str]:
        """The key of each page's file, by its site-relative path."""
        return {urls.file_of(url): key for url, key in self.pages}

    def html(self) -> dict[str, str]:
        """The key of each HTML file of the site (for search)."""
        return {file: key for file, key in self.files().items() if file.endswith(".html")}


@dataclass(frozen=True)
class Written:
    """What a build left in an output folder: the inputs it was built from, every file's
    size and time stamp (what tells that nobody touched it), and the key of each page's
    HTML by file."""

    inputs: str
    listing: dict[str, tuple[int, int]]
    files: dict[str, str]


def _same(before: Written | None, listing: dict[str, tuple[int, int]]) -> dict[str, str]:
    """The files of the output folder that are still as written, by the key of their HTML."""
    if not isinstance(before, Written):
        return {}
    return {file: key for file, key in before.files.items()
            if file in listing and listing[file] == before.listing.get(file)}


def _kept(site: Site, cache: Cache) -> tuple[Kept, Site]:
    """Keep every page's HTML by its digest; the site with every page's key (the keys tell
    search which parts changed, and write which files of the last site can stay)."""
    pages = tuple(page if page.key else _keyed(page, cache) for page in site.pages)
    assets = tuple((str(a.src), a.dest) for a in site.assets)
    return Kept(tuple((p.url, p.key) for p in pages), assets), replace(site, pages=pages)


def _keyed(page: Page, cache: Cache) -> Page:
    data = page.html.encode()
    key = digest(data)
    cache.put("html", key, data)
    return Page(page.url, page.html, key)


def _again(out: Path, cache: Cache, inputs: str, clock: Stopwatch, before: Written | None,
           listing: dict[str, tuple[int, int]]) -> Build | None:
    """The build of the same inputs as an earlier one: nothing to do if `out` holds that
    build's site untouched (`before` and `listing` tell), else that site written again from
    the cache. None if the cache does not hold it all."""
    kept: Kept | None = cache.load("site", inputs)
    if kept is None or not all(Path(src).is_file() for src, _ in kept.assets):
        return None
    empty = Build(Corpus(), {}, {}, Links({}, {}, {}), diagnostics=kept.diagnostics,
                  pages=sum(url == "" or url.endswith("/") for url, _ in kept.pages))
    if isinstance(before, Written) and before.inputs == inputs and before.listing == listing:
        clean_up(out.resolve())
        clock.lap("unchanged")
        cache.commit(prune=False)
        return _with(empty, up_to_date=True, timings=clock.times)
    keys = [key for _, key in kept.pages]
    if len(cache.has_many("html", keys)) < len(set(keys)):
        return None
    site = Site(tuple(StoredPage(url, key, cache) for url, key in kept.pages),
                tuple(Asset(Path(src), dest) for src, dest in kept.assets))
    clock.lap("cache")
    problems = write(site, out, lambda folder: search.index(folder, cache, kept.html()),
                     _same(before, listing))
    clock.lap("write")
    if problems:
        return None
    cache.replace("out", str(out.resolve()), Written(inputs, _listing(out), kept.files()))
    cache.commit(prune=False)
    return _with(empty, site=site, timings=clock.times)


def _listing(out: Path) -> dict[str, tuple[int, int]]:
    """Every file under `out` with its size and time stamp: what tells that nobody touched it."""
    found = {}
    stack = [str(out)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                stat = entry.stat(follow_symlinks=False)
                found[relative(entry.path, out)] = (stat.st_size, stat.st_mtime_ns)
    return found


def _count(pages) -> int:
    return sum(p.url == "" or p.url.endswith("/") for p in pages)


def _with(result: Build, **changes) -> Build:
    return Build(**{**result.__dict__, **changes})


class Builder:
    """Builds one project into one folder, again and again: the first run writes the whole
    site, later runs only what changed. `decorate` may change each page's HTML before it is
    written (the preview server adds its script); `search` indexes the written folder."""

    def __init__(self, config: Config, out: Path, *, decorate: Callable[[str], str] = str,
                 search_index: bool = True):
        self.config, self.out = config, Path(out)
        self.decorate, self.search_index = decorate, search_index
        self.state = BuildState()
        self.last: Build | None = None
        self.theme: Theme | None = None
        self.templates: dict[str, tuple[int, int]] = {}
        self.assets: dict[str, tuple[int, int]] = {}
        self.urls: set[str] = set()  # the pages of the site in the folder

    def build(self, changed: set[str] | None = None) -> Build:
        """Build; `changed`, the paths changed since the last build if the caller knows them
        (the preview's watcher does), spares a scan of the input folders. The garbage
        collector waits: a full pass over a large corpus's objects would cost more than the
        rebuild (it runs between rebuilds instead)."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._build(changed)
        finally:
            if collecting:
                gc.enable()

    def _build(self, changed: set[str] | None) -> Build:
        result = check(self.config, self.state, changed)
        self.state.rotate()
        if not result.ok:
            return result
        try:
            if self.last is None:
                return self._full(result)
            return self._incremental(result)
        except (WriteError, OSError) as exc:
            return _with(result, diagnostics=[*result.diagnostics, error(
                Location(self.out.name, 1, 1), f"could not write the site: {exc}")])

    def finish(self) -> list[Diagnostic]:
        """What may lag behind the pages (the preview does it after reloading them): the
        open data, which holds every annotation, and the search index."""
        if self.last is None:
            return []
        jobs = page_jobs(self.theme, self.config, self.last.corpus, self.last.texts,
                         self.last.anchors, self.last.links)
        pages, problems, _ = render_jobs(self.config, lambda: jobs, only={export.FILE})
        update(self.out, pages, set(), [])
        return problems + self._index()

    def _index(self) -> list[Diagnostic]:
        """Rebuild the search index of the folder (whole: Pagefind's bundle is small)."""
        fresh = self.out.parent / f".{self.out.name}.search"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        problems = search.index_into(self.out, fresh / search.BUNDLE)
        if not problems:
            target = self.out / search.BUNDLE
            if target.exists():
                shutil.rmtree(target)
            (fresh / search.BUNDLE).rename(target)
        shutil.rmtree(fresh, ignore_errors=True)
        return problems

    def _pages(self, site: Site) -> list[Page]:
        return [Page(p.url, self.decorate(p.html)) for p in site.pages]

    def _full(self, result: Build) -> Build:
        self.theme = Theme(self.config.theme_dir)
        self.templates = template_stamps(self.theme.folder / "templates")
        site, problems = render(self.config, result.corpus, result.texts, result.anchors,
                                result.links, theme=self.theme)
        if problems:
            return _with(result, diagnostics=ordered([*result.diagnostics, *problems]))
        decorated = Site(tuple(self._pages(site)), site.assets)
        problems = write(decorated, self.out, search.index if self.search_index else None)
        if problems:
            return _with(result, diagnostics=ordered([*result.diagnostics, *problems]))
        self.assets = {a.dest: _stamp(a.src) for a in site.assets}
        self.urls = {p.url for p in site.pages}
        self.last = result
        written = tuple(sorted(p.relative_to(self.out).as_posix()
                               for p in self.out.rglob("*") if p.is_file()))
        return _with(result, site=site, written=written)

    def _incremental(self, result: Build) -> Build:
        theme = self.theme
        templates = template_stamps(theme.folder / "templates")
        edited = {name for name in templates.keys() | self.templates.keys()
                  if templates.get(name) != self.templates.get(name)}
        jobs = page_jobs(theme, self.config, result.corpus, result.texts, result.anchors,
                         result.links)
        dirty = touched(self.last, result) | (jobs.keys() - self.urls - {export.FILE})
        if edited:
            uses = {t: template_closure(theme.env, t) for t in {j.template for j in jobs.values()
                                                                  if j.template}}
            dirty |= {url for url, job in jobs.items()
                      if job.template and uses[job.template] & edited}
        pages, problems, _ = render_jobs(self.config, lambda: jobs, only=dirty)
        if problems:
            return _with(result, diagnostics=ordered([*result.diagnostics, *problems]))
        assets = [a for a in theme.assets() if _stamp(a.src) != self.assets.get(a.dest)]
        written = update(self.out, self._pages(Site(pages, ())), self.urls - jobs.keys(), assets)
        self.templates = templates
        self.assets.update({a.dest: _stamp(a.src) for a in assets})
        self.urls = set(jobs)
        self.last = result
        return _with(result, site=Site(pages, tuple(assets)), written=tuple(sorted(written)))


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size
