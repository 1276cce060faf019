"""What the rest of the site needs of one source's text, made where the text is: each
anchored passage and each term's first mention in context, the ids of what its page
marks, and the words its terms were found as. No page but the source's own shows the text
itself, so a build makes these beside the source page's body and then drops the text (on
other cores, for a large corpus: the results are small and travel well).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple

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


class Found(NamedTuple):
    """An anchored passage: where it lies, in context cut short (popovers, the timeline)
    and in its whole paragraph (the compare view), and its target in the open data."""

    span: Span
    short: Context
    whole: Context
    target: bytes  # JSON


class Mentions(NamedTuple):
    """A term's mentions in one source: how many (their ids are t-<term>-1 … t-<term>-n),
    the first in context, and the words they were found as (folded)."""

    count: int
    first: Context
    forms: tuple[str, ...]


@dataclass(frozen=True)
class SourceFacts:
    """All that other pages show of a source, compared by value: a rebuild that makes
    them again from an edited text touches the pages that show them only if they differ."""

    source: str
    passages: dict[Passage, Found]  # every passage anchored in it
    terms: dict[str, Mentions]  # by term id, in the order of their first mention
    marked: dict[str, tuple[str, ...]]  # the ids its marks stand for, by kind, sorted


@dataclass(frozen=True)
class Survey:
    """A source's part in a build, made where its text is: its facts, the problems its
    passages have, its page's body and its notes in reading order (number, note id, mark
    id), its search document, and its mentions' targets in the open data by term. The long
    parts are references into a spill.Held (the bytes, or where they were put aside);
    `survey_key` is a digest of all that it was made of."""

    survey_key: str
    facts: SourceFacts
    problems: tuple = ()
    body: object = None
    notes: tuple = ()
    search: object = None
    term_targets: dict = field(default_factory=dict)
    search_key: str = ""  # the digest of its search document

    def targets(self, term_id: str, stash) -> bytes:
        ref = self.term_targets.get(term_id)
        return stash.get(ref) if ref is not None else b""


KINDS = ("term", "crossref", "note", "event")
_NOWHERE = Context("", "", "", "", "", 0)


def context(text: SourceText, start: int, end: int, fragment: str, whole: bool = False) -> Context:
    before, words, after, speaker, line = context_of(text, start, end, whole)
    return Context(fragment, before, words, after, speaker, line)


def source_facts(text: SourceText, marks: tuple[Mark, ...], forms: dict[str, tuple[str, ...]],
                 placed: dict[Passage, Mark], target: Callable[[int, int], bytes]) -> SourceFacts:
    """The facts of a source from its text, its marks, the words each term was found as,
    and the mark of each anchored passage; `target(start, end)` is a span's target in the
    open data. A passage's context is made only where it is shown: a cross-reference's
    passages in popovers and the compare view, an event's on the timeline (a note is shown
    on its own page only)."""
    passages = {}
    for p, m in placed.items():
        a, b = m.start, m.end
        short = context(text, a, b, m.id) if m.kind != "note" else _NOWHERE._replace(fragment=m.id)
        whole = context(text, a, b, m.id, whole=True) if m.kind == "crossref" else short
        passages[p] = Found(Span(text.source, a, b), short, whole, target(a, b))
    counts: dict[str, int] = {}
    firsts: dict[str, Mark] = {}
    refs: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for m in marks:
        kind = m.kind
        if kind == "term":
            counts[m.ref] = counts.get(m.ref, 0) + 1
            if m.ref not in firsts:
                firsts[m.ref] = m
        if kind in refs:
            refs[kind].add(m.ref)
    terms = {t: Mentions(counts[t], context(text, m.start, m.end, m.id), forms.get(t, ()))
             for t, m in firsts.items()}
    return SourceFacts(text.source, passages, terms,
                       {kind: tuple(sorted(found)) for kind, found in refs.items()})
