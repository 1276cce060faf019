"""Anchored passages and glossary occurrences to marks: what to wrap where in each source,
which term is mentioned where, and the id each passage gets on its page.

Terms are found in one pass per source: one regular expression holds every term and
alias, longest first, so at each place the longest form wins; whole words only, and a
possessive ("CSTO’s") still matches its term.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from .model import Corpus, Mark, Passage, Span, Term
from .text import SourceText, fold_quote


@dataclass(frozen=True)
class Mention:
    term: str
    source: str
    start: int
    end: int
    id: str  # the occurrence's HTML id on the source page


@dataclass(frozen=True)
class Links:
    marks: dict[str, tuple[Mark, ...]]  # by source id, in text order
    mentions: dict[str, tuple[Mention, ...]]  # by term id, by source then position
    passage_ids: dict[Passage, str]  # each anchored passage's HTML id on its source page


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern | None
    exact: dict[str, str]  # folded form -> term id
    anycase: dict[str, str]  # casefolded form -> term id, for case-insensitive terms

    def term_of(self, matched: str) -> str:
        return self.exact.get(matched) or self.anycase[matched.casefold()]


def matcher(terms: dict[str, Term]) -> Matcher:
    exact: dict[str, str] = {}
    anycase: dict[str, str] = {}
    alternatives = []
    for term in terms.values():
        for form in term.forms:
            folded = fold_quote(form)
            if not folded:
                continue
            if term.case_sensitive:
                exact.setdefault(folded, term.id)
                alternatives.append((folded, re.escape(folded)))
            else:
                anycase.setdefault(folded.casefold(), term.id)
                alternatives.append((folded, f"(?i:{re.escape(folded)})"))
    if not alternatives:
        return Matcher(None, exact, anycase)
    alternatives.sort(key=lambda a: (-len(a[0]), a[0]))
    body = "|".join(dict.fromkeys(p for _, p in alternatives))
    return Matcher(re.compile(rf"(?<!\w)(?:{body})(?!\w)"), exact, anycase)


def term_spans(text: SourceText, match: Matcher) -> list[tuple[str, int, int]]:
    """(term id, start, end) of every occurrence in the visible text, outside link text."""
    if match.pattern is None:
        return []
    found = []
    link_starts = [a for a, _ in text.in_links]
    for m in match.pattern.finditer(text.folded.text):
        start, end = text.folded.span_to_original(m.start(), m.end())
        k = bisect.bisect_left(link_starts, end) - 1  # the last link text starting before `end`
        if k >= 0 and text.in_links[k][1] > start:
            continue
        found.append((match.term_of(m.group()), start, end))
    return found


def link(corpus: Corpus, texts: dict[str, SourceText], anchors: dict[Passage, Span]) -> Links:
    marks: dict[str, list[Mark]] = defaultdict(list)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    passage_ids: dict[Passage, str] = {}

    def passage_mark(passage: Passage, kind: str, ref: str, html_id: str) -> None:
        span = anchors.get(passage)
        if span:
            marks[span.source].append(Mark(span.start, span.end, kind, ref, html_id))
            passage_ids[passage] = html_id

    for x in corpus.crossrefs.values():
        for p in x.passages:
            passage_mark(p, "crossref", x.id, f"x-{x.id}")
    for n in corpus.notes.values():
        passage_mark(n.passage, "note", n.id, f"n-{n.id}")
    for e in corpus.events.values():
        per_source: dict[str, int] = defaultdict(int)
        for p in e.passages:
            per_source[p.source] += 1
            n = per_source[p.source]
            passage_mark(p, "event", e.id, f"e-{e.id}" + (f"-{n}" if n > 1 else ""))

    match = matcher(corpus.terms)
    for source_id, text in texts.items():
        counts: dict[str, int] = defaultdict(int)
        for term_id, start, end in term_spans(text, match):
            counts[term_id] += 1
            html_id = f"t-{term_id}-{counts[term_id]}"
            marks[source_id].append(Mark(start, end, "term", term_id, html_id))
            mentions[term_id].append(Mention(term_id, source_id, start, end, html_id))
        for turn in text.turns:
            start = text.blocks[turn.first].start
            marks[source_id].append(Mark(start, turn.label_end, "speaker", turn.speaker, ""))
    return Links(
        marks={s: tuple(sorted(m, key=lambda k: (k.start, -k.end, k.kind, k.ref)))
               for s, m in marks.items()},
        mentions={t: tuple(m) for t, m in mentions.items()},
        passage_ids=passage_ids,
    )
