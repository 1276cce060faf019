"""What the rest of the site needs of one source's text, made where the text is: each
anchored passage and each term's first mention in context, the ids of what its page marks,
the words its terms were found as, and (in a build) its page's body, its search document
and its mentions' targets in the open data. No page but the source's own shows the text
itself, so a build makes all this and then drops the text (on other cores, for a large
corpus: what a survey leaves is small and travels well).

A survey (model.Survey) holds at hand a digest of each thing shown of it elsewhere, so that
a page's key is made without the long parts, which are fetched only for the pages rendered.
"""
from __future__ import annotations

from functools import cached_property
from operator import attrgetter
from typing import Callable

from ..config import Config
from ..diagnostics import error
from ..keys import Fingerprint, digest, fingerprint, pickled
from ..model import (Context, Corpus, CrossRef, Found, Mark, Mentioned, Mentions, Passage, Placed,
                     Run, Source, Span, Survey)
from . import export
from .anchor import Miss
from .body import source_body
from .context import context, terms_in
from .documents import annotated, source_document
from .link import link_source
from .text import SourceText, contents
from .theme import Theme, site_values

KINDS = ("term", "crossref", "note", "event")
_NOWHERE = Context("", "", "", "", "", 0)
_SOURCE = attrgetter("source")


class PageParts:
    """What a survey makes for a source's page, in a build (a check makes none): its body,
    its search document and its mentions' targets in the open data. Made in the building
    process before any survey, and inherited by the processes that run them."""

    def __init__(self, config: Config, theme: Theme, corpus: Corpus):
        self.config, self.theme, self.corpus = config, theme, corpus
        self.site = site_values(config, corpus)
        self.key = digest(repr(sorted(self.site.items(), key=str)), config.base_url,
                          theme.key("_body.html"))

    def reads(self, source: Source, items: tuple) -> tuple:
        """What a source's page parts show of other sources: the titles and publishers of
        those its cross-references lead to."""
        sources = self.corpus.sources
        return tuple((sources[p.source].title, sources[p.source].publisher) if p.source in sources
                     else None for item in items if isinstance(item, CrossRef) for p in item.passages)


class SurveyJob:
    """A source to survey: the source, its text (`body`, its Markdown), the annotations that
    place passages in it, and what its survey is kept by (`key`: its text, those
    annotations, the glossary's spellings and, in a build, what its page parts show). A
    check's job knows the `built` parts a build would make, for the key of the build's
    survey (`built_key`), which serves the check as well."""

    def __init__(self, source: Source, body: str, items: tuple, glossary: str,
                 parts: PageParts | None, built: PageParts | None = None):
        self.source, self.body, self.items = source, body, items
        self.glossary, self.parts, self.built = glossary, parts, built

    @cached_property
    def key(self) -> str:
        return self._key(self.parts)

    @property
    def built_key(self) -> str:
        return self._key(self.built) if self.built is not None else ""

    def _key(self, parts: PageParts | None) -> str:
        shown = parts and (parts.key, parts.reads(self.source, self.items))
        return digest(fingerprint(self.source), self.body, self.glossary, Fingerprint()(self.items),
                      repr(shown))


def placing(corpus: Corpus, of_kind: Callable[[str, dict], dict] | None = None) -> dict[str, tuple]:
    """The annotations that place passages in each source, in the corpus's order
    (Corpus.annotations: its cross-references, notes, then events); `of_kind(kind,
    annotations)` gives placing_of(annotations) of one kind (what a rebuild may keep)."""
    found: dict[str, tuple] = {}
    of_kind = of_kind or (lambda kind, annotations: placing_of(annotations))
    for kind in ("crossrefs", "notes", "events"):
        for source_id, items in of_kind(kind, getattr(corpus, kind)).items():
            found[source_id] = found[source_id] + items if source_id in found else items
    return found


def placing_of(annotations: dict) -> dict[str, tuple]:
    """The annotations (by id) that place passages in each source, in their order."""
    found: dict[str, list] = {}
    for item in annotations.values():
        for source_id in sources_of(item):
            found.setdefault(source_id, []).append(item)
    return {source_id: tuple(items) for source_id, items in found.items()}


def sources_of(annotation) -> tuple[str, ...]:
    """The sources an annotation has passages in, each once, in its passages' order."""
    return tuple(dict.fromkeys(map(_SOURCE, annotation.passages)))


def survey(job: SurveyJob, text: SourceText, terms: tuple) -> Survey:
    """A source's survey from its text and the marks of its text alone with the words its
    terms were found as (link.text_marks), with its page's parts where the job asks."""
    source, parts = job.source, job.parts
    own, forms = terms
    found, placed, marks = link_source(text, job.items, own)
    problems = tuple(error(p.where, m.message, m.code, m.proposal)
                     for p, m in found.items() if isinstance(m, Miss))
    if parts is None:
        passages, mentions = source_facts(text, marks, forms, placed, lambda a, b: b"")
        return made(job.key, source.id, passages, mentions, marks, problems, {})
    base = export.base_of(parts.config.base_url)
    passages, mentions = source_facts(text, marks, forms, placed,
                                      lambda a, b: export.target(source, text.visible, a, b, base))
    body, notes = source_body(parts.theme, parts.corpus, text, marks, parts.site)
    document = source_document(source, (text.visible[b.start:b.end] for b in text.blocks),
                               annotated(parts.theme, parts.corpus, source.id, notes,
                                         marked(marks)["crossref"]))
    return made(job.key, source.id, passages, mentions, marks, problems,
                export.term_targets(source, text.visible, marks, base),
                notes=notes, contents=contents(text), body=body.encode(), search=document,
                search_key=digest(document))


def source_facts(text: SourceText, marks: tuple[Mark, ...], forms: dict[str, tuple[str, ...]],
                 placed: dict[Passage, Mark], target: Callable[[int, int], bytes]
                 ) -> tuple[dict[Passage, Found], dict[str, Mentions]]:
    """Each anchored passage (its `placed` mark) in context, and each term's mentions, from
    a source's text, its marks and the words each term was found as; `target(start, end)`
    is a span's target in the open data. A passage's context is made only where it is
    shown: a cross-reference's passages in popovers and the compare view, an event's on the
    timeline (a note is shown on its own page only)."""
    passages = {}
    mentions = [m for m in marks if m.kind == "term"]
    for p, m in placed.items():
        a, b = m.start, m.end
        short = context(text, a, b, m.id) if m.kind != "note" else _NOWHERE._replace(fragment=m.id)
        if m.kind != "note":
            short = short._replace(terms=terms_in(text.visible, short.text, mentions, a, b))
        whole = context(text, a, b, m.id, whole=True)._replace(terms=short.terms) \
            if m.kind == "crossref" else short
        passages[p] = Found(Span(text.source, a, b), short, whole, target(a, b))
    paragraphs: dict[str, list[int]] = {}
    firsts: dict[str, Mark] = {}
    for m in mentions:
        paragraphs.setdefault(m.ref, []).append(text.block_at(m.start) + 1)
        if m.ref not in firsts:
            firsts[m.ref] = m
    terms = {t: Mentions(len(paragraphs[t]), context(text, m.start, m.end, m.id),
                         forms.get(t, ()), tuple(paragraphs[t]))
             for t, m in firsts.items()}
    return passages, terms


def marked(marks: tuple[Mark, ...]) -> dict[str, tuple[str, ...]]:
    """The ids a source's marks stand for, by kind."""
    refs: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for m in marks:
        if m.kind in refs:
            refs[m.kind].add(m.ref)
    return {kind: tuple(sorted(found)) for kind, found in refs.items()}


def made(key: str, source_id: str, passages: dict[Passage, Found], mentions: dict[str, Mentions],
         marks: tuple[Mark, ...], problems: tuple, targets: dict[str, bytes], **parts) -> Survey:
    """A source's survey from its passages in context, its terms' mentions and the rest of
    what it made (see Survey): each passage and term by a digest of what is shown of it."""
    runs, mentioned, at, start, joined, firsts = {}, {}, 0, 0, [], []
    for term in dict.fromkeys([*mentions, *targets]):
        data = targets.get(term, b"")
        first = pickled(mentions[term]) if term in mentions else b""
        runs[term] = Run(at, len(data), start, len(first))
        at, start = at + len(data), start + len(first)
        joined.append(data)
        firsts.append(first)
        if term in mentions:
            mentioned[term] = Mentioned(mentions[term].count, digest(first), digest(data))
    placed, found, at = {}, [], 0
    for p, f in passages.items():
        data = pickled(f)
        placed[p] = Placed(f.short.fragment, digest(data), f.span.start, f.span.end, at, len(data))
        at += len(data)
        found.append(data)
    return Survey(
        key, source_id, placed, mentioned, {t: m.forms for t, m in mentions.items()},
        marked(marks), problems, facts=b"".join(found), targets=b"".join(joined),
        firsts=b"".join(firsts), runs=runs,
        passage_terms={p: tuple(dict.fromkeys(t for _, _, t in f.short.terms))
                       for p, f in passages.items() if f.short.terms}, **parts)


def sharing() -> Callable[[Survey], Survey]:
    """What makes the surveys of one build share their terms' forms: each survey's forms
    made the very tuples of the first equal ones seen. A survey sent back by a worker, or
    read from the cache, brings its own copy of every word; shared, a large corpus's forms
    take a tenth of the memory."""
    words: dict[tuple[str, ...], tuple[str, ...]] = {}

    def share(found: Survey) -> Survey:
        forms = found.forms
        for term, spelled in forms.items():
            forms[term] = words.setdefault(spelled, spelled)
        return found

    return share
