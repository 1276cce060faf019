"""The corpus from its files, checked on their own (validate.py): every reference between
files (source ids, term ids, duplicate ids, site links) checked across the corpus."""
from __future__ import annotations

from collections import defaultdict

from ..diagnostics import Diagnostic, Location, error, suggest
from ..model import Corpus, Passage, Term
from .validate import RecordFile, SourceFile


def assemble(sources: list[SourceFile], records: list[RecordFile], intro: str = "",
             contributing: str = "") -> tuple[Corpus, list[Diagnostic]]:
    """The corpus from its checked files, and every problem: each file's own, then those
    between files."""
    problems: list[Diagnostic] = []
    found = {}
    for checked in sources:
        problems += checked.problems
        if checked.source:
            found[checked.source.id] = checked.source
    known = frozenset(s.id for s in sources if s.id is not None)  # bad metadata still exists
    items: dict[str, list] = defaultdict(list)
    places: dict[str, dict[str, Location]] = {}
    written = []
    timelines = []
    for record in records:
        problems += record.problems
        if not record.kind:
            continue
        kept = record.items
        if record.kind == "crossrefs":
            for x in kept:
                _check_passages(f"cross-reference '{x.id}'", x.passages, known, problems, True)
        elif record.kind == "notes" and kept and record.id not in known:
            problems.append(error(
                Location(record.path, 1, 1), f"notes for an unknown source '{record.id}'."
                f"{suggest(record.id, known)} Name the file after a source: "
                "notes/<source-id>.yaml"))
            continue
        elif record.kind == "timeline":
            timelines.append(record)
            for e in kept:
                _check_passages(f"event '{e.id}'", e.passages, known, problems, False)
        items[record.kind] += kept
        written += record.links
        if record.places:
            places[record.id] = record.places
    if len(timelines) > 1:
        problems.append(error(Location(timelines[1].path, 1, 1),
                              "a second timeline file: keep all events in one timeline.yaml"))
    corpus = Corpus(
        sources=found,
        terms=_unique(items["glossary"], "term", problems),
        crossrefs=_unique(items["crossrefs"], "cross-reference", problems),
        notes=_unique(items["notes"], "note", problems),
        events=_unique(items["timeline"], "event", problems),
        intro=intro,
        contributing=contributing,
        written=tuple(written),
    )
    _check_terms(corpus.terms, places, problems)
    check_site_links(corpus, corpus.written, problems)
    return corpus, problems


def check_site_links(corpus: Corpus, written: list[tuple[Location, str, str]],
                      problems: list[Diagnostic]) -> None:
    """Links between annotations must name what exists."""
    known = {"term": corpus.terms, "crossref": corpus.crossrefs, "source": corpus.sources}
    for where, kind, target in written:
        if target not in known[kind]:
            problems.append(error(where, f"link to unknown {kind} '{kind}:{target}'."
                                         f"{suggest(target, known[kind])}"))


def _unique(items, kind: str, problems: list[Diagnostic]) -> dict:
    """Items by id; a second item with the same id is an error that points at the first."""
    by_id = {}
    for item in items:
        if item.id in by_id:
            first = by_id[item.id].where
            problems.append(error(item.where, f"duplicate {kind} id '{item.id}' (also at {first}): "
                                              "give one of them another 'id:'"))
        else:
            by_id[item.id] = item
    return by_id


def _check_passages(owner: str, passages, sources: dict, problems: list, distinct: bool) -> None:
    seen: dict[str, Passage] = {}
    for p in passages:
        if p.source not in sources:
            problems.append(error(p.where, f"unknown source '{p.source}' in {owner}."
                                           f"{suggest(p.source, sources)} Sources are the files "
                                           "in seeds/ (the name without .md)"))
        elif distinct and p.source in seen:
            problems.append(error(p.where, f"{owner} has two passages in '{p.source}' (the other "
                                           f"at line {seen[p.source].where.line}): a "
                                           "cross-reference ties passages of different sources"))
        seen[p.source] = p


def _check_terms(terms: dict[str, Term], places: dict[str, dict[str, Location]],
                 problems: list[Diagnostic]) -> None:
    """see_also must name terms; no text may match two terms (same form, or same up to case
    where either term ignores case)."""
    claims: dict[str, list[tuple[Term, str]]] = defaultdict(list)
    for term in terms.values():
        at = places.get(term.id, {})
        for other in term.see_also:
            if other not in terms:
                problems.append(error(at.get(other, term.where),
                                      f"unknown term '{other}' in see_also of '{term.id}'."
                                      f"{suggest(other, terms)} Terms are the files in "
                                      "annotations/glossary/ (the name without .yaml)"))
        for form in dict.fromkeys(term.forms):
            claims[form.casefold()].append((term, form))
    for group in claims.values():
        for i, (term, form) in enumerate(group):
            for first, first_form in group[:i]:
                same = form == first_form or not (term.case_sensitive and first.case_sensitive)
                if same and first.id != term.id:
                    at = places.get(term.id, {}).get(form, term.where)
                    problems.append(error(at, f"'{form}' is claimed by two terms, '{first.id}' "
                                              f"({first.where.path}) and '{term.id}': keep it in "
                                              "one of them, so each mention has one meaning"))
