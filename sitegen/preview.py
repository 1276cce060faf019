"""The preview's builder: the build (build.py) run again and again over one project into
one folder, with a memo that keeps what each stage made from run to run, and a writer that
changes the folder in place. The first run writes the whole site; a later run renders and
writes only the pages whose inputs changed, and leaves the files made part by part (the
open data) and the search index to `finish`, which the preview runs once the browser was
told to reload."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Callable

from . import urls
from .build import Build, build, collector_waits
from .config import Config
from .diagnostics import Diagnostic
from .engine.memo import Memo
from .engine.progress import Tell
from .engine.publish import Swap, search_documents
from .engine.runner import Runner
from .engine.spill import Parts
from .files import stamp_of, walk
from .model import LongPage, Page, Site
from .output import search
from .output.write import update
from .stages.theme import Theme


def _alone() -> int:
    """The cores a rebuild may fork workers on: all of them while this process runs no
    other thread (the preview, before it serves; a fork copies no other thread, and a lock
    one of them holds would stay held in the copy), else none."""
    import os

    return (os.cpu_count() or 1) if threading.active_count() == 1 else 1


class Builder:
    """Builds one project into one folder, again and again. `decorate` may change each
    page's HTML before it is written (the preview server adds its script); `search_index`
    says whether to index the folder for search."""

    def __init__(self, config: Config, out: Path, *, decorate: Callable[[str], str] = str,
                 search_index: bool = True, workers: int | None = None,
                 watch: Callable[[str, list, int], None] | None = None):
        self.config, self.out = config, Path(out)
        self.decorate, self.search_index = decorate, search_index
        self.workers, self.watch = workers, watch  # (default: every core while alone)
        self.memo, self.parts, self.listing = Memo(), Parts(), {}
        self.theme: Theme | None = None
        self.templates: dict[str, tuple] = {}  # each template file's stamp, for the theme
        self.last: Build | None = None  # the last good build
        self.pages: set[str] = set()  # the URLs of the pages in the folder
        self.assets: dict[str, tuple] = {}  # each asset's stamp as written
        self.files: dict[str, str] = {}  # the files made part by part, by URL: their keys
        self.later: list = []  # the jobs of those files, as the last build made them

    def build(self, changed: set[str] | None = None, progress: Tell | None = None) -> Build:
        """Build; `changed`, the paths changed since the last build if the caller knows them
        (the preview's watcher does), spares a scan of the input folders; `progress` hears
        how each stage goes (see progress.py)."""
        runner = Runner(memo=self.memo, workers=self.workers or _alone(), tell=progress,
                        parts=self.parts, watch=self.watch, changed=changed, listing=self.listing)
        writer = _First(self) if self.last is None else _InPlace(self)
        with collector_waits():  # (the collector runs between rebuilds instead)
            result = build(self.config, self.out, runner=runner, writer=writer, theme=self._theme())
        runner.end()
        if result.site is not None and result.ok:
            self.last = result
            self.pages = {p.url for p in result.site.pages if urls.is_page(p.url) or p.url == urls.NOT_FOUND}
        return result

    def _theme(self) -> Theme:
        """The theme, compiled afresh when one of its templates changed."""
        folder = self.config.theme_dir / "templates"
        stamps = {e.path: stamp_of(e.path) for e in walk(folder) if e.name.endswith(".html")}
        if self.theme is None or stamps != self.templates:
            self.theme, self.templates = Theme(self.config.theme_dir), stamps
        return self.theme

    def finish(self) -> list[Diagnostic]:
        """What may lag behind the pages (the preview does it after reloading them): the
        open data, which holds every annotation, and the search index."""
        if self.last is None:
            return []
        made = [job.long(None) for job in self.later]
        update(self.out, [p for p in made if self.files.get(p.url) != p.key],
               self.files.keys() - {p.url for p in made}, [])
        self.files = {p.url: p.key for p in made}
        return self._reindex() if self.search_index else []

    def _index(self) -> Callable[[Path], list[Diagnostic]]:
        last = self.last
        documents, keys = search_documents(last.corpus, last.surveys, self.theme, self.parts)
        return lambda folder: search.index(folder, documents, keys)

    def _reindex(self) -> list[Diagnostic]:
        """Rebuild the search index of the folder (whole: Pagefind's bundle is small)."""
        fresh = self.out.parent / f".{self.out.name}.search"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        problems = self._index()(fresh)
        if not problems:
            target = self.out / search.BUNDLE
            if target.exists():
                shutil.rmtree(target)
            (fresh / search.BUNDLE).rename(target)
        shutil.rmtree(fresh, ignore_errors=True)
        return problems


class _First(Swap):
    """The preview's first build: the whole site written, and swapped in."""

    def __init__(self, builder: Builder):
        super().__init__(builder.out, None, None)
        self.builder = builder
        self.page = self._page

    def _page(self, page) -> None:
        if isinstance(page, LongPage):
            self.builder.files[page.url] = page.key
        self.filler.page(_decorated(page, self.builder.decorate))

    def later(self, jobs: list) -> None:
        self.builder.later = jobs

    def finish(self, site: Site, index) -> list[Diagnostic]:
        builder = self.builder
        problems = self.staging.finish(site.assets, index if builder.search_index else None,
                                       search.owns)
        if not problems:
            builder.assets = {a.dest: stamp_of(a.src) for a in site.assets}
            start = len(str(builder.out)) + 1
            self.written = tuple(sorted(e.path[start:] for e in walk(builder.out) if e.is_file()))
        return problems


class _InPlace:
    """A later build of the preview: the pages made afresh written in place, the assets
    that changed copied, the pages the site no longer has deleted; the files made part by
    part left to `finish`."""

    long = False
    fresh = False

    def __init__(self, builder: Builder):
        self.builder = builder
        self.made: list[Page] = []
        self.written: tuple[str, ...] = ()

    def link(self, url: str, key: str) -> bool:
        return False

    def page(self, page) -> None:
        self.made.append(_decorated(page, self.builder.decorate))

    def later(self, jobs: list) -> None:
        self.builder.later = jobs

    def finish(self, site: Site, index) -> list[Diagnostic]:
        builder = self.builder
        assets = [a for a in site.assets if stamp_of(a.src) != builder.assets.get(a.dest)]
        gone = builder.pages - {p.url for p in site.pages}
        self.written = tuple(sorted(update(builder.out, self.made, gone, assets)))
        builder.assets.update({a.dest: stamp_of(a.src) for a in assets})
        return []

    def abort(self) -> None:
        self.made.clear()


def _decorated(page, decorate: Callable[[str], str]):
    """A rendered page as the preview writes it; a file made part by part as it is."""
    if isinstance(page, LongPage) or decorate is str:
        return page
    return Page(page.url, decorate(page.html), page.key)

