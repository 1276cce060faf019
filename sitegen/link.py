"""Anchored passages and glossary occurrences to marks: what to wrap where in each source,
which term is mentioned where, and the id each passage gets on its page.

Terms are found in one pass per source: one regular expression holds every term and
alias, longest first, so at each place the longest form wins; whole words only, and a
possessive ("CSTO’s") still matches its term.
"""
from __future__ import annotations

import bisect
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from .cache import Cache, digest
from .model import Corpus, CrossRef, Event, Links, Mark, Mention, Note, Passage, Span, Term
from .memo import cached
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
    text, outside link text. The words are interned: a corpus's million occurrences spell
    a few thousand forms.
    Where occurrences overlap, the one that starts first wins, and at one place the longest."""
    found = sorted((m.start(), -m.end(), m.group()) for pattern in match.patterns
                   for m in pattern.finditer(text.folded.text))
    spans, last = [], 0
    link_starts = [a for a, _ in text.in_links]
    for folded_start, minus_end, matched in found:
        if folded_start < last:
            continue
        last = -minus_end
        start, end = text.folded.span_to_original(folded_start, last)
        k = bisect.bisect_left(link_starts, end) - 1  # the last link text starting before `end`
        if k >= 0 and text.in_links[k][1] > start:
            continue
        spans.append((match.term_of(matched), start, end, sys.intern(matched)))
    return spans


def _text_marks(source_id: str, text: SourceText, match: Matcher) -> tuple[tuple, tuple]:
    """The marks that come from a source's text alone: its terms and its speakers; and the
    mentions of its terms."""
    counts: dict[str, int] = defaultdict(int)
    marks, mentions = [], []
    for term_id, start, end, form in term_spans(text, match):
        counts[term_id] += 1
        html_id = f"t-{term_id}-{counts[term_id]}"
        marks.append(Mark(start, end, "term", term_id, html_id))
        mentions.append(Mention(term_id, source_id, start, end, html_id, form))
    for turn in text.turns:
        marks.append(Mark(text.blocks[turn.first].start, turn.label_end, "speaker", turn.speaker, ""))
    return tuple(marks), tuple(mentions)


def mark_order(mark: Mark) -> tuple:
    """Marks in text order; at one place the longest first."""
    return mark.start, -mark.end, mark.kind, mark.ref


def _sorted(text_marks: tuple, passage_marks: tuple) -> tuple[Mark, ...]:
    return tuple(sorted((*text_marks, *passage_marks), key=mark_order))


def link(corpus: Corpus, texts: dict[str, SourceText], anchors: dict[Passage, Span],
         memo=None, cache: Cache | None = None) -> Links:
    """Marks per source, mentions per term, and each passage's HTML id. With a `memo` (or
    the build `cache`), a source whose text and glossary are unchanged is not searched for
    terms again."""
    passage_marks: dict[str, list[Mark]] = defaultdict(list)
    passage_ids: dict[Passage, str] = {}
    for item in corpus.annotations():
        placed = cached(memo, id(item), (item, *[anchors.get(p) for p in item.passages]),
                        lambda: placed_marks(item, anchors))
        for passage, source, mark in placed:
            passage_marks[source].append(mark)
            passage_ids[passage] = mark.id

    glossary = _glossary(corpus.terms)
    match = cached(memo, "matcher", glossary, lambda: matcher(corpus.terms))
    marks: dict[str, tuple[Mark, ...]] = {}
    founds = []
    glossary_key = glossary_digest(corpus.terms) if cache is not None and cache.enabled else ""
    if glossary_key:
        cache.prefetch("terms", [digest(glossary_key, text.digest) for text in texts.values()])
    for source_id, text in texts.items():
        def search() -> tuple[tuple, tuple]:
            if glossary_key:
                return cache.remember("terms", digest(glossary_key, text.digest),
                                      lambda: _text_marks(source_id, text, match))
            return _text_marks(source_id, text, match)
        text_marks, found = cached(memo, ("terms", source_id), (text, match), search)
        founds.append(found)
        extra = tuple(passage_marks.get(source_id, ()))
        marks[source_id] = cached(memo, ("marks", source_id), (text_marks, extra),
                                  lambda: _sorted(text_marks, extra))
    founds = tuple(founds)
    mentions = cached(memo, "mentions", founds, lambda: _by_term(founds))
    return Links(marks=marks, mentions=mentions, passage_ids=passage_ids)


_KINDS = {CrossRef: ("crossref", "x"), Note: ("note", "n"), Event: ("event", "e")}


def mark_kind(item: CrossRef | Note | Event) -> str:
    return _KINDS[type(item)][0]


def placed_marks(item, anchors: dict[Passage, Span]) -> list[tuple[Passage, str, Mark]]:
    """The marks of an annotation's anchored passages: (passage, its source, mark). A
    passage's HTML id names its annotation; an event's second passage in one source gets
    `-2`, and so on."""
    kind, prefix = _KINDS[type(item)]
    base = f"{prefix}-{item.id}"
    placed, per_source = [], defaultdict(int)
    for p in item.passages:
        per_source[p.source] += 1
        n = per_source[p.source]
        html_id = base + (f"-{n}" if kind == "event" and n > 1 else "")
        span = anchors.get(p)
        if span:
            placed.append((p, span.source, Mark(span.start, span.end, kind, item.id, html_id)))
    return placed


def _glossary(terms: dict[str, Term]) -> tuple:
    """What term matching depends on: each term's id, spellings and case rule."""
    return tuple((t.id, t.forms, t.case_sensitive) for t in terms.values())


def glossary_digest(terms: dict[str, Term]) -> str:
    """A key for the glossary as matching sees it: the same text and the same key, the
    same occurrences."""
    return digest(repr(_glossary(terms)))


def _by_term(founds: list[tuple[Mention, ...]]) -> dict[str, tuple[Mention, ...]]:
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for found in founds:
        for mention in found:
            mentions[mention.term].append(mention)
    return {t: tuple(m) for t, m in mentions.items()}
