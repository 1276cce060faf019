"""The search documents: each page's searchable text and nothing else, as Pagefind reads
it (a source's title, its metadata, its paragraphs, and its notes and cross-references,
each found where it is on the page; a term's name, summary and text), made where that text
is: Pagefind reads a tenth of what the pages hold, and an edit that changes no searchable
text (a template, a link) indexes nothing again."""
from __future__ import annotations

from html import escape
from typing import Iterable

from .. import urls
from ..model import Corpus, NoteAt, Source, Term
from .theme import Theme


def document(title: str, parts: Iterable[str]) -> bytes:
    """A search document: the title (Pagefind's result title: the first heading) and the
    parts, HTML, as Pagefind reads them."""
    head = escape(title)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{head}</title>'
            f'</head><body><main data-pagefind-body><h1>{head}</h1>{"".join(parts)}</main>'
            "</body></html>\n").encode()


def source_document(source: Source, paragraphs: Iterable[str],
                    annotations: Iterable[tuple[str, str, str]]) -> bytes:
    """A source's title, its metadata and its paragraphs (text, each with the id it has
    on the page, p-1 …), then each annotation on it, (the HTML id of its place on the page,
    a heading, HTML): its notes and its cross-references. Pagefind makes each heading with
    an id a sub-result that leads to that place, so a cross-reference's note is found where
    its passage is, with no document of its own (a large corpus has two for each source);
    it keeps the place of every other id too, so that the search page leads a hit in the
    text to its paragraph."""
    meta = " · ".join(x for x in (source.publisher, source.author, source.date.replace("T", " "),
                                  source.kind, source.origin) if x)
    return document(source.title, [f"<p>{escape(meta)}</p>",
                                   *(f'<p id="p-{n}">{escape(p)}</p>'
                                     for n, p in enumerate(paragraphs, 1)),
                                   *(f'<h2 id="{escape(place)}">{escape(heading)}</h2><div>{html}</div>'
                                     for place, heading, html in annotations)])


def annotated(theme: Theme, corpus: Corpus, source_id: str, notes: tuple[NoteAt, ...],
              crossrefs: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """What a source's search document holds of the annotations on it (see
    source_document): its notes in reading order, then its cross-references."""
    root = urls.root_of(urls.source(source_id))
    html = theme.annotation_html
    found = [(f"note-{note_id}", f"Note {number} ({corpus.notes[note_id].kind})",
              html(corpus.notes[note_id].note, root)) for number, note_id, _ in notes]
    for x_id in crossrefs:
        x = corpus.crossrefs[x_id]
        names = " · ".join(corpus.sources[p.source].publisher or corpus.sources[p.source].title
                           for p in x.passages if p.source in corpus.sources)
        found.append((f"x-{x_id}", f"{x.relation.replace('-', ' ').capitalize()}: {x.title} ({names})",
                      html(x.note, root)))
    return found


def term_document(theme: Theme, corpus: Corpus, term: Term) -> bytes:
    """A term page's search document: its name, summary, aliases, text and see-also."""
    root = urls.root_of(urls.term(term.id))
    see_also = [corpus.terms[t].name for t in term.see_also if t in corpus.terms]
    return document(term.name, [
        theme.annotation_html(term.summary, root),
        f"<p>{escape(', '.join(term.aliases))}</p>" if term.aliases else "",
        theme.annotation_html(term.body, root),
        f"<p>{escape(', '.join(see_also))}</p>" if see_also else ""])
