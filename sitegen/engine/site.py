"""Every page of a build as a job (stages.pages), what they gather across the sources kept
by the runner from run to run, and the open data's and the sitemap's files beside them."""
from __future__ import annotations

from functools import partial
from operator import attrgetter

from markupsafe import escape

from .. import urls
from ..config import Config
from ..keys import digest
from ..model import Corpus, Links, LongPage, Survey
from ..stages import export
from ..stages.pages import opendata
from ..stages.pages.contexts import Job
from ..stages.pages.jobs import (Gathered, crossref_job, gather, jobs, mentions, related,
                                 sorted_crossrefs, sorted_sources, sorted_terms, source_inputs,
                                 term_jobs)
from ..stages.pages.kinds import Making
from ..stages.theme import Theme, site_values
from .runner import Runner, Step

_SOURCE = attrgetter("source")


def site_jobs(runner: Runner, theme: Theme, config: Config, corpus: Corpus,
              surveys: dict[str, Survey], links: Links) -> dict[str, Job]:
    """Every page and file of the site by URL, as a job."""
    making = Making(theme, config, corpus.terms, runner.parts, surveys)
    kept = gathered(runner, config, corpus, surveys, links)
    found = jobs(making, corpus, surveys, kept, *one_by_one(runner, making, corpus, surveys, kept))
    if config.base_url:
        pages = tuple(url for url in found if urls.is_page(url))
        found[urls.SITEMAP] = Job("", None, long=lambda store: sitemap(config.base_url, pages))
    data = open_data(runner, config, corpus, surveys, links)
    found.update({url: Job("", None, long=make) for url, make in opendata.files(data).items()})
    return found


def gathered(runner: Runner, config: Config, corpus: Corpus, surveys: dict[str, Survey],
             links: Links) -> Gathered:
    """What the pages gather across the sources, again only where what it is made of
    changed (the same objects while equal, so that the pages' inputs compare at once)."""
    site = runner.same("site", site_values(config, corpus))
    sources = sorted_sources(corpus)
    terms = runner.same("terms", sorted_terms(corpus))
    crossrefs = runner.same("crossrefs", sorted_crossrefs(corpus))
    noted = {n.source for n in corpus.notes.values()}
    by_source = runner.once("related", related, crossrefs)
    mentioned = tuple(surveys[s.id].mentioned for s in sources)
    by_term, counts = runner.once("mentions", mentions, sources, mentioned,
                                  inputs=(sources, links.mentions, mentioned))
    passages = dict(zip((x.id for x in crossrefs), runner.each(Step(
        "gather", lambda x: gather(corpus, surveys, x), slot=lambda x: ("crossref", x.id),
        inputs=lambda x: (x, tuple(map(surveys.get, map(_SOURCE, x.passages)))), spread=False),
        crossrefs)))

    def others(source) -> tuple:
        return tuple(passages[x][source.id] for x in surveys[source.id].marked["crossref"])

    inputs = runner.each(Step(
        "source inputs", lambda s: source_inputs(corpus, site, by_source, surveys[s.id], s,
                                                 s.id in noted, others(s)),
        slot=lambda s: ("source", s.id), spread=False,
        inputs=lambda s: (site, s, surveys[s.id], terms, crossrefs, s.id in noted, others(s))), sources)
    return Gathered(site, sources, terms, crossrefs, by_term, counts, passages,
                    dict(zip((s.id for s in sources), inputs)))


def one_by_one(runner: Runner, making: Making, corpus: Corpus, surveys: dict[str, Survey],
               kept: Gathered) -> tuple[list, list]:
    """The terms' and the cross-references' pages as jobs, each made again only where what
    it is made of changed, and bound to this run's `making`."""
    site, terms = kept.site, kept.terms

    def mentions(t) -> tuple:
        return kept.mentions.get(t.id, ())

    by_term = runner.each(Step(
        "term jobs", lambda t: term_jobs(making, corpus, surveys, site, t, mentions(t)),
        slot=lambda t: ("term jobs", t.id), spread=False, inputs=lambda t: (
            site, t, terms, mentions(t), tuple(surveys[m.source.id] for m in mentions(t)))), terms)
    by_crossref = runner.each(Step(
        "crossref jobs", lambda x: crossref_job(making, corpus, surveys, site, x,
                                                kept.crossref_passages[x.id][None]),
        slot=lambda x: ("crossref jobs", x.id), spread=False,
        inputs=lambda x: (site, x, terms, kept.crossref_passages[x.id][None])), kept.crossrefs)
    return [_bound(m, making) for m in by_term], [_bound(m, making) for m in by_crossref]


def _bound(made: dict[str, Job], making: Making) -> dict[str, Job]:
    """Jobs kept from an earlier run, made with this run's `making`."""
    return {url: job._replace(context=partial(job.context.func, making)) for url, job in made.items()}


def open_data(runner: Runner, config: Config, corpus: Corpus, surveys: dict[str, Survey],
              links: Links) -> opendata.OpenData:
    """The open data laid out in its files, again only where what it counts changed."""
    main, main_counts = runner.once("open data", opendata.main_items, corpus, surveys, inputs=(
        corpus.terms, corpus.crossrefs, corpus.notes, corpus.events,
        tuple(s.placed for s in surveys.values())))
    found, mention_counts = runner.once("open data mentions", opendata.mention_items, links, surveys,
                                        inputs=(links.mentions, tuple(s.mentioned for s in surveys.values()),
                                                export.PAGE_TARGETS))
    collections = runner.once("open data pages", export.collections, config.title, main_counts,
                              mention_counts, inputs=(config.title, main_counts, mention_counts,
                                                      export.PAGE_ITEMS, export.PAGE_TARGETS))
    return opendata.OpenData(config, corpus, surveys, runner.parts, main, found, collections)


def sitemap(base_url: str, pages: tuple[str, ...]) -> LongPage:
    """The sitemap (sitemaps.org) of the site's pages, at their addresses under `base_url`."""
    base = export.base_of(base_url)
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
            "".join(f"<url><loc>{escape(base + url)}</loc></url>\n" for url in pages) +
            "</urlset>\n").encode()
    return LongPage(urls.SITEMAP, lambda: (data,), digest(data))
