"""What an edit touches: from the build before an edit and the build after it, the pages
whose content may differ. A rebuild renders and writes only those.

Each rule says what a page shows: a source page its text and its marks, and the
annotations those marks stand for (a term's summary, a cross-reference's note and the
other passages); a term page its mentions in context; a cross-reference page its passages;
the indexes, the timeline and the home page what they list. The templates a page uses
are followed through extends, include and import (render.template_closure). The open data
(/annotations.jsonld), which holds every annotation, is left to Builder.finish, with the
search index.
"""
from __future__ import annotations

from pathlib import Path

from . import urls
from .render import mark_counts


_NOTHING = object()


def _changed(old: dict, new: dict) -> set:
    """The keys whose values differ (or are in one dict only)."""
    if old is new:
        return set()
    changed = {k for k, v in new.items()
               if (was := old.get(k, _NOTHING)) is not v and was != v}
    return changed | (old.keys() - new.keys())


def _moved(old, new, kind: str, sources: set[str]) -> set[str]:
    """Annotations of `kind` whose passages anchor elsewhere now, or lie in a changed source.
    The very same annotation, in unchanged sources, anchors where it did."""
    before, after = getattr(old.corpus, kind), getattr(new.corpus, kind)
    if sources:
        keys = before.keys() & after.keys()
    else:  # only what was made again may anchor elsewhere
        keys = [k for k, v in after.items() if before.get(k, v) is not v]
    moved = set()
    for key in keys:
        passages = after[key].passages
        if any(p.source in sources for p in passages) or (
                before[key] is not after[key] and
                [old.anchors.get(p) for p in before[key].passages] !=
                [new.anchors.get(p) for p in passages]):
            moved.add(key)
    return moved


def touched(old, new) -> set[str]:
    """URLs of the pages that differ, or may, between the builds `old` and `new`."""
    oc, nc = old.corpus, new.corpus
    sources = _changed(oc.sources, nc.sources)
    terms = _changed(oc.terms, nc.terms)
    crossrefs = _changed(oc.crossrefs, nc.crossrefs)
    notes = _changed(oc.notes, nc.notes)
    events = _changed(oc.events, nc.events)
    crossrefs |= _moved(old, new, "crossrefs", sources)
    events |= _moved(old, new, "events", sources)
    notes |= _moved(old, new, "notes", sources)
    marks = _changed(old.links.marks, new.links.marks)
    mentions = _changed(old.links.mentions, new.links.mentions)
    titles = {s: x.title for s, x in oc.sources.items()} != {s: x.title for s, x in nc.sources.items()}

    pages: set[str] = set()
    shown = sources | marks  # the sources whose page shows a changed annotation
    for build in (old, new):
        corpus = build.corpus
        shown |= {m.source for t in terms for m in build.links.mentions.get(t, ())}
        shown |= {p.source for x in crossrefs if x in corpus.crossrefs
                  for p in corpus.crossrefs[x].passages}
        shown |= {corpus.notes[n].source for n in notes if n in corpus.notes}
        shown |= {p.source for e in events if e in corpus.events for p in corpus.events[e].passages}
    pages |= {urls.source(s) for s in (nc.sources if titles else shown & nc.sources.keys())}
    for t, term in nc.terms.items():
        if t in terms or t in mentions or set(term.see_also) & terms or (
                sources and {m.source for m in new.links.mentions.get(t, ())} & sources):
            pages.add(urls.term(t))
    counts = old.links.mentions is not new.links.mentions and \
        {t: len(m) for t, m in old.links.mentions.items()} != \
        {t: len(m) for t, m in new.links.mentions.items()}
    if terms or counts:
        pages.add(urls.GLOSSARY)
    pages |= {urls.crossref(x) for x in crossrefs if x in nc.crossrefs}
    if crossrefs or titles:
        pages.add(urls.CROSSREFS)
    if events:
        pages.add(urls.TIMELINE)
    if oc.contributing != nc.contributing:
        pages.add(urls.CONTRIBUTE)
    recounted = any(mark_counts(old.links.marks.get(s, ())) != mark_counts(new.links.marks.get(s, ()))
                    for s in marks)
    if sources or oc.intro != nc.intro or recounted or \
            [len(oc.terms), len(oc.crossrefs), len(oc.events)] != \
            [len(nc.terms), len(nc.crossrefs), len(nc.events)]:
        pages.add(urls.HOME)
    return pages


def template_stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each template file's time stamp and size, to tell which ones an edit changed."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*.html"))}
