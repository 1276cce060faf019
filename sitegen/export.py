"""The editorial layer as open data: every annotation in the W3C Web Annotation Data Model,
each target with a TextQuoteSelector and a TextPositionSelector on the source's text (the
text a reader sees), so Hypothesis or a research pipeline can reuse it."""
from __future__ import annotations

import json
from functools import partial
from typing import Callable, Iterator
from urllib.parse import quote

from . import urls
from .model import Corpus, CrossRef, Event, Links, Note, Passage, Span, Term
from .text import SourceText

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # of text before and after a quote, as the selector's prefix and suffix
FILE = "annotations.jsonld"


def _fragment(exact: str) -> str:
    """A text fragment directive (#:~:text=…) for the words, as browsers scroll to them."""
    words = " ".join(exact.split())
    return ":~:text=" + quote(words, safe="").replace("-", "%2D")


def _target(corpus: Corpus, text: SourceText, span: Span, base: str) -> dict:
    visible = text.visible
    exact = visible[span.start:span.end]
    target = {
        "source": base + urls.source(span.source),
        "selector": [
            {"type": "TextQuoteSelector", "exact": exact,
             "prefix": visible[max(0, span.start - CONTEXT_CHARS):span.start],
             "suffix": visible[span.end:span.end + CONTEXT_CHARS]},
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        ],
    }
    original = corpus.sources[span.source].url
    if original:
        target["scope"] = f"{original.split('#')[0]}#{_fragment(exact)}"
    return target


def _body(value: str, purpose: str, fmt: str = "text/markdown") -> dict:
    return {"type": "TextualBody", "value": value, "format": fmt, "purpose": purpose}


def items(corpus: Corpus, texts: dict[str, SourceText], anchors: dict[Passage, Span],
          links: Links, base_url: str = "") -> list[tuple[object, Callable[[], dict]]]:
    """Every term, cross-reference, note and event, in the collection's order: (what it
    is, how to make its Annotation)."""
    base = base_url.rstrip("/") + "/" if base_url else ""

    def targets(passages) -> list[dict]:
        return [_target(corpus, texts[anchors[p].source], anchors[p], base)
                for p in passages if p in anchors]

    def term(term: Term) -> dict:
        return {
            "id": base + urls.term(term.id), "type": "Annotation", "motivation": "identifying",
            "body": [_body(term.summary, "describing"), _body(term.name, "tagging", "text/plain")],
            "target": [_target(corpus, texts[m.source], Span(m.source, m.start, m.end), base)
                       for m in links.mentions.get(term.id, ())]}

    def crossref(x: CrossRef) -> dict:
        return {
            "id": base + urls.crossref(x.id), "type": "Annotation", "motivation": "linking",
            "body": [_body(x.note, "commenting"), _body(x.relation, "tagging", "text/plain")],
            "target": targets(x.passages)}

    def note(note: Note) -> dict:
        return {
            "id": f"{base}{urls.source(note.source)}#note-{note.id}", "type": "Annotation",
            "motivation": "commenting",
            "body": [_body(note.note, "commenting"), _body(note.kind, "tagging", "text/plain")],
            "target": targets(note.passages)}

    def event(event: Event) -> dict:
        return {
            "id": f"{base}{urls.TIMELINE}#{event.id}", "type": "Annotation",
            "motivation": "describing",
            "body": [_body(event.title, "describing", "text/plain"),
                     _body(event.date, "tagging", "text/plain")],
            "target": targets(event.passages)}

    found: list[tuple[object, Callable[[], dict]]] = []
    found += [(t, partial(term, t)) for t in sorted(corpus.terms.values(), key=lambda t: t.id)]
    found += [(x, partial(crossref, x)) for x in sorted(corpus.crossrefs.values(), key=lambda x: x.id)]
    found += [(n, partial(note, n)) for n in sorted(corpus.notes.values(), key=lambda n: n.id)]
    found += [(e, partial(event, e)) for e in sorted(corpus.events.values(), key=lambda e: (e.date, e.id))]
    return found


def collection(count: int, base_url: str = "", title: str = "") -> dict:
    """The AnnotationCollection around `count` items (its page's items left empty)."""
    base = base_url.rstrip("/") + "/" if base_url else ""
    return {"@context": CONTEXT, "id": base + FILE, "type": "AnnotationCollection",
            "label": title, "total": count,
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": []}}


def web_annotations(corpus: Corpus, texts: dict[str, SourceText], anchors: dict[Passage, Span],
                    links: Links, base_url: str = "", title: str = "") -> dict:
    """An AnnotationCollection of every term, cross-reference, note and event."""
    made = [make() for _, make in items(corpus, texts, anchors, links, base_url)]
    whole = collection(len(made), base_url, title)
    whole["first"]["items"] = made
    return whole


def dumps(value) -> str:
    """Compact JSON (the C encoder: a large layer encodes in a blink)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def web_annotations_parts(corpus: Corpus, texts: dict[str, SourceText],
                          anchors: dict[Passage, Span], links: Links, base_url: str = "",
                          title: str = "",
                          item_json: Callable[[object, Callable[[], dict]], bytes] | None = None
                          ) -> Iterator[bytes]:
    """The collection as compact JSON in UTF-8, in parts made one at a time, one per
    annotation, to be written one after the other (joined, the same as
    dumps(web_annotations(...))): a large layer's JSON, a quarter of a gigabyte at 10,000
    sources, is never held whole. Each item's JSON comes from `item_json(annotation, make)`
    if given (the build cache keeps them)."""
    item_json = item_json or (lambda _, make: dumps(make()).encode())
    found = items(corpus, texts, anchors, links, base_url)
    yield dumps(collection(len(found), base_url, title))[:-4].encode() + b"["
    for n, (annotation, make) in enumerate(found):
        if n:
            yield b","
        yield item_json(annotation, make)
    yield b"]}}\n"
