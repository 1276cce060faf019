"""Every page of the site by URL, as a job: its template, what it is made of and how to
make its context. Nothing is rendered here, so that a rebuild renders just the pages
whose inputs changed. A page is made of a digest of each passage or mention it shows
(see Shown, Mention); its rendering fetches them.

What pages gather across the sources (`Gathered`: the lists in their order, each term's
mentions, each cross-reference's placed passages, each source page's inputs) is made by
the functions here, each of plain values, so that a rebuild may keep what did not change.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import Iterable

from ... import urls
from ...model import Corpus, CrossRef, Source, Survey, Term
from ..survey import sources_of
from ..theme import Theme
from . import kinds, paging
from .contexts import Job, Mention, Shown
from .views import linked_terms


def sorted_sources(corpus: Corpus) -> tuple[Source, ...]:
    return tuple(sorted(corpus.sources.values(), key=lambda s: (s.date, s.id)))


def sorted_terms(corpus: Corpus) -> tuple[Term, ...]:
    return tuple(sorted(corpus.terms.values(), key=attrgetter("sort_key")))


def sorted_crossrefs(corpus: Corpus) -> tuple[CrossRef, ...]:
    return tuple(corpus.crossrefs[x] for x in sorted(corpus.crossrefs))


def mentions(sources: tuple[Source, ...], mentioned: tuple[dict, ...]
             ) -> tuple[dict[str, tuple[Mention, ...]], dict[str, int]]:
    """Each term's mentions in `sources` (each one's survey's `mentioned`), in their order,
    and each term's count of mentions in all."""
    found: dict[str, list[Mention]] = defaultdict(list)
    for source, terms in zip(sources, mentioned):
        for term_id, (count, shown, _) in terms.items():
            found[term_id].append(Mention(source, count, shown))
    return ({t: tuple(found[t]) for t in sorted(found)},
            {t: sum(m.count for m in found[t]) for t in sorted(found)})


def mentions_again(made: tuple[dict, dict], sources: tuple[Source, ...], mentioned: dict[str, dict],
                   changed: Iterable[str], was: dict[str, dict]) -> tuple[dict, dict] | None:
    """mentions() of `sources` (`mentioned`: each one's survey's, by source id) from what it
    `made` of the same sources before, when only those `changed` mention otherwise (`was`:
    what each mentioned then); None where a term came to be mentioned or no longer is."""
    by_term, counts = dict(made[0]), dict(made[1])
    order = {s.id: n for n, s in enumerate(sources)}
    touched: set[str] = set()
    for source_id in changed:
        now, then = mentioned.get(source_id, {}), was.get(source_id, {})
        for term_id in now.keys() | then.keys():
            found = [m for m in by_term.get(term_id, ()) if m.source.id != source_id]
            if term_id in now:
                count, shown, _ = now[term_id]
                at = next((n for n, m in enumerate(found) if order[m.source.id] > order[source_id]),
                          len(found))
                found.insert(at, Mention(sources[order[source_id]], count, shown))
            by_term[term_id] = tuple(found)
            counts[term_id] = sum(m.count for m in found)
            touched.add(term_id)
    if any(not by_term[t] or t not in made[0] for t in touched):
        return None  # (a term came to be mentioned, or no longer is, once all are counted)
    return by_term, counts


def placed(corpus: Corpus, surveys: dict[str, Survey], passages: Iterable) -> tuple[Shown, ...]:
    """Each anchored passage of `passages`, as a page shows it."""
    found = []
    for p in passages:
        survey = surveys.get(p.source)
        at = survey.placed.get(p) if survey is not None else None
        if at is not None:
            found.append(Shown(corpus.sources[p.source], p, at.shown))
    return tuple(found)


def reading(*passages_of: tuple[Shown, ...]) -> tuple[str, ...]:
    """The sources whose surveys' facts a page made of these passages reads."""
    return tuple(dict.fromkeys(s.source.id for found in passages_of for s in found))


def terms_in(corpus: Corpus, surveys: dict[str, Survey], found: tuple[Shown, ...]) -> list[Term]:
    """The terms mentioned in the passages shown, each once."""
    ids = dict.fromkeys(t for s in found for t in surveys[s.source.id].passage_terms.get(s.passage, ()))
    return [corpus.terms[t] for t in ids if t in corpus.terms]


def gather(corpus: Corpus, surveys: dict[str, Survey], x: CrossRef) -> dict:
    """A cross-reference's placed passages and the sources they are read from: all (under
    None, for its page) and, for each of its sources' pages, the others."""
    found = placed(corpus, surveys, x.passages)
    return {key: (shown, reading(shown)) for key, shown in (
        (None, found), *((s, tuple(f for f in found if f.source.id != s))
                         for s in sources_of(x)))}


def source_inputs(corpus: Corpus, site: dict, related: dict, survey: Survey, source: Source,
                  noted: bool, others: tuple) -> tuple[tuple, tuple]:
    """A source page's inputs and the sources whose surveys it reads, besides its own; `noted`: whether
    it has a file of notes; `others`: what gather() found of each of its cross-references
    for its page."""
    marked = survey.marked
    xrefs = tuple(zip(map(corpus.crossrefs.__getitem__, marked["crossref"]),
                      (found for found, _ in others)))
    notes = tuple(corpus.notes[at.note] for at in survey.notes)
    on_page = tuple(map(corpus.terms.__getitem__, marked["term"]))
    on_page += tuple(t for t in linked_terms(corpus.terms, *(n.note for n in notes))
                     if t.id not in marked["term"])  # what its notes link to
    return (site, source, survey, on_page, xrefs, tuple(related.get(source.id, ())), noted, notes
            ), tuple(dict.fromkeys(chain.from_iterable(r for _, r in others)))


@dataclass(frozen=True)
class Gathered:
    """What the pages gather across the sources (see the functions above)."""

    site: dict
    sources: tuple[Source, ...]
    terms: tuple[Term, ...]
    crossrefs: tuple[CrossRef, ...]
    mentions: dict[str, tuple[Mention, ...]]
    counts: dict[str, int]
    crossref_passages: dict[str, dict]  # gather() of each cross-reference, by id
    source_inputs: dict[str, tuple[tuple, tuple]]  # source_inputs() of each source, by id


def jobs(theme: Theme, corpus: Corpus, surveys: dict[str, Survey], gathered: Gathered,
         terms: Iterable[dict[str, Job]], crossrefs: Iterable[dict[str, Job]],
         index: dict[str, Job]) -> dict[str, Job]:
    """Every page of the site by URL (but the open data's files: opendata.py), the terms'
    and the cross-references' as made one by one (`terms`: term_jobs() of each of
    gathered.terms; `crossrefs`: crossref_job() of each of gathered.crossrefs), the
    cross-reference index's as crossrefs_job() made them (`index`, by URL)."""
    found: dict[str, Job] = {}
    site, sources = gathered.site, gathered.sources
    totals = (("sources", len(sources)), ("terms", len(corpus.terms)),
              ("crossrefs", len(corpus.crossrefs)), ("events", len(corpus.events)))
    for pager, shown in paging.pagers(urls.HOME, paging.split(sources, paging.SOURCES)):
        found[pager.url] = Job("home.html", kinds.home_page, (
            site, corpus.intro, shown, tuple(surveys[s.id].marked for s in shown), totals, pager,
            tuple(linked_terms(corpus.terms, corpus.intro)) if pager.number == 1 else ()))
    for s in sources:
        inputs, reads = gathered.source_inputs[s.id]
        found[urls.source(s.id)] = Job("source.html", kinds.source_page, inputs,
                                       reads=reads, body=surveys[s.id])
    found[urls.GLOSSARY] = Job("glossary.html", kinds.glossary_page,
                               (site, gathered.terms, gathered.counts))
    for made in terms:
        found.update(made)
    found.update(index)
    for made in crossrefs:
        found.update(made)
    events = tuple((e, placed(corpus, surveys, e.passages)) for e in sorted(
        corpus.events.values(), key=lambda e: (e.date, e.id)))
    found[urls.TIMELINE] = Job("timeline.html", kinds.timeline_page, (
        site, events, tuple(dict.fromkeys(t for _, f in events for t in terms_in(corpus, surveys, f)))),
        reads=reading(*(f for _, f in events)))
    found[urls.SEARCH] = Job("search.html", kinds.search_page, (site,))
    if corpus.contributing:
        found[urls.CONTRIBUTE] = Job("contribute.html", kinds.contribute_page,
                                     (site, corpus.contributing))
    if theme.has("404.html"):
        found[urls.NOT_FOUND] = Job("404.html", kinds.not_found_page, (site,))
    return found


def term_jobs(corpus: Corpus, site: dict, term: Term,
              found: tuple[Mention, ...]) -> dict[str, Job]:
    """A term's page, and the further pages of its mentions where there are many."""
    see_also = tuple(corpus.terms[t] for t in term.see_also if t in corpus.terms)
    total = sum(m.count for m in found)
    pages = paging.split(found, paging.MENTION_GROUPS, lambda m: paging.mention_weight(m.count),
                         paging.MENTION_WEIGHT)
    linked = tuple(dict.fromkeys(t for t in (
        *linked_terms(corpus.terms, term.summary, term.body), *see_also) if t.id != term.id))
    return {pager.url: Job("term.html", kinds.term_page, (
        site, term, see_also, shown, len(found), total, pager, linked),
        reads=tuple(m.source.id for m in shown))
        for pager, shown in paging.pagers(urls.term(term.id), pages)}


def crossrefs_pages(crossrefs: tuple[CrossRef, ...]) -> list[tuple[paging.Pager, tuple[CrossRef, ...]]]:
    """The pages of the cross-reference index, each with the cross-references it lists."""
    return paging.pagers(urls.CROSSREFS, paging.split(crossrefs, paging.CROSSREFS))


def crossrefs_job(corpus: Corpus, site: dict, pager: paging.Pager, shown: tuple[CrossRef, ...],
                  total: int) -> Job:
    """A page of the cross-reference index (crossrefs_pages), of `total` cross-references
    in all (made of the corpus's sources and terms too)."""
    named = {p.source: corpus.sources[p.source] for x in shown for p in x.passages
             if p.source in corpus.sources}  # what the page names, not every source
    return Job("crossrefs.html", kinds.crossrefs_page, (site, shown, named, pager, total, tuple(
        linked_terms(corpus.terms, *(x.note for x in shown)))))


def crossref_job(corpus: Corpus, surveys: dict, site: dict, x: CrossRef,
                 found: tuple[tuple[Shown, ...], tuple[Survey, ...]]) -> dict[str, Job]:
    """A cross-reference's compare page, of its passages as gather() `found` them."""
    shown, reads = found
    linked = tuple(dict.fromkeys((*linked_terms(corpus.terms, x.note), *terms_in(corpus, surveys, shown))))
    return {urls.crossref(x.id): Job("crossref.html", kinds.crossref_page,
                                     (site, x, shown, linked), reads=reads)}
