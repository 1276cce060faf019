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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import export, search
from .anchor import anchor
from .config import Config
from .depend import template_closure, template_stamps, touched
from .diagnostics import Diagnostic, Location, error, has_errors, ordered
from .link import Links, link
from .lint import lint
from .load import load
from .memo import BuildState, cached
from .model import Corpus, Passage, Span
from .render import Page, Site, Theme, page_jobs, render, render_jobs
from .text import SourceText, markdown, source_text
from .validate import validate
from .write import WriteError, check_out, update, write


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
          changed: set[str] | None = None, clock: Stopwatch | None = None) -> Build:
    """Everything but render and write: all the problems of the project. With a `state`
    from earlier runs (and the `changed` paths, if known), only what changed is redone."""
    clock = clock or Stopwatch()
    inputs, problems = load(config, state and state.load, state and state.listing, changed)
    clock.lap("load")
    corpus, found = validate(inputs, state and state.validate)
    problems += found
    clock.lap("validate")
    md = markdown()
    texts = {s.id: cached(state and state.text, s, lambda: source_text(s, md))
             for s in corpus.sources.values()}
    clock.lap("parse")
    anchors, found = anchor(corpus, texts, state and state.anchor)
    problems += found
    clock.lap("anchor")
    links = link(corpus, texts, anchors, state and state.link)
    problems += lint(corpus, texts, links, state and state.link)
    clock.lap("link")
    return Build(corpus, texts, anchors, links, None, ordered(problems), timings=clock.times)


def build(config: Config, out: Path | None = None,
          progress: Callable[[int, int], None] | None = None,
          workers: int | None = None) -> Build:
    """Check, then render and write the whole site into `out` (default: the configured
    output). `progress(done, total)` hears how rendering goes, for a long build; a large
    site renders on `workers` processes (default: one per core)."""
    out = Path(out) if out is not None else config.output_dir
    clock = Stopwatch()
    result = check(config, clock=clock)
    problems = list(result.diagnostics) + check_out(out, config.root)
    if has_errors(problems):
        return _with(result, diagnostics=ordered(problems))
    site, found = render(config, result.corpus, result.texts, result.anchors, result.links,
                         progress=progress, workers=workers or os.cpu_count() or 1)
    problems += found
    clock.lap("render")
    if not has_errors(found):
        def finish(folder: Path) -> list[Diagnostic]:
            clock.lap("write")
            return search.index(folder)
        problems += write(site, out, finish)
        clock.lap("search")
    return _with(result, site=site, diagnostics=ordered(problems), timings=clock.times)


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
        pages, problems = render_jobs(self.config, lambda: jobs, only={export.FILE})
        update(self.out, pages, set(), [])
        return problems + self._index()

    def _index(self) -> list[Diagnostic]:
        """Rebuild the search index of the folder (whole: Pagefind's bundle is small)."""
        fresh = self.out.parent / f".{self.out.name}.search"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        problems = search.index_into(self.out, fresh)
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
        before = page_jobs(theme, self.config, self.last.corpus, self.last.texts,
                           self.last.anchors, self.last.links)
        dirty = touched(self.last, result) | (jobs.keys() - before.keys() - {export.FILE})
        if edited:
            uses = {t: template_closure(theme.env, t) for t in {t for t, _ in jobs.values() if t}}
            dirty |= {url for url, (template, _) in jobs.items()
                      if template and uses[template] & edited}
        pages, problems = render_jobs(self.config, lambda: jobs, only=dirty)
        if problems:
            return _with(result, diagnostics=ordered([*result.diagnostics, *problems]))
        assets = [a for a in theme.assets() if _stamp(a.src) != self.assets.get(a.dest)]
        written = update(self.out, self._pages(Site(pages, ())), before.keys() - jobs.keys(),
                         assets)
        self.templates = templates
        self.assets.update({a.dest: _stamp(a.src) for a in assets})
        self.last = result
        return _with(result, site=Site(pages, tuple(assets)), written=tuple(sorted(written)))


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size
