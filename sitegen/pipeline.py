"""The pipeline in one place: load → validate → anchor → link → render → write.

Every stage runs even after errors, so `check` reports everything at once; only render
and write are skipped when there are errors, and the old output stays. `Builder` runs the
same pipeline again and again over a project (for `sitegen serve`): each stage reuses what
did not change, an edit of annotations in place skips the stages' passes over the corpus
(revise.py), and only the pages an edit touched are rendered and written.
"""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Callable

from . import export, search, urls
from .anchor import anchor
from .build import Build, Stopwatch, collector_waits
from .cache import Cache
from .config import Config
from .depend import template_stamps, touched
from .diagnostics import Diagnostic, Location, error, has_errors, ordered
from .fresh import Kept, Look, Written, listing, record_key
from .link import link
from .lint import lint
from .load import load
from .memo import BuildState, Memo, cached
from .model import Corpus, Links
from .render import (Asset, Page, Site, StoredPage, Theme, page_jobs, render, render_jobs,
                     template_closure)
from .revise import revise
from .text import markdown, source_text, text_digest
from .validate import validate
from .write import Staging, WriteError, check_out, update, write


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
    if state is not None and state.checked is not None and not problems:
        revised = revise(state.checked[1], state.checked[0], inputs, state.lint)
        if revised is not None:  # annotations edited in place: no pass over the corpus
            state.checked = (inputs, revised)
            clock.lap("revise")
            return _with(revised, timings=clock.times, peaks=clock.peaks)
    corpus, found = validate(inputs, state and state.validate)
    problems += found
    kept = inputs if state is not None else None
    del inputs  # the files as loaded (a third of the memory at the end, at 10,000 sources)
    clock.lap("validate")
    md = markdown()
    if cache.enabled:
        cache.prefetch("text", [text_digest(s) for s in corpus.sources.values()])
    texts = {s.id: cached(state and state.text, s.id, s, lambda: cache.remember(
                 "text", text_digest(s), lambda: source_text(s, md)) if cache.enabled
                 else source_text(s, md)) for s in corpus.sources.values()}
    clock.lap("parse")
    anchors, found = anchor(corpus, texts, state and state.anchor)
    problems += found
    clock.lap("anchor")
    links = link(corpus, texts, anchors, state and state.link, cache)
    problems += lint(corpus, texts, links, state and state.lint)
    clock.lap("link")
    result = Build(corpus, texts, anchors, links, None, ordered(problems), timings=clock.times,
                   peaks=clock.peaks)
    if state is not None:
        state.checked = (kept, result) if result.ok else None
        state.rotate()
    return result


def build(config: Config, out: Path, progress: Callable[[int, int], None] | None, workers: int,
          cache: Cache, clock: Stopwatch, seen: Look | None) -> Build:
    """Check, then render and write the whole site into `out` (see build.build). `seen`:
    the folder against the inputs, when the cache is on; the site of these inputs is
    written again from the cache if it has it."""
    if seen is not None and seen.kept is not None:
        again = _again(out, cache, clock, seen)
        if again is not None:
            return again
    result = check(config, clock=clock, cache=cache)
    problems = list(result.diagnostics) + check_out(out, config.root)
    if has_errors(problems):
        return _with(result, diagnostics=ordered(problems))
    try:  # each page is written as it is rendered, into a folder swapped in at the end
        staging = Staging(out, seen.same if seen else {}, _spare(cache))
    except (WriteError, OSError) as exc:
        return _unwritten(result, problems, out, exc)
    try:
        site, found = render(config, result.corpus, result.texts, result.anchors, result.links,
                             progress=progress, workers=workers, cache=cache, sink=staging.page)
    except (WriteError, OSError) as exc:
        staging.abort()
        return _unwritten(result, problems, out, exc)
    problems += found
    clock.lap("render")
    if has_errors(found):
        staging.abort()
        return _with(result, site=site, diagnostics=ordered(problems), timings=clock.times, peaks=clock.peaks)
    kept = _kept(site) if seen is not None else None

    def finish(folder: Path) -> list[Diagnostic]:
        clock.lap("write")
        return search.index(folder, cache, kept and kept.html(), _previous(out, seen))

    written = staging.finish(site.assets, finish, search.owns)
    problems += written
    clock.lap("search")
    if not written and kept:
        cache.store("site", seen.inputs, replace(kept, diagnostics=ordered(problems)))
        _record(out, cache, seen, kept)
        cache.commit()
    return _with(result, site=site, diagnostics=ordered(problems), timings=clock.times,
                 peaks=clock.peaks, pages=_count(site.pages))


def _unwritten(result: Build, problems: list[Diagnostic], out: Path, exc: Exception) -> Build:
    return _with(result, diagnostics=ordered([*problems, error(
        Location(out.name, 1, 1), f"could not write the site: {exc}")]))


def _kept(site: Site) -> Kept:
    """The site as the cache keeps it: each page by the key of its HTML (render kept every
    page's HTML under its key; the keys tell search which parts changed)."""
    return Kept(tuple((p.url, p.key) for p in site.pages),
                tuple((str(a.src), a.dest) for a in site.assets))


def _again(out: Path, cache: Cache, clock: Stopwatch, seen: Look) -> Build | None:
    """The site of the same inputs as an earlier build, written again from the cache (the
    folder was touched or is another). None if the cache does not hold it all."""
    kept = seen.kept
    keys = [key for _, key in kept.pages]
    if len(cache.has_many("html", keys)) < len(set(keys)):
        return None
    site = Site(tuple(StoredPage(url, key, cache) for url, key in kept.pages),
                tuple(Asset(Path(src), dest) for src, dest in kept.assets))
    clock.lap("cache")
    problems = write(site, out, lambda folder: search.index(folder, cache, kept.html(),
                                                            _previous(out, seen)), seen.same,
                     _spare(cache), search.owns)
    clock.lap("write")
    if problems:
        return None
    _record(out, cache, seen, kept)
    cache.commit(prune=False)
    empty = Build(Corpus(), {}, {}, Links({}, {}, {}), diagnostics=kept.diagnostics,
                  pages=kept.page_count())
    return _with(empty, site=site, timings=clock.times, peaks=clock.peaks)


def _previous(out: Path, seen: Look | None) -> search.Previous | None:
    """The search index in `out` as the last build left it, for its parts to be reused."""
    if seen is None or seen.before is None:
        return None
    return search.Previous(out.resolve(), seen.before.parts, list(seen.before.listing),
                           seen.unchanged)


def _spare(cache: Cache) -> Path | None:
    """Where the site a build replaces is kept, for the next build to start from."""
    return cache.folder / "spare" if cache.enabled else None


def _record(out: Path, cache: Cache, seen: Look, kept: Kept) -> None:
    """What this build left in `out`, for the next build to know it."""
    cache.replace("out", record_key(out), Written(seen.inputs, listing(out), kept.files(),
                                                  search.part_keys(kept.html())))


def _count(pages) -> int:
    return sum(urls.is_page(p.url) for p in pages)


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
        self.bodies = Memo()  # the bodies of the source pages rendered again, while unchanged

    def build(self, changed: set[str] | None = None) -> Build:
        """Build; `changed`, the paths changed since the last build if the caller knows them
        (the preview's watcher does), spares a scan of the input folders. The garbage
        collector waits: a full pass over a large corpus's objects would cost more than the
        rebuild (it runs between rebuilds instead)."""
        with collector_waits():
            return self._build(changed)

    def _build(self, changed: set[str] | None) -> Build:
        result = check(self.config, self.state, changed)
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
        if edited:
            self.bodies = Memo()  # a body may show any template: _note.html and what it uses
        jobs = page_jobs(theme, self.config, result.corpus, result.texts, result.anchors,
                         result.links, self.bodies)
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
