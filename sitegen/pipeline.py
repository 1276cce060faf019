"""The pipeline in one place: load and validate each file → assemble the corpus → survey
each source (parse, anchor its passages, link its terms, and make its page's body, its
search document and its facts) → link across the sources → render → write → search.

Every stage runs even after errors, so `check` reports everything at once; only render
and write are skipped when there are errors, and the old output stays.

A file's results depend on that file alone, and a source's survey on its text, the
annotations that place passages in it and the glossary's spellings: so both run on every
core (fan.py), and both are kept by what they were made of, in the build cache for the next
build and in a Memo for the preview's next rebuild. What a survey leaves is small (facts.py):
no text outlives its survey in a build, and no page but the source's own needs one.
`Builder` runs the same stages again and again over a project (for `sitegen serve`),
rendering only the pages whose inputs changed.
"""
from __future__ import annotations

import os
import pickle
import shutil
import threading
from dataclasses import replace
from html import escape
from operator import attrgetter
from pathlib import Path
from typing import Callable

from . import export, fan, search, urls
from .anchor import Miss
from .build import Build, Stopwatch, collector_waits
from .cache import Cache, digest
from .config import Config
from .depend import template_stamps
from .diagnostics import Diagnostic, Location, error, has_errors, ordered
from .facts import Ref, Survey, marked, share_words, source_facts, survey as facts_survey
from .fresh import Kept, Look, Written, listing, record_key
from .link import glossary_digest, link, link_source, matcher, text_marks
from .lint import lint
from .load import project_files, project_pages
from .memo import BuildState, Memo, cached, same
from .model import Corpus, CrossRef, Links, Source
from .progress import Tell, counted
from .fingerprint import Fingerprint
from .render import (Page, Site, Theme, page_jobs, render, render_jobs,
                     site_values, source_body, template_closure, theme_problems)
from .spill import Held, Parts, Spill
from .text import SourceText, contents, markdown, source_text
from .validate import RecordFile, SourceFile, assemble, record_file, source_file
from .write import Staging, WriteError, check_out, update, write

SPILL_FROM = 200  # sources: a build of more puts bodies and targets aside on disk (spill.py)


class Pages:
    """What a survey makes for a source's page, in a build (a check makes none): its body,
    its search document and its mentions' targets in the open data. Made in the building
    process before any survey, and inherited by the processes that run them."""

    def __init__(self, config: Config, theme: Theme, corpus: Corpus):
        self.config, self.theme, self.corpus = config, theme, corpus
        self.site = site_values(config, corpus)
        folder = theme.folder / "templates"
        used = sorted(template_closure(theme.env, "_note.html"))
        self.key = digest(repr(sorted(self.site.items(), key=str)), config.base_url,
                          *(f"{n}\0{(folder / n).read_text('utf-8')}" for n in used))

    def annotated(self, source_id: str, notes: tuple, crossrefs: tuple[str, ...]
                  ) -> list[tuple[str, str, str]]:
        """What a source's search document holds of the annotations on it (see
        search.source_document): its notes in reading order, then its cross-references."""
        root = urls.root_of(urls.source(source_id))
        corpus, html = self.corpus, self.theme.annotation_html
        found = [(f"note-{note_id}", f"Note {number} ({corpus.notes[note_id].kind})",
                  html(corpus.notes[note_id].note, root)) for number, note_id, _ in notes]
        for x_id in crossrefs:
            x = corpus.crossrefs[x_id]
            names = " · ".join(corpus.sources[p.source].publisher or corpus.sources[p.source].title
                               for p in x.passages if p.source in corpus.sources)
            found.append((f"x-{x_id}", f"{x.relation.replace('-', ' ').capitalize()}: {x.title} ({names})",
                          html(x.note, root)))
        return found

    def reads(self, source: Source, items: tuple) -> tuple:
        """What a source's page parts show of other sources: the titles and publishers of
        those its cross-references lead to."""
        sources = self.corpus.sources
        return tuple((sources[p.source].title, sources[p.source].publisher) if p.source in sources
                     else None for item in items if isinstance(item, CrossRef) for p in item.passages)


def _survey(source: Source, text: SourceText, items: tuple, terms: tuple, key: str,
            pages: Pages | None) -> Survey:
    """A source's survey (facts.Survey) from its text, the annotations placing passages
    in it and the marks of its text alone with the words its terms were found as
    (link.text_marks), with its page's parts if `pages` is given."""
    own, forms = terms
    found, placed, marks = link_source(text, items, own)
    problems = tuple(error(p.where, m.message, m.code, m.proposal)
                     for p, m in found.items() if isinstance(m, Miss))
    if pages is None:
        facts, mentions = source_facts(text, marks, forms, placed, lambda a, b: b"")
        return facts_survey(key, facts, mentions, marks, problems, {})
    base = export.base_of(pages.config.base_url)
    facts, mentions = source_facts(text, marks, forms, placed,
                                   lambda a, b: export.target(source, text.visible, a, b, base))
    body, notes = source_body(pages.theme, pages.corpus, text, marks, pages.site)
    document = search.source_document(source, (text.visible[b.start:b.end] for b in text.blocks),
                                      pages.annotated(source.id, notes, marked(marks)["crossref"]))
    return facts_survey(key, facts, mentions, marks, problems,
                        export.term_targets(source, text.visible, marks, base),
                        notes=notes, contents=contents(text), body=body.encode(), search=document,
                        search_key=digest(document))


def placing(corpus: Corpus) -> dict[str, tuple]:
    """The annotations that place passages in each source, in the corpus's order."""
    found: dict[str, list] = {}
    for item in corpus.annotations():
        for source_id in dict.fromkeys(map(attrgetter("source"), item.passages)):
            found.setdefault(source_id, []).append(item)
    return {source_id: tuple(items) for source_id, items in found.items()}


def _files(config: Config, state: BuildState | None, changed: set[str] | None, cache: Cache,
           workers: int, tell: Tell | None = None
           ) -> tuple[list[SourceFile], list[RecordFile], list[Diagnostic]]:
    """Every source and annotation file loaded and checked on its own: with a `state`
    again only where a file's stamp changed, with the `cache` only where its content is new,
    on every core where there are many."""
    seeds, annotations, problems = project_files(config, state and state.listing, changed)
    jobs = [("source", path) for path, _ in seeds] + [("record", path) for path, _ in annotations]

    def load(job: tuple[str, str]) -> SourceFile | RecordFile:
        kind, path = job
        return source_file(config, path) if kind == "source" else record_file(config, path)

    if state is not None:
        stamps = dict(seeds + annotations)
        slots = [(job, stamps[job[1]]) for job in jobs]
        new = [job for job, _ in state.load.changed(slots)]
        ahead = _ahead(load, new, new, workers, "load", tell, chunk=100)
        done = state.load.each(slots, lambda job, _: ahead[job] if job in ahead else load(job))
    elif cache.enabled:
        keys = [_file_key(config, kind, path) for kind, path in jobs]
        cache.prefetch("file", [k for k in keys if k])
        done = [cache.load("file", k) if k else None for k in keys]
        missing = [i for i, found in enumerate(done) if found is None]
        loaded = fan.fan_out(load, [jobs[i] for i in missing], workers, chunk=100)
        for i, made in zip(missing, counted(loaded, "load", len(missing), tell)):
            done[i] = made
            if keys[i]:
                cache.store("file", keys[i], made)
    else:
        done = list(counted(fan.fan_out(load, jobs, workers, chunk=100), "load", len(jobs), tell))
    return done[:len(seeds)], done[len(seeds):], problems


def _ahead(function: Callable, items: list, keys: list, workers: int, stage: str,
           tell: Tell | None, chunk: int = 20) -> dict:
    """What a memoized stage makes of many new `items` (a first run's), made on every core
    before the memo asks for each, by their `keys`; nothing where there are few."""
    if workers <= 1 or len(items) < fan.MIN_ITEMS:
        return {}
    return dict(zip(keys, counted(fan.fan_out(function, items, workers, chunk), stage,
                                  len(items), tell)))


def _file_key(config: Config, kind: str, path: str) -> str:
    """What a file's results are kept by: its content and where it is."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return ""  # the loader says what is wrong
    return digest(kind, config.annotations, os.path.relpath(path, config.root), data)


def _surveys(config: Config, corpus: Corpus, state: BuildState | None, cache: Cache,
             workers: int, pages: Pages | None, parts: Parts, tell: Tell | None = None
             ) -> tuple[dict[str, Survey], dict[str, SourceText]]:
    """Each source surveyed (see _survey): with a `state`, again only where what it is made
    of changed (its text parsed again, and its terms looked for, only where those changed);
    with the `cache`, only where it is new; on every core where there are many. The texts
    come back only from a `state`'s runs (the preview keeps them); a build drops each one
    once surveyed."""
    placed = placing(corpus)
    terms = corpus.terms
    glossary = tuple((t.id, t.forms, t.case_sensitive) for t in terms.values())
    match = cached(state and state.link, "matcher", glossary, lambda: matcher(terms))
    gloss = glossary_digest(terms)
    sources = list(corpus.sources.values())
    fingerprint = Fingerprint()
    md = markdown()

    def reads(source: Source) -> tuple:
        """What a survey of `source` is made of, but its text and the glossary."""
        items = placed.get(source.id, ())
        return items, pages and (pages.site, pages.key, pages.reads(source, items))

    def key(source: Source) -> str:
        items, shown = reads(source)
        return digest(source.fingerprint, gloss, fingerprint(items), repr(shown))

    def survey(source: Source, made_key: str = "") -> tuple[SourceText, tuple, Survey]:
        """The source's text, the marks of its text alone (text_marks), its survey."""
        text = source_text(source, md)
        terms = text_marks(text, match)
        return text, terms, _survey(source, text, placed.get(source.id, ()), terms,
                                    made_key or key(source), pages)

    if workers > 1:
        match.patterns  # compiled here, once, for the processes that inherit it
    if state is not None:
        memo = state.survey
        ids = [s.id for s in sources]
        slots = [(("text", s.id), s) for s in sources]
        new = [s for _, s in memo.changed(slots)]
        ahead = _ahead(survey, new, [s.id for s in new], workers, "survey", tell)  # (text,
        # terms, survey) by source id
        made = memo.each(slots, lambda slot, s: ahead[s.id][0] if s.id in ahead
                         else source_text(s, md))
        found = memo.each(((("terms", i), (text, match)) for i, text in zip(ids, made)),
                          lambda slot, inputs: ahead[slot[1]][1] if slot[1] in ahead
                          else text_marks(inputs[0], match))
        # what reads() takes from the corpus, the same object while equal: compared at once
        shown = pages and (pages.site, pages.key, tuple((s.title, s.publisher) for s in sources))
        shown = same(memo, "shown", shown)
        surveyed = memo.each(
            ((("survey", i), (text, terms, placed.get(i, ()), shown))
             for i, text, terms in zip(ids, made, found)),
            lambda slot, inputs: ahead[slot[1]][2] if slot[1] in ahead else
            _survey(corpus.sources[slot[1]], inputs[0], inputs[2], inputs[1],
                    key(corpus.sources[slot[1]]), pages))
        return dict(zip(ids, surveyed)), dict(zip(ids, made))
    keys = [key(s) for s in sources]
    done: list[Survey | None] = [None] * len(sources)
    if cache.enabled:
        held = cache.load_many("survey", keys)
        done = [found if isinstance(found, Survey) else None for found in map(held.get, keys)]
        for kind in LONG_PARTS:  # read where a page needs them, kept for a later build
            cache.keep(kind, [found.survey_key for found in done if found is not None])
    missing = [i for i, found in enumerate(done) if found is None]
    jobs = [(sources[i], keys[i]) for i in missing]
    surveyed = fan.fan_out(lambda job: survey(*job)[2], jobs, workers)
    for i, made in zip(missing, counted(surveyed, "survey", len(jobs), tell)):
        if cache.enabled:
            _keep(cache, made)
        done[i] = parts.aside(made)  # its long parts put aside as it comes
    words: dict[tuple[str, ...], tuple[str, ...]] = {}
    return {s.id: share_words(found, words) for s, found in zip(sources, done)}, {}


LONG_PARTS = ("facts", "firsts", "body", "search", "targets")


def _keep(cache: Cache, survey: Survey) -> None:
    """Keep a survey in the cache: small, with each of its long parts an entry of its own,
    read only by a build that renders a page that needs it."""
    refs = {}
    for kind in LONG_PARTS:
        value = getattr(survey, kind)
        if value is not None:
            cache.put(kind, survey.survey_key, value if isinstance(value, bytes) else
                      pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            refs[kind] = Ref(kind=kind, key=survey.survey_key)
    cache.store("survey", survey.survey_key, replace(survey, **refs))


def check(config: Config, state: BuildState | None = None,
          changed: set[str] | None = None, clock: Stopwatch | None = None,
          cache: Cache | None = None, workers: int = 1,
          pages: Callable[[Corpus], Pages] | None = None, parts: Parts | None = None) -> Build:
    """Everything but render and write: all the problems of the project. With a `state`
    from earlier runs (and the `changed` paths, if known), only what changed is redone;
    with a `cache`, an unchanged file is not loaded and an unchanged source not surveyed
    again; with `pages`, each source's survey also makes its page's parts."""
    clock = clock or Stopwatch()
    cache = cache or Cache(None)
    sources, records, problems = _files(config, state, changed, cache, workers, clock.tell)
    clock.lap("load")
    intro, contributing, found = project_pages(config)
    corpus, assembled = assemble(sources, records, intro, contributing)
    problems += found + assembled
    clock.lap("validate")
    surveys, texts = _surveys(config, corpus, state, cache, workers,
                              pages(corpus) if pages else None, parts or Parts(cache=cache),
                              clock.tell)
    for survey in surveys.values():
        problems += survey.problems
    if pages is not None and state is None:  # a build is done with the texts: the pages show
        # a source's metadata, its survey all else
        corpus = replace(corpus, sources={k: replace(s, body="") for k, s in corpus.sources.items()})
    clock.lap("survey")
    links = link(surveys, state and state.link)
    problems += lint(corpus, surveys, links, state and state.lint)
    clock.lap("link")
    result = Build(corpus, surveys, links, texts, diagnostics=ordered(problems),
                   timings=clock.times, peaks=clock.peaks)
    if state is not None:
        state.rotate()
    return result


def build(config: Config, out: Path, workers: int, cache: Cache, clock: Stopwatch,
          seen: Look | None, strict: bool = False) -> Build:
    """Check, then render and write the whole site into `out` (see build.build). `seen`:
    the folder against the inputs, when the cache is on: its pages that are as the last
    build wrote them, and would be again, are kept (see render_jobs)."""
    theme = Theme(config.theme_dir)
    large = len(os.listdir(config.seeds_dir)) >= SPILL_FROM if config.seeds_dir.is_dir() else False
    parts = Parts(Spill() if large else Held(), cache if cache.enabled else None)
    try:
        return _build(config, out, workers, cache, clock, seen, theme, parts, strict)
    finally:
        parts.stash.close()


def _build(config: Config, out: Path, workers: int, cache: Cache, clock: Stopwatch,
           seen: Look | None, theme: Theme, parts: Parts, strict: bool) -> Build:
    broken = theme_problems(config, theme)
    if broken:  # the rest of the project is checked all the same
        result = check(config, clock=clock, cache=cache, workers=workers)
        return _with(result, diagnostics=ordered([*result.diagnostics, *broken]))
    result = check(config, clock=clock, cache=cache, workers=workers,
                   pages=lambda corpus: Pages(config, theme, corpus), parts=parts)
    problems = list(result.diagnostics) + check_out(out, config.root)
    if has_errors(problems) or (strict and problems):
        return _with(result, diagnostics=ordered(problems))
    try:  # each page is written as it is rendered, into a folder swapped in at the end
        staging = Staging(out, seen.same if seen else {}, _spare(cache))
    except (WriteError, OSError) as exc:
        return _unwritten(result, problems, out, exc)
    try:
        site, found = render(config, result.corpus, result.surveys, result.links, parts,
                             theme=theme, progress=clock.tell, workers=workers,
                             cache=cache, into=staging.filler)
    except (WriteError, OSError) as exc:
        staging.abort()
        return _unwritten(result, problems, out, exc)
    problems += found
    clock.lap("render")
    if has_errors(found):
        staging.abort()
        return _with(result, site=site, diagnostics=ordered(problems), timings=clock.times,
                     peaks=clock.peaks)
    documents, keys = documents_of(result.corpus, result.surveys, theme, parts)
    kept = _kept(site, search.part_keys(keys)) if seen is not None else None

    def finish(folder: Path) -> list[Diagnostic]:
        clock.lap("write")
        return search.index(folder, documents, keys, cache, _previous(out, seen), clock.tell)

    written = staging.finish(site.assets, finish, search.owns)
    problems += written
    clock.lap("search")
    if not written and kept:
        cache.store("site", seen.inputs, replace(kept, diagnostics=ordered(problems)))
        _record(out, cache, seen, kept)
        cache.commit()
    return _with(result, site=site, diagnostics=ordered(problems), timings=clock.times,
                 peaks=clock.peaks, pages=_count(site.pages))


def documents_of(corpus: Corpus, surveys: dict[str, Survey], theme: Theme, parts: Parts
                 ) -> tuple[dict[str, Callable[[], bytes]], dict[str, str]]:
    """The search document of each page that has one, every source's and every term's
    (site-relative file: how to make it), and the digest of each."""
    documents: dict[str, Callable[[], bytes]] = {}
    keys: dict[str, str] = {}
    for source_id, survey in surveys.items():
        file = urls.file_of(urls.source(source_id))
        documents[file] = lambda survey=survey: parts.search(survey)
        keys[file] = survey.search_key
    made: dict[str, bytes] = {}
    for term in corpus.terms.values():
        root = urls.root_of(urls.term(term.id))
        see_also = [corpus.terms[t].name for t in term.see_also if t in corpus.terms]
        made[urls.file_of(urls.term(term.id))] = search.document(term.name, [
            theme.annotation_html(term.summary, root),
            f"<p>{escape(', '.join(term.aliases))}</p>" if term.aliases else "",
            theme.annotation_html(term.body, root),
            f"<p>{escape(', '.join(see_also))}</p>" if see_also else ""])
    for file, data in made.items():
        documents[file] = lambda data=data: data
        keys[file] = digest(data)
    return documents, keys


def _unwritten(result: Build, problems: list[Diagnostic], out: Path, exc: Exception) -> Build:
    return _with(result, diagnostics=ordered([*problems, error(
        Location(out.name, 1, 1), f"could not write the site: {exc}")]))


def _kept(site: Site, parts: dict[str, str]) -> Kept:
    """The site as the cache keeps it: each page and each part of its search index by its
    key."""
    return Kept(tuple((p.url, p.key) for p in site.pages),
                tuple((str(a.src), a.dest) for a in site.assets), parts=parts)


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
                                                  kept.parts))


def _count(pages) -> int:
    return sum(urls.is_page(p.url) for p in pages)


def _with(result: Build, **changes) -> Build:
    return Build(**{**result.__dict__, **changes})




def _alone() -> int:
    """The cores a rebuild may fork workers on: all of them while this process runs no
    other thread (the preview, before it serves; a fork copies no other thread, and a lock
    one of them holds would stay held in the copy), else none."""
    return (os.cpu_count() or 1) if threading.active_count() == 1 else 1


class Builder:
    """Builds one project into one folder, again and again: the first run writes the whole
    site, later runs only the pages whose inputs changed. `decorate` may change each page's
    HTML before it is written (the preview server adds its script); `search` indexes the
    written folder."""

    def __init__(self, config: Config, out: Path, *, decorate: Callable[[str], str] = str,
                 search_index: bool = True):
        self.config, self.out = config, Path(out)
        self.decorate, self.search_index = decorate, search_index
        self.state = BuildState()
        self.last: Build | None = None
        self.theme: Theme | None = None
        self.templates: dict[str, tuple[int, int]] = {}
        self.assets: dict[str, tuple[int, int]] = {}
        self.inputs: dict[str, tuple] = {}  # each page's inputs as last rendered
        self.parts = Parts()
        self.jobs = Memo()  # what page_jobs gathers across the sources
        self.uses: dict[str, set[str]] = {}  # the templates each page template uses
        self.broken: list[Diagnostic] | None = None  # what keeps the theme from rendering

    def build(self, changed: set[str] | None = None, progress: Tell | None = None) -> Build:
        """Build; `changed`, the paths changed since the last build if the caller knows them
        (the preview's watcher does), spares a scan of the input folders; `progress` hears
        how each stage goes (see progress.py). The garbage collector waits: a full pass over
        a large corpus's objects would cost more than the rebuild (it runs between rebuilds
        instead)."""
        with collector_waits():
            return self._build(changed, progress)

    def _build(self, changed: set[str] | None, progress: Tell | None) -> Build:
        if self.theme is None:
            self.theme = Theme(self.config.theme_dir)
        templates = template_stamps(self.theme.folder / "templates")
        edited = {name for name in templates.keys() | self.templates.keys()
                  if templates.get(name) != self.templates.get(name)}
        if edited and self.templates:
            self.theme = Theme(self.config.theme_dir)  # templates compiled afresh
        theme = self.theme
        if edited or self.broken is None:
            self.broken = theme_problems(self.config, theme)
        if self.broken:
            return Build(Corpus(), {}, Links({}, {}), diagnostics=self.broken)
        result = check(self.config, self.state, changed, Stopwatch(progress), workers=_alone(),
                       pages=lambda corpus: Pages(self.config, theme, corpus), parts=self.parts)
        if not result.ok:
            return result
        try:
            return self._render(result, templates, edited, progress)
        except (WriteError, OSError) as exc:
            return _with(result, diagnostics=[*result.diagnostics, error(
                Location(self.out.name, 1, 1), f"could not write the site: {exc}")])

    def _render(self, result: Build, templates: dict, edited: set[str],
                progress: Tell | None) -> Build:
        theme = self.theme
        jobs = page_jobs(theme, self.config, result.corpus, result.surveys, result.links,
                         self.parts, self.jobs)
        self.jobs.rotate()
        first = self.last is None
        if edited:
            self.uses = {}
        uses = self.uses
        for name in {j.template for j in jobs.values() if j.template} - uses.keys():
            uses[name] = template_closure(theme.env, name)
        dirty = {url for url, job in jobs.items() if job.template and (
            first or not _same(self.inputs.get(url), job.inputs) or uses[job.template] & edited)}
        pages, problems, _ = render_jobs(self.config, lambda: jobs, only=dirty, workers=_alone(),
                                         progress=progress)
        if problems:
            return _with(result, diagnostics=ordered([*result.diagnostics, *problems]))
        if first:
            site = Site(tuple(Page(p.url, self.decorate(p.html)) for p in pages), theme.assets())
            long = _long(jobs)
            site, self.long = Site(site.pages + long, site.assets), {p.url: p.key for p in long}
            problems = write(site, self.out, self._index(result) if self.search_index else None)
            if problems:
                return _with(result, diagnostics=ordered([*result.diagnostics, *problems]))
            self.assets = {a.dest: _stamp(a.src) for a in site.assets}
            written = tuple(sorted(p.relative_to(self.out).as_posix()
                                   for p in self.out.rglob("*") if p.is_file()))
        else:
            assets = [a for a in theme.assets() if _stamp(a.src) != self.assets.get(a.dest)]
            gone = {url for url in self.inputs if url not in jobs}
            written = tuple(sorted(update(self.out, [Page(p.url, self.decorate(p.html))
                                                     for p in pages], gone, assets)))
            self.assets.update({a.dest: _stamp(a.src) for a in assets})
            site = Site(pages, tuple(assets))
        self.inputs = {url: job.inputs for url, job in jobs.items() if job.template}
        self.templates = templates
        self.last = result
        return _with(result, site=site, written=written)

    def finish(self) -> list[Diagnostic]:
        """What may lag behind the pages (the preview does it after reloading them): the
        open data, which holds every annotation, and the search index."""
        if self.last is None:
            return []
        last = self.last
        jobs = page_jobs(self.theme, self.config, last.corpus, last.surveys, last.links,
                         self.parts, self.jobs)
        long = _long(jobs)  # those written last (self.long, set by the first build) are
        # written again where their key changed, and deleted where the site has them no more
        update(self.out, [p for p in long if self.long.get(p.url) != p.key],
               self.long.keys() - {p.url for p in long}, [])
        self.long = {p.url: p.key for p in long}
        return self._reindex(last)

    def _index(self, result: Build) -> Callable[[Path], list[Diagnostic]]:
        documents, keys = documents_of(result.corpus, result.surveys, self.theme, self.parts)
        return lambda folder: search.index(folder, documents, keys)

    def _reindex(self, result: Build) -> list[Diagnostic]:
        """Rebuild the search index of the folder (whole: Pagefind's bundle is small)."""
        fresh = self.out.parent / f".{self.out.name}.search"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        problems = self._index(result)(fresh)
        if not problems:
            target = self.out / search.BUNDLE
            if target.exists():
                shutil.rmtree(target)
            (fresh / search.BUNDLE).rename(target)
        shutil.rmtree(fresh, ignore_errors=True)
        return problems


def _long(jobs: dict) -> tuple:
    """The files of the site made part by part (the open data's), each with its key, made
    afresh (without the build cache) when they are written."""
    return tuple(job.long(None) for job in jobs.values() if job.long)


def _same(old: tuple | None, new: tuple) -> bool:
    return old is not None and (old is new or old == new)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size
