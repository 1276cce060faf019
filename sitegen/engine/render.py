"""The pages rendered and written, through the runner: a page whose inputs are those the
memo kept (the preview's last run) is not rendered again; with a key (its templates and a
fingerprint of what it is made of), one whose file in the last site has that key is that
very file (a hard link), not rendered; the rest are rendered on every core where there are
many (into a fresh folder, each worker writes the pages it renders). The files made part by
part (the open data) are made here, each linked from the last site where its key is the
same."""
from __future__ import annotations

import jinja2

from ..config import Config
from ..diagnostics import Diagnostic
from ..files import stamp_of
from ..keys import Fingerprint, digest
from ..model import Page, SentPage, Site
from ..output.write import write_new
from ..stages.pages.contexts import Job
from ..stages.pages.kinds import Making
from ..stages.theme import template_error
from .progress import counted
from . import workers
from .runner import Runner, Step


class PageStore:
    """The output folder as the pages' store (`writer`: output.write's Filler or the
    preview's in-place writer): a page whose file in the last site has its key is linked, a
    page made afresh is written, or, `direct`, counted as written by the worker that made
    it. `linked`: the URLs of the pages linked."""

    def __init__(self, writer, direct: bool = False):
        self.writer, self.direct = writer, direct
        self.linked: set[str] = set()

    def find(self, step: Step, keys: list[str], items: list) -> dict[str, SentPage]:
        found = {}
        for key, (url, _) in zip(keys, items):
            if self.writer.link(url, key):
                found[key] = SentPage(url, key)
                self.linked.add(url)
        return found

    def keep(self, step: Step, key: str, page) -> SentPage:
        if self.direct:
            self.writer.claim(page.url)
        else:
            self.writer.page(page)
        return SentPage(page.url, key)

    def file(self, runner: Runner, job: Job) -> SentPage:
        """A file made part by part, linked from the last site where its key is the same."""
        page = job.long(runner.cache)
        if self.writer.link(page.url, page.key):
            self.linked.add(page.url)
        else:
            self.writer.page(page)
        return SentPage(page.url, page.key)


def page_step(runner: Runner, making: Making, writer=None) -> Step:
    """Rendering a page (url, job) of the site with the run's `making`: kept in the memo by
    its inputs and its templates' stamps, in the output by its key. With a `writer` of a fresh folder, each
    page is written by the process that renders it."""
    theme = making.theme
    templates: dict[str, str] = {}
    stamps: dict[str, tuple] = {}
    fingerprint = Fingerprint()

    def render(item) -> Page:
        url, job = item
        return theme.page(job.template, url, job.context(making, *job.inputs))

    def written(item) -> SentPage:
        page = render(item)
        write_new(writer.path_of(page.url), page.chunks())
        return SentPage(page.url)

    def key(item) -> str:
        template = item[1].template
        if template not in templates:
            templates[template] = theme.key(template)
        return digest(templates[template], fingerprint(item[1].inputs))

    def inputs(item) -> tuple:
        template = item[1].template
        if template not in stamps:
            folder = theme.folder / "templates"
            stamps[template] = tuple((n, stamp_of(folder / n)) for n in theme.uses(template))
        return item[1].inputs, stamps[template]

    def prepare(items) -> None:  # what the workers read of the cache is read here
        runner.parts.prepare(dict.fromkeys(making.surveys[s] for _, job in items for s in job.reads))
        runner.parts.prepare([job.body for _, job in items if job.body], facts=False, bodies=True)

    return Step("page", written if writer is not None else render, slot=lambda item: item[0],
                inputs=inputs, key=key if runner.cache is not None else None, progress="render",
                chunk=50, prepare=prepare)


def render_pages(runner: Runner, config: Config, making: Making, jobs: dict[str, Job], writer,
                 long: bool = True) -> tuple[Site, list[Diagnostic]]:
    """Render and write the pages of `jobs`, each with `making` (and, with `long`, the
    files made part by part); a template's error is a diagnostic at its file and line, not
    an exception."""
    pages = [(url, job) for url, job in jobs.items() if job.template]
    # into a fresh folder, the workers write what they render: no page comes back
    direct = getattr(writer, "fresh", False) and runner.memo is None and runner.workers > 1 \
        and len(pages) >= workers.MIN_ITEMS
    store = PageStore(writer, direct)
    files = [job for job in jobs.values() if job.long]
    if hasattr(writer, "later"):  # the preview's: it writes them again later
        writer.later(files)
    made: list = []

    def write_files() -> None:  # here, while the other cores render pages
        made.extend(counted((store.file(runner, job) for job in files), "data", len(files), runner.tell))

    every = runner.since("theme", {"theme": making.theme})  # (the preview's: one while unchanged)
    changed = runner.since("pages", {url: job.inputs for url, job in pages})
    try:
        sent = runner.each(page_step(runner, making, writer if direct else None), pages, store,
                           meanwhile=write_files if long else None,
                           touched=changed if every == set() else None)
    except jinja2.TemplateError as exc:
        return Site((), ()), [template_error(config, exc)]
    return Site(tuple(sent + made), making.theme.assets(), frozenset(store.linked)), []
