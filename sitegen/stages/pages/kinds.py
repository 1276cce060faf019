"""One function per kind of page: from what the page is made of (its job's inputs) to
what its template gets (contexts.py). The long parts they show (a passage in context, a
source's body, a term's first mention) are fetched from `facts`, the build's reader of its
surveys' long parts."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from ... import urls
from ...config import Config
from ...model import CrossRef, Found, Mentions, Passage, Source, Survey, Term
from ..export import base_of
from ..theme import Theme
from . import contexts as page
from .paging import Pager
from .views import (linked_terms, popover_data, preview_data, source_citation, term_citation,
                    view, word_diff)


@dataclass(frozen=True)
class Making:
    """What every page kind is made with: the theme (for annotation Markdown), the
    configuration, the glossary (for the terms a page previews) and the reader of the
    surveys' long parts (`found(survey, passage)`, `first(survey, term id)`,
    `body(survey)`)."""

    theme: Theme
    config: Config
    terms: dict[str, Term]
    facts: object
    surveys: dict[str, Survey]

    def previews(self, url: str, terms) -> dict:
        """The previews of the terms a page (other than a source's) links to."""
        root = urls.root_of(url)
        return preview_data(url, terms, lambda text: self.theme.annotation_html(text, root) + "\n")

    def found(self, source: Source, passage: Passage) -> Found:
        return self.facts.found(self.surveys[source.id], passage)

    def first(self, source: Source, term_id: str) -> Mentions:
        return self.facts.first(self.surveys[source.id], term_id)


def home_page(making: Making, site, intro, sources, marked, totals, pager, linked) -> page.HomePage:
    counts = {s.id: mark_counts(m) for s, m in zip(sources, marked)}
    return page.HomePage(site, pager, intro, sources, counts, dict(totals),
                         making.previews(pager.url, linked))


def mark_counts(marked: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """How many terms, cross-references, notes and events a source's marks stand for."""
    return {"terms": len(marked["term"]), "crossrefs": len(marked["crossref"]),
            "notes": len(marked["note"]), "events": len(marked["event"])}


def source_page(making: Making, site, source, survey, on_page, xrefs, related, noted, notes
           ) -> page.SourcePage:
    root = urls.root_of(urls.source(source.id))
    body = Markup(making.facts.body(survey).decode())
    shown = [(x, [(s.source, making.found(s.source, s.passage)) for s in found]) for x, found in xrefs]
    data = popover_data(source.id, on_page, shown,
                        lambda text: making.theme.annotation_html(text, root) + "\n")
    return page.SourcePage(
        site, source, body, data, f"{making.config.annotations}/notes/{source.id}.yaml", noted,
        related, survey.contents, source_citation(source, site, urls.source(source.id)),
        [page.ShownNote(at.number, note, at.mark) for at, note in zip(survey.notes, notes)])


def glossary_page(making: Making, site, terms, counts) -> page.GlossaryPage:
    letters: dict[str, list] = defaultdict(list)
    for term in terms:
        letters[initial(term.sort or term.name)].append(term)
    linked = linked_terms(making.terms, *(t.summary for t in terms))
    return page.GlossaryPage(site, dict(letters), counts, making.previews(urls.GLOSSARY, linked))


def initial(name: str) -> str:
    """The index letter a term is filed under: its first letter, or 0–9 for a digit."""
    letters = [c for c in name if c.isalnum()]
    return letters[0].upper() if letters and letters[0].isalpha() else "0–9"


def term_page(making: Making, site, term, see_also, mentions, sources, total, pager, linked
         ) -> page.TermPage:
    groups = []
    for mention in mentions:
        found = making.first(mention.source, term.id)
        groups.append(page.MentionGroup(mention.source, found, found.later(),
                                        view(mention.source, found.first)))
    return page.TermPage(site, term, see_also, groups, sources, total, pager,
                         making.previews(pager.url, linked), term_citation(term, site, urls.term(term.id)))


def crossrefs_page(making: Making, site, crossrefs, sources, pager: Pager, total, linked
              ) -> page.CrossRefsPage:
    return page.CrossRefsPage(site, crossrefs, sources, pager, total, making.previews(pager.url, linked))


def crossref_page(making: Making, site, x: CrossRef, found, linked) -> page.CrossRefPage:
    views = [view(s.source, making.found(s.source, s.passage).whole) for s in found]
    return page.CrossRefPage(site, x, word_diff(views) if x.relation == "same-statement" else views,
                             making.previews(urls.crossref(x.id), linked))


def timeline_page(making: Making, site, events, linked) -> page.TimelinePage:
    return page.TimelinePage(site, [
        page.EventShown(e, [view(s.source, making.found(s.source, s.passage).short) for s in found])
        for e, found in events], making.previews(urls.TIMELINE, linked))


def search_page(making: Making, site) -> page.PlainPage:
    return page.PlainPage(site)


def contribute_page(making: Making, site, text) -> page.GuidePage:
    return page.GuidePage(site, Markup(making.theme.highlighted.render(text)))


def not_found_page(making: Making, site) -> page.NotFoundPage:
    return page.NotFoundPage(site, base_of(site["base_url"]) or "/")
