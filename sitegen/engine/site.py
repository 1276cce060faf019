"""Every page of a build as a job (stages.pages), what they gather across the sources kept
by the runner from run to run, and the open data's and the sitemap's files beside them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from itertools import chain
from operator import attrgetter
from typing import Any, Callable

from markupsafe import escape

from .. import urls
from ..config import Config
from ..keys import digest
from ..model import Corpus, Links, LongPage, Survey
from ..stages import export
from ..stages.pages import opendata
from ..stages.pages.contexts import Job
from ..stages.pages.jobs import (Gathered, crossref_job, crossrefs_job, crossrefs_pages, gather,
                                 jobs, mentions, mentions_again, sorted_crossrefs, sorted_sources,
                                 sorted_terms, source_inputs, term_jobs)
from ..stages.survey import placing_of, sources_of
from ..stages.theme import Theme, site_values
from .runner import Runner, Step

_SOURCE = attrgetter("source")


def site_jobs(runner: Runner, theme: Theme, config: Config, corpus: Corpus,
              surveys: dict[str, Survey], links: Links) -> dict[str, Job]:
    """Every page and file of the site by URL, as a job."""
    glossary = _Glossary(runner, corpus)
    kept, since = gathered(runner, config, corpus, surveys, glossary)
    index = crossref_index(runner, corpus, kept, glossary)
    found = jobs(theme, corpus, surveys, kept, *one_by_one(runner, corpus, surveys, kept, glossary, since),
                 index)
    if config.base_url:
        pages = tuple(url for url in found if urls.is_page(url))
        found[urls.SITEMAP] = Job("", None, long=lambda store: sitemap(config.base_url, pages))
    data = open_data(runner, config, corpus, surveys, links)
    found.update({url: Job("", None, long=make) for url, make in opendata.files(data).items()})
    return found


def gathered(runner: Runner, config: Config, corpus: Corpus, surveys: dict[str, Survey],
             glossary: _Glossary) -> tuple[Gathered, _Since]:
    """What the pages gather across the sources, again only where what it is made of
    changed (the same objects while equal, so that the pages' inputs compare at once); and
    what changed since the last run."""
    site = runner.same("site", site_values(config, corpus))
    sources = runner.once("sources", sorted_sources, corpus, inputs=corpus.sources)
    terms = runner.once("terms", sorted_terms, corpus, inputs=corpus.terms)
    crossrefs = runner.once("crossrefs", sorted_crossrefs, corpus, inputs=corpus.crossrefs)
    noted = runner.once("noted", _noted, corpus.notes)
    by_source = runner.grouped("related", {x.id: x for x in crossrefs}, placing_of, sources_of)
    by_term, counts = _mentions(runner, sources, surveys)
    since = _Since(runner, corpus, surveys, site, glossary)
    passages = dict(zip((x.id for x in crossrefs), runner.each(Step(
        "gather", lambda x: gather(corpus, surveys, x), slot=lambda x: ("crossref", x.id),
        inputs=lambda x: (x, tuple(map(surveys.get, map(_SOURCE, x.passages)))), spread=False),
        crossrefs, touched=since.for_gather(by_source))))
    since.gathered = runner.since("gathered", passages)

    def others(source) -> tuple:
        return tuple(passages[x][source.id] for x in surveys[source.id].marked["crossref"])

    inputs = runner.each(Step(
        "source inputs", lambda s: glossary.looking(("source", s.id), lambda seen: source_inputs(
            seen, site, by_source, surveys[s.id], s, s.id in noted, others(s))),
        slot=lambda s: ("source", s.id), spread=False,
        inputs=lambda s: (site, s, surveys[s.id], glossary.looked(("source", s.id)), s.id in noted,
                          by_source.get(s.id), *_crossrefs_of(corpus, passages, surveys[s.id]))), sources,
        touched=since.for_sources(runner.since("noted", dict.fromkeys(noted)), runner.since("related", by_source)))
    since.mentions = runner.since("mentions", by_term)
    return Gathered(site, sources, terms, crossrefs, by_term, counts, passages,
                    dict(zip((s.id for s in sources), inputs))), since


def _mentions(runner: Runner, sources: tuple, surveys: dict[str, Survey]) -> tuple[dict, dict]:
    """Each term's mentions in the sources' order, and their counts (jobs.mentions): made
    whole where the sources changed, else, where some surveys mention otherwise, from the
    last run's."""
    mentioned = {s.id: surveys[s.id].mentioned for s in sources}
    changed = runner.since("mentioned", mentioned)
    last = runner.once("mentions", dict, inputs=sources)  # (a new one where the sources changed)
    made = last.get("made") if changed is not None and not changed else None
    if changed and "made" in last:
        made = mentions_again(last["made"], sources, mentioned, changed, last["mentioned"])
    if made is None:
        made = mentions(sources, tuple(mentioned.values()))
    last.update(made=made, mentioned=mentioned)
    return made


def crossref_index(runner: Runner, corpus: Corpus, kept: Gathered, glossary: _Glossary) -> dict[str, Job]:
    """The pages of the cross-reference index as jobs, each made again only where what it
    lists (or the site, or the terms it looked up) changed."""
    site, total = kept.site, len(kept.crossrefs)
    pages = crossrefs_pages(kept.crossrefs)

    def slot(page) -> tuple:
        return "crossref index", page[0].url

    return dict(zip((pager.url for pager, _ in pages), runner.each(Step(
        "crossref index", lambda page: glossary.looking(slot(page), lambda seen: crossrefs_job(
            seen, site, *page, total)), slot=slot, spread=False,
        inputs=lambda page: (site, *page, total, corpus.sources, glossary.looked(slot(page)))), pages)))


def _crossrefs_of(corpus: Corpus, gathered: dict, survey: Survey) -> tuple[tuple, tuple]:
    """The cross-references a source's text marks, and what gather() found of each."""
    marked = survey.marked["crossref"]
    return tuple(map(corpus.crossrefs.get, marked)), tuple(map(gathered.__getitem__, marked))


def _noted(notes: dict) -> frozenset[str]:
    """The sources that have notes."""
    return frozenset(n.source for n in notes.values())


def one_by_one(runner: Runner, corpus: Corpus, surveys: dict[str, Survey],
               kept: Gathered, glossary: _Glossary, since: _Since) -> tuple[list, list]:
    """The terms' and the cross-references' pages as jobs, each made again only where what
    it is made of changed (of the glossary: the terms it looked up)."""
    site = kept.site

    def mentions(t) -> tuple:
        return kept.mentions.get(t.id, ())

    by_term = runner.each(Step(
        "term jobs", lambda t: glossary.looking(
            ("term jobs", t.id), lambda seen: term_jobs(seen, site, t, mentions(t))),
        slot=lambda t: ("term jobs", t.id), spread=False, inputs=lambda t: (
            site, t, glossary.looked(("term jobs", t.id)), mentions(t))), kept.terms, touched=since.for_terms())
    by_crossref = runner.each(Step(
        "crossref jobs", lambda x: glossary.looking(("crossref jobs", x.id), lambda seen: crossref_job(
            seen, surveys, site, x, kept.crossref_passages[x.id][None])),
        slot=lambda x: ("crossref jobs", x.id), spread=False,
        inputs=lambda x: (site, x, glossary.looked(("crossref jobs", x.id)),
                          kept.crossref_passages[x.id][None])), kept.crossrefs,
        touched=since.for_crossrefs())
    return by_term, by_crossref


class _Since:
    """What changed since the last run (with a memo), and so which of the jobs made one by
    one may differ from theirs (`touched`, by slot; None: any may). A job's inputs (see
    gathered and one_by_one) are the site's values and the ids of the terms, which make every
    job again; its own item; the surveys, gathered passages, mentions and terms it reads,
    each named here by what reads it."""

    def __init__(self, runner: Runner, corpus: Corpus, surveys: dict[str, Survey], site: dict,
                 glossary: _Glossary):
        self.corpus, self.glossary = corpus, glossary
        found = (runner.since("site", {"site": site, "term ids": glossary.ids}),
                 runner.since("sources", corpus.sources), runner.since("surveys", surveys),
                 runner.since("crossrefs", corpus.crossrefs), runner.since("terms", corpus.terms))
        self.known = None not in found and not found[0]
        _, self.sources, self.surveyed, self.crossrefs, self.terms = found
        self.gathered: set | None = None  # the cross-references whose gather() changed
        self.mentions: set | None = None  # the terms whose mentions changed

    def for_gather(self, by_source: dict) -> set | None:
        """The gather() of each cross-reference changed, or with a passage in a changed survey."""
        if not self.known:
            return None
        return {("crossref", x) for x in chain(self.crossrefs, (
            x.id for s in self.surveyed for x in by_source.get(s, ())))}

    def for_sources(self, noted: set | None, related: set | None) -> set | None:
        """The source pages' inputs whose source, survey, notes, related cross-references,
        marked cross-references (or what gather() found of them) or looked-up terms changed."""
        if not self.known or None in (noted, related, self.gathered):
            return None
        xrefs = self.corpus.crossrefs
        found = {("source", s) for s in chain(self.sources, self.surveyed, noted, related, (
            p.source for x in chain(self.gathered, self.crossrefs) if x in xrefs
            for p in xrefs[x].passages))}
        return found | self.glossary.looking_up(self.terms)

    def for_terms(self) -> set | None:
        """The term jobs whose term, mentions or looked-up terms changed."""
        if not self.known or self.mentions is None:
            return None
        return {("term jobs", t) for t in chain(self.terms, self.mentions)} | self.glossary.looking_up(self.terms)

    def for_crossrefs(self) -> set | None:
        """The cross-reference jobs whose cross-reference, gathered passages or looked-up
        terms changed."""
        if not self.known or self.gathered is None:
            return None
        return {("crossref jobs", x) for x in chain(self.crossrefs, self.gathered)} | \
            self.glossary.looking_up(self.terms)


class _Glossary:
    """The glossary as the jobs made one by one look it up, so that a job is made again
    where a term it looked up changed, or a term came or went, and not where any other term
    changed. What each job looked up is kept from run to run (by its slot), where there is
    a memo to keep the jobs in."""

    def __init__(self, runner: Runner, corpus: Corpus):
        self.corpus, self.ids = corpus, runner.same("term ids", tuple(corpus.terms))
        self.seen: dict | None = runner.once("terms looked up", dict, inputs=()) \
            if runner.memo is not None else None

    def looking(self, slot, make: Callable[[Corpus], Any]) -> Any:
        """make(corpus), what it looks up of the corpus's glossary noted under `slot`."""
        if self.seen is None:
            return make(self.corpus)
        terms = _Seen(self.corpus.terms)
        made = make(replace(self.corpus, terms=terms))
        self.seen[slot] = tuple(terms.seen)
        return made

    def looking_up(self, terms: set) -> set:
        """The slots of the jobs that looked up any of `terms`."""
        if not terms or self.seen is None:
            return set()
        return {slot for slot, ids in self.seen.items() if not terms.isdisjoint(ids)}

    def looked(self, slot) -> tuple:
        """What the job in `slot` is made of, of the glossary: the terms it looked up, as
        they are now, and which terms there are."""
        return self.ids, tuple(map(self.corpus.terms.get, self.seen.get(slot, ()) if self.seen else ()))


class _Seen(Mapping):
    """A glossary (terms by id) that notes the terms looked up in it."""

    def __init__(self, terms: dict):
        self.terms, self.seen = terms, {}

    def __getitem__(self, key: str):
        found = self.terms[key]
        self.seen[key] = None
        return found

    def __contains__(self, key) -> bool:
        return key in self.terms

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)


def open_data(runner: Runner, config: Config, corpus: Corpus, surveys: dict[str, Survey],
              links: Links) -> opendata.OpenData:
    """The open data laid out in its files, again only where what it counts changed."""
    anchored = {s: _Anchored(found.placed) for s, found in surveys.items()}
    moved = runner.since("anchored", anchored)  # the sources that anchor other passages
    main, main_counts = [], ()
    for kind in export.KINDS:
        found, counts = _main_items(runner, corpus, surveys, kind, anchored, moved)
        main += found
        main_counts += counts
    found, mention_counts = runner.once("open data mentions", opendata.mention_items, links, surveys,
                                        inputs=(links.mentions, tuple(_Counted(s.mentioned) for s in surveys.values()),
                                                export.PAGE_TARGETS))
    collections = runner.once("open data pages", export.collections, config.title, main_counts,
                              mention_counts, inputs=(config.title, main_counts, mention_counts,
                                                      export.PAGE_ITEMS, export.PAGE_TARGETS))
    return opendata.OpenData(config, corpus, surveys, runner.parts, main, found, collections)


def _main_items(runner: Runner, corpus: Corpus, surveys: dict[str, Survey], kind: str,
                anchored: dict[str, _Anchored], moved: set | None) -> tuple[list, tuple[int, ...]]:
    """The open data's annotations of one kind (opendata.main_items), each one's anchored
    passages made again only where it changed or a source it has a passage in anchors other
    passages (`moved`; None: any may)."""
    ordered = runner.once(("open data order", kind), export.of_kind, corpus, kind,
                          inputs=getattr(corpus, kind))
    changed = runner.since(("open data", kind), getattr(corpus, kind))
    touched = None
    if changed is not None and moved is not None:
        touched = {("open data", kind, a.id) for a in ordered if a.id in changed or (
            moved and any(p.source in moved for p in getattr(a, "passages", ())))}
    return opendata.main_items(ordered, runner.each(Step(
        f"open data {kind}", lambda a: opendata.anchored(a, surveys), spread=False,
        slot=lambda a: ("open data", kind, a.id),
        inputs=lambda a: (a, tuple(anchored.get(p.source) for p in getattr(a, "passages", ())))),
        ordered, touched=touched))


class _Anchored:
    """A survey's anchored passages (`placed`), equal to another survey's where the same
    passages are anchored, wherever they lie: what the open data's annotations are made of."""

    __slots__ = ("placed",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, placed: dict):
        self.placed = placed

    def __eq__(self, other) -> bool:
        return self.placed is other.placed or self.placed.keys() == other.placed.keys()


class _Counted:
    """A survey's terms mentioned (`mentioned`), equal to another survey's where it mentions
    the same terms as many times, whatever is shown of them: what the open data's mentions
    are made of."""

    __slots__ = ("mentioned",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, mentioned: dict):
        self.mentioned = mentioned

    def __eq__(self, other) -> bool:
        mine, theirs = self.mentioned, other.mentioned
        return mine is theirs or (mine.keys() == theirs.keys() and
                                  all(m[0] == theirs[t][0] for t, m in mine.items()))


def sitemap(base_url: str, pages: tuple[str, ...]) -> LongPage:
    """The sitemap (sitemaps.org) of the site's pages, at their addresses under `base_url`."""
    base = export.base_of(base_url)
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
            "".join(f"<url><loc>{escape(base + url)}</loc></url>\n" for url in pages) +
            "</urlset>\n").encode()
    return LongPage(urls.SITEMAP, lambda: (data,), digest(data))
