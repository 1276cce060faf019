"""What the rest of the site needs of one source's text, made where the text is: each
anchored passage and each term's first mention in context, the ids of what its page
marks, and the words its terms were found as. No page but the source's own shows the text
itself, so a build makes these beside the source page's body and then drops the text (on
other cores, for a large corpus: the results are small and travel well).

A survey (`Survey`) is what a build holds of every source: small, with a digest of each
thing shown of it elsewhere, so that a page's key is made without the long parts, which
are fetched only for the pages rendered.
"""
from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from .cache import digest
from .model import Mark, Passage, Span
from .text import SourceText
from .views import context_of


class Context(NamedTuple):
    """A passage or a mention as shown away from its page: the HTML id of its place on the
    source page, the words around it (cut short, or its whole paragraph), its words, who
    says them in a transcript, and the line of the file where they are."""

    fragment: str
    before: str
    text: str
    after: str
    speaker: str
    line: int
    terms: tuple[tuple[int, int, str], ...] = ()  # the glossary's mentions in `text`:
    # (start, end, term id)


class Found(NamedTuple):
    """An anchored passage: where it lies, in context cut short (popovers, the timeline)
    and in its whole paragraph (the compare view), and its target in the open data."""

    span: Span
    short: Context
    whole: Context
    target: bytes  # JSON


class Mentions(NamedTuple):
    """A term's mentions in one source: how many (their ids are t-<term>-1 … t-<term>-n),
    the first in context, the words they were found as (folded), and the paragraph each
    is in (n of p-n), in order."""

    count: int
    first: Context
    forms: tuple[str, ...]
    paragraphs: tuple[int, ...] = ()

    def later(self) -> list[tuple[int, int, int]]:
        """Each mention after the first: (its number n of t-<term>-n, its paragraph, and
        which mention it is in that paragraph, from 1)."""
        found, last, nth = [], 0, 0
        for n, paragraph in enumerate(self.paragraphs, 1):
            nth = nth + 1 if paragraph == last else 1
            last = paragraph
            if n > 1:
                found.append((n, paragraph, nth))
        return found


@dataclass(frozen=True)
class SourceFacts:
    """What other pages show of a source's passages: each anchored passage in context, as
    the survey is made of it (the survey keeps each pickled: a page reads only the passages
    it shows)."""

    source: str
    passages: dict[Passage, Found]  # every passage anchored in it


class Ref(NamedTuple):
    """Where a survey's long part is kept when it is not in memory: in the spill file
    (`at`, `length`), or in the build cache (`kind`, `key`)."""

    at: int = -1
    length: int = 0
    kind: str = ""
    key: str = ""


@dataclass(frozen=True, eq=False)
class Survey:
    """A source's part in a build, made where its text is. Small, and always at hand: what
    the link stage and the pages' keys need, each passage and term by a digest of what is
    shown of it. The rest is long and fetched where a page needs it (see Parts): the facts
    (each passage's Found: a run of `facts`, found by `placed`), each term's first mention
    (its Mentions pickled: a run of `firsts`), the page's body, the search document and the
    open data's targets (each term's a run of `targets`); `runs` says where each term's runs
    are. `survey_key` is a digest of all that the survey was made of. Told apart by
    identity: a survey made again is another."""

    survey_key: str
    source: str
    placed: dict[Passage, tuple[str, str, int, int, int, int]]  # anchored passage: (HTML id,
    # digest of its Found, start, end, then where its Found, pickled, starts in `facts` and
    # its length)
    mentioned: dict[str, tuple[int, str, str]]  # term: (count, digest of its Mentions, of targets)
    forms: dict[str, tuple[str, ...]]  # term: the words it was found as (folded)
    marked: dict[str, tuple[str, ...]]  # the ids its marks stand for, by kind, sorted
    problems: tuple = ()
    notes: tuple = ()  # (number, note id, mark id) in reading order
    contents: tuple = ()  # its page's contents list (text.contents)
    passage_terms: dict[Passage, tuple[str, ...]] = field(default_factory=dict)  # the terms
    # mentioned in each anchored passage shown elsewhere, where there are any
    search_key: str = ""  # the digest of its search document
    facts: object = None  # each anchored passage's Found pickled, one after the other (bytes),
    # or a Ref
    body: object = None  # bytes, or a Ref
    search: object = None
    targets: object = None
    firsts: object = None
    runs: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # term: where its
    # run of targets starts and its length, then the same of firsts


def share_words(survey: Survey, words: dict[tuple[str, ...], tuple[str, ...]]) -> Survey:
    """The survey, its terms' forms now the very tuples of `words` where equal ones are
    there (and added where not). A survey sent back by a worker, or read from the cache,
    brings its own copy of every word; shared, a large corpus's forms take a tenth of
    the memory."""
    forms = survey.forms
    for term, found in forms.items():
        forms[term] = words.setdefault(found, found)
    return survey


KINDS = ("term", "crossref", "note", "event")
_NOWHERE = Context("", "", "", "", "", 0)


def context(text: SourceText, start: int, end: int, fragment: str, whole: bool = False) -> Context:
    before, words, after, speaker, line = context_of(text, start, end, whole)
    return Context(fragment, before, words, after, speaker, line)


def source_facts(text: SourceText, marks: tuple[Mark, ...], forms: dict[str, tuple[str, ...]],
                 placed: dict[Passage, Mark], target: Callable[[int, int], bytes]
                 ) -> tuple[SourceFacts, dict[str, Mentions]]:
    """The facts of a source from its text, its marks, the words each term was found as,
    and the mark of each anchored passage; `target(start, end)` is a span's target in the
    open data. A passage's context is made only where it is shown: a cross-reference's
    passages in popovers and the compare view, an event's on the timeline (a note is shown
    on its own page only)."""
    passages = {}
    mentions = [m for m in marks if m.kind == "term"]
    for p, m in placed.items():
        a, b = m.start, m.end
        short = context(text, a, b, m.id) if m.kind != "note" else _NOWHERE._replace(fragment=m.id)
        if m.kind != "note":
            short = short._replace(terms=_terms_in(text.visible, short.text, mentions, a, b))
        whole = context(text, a, b, m.id, whole=True)._replace(terms=short.terms) \
            if m.kind == "crossref" else short
        passages[p] = Found(Span(text.source, a, b), short, whole, target(a, b))
    paragraphs: dict[str, list[int]] = {}
    firsts: dict[str, Mark] = {}
    for m in marks:
        if m.kind == "term":
            paragraphs.setdefault(m.ref, []).append(text.block_at(m.start) + 1)
            if m.ref not in firsts:
                firsts[m.ref] = m
    terms = {t: Mentions(len(paragraphs[t]), context(text, m.start, m.end, m.id),
                         forms.get(t, ()), tuple(paragraphs[t]))
             for t, m in firsts.items()}
    return SourceFacts(text.source, passages), terms


def _terms_in(visible: str, words: str, mentions: list[Mark], start: int, end: int
              ) -> tuple[tuple[int, int, str], ...]:
    """Where the mentions that lie in visible[start:end] are in `words`, that range's words
    with their white space squeezed: (start, end, term id) each."""
    found, at = [], 0
    for m in mentions:
        if m.start >= end:
            break
        if m.start >= start and m.end <= end:
            form = " ".join(visible[m.start:m.end].split())
            i = words.find(form, at)
            if i >= 0:
                found.append((i, i + len(form), m.ref))
                at = i + len(form)
    return tuple(found)


def marked(marks: tuple[Mark, ...]) -> dict[str, tuple[str, ...]]:
    """The ids a source's marks stand for, by kind."""
    refs: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for m in marks:
        if m.kind in refs:
            refs[m.kind].add(m.ref)
    return {kind: tuple(sorted(found)) for kind, found in refs.items()}


def survey(key: str, facts: SourceFacts, mentions: dict[str, Mentions], marks: tuple[Mark, ...],
           problems: tuple, targets: dict[str, bytes], **parts) -> Survey:
    """A source's survey from its facts, its terms' mentions and the rest of what it made
    (see Survey): each passage and term by a digest of what is shown of it."""
    runs, mentioned, at, start, joined, firsts = {}, {}, 0, 0, [], []
    for term in dict.fromkeys([*mentions, *targets]):
        data = targets.get(term, b"")
        first = _pickled(mentions[term]) if term in mentions else b""
        runs[term] = (at, len(data), start, len(first))
        at, start = at + len(data), start + len(first)
        joined.append(data)
        firsts.append(first)
        if term in mentions:
            mentioned[term] = (mentions[term].count, digest(first), digest(data))
    placed, found, at = {}, [], 0
    for p, f in facts.passages.items():
        data = _pickled(f)
        placed[p] = (f.short.fragment, digest(data), f.span.start, f.span.end, at, len(data))
        at += len(data)
        found.append(data)
    return Survey(
        key, facts.source, placed,
        mentioned, {t: m.forms for t, m in mentions.items()}, marked(marks), problems,
        facts=b"".join(found), targets=b"".join(joined), firsts=b"".join(firsts),
        runs=runs, passage_terms={p: tuple(dict.fromkeys(t for _, _, t in f.short.terms))
                                  for p, f in facts.passages.items() if f.short.terms}, **parts)


def _pickled(value) -> bytes:
    """A value as bytes that are the same whenever it is equal: pickled without the memo,
    which would tell shared objects from equal ones."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()
