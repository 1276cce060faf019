"""Passages and glossary occurrences to marks: what to wrap where in each source (its
passages found by anchor.py, its terms found here), the id each passage gets on its page,
and, across the sources, which of them mention each term.

Terms are found in one pass per source: one regular expression holds every term and
alias, longest first, so at each place the longest form wins; whole words only, and a
possessive ("CSTO’s") still matches its term.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from .anchor import Miss, find
from ..keys import digest
from ..model import CrossRef, Event, Links, Mark, Note, Passage, Span, Term
from .text import SourceText, fold_quote


@dataclass(frozen=True, eq=False)
class Matcher:
    exact: dict[str, str]  # folded form -> term id
    anycase: dict[str, str]  # casefolded form -> term id, for case-insensitive terms

    @cached_property
    def patterns(self) -> tuple[re.Pattern, ...]:
        """The case-sensitive forms, then the case-insensitive ones, each set as one regular
        expression. Compiled on first use (for thousands of forms it takes a good part of a
        second): a build that finds every text's terms in its cache never compiles them."""
        return tuple(re.compile(rf"(?<!\w){_trie(sorted(words))}(?!\w)", flags)
                     for words, flags in ((self.exact, 0), (self.anycase, re.IGNORECASE)) if words)

    def term_of(self, matched: str) -> str:
        return self.exact.get(matched) or self.anycase[matched.casefold()]


def _trie(words: list[str]) -> str:
    """One regular expression for many words, as a prefix tree: the engine follows one path
    through the shared prefixes instead of trying every word at every place. Longer words
    are tried first, so at any place the longest form wins."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        run = []
        while len(node) == 1 and "" not in node:  # one way on: no group, no recursion
            (char, node), = node.items()
            run.append(re.escape(char))
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        body = ""
        if branches:
            body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
            body = f"(?:{body})?" if "" in node else body
        return "".join(run) + body

    return pattern(root)


def matcher(terms: dict[str, Term]) -> Matcher:
    exact: dict[str, str] = {}
    anycase: dict[str, str] = {}
    for term in terms.values():
        for form in term.forms:
            folded = fold_quote(form)
            if folded and term.case_sensitive:
                exact.setdefault(folded, term.id)
            elif folded:
                anycase.setdefault(folded.casefold(), term.id)
    return Matcher(exact, anycase)


def term_spans(text: SourceText, match: Matcher) -> list[tuple[str, int, int, str]]:
    """(term id, start, end, the folded words matched) of every occurrence in the visible
    text, outside link text. Where occurrences overlap, the one that starts first wins,
    and at one place the longest (each expression finds its matches so; two are merged)."""
    folded = text.folded
    found = [m for pattern in match.patterns for m in pattern.finditer(folded.text)]
    if len(match.patterns) > 1:
        found.sort(key=lambda m: (m.start(), -m.end()))
    spans, last = [], 0
    links = text.in_links
    link_starts = [a for a, _ in links]
    term_of, to_original = match.term_of, folded.span_to_original
    for m in found:
        folded_start, folded_end = m.span()
        if folded_start < last:
            continue
        last = folded_end
        start, end = to_original(folded_start, folded_end)
        if links:
            k = bisect.bisect_left(link_starts, end) - 1  # the last link text starting before `end`
            if k >= 0 and links[k][1] > start:
                continue
        words = m.group()
        spans.append((term_of(words), start, end, words))
    return spans


def text_marks(text: SourceText, match: Matcher) -> tuple[tuple[Mark, ...], dict[str, tuple[str, ...]]]:
    """The marks that come from a source's text alone, its terms' and its speakers', and
    the words each term was found as (folded)."""
    counts: dict[str, int] = {}
    forms: dict[str, set[str]] = {}
    marks = []
    for term_id, start, end, words in term_spans(text, match):
        n = counts[term_id] = counts.get(term_id, 0) + 1
        marks.append(Mark(start, end, "term", term_id, f"t-{term_id}-{n}"))
        forms.setdefault(term_id, set()).add(words)
    for turn in text.turns:
        marks.append(Mark(text.blocks[turn.first].start, turn.label_end, "speaker", turn.speaker, ""))
    return tuple(marks), {t: tuple(sorted(found)) for t, found in forms.items()}


def mark_order(mark: Mark) -> tuple:
    """Marks in text order; at one place the longest first."""
    return mark.start, -mark.end, mark.kind, mark.ref


_KINDS = {CrossRef: ("crossref", "x"), Note: ("note", "n"), Event: ("event", "e")}


def link_source(text: SourceText, items, own: tuple[Mark, ...]
                ) -> tuple[dict[Passage, Span | Miss], dict[Passage, Mark], tuple[Mark, ...]]:
    """One source's passages and marks: where each passage that the annotations `items`
    place in it lies (or why none), the mark of each anchored one, and every mark to wrap
    in its text (`own`: those of its text alone, from text_marks). A passage's mark's id
    names its annotation; an event's second passage in one source gets `-2`, and so on."""
    found: dict[Passage, Span | Miss] = {}
    placed: dict[Passage, Mark] = {}
    for item in items:
        kind, prefix = _KINDS[type(item)]
        n = 0
        for p in item.passages:
            if p.source != text.source:
                continue
            n += 1
            span = found[p] = find(text, p.selector)
            if isinstance(span, Span):
                placed[p] = Mark(span.start, span.end, kind, item.id,
                                 f"{prefix}-{item.id}" + (f"-{n}" if kind == "event" and n > 1 else ""))
    return found, placed, tuple(sorted((*own, *placed.values()), key=mark_order))


def _glossary(terms: dict[str, Term]) -> tuple:
    """What term matching depends on: each term's id, spellings and case rule."""
    return tuple((t.id, t.forms, t.case_sensitive) for t in terms.values())


def glossary_digest(terms: dict[str, Term]) -> str:
    """A key for the glossary as matching sees it: the same text and the same key, the
    same occurrences."""
    return digest(repr(_glossary(terms)))


def link(mentioned: tuple[tuple[str, dict], ...]) -> Links:
    """Across the sources (each one's id and the terms its survey found, in the corpus's
    order): the sources that mention each term."""
    found: dict[str, list[str]] = defaultdict(list)
    for source_id, terms in mentioned:
        for term_id in terms:
            found[term_id].append(source_id)
    return Links({t: tuple(sources) for t, sources in found.items()})
