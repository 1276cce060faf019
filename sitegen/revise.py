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
from .model import Links, Term
from .validate import KIND_FIELDS, check_record, written_links


def revise(before: Build, old: Inputs, new: Inputs, memo: Memo | None) -> Build | None:
    """`before` (the last good run, of the inputs `old`) brought up to the inputs `new`; None
    if the edit is not in place. `memo`: the lint stage's."""
    edited = _edited(old, new)
    if edited is None:
        return None
    corpus, texts = before.corpus, before.texts
    known = frozenset(corpus.sources)
    pairs, written = [], []  # (field, annotation before, after); (links before, after)
    for was, now in edited:
        items, _, problems, _ = check_record(now, known)
        olds = check_record(was, known)[0]
        if problems or [x.id for x in olds] != [x.id for x in items]:
            return None
        field = KIND_FIELDS[now.kind]
        pairs += [(field, getattr(corpus, field)[x.id], x) for x in items]
        written.append(([w for x in olds for w in written_links(x)],
                        [w for x in items for w in written_links(x)]))
    pairs = [(field, was, now) for field, was, now in pairs if was != now]
    if not pairs:
        return before
    ids = {"term": corpus.terms, "crossref": corpus.crossrefs, "source": corpus.sources}
    if any(target not in ids[kind] for _, now in written for _, kind, target in now):
        return None
    terms = [(was, now) for _, was, now in pairs if isinstance(now, Term)]
    if any(was.forms != now.forms or was.case_sensitive != now.case_sensitive or
           any(t not in corpus.terms for t in now.see_also) for was, now in terms):
        return None

    fields: dict[str, dict] = {}
    for field, _, now in pairs:
        fields.setdefault(field, dict(getattr(corpus, field)))[now.id] = now
    corpus = replace(corpus, **fields)

    anchors, ids_of = dict(before.anchors), dict(before.links.passage_ids)
    gone, added = set(), []  # (source, mark kind, id) of the marks dropped; (source, mark)
    for _, was, now in pairs:
        if isinstance(now, Term):
            continue
        for p in was.passages:
            span = anchors.pop(p, None)
            ids_of.pop(p, None)
            if span:
                gone.add((span.source, mark_kind(was), was.id))
        for p in now.passages:
            text = texts.get(p.source)
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
    links = Links(marks, before.links.mentions, ids_of)

    if terms or any(links_before != links_after for links_before, links_after in written):
        problems = lint(corpus, texts, links, memo)
    else:
        problems = before.diagnostics  # nothing lint reads has changed
    return Build(corpus, texts, anchors, links, diagnostics=ordered(problems))


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
