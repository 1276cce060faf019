"""An edit of annotations in place, carried through validate, anchor and link without a
pass over the corpus: the preview's usual case (a note reworded, a quote moved, a term's
summary edited) costs what the edited files hold, not what the project holds.

In place means: the same files as the last good run, its sources untouched, and each
edited file giving annotations with the same ids as before, no term spelled differently
(a new spelling changes what every text links) and no problem. `revise` answers None for
anything else, and the stages then run over everything and report what is wrong. Where it
answers, its result is what the stages would give: tests/integration/test_incremental.py
checks each kind of edit against a full build.
"""
from __future__ import annotations

from dataclasses import replace

from .anchor import Miss, find
from .build import Build
from .diagnostics import ordered
from .link import mark_kind, mark_order, placed_marks
from .lint import lint
from .load import Inputs, Record
from .memo import Memo
from .model import Corpus, Links, Passage, Span, Term
from .validate import KIND_FIELDS, check_record, check_site_links


def revise(before: Build, old: Inputs, new: Inputs, memo: Memo | None) -> Build | None:
    """`before` (the last good run, of the inputs `old`) brought up to the inputs `new`; None
    if the edit is not in place. `memo`: the lint stage's."""
    edited = _edited(old, new)
    changes = None if edited is None else _validated(before.corpus, edited)
    if changes is None:
        return None
    pairs, relinked = changes
    if not pairs:
        return before
    fields: dict[str, dict] = {}
    for field, _, now in pairs:
        fields.setdefault(field, dict(getattr(before.corpus, field)))[now.id] = now
    corpus = replace(before.corpus, **fields)
    placed = _placed(before, [(was, now) for _, was, now in pairs if not isinstance(now, Term)])
    if placed is None:
        return None
    anchors, links = placed
    if relinked or "terms" in fields:
        problems = lint(corpus, before.texts, links, memo)
    else:
        problems = before.diagnostics  # nothing lint reads has changed
    return Build(corpus, before.texts, anchors, links, diagnostics=ordered(problems))


def _validated(corpus: Corpus, edited: list[tuple[Record, Record]]) -> tuple[list, bool] | None:
    """The annotations the edited files changed, each (corpus field, before, after), and
    whether the links written in them changed; None if the edit is not in place."""
    known = frozenset(corpus.sources)
    pairs, relinked = [], False
    for was, now in edited:
        items, _, problems, links = check_record(now, known)
        olds, _, _, old_links = check_record(was, known)
        check_site_links(corpus, links, problems)  # the ids are the same: as in the corpus
        if problems or [x.id for x in olds] != [x.id for x in items]:
            return None
        field = KIND_FIELDS[now.kind]
        pairs += [(field, getattr(corpus, field)[x.id], x) for x in items]
        relinked = relinked or links != old_links
    pairs = [(field, was, now) for field, was, now in pairs if was != now]
    for _, was, now in pairs:
        if isinstance(now, Term) and (was.forms != now.forms or
                                      was.case_sensitive != now.case_sensitive or
                                      any(t not in corpus.terms for t in now.see_also)):
            return None
    return pairs, relinked


def _placed(before: Build, pairs: list) -> tuple[dict[Passage, Span], Links] | None:
    """The anchors and links of `before` with the passages of the annotations in `pairs`
    (each before, after) found again and the marks of their sources patched; None if a
    quote is not found."""
    anchors, ids_of = dict(before.anchors), dict(before.links.passage_ids)
    gone, added = set(), []  # (source, mark kind, id) of the marks dropped; (source, mark)
    for was, now in pairs:
        for p in was.passages:
            span = anchors.pop(p, None)
            ids_of.pop(p, None)
            if span:
                gone.add((span.source, mark_kind(was), was.id))
        for p in now.passages:
            text = before.texts.get(p.source)
            span = text and find(text, p.selector)
            if not span or isinstance(span, Miss):
                return None
            anchors[p] = span
        for passage, source, mark in placed_marks(now, anchors):
            ids_of[passage] = mark.id
            added.append((source, mark))
    marks = dict(before.links.marks)
    for s in {s for s, _, _ in gone} | {s for s, _ in added}:
        kept = [m for m in marks.get(s, ()) if (s, m.kind, m.ref) not in gone]
        marks[s] = tuple(sorted(kept + [m for source, m in added if source == s], key=mark_order))
    return anchors, Links(marks, before.links.mentions, ids_of)


def _edited(old: Inputs, new: Inputs) -> list[tuple[Record, Record]] | None:
    """The annotation files read again, each (before, after); None if anything else
    changed: a file added or removed, a source, the home page's text or the guide."""
    if (len(old.sources) != len(new.sources) or len(old.records) != len(new.records)
            or old.intro != new.intro or old.contributing != new.contributing
            or any(a is not b for a, b in zip(old.sources, new.sources))):
        return None
    edited = [(a, b) for a, b in zip(old.records, new.records) if a is not b]
    if any(a.path != b.path for a, b in edited):
        return None
    return edited
