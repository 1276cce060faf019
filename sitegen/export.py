"""The editorial layer as open data: every annotation in the W3C Web Annotation Data Model,
each target with a TextQuoteSelector and a TextPositionSelector on the source's text (the
text a reader sees), so Hypothesis or a research pipeline can reuse it."""
from __future__ import annotations

import json
from urllib.parse import quote

from . import urls
from .link import Links
from .model import Corpus, Passage, Span
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


def web_annotations(corpus: Corpus, texts: dict[str, SourceText], anchors: dict[Passage, Span],
                    links: Links, base_url: str = "", title: str = "") -> dict:
    """An AnnotationCollection of every term, cross-reference, note and event."""
    base = base_url.rstrip("/") + "/" if base_url else ""

    def targets(passages) -> list[dict]:
        return [_target(corpus, texts[anchors[p].source], anchors[p], base)
                for p in passages if p in anchors]

    items = []
    for term in sorted(corpus.terms.values(), key=lambda t: t.id):
        mentions = links.mentions.get(term.id, ())
        items.append({
            "id": base + urls.term(term.id), "type": "Annotation", "motivation": "identifying",
            "body": [_body(term.summary, "describing"), _body(term.name, "tagging", "text/plain")],
            "target": [_target(corpus, texts[m.source], Span(m.source, m.start, m.end), base)
                       for m in mentions]})
    for x in sorted(corpus.crossrefs.values(), key=lambda x: x.id):
        items.append({
            "id": base + urls.crossref(x.id), "type": "Annotation", "motivation": "linking",
            "body": [_body(x.note, "commenting"), _body(x.relation, "tagging", "text/plain")],
            "target": targets(x.passages)})
    for note in sorted(corpus.notes.values(), key=lambda n: n.id):
        items.append({
            "id": f"{base}{urls.source(note.source)}#note-{note.id}", "type": "Annotation",
            "motivation": "commenting",
            "body": [_body(note.note, "commenting"), _body(note.kind, "tagging", "text/plain")],
            "target": targets((note.passage,))})
    for event in sorted(corpus.events.values(), key=lambda e: (e.date, e.id)):
        items.append({
            "id": f"{base}{urls.TIMELINE}#{event.id}", "type": "Annotation",
            "motivation": "describing",
            "body": [_body(event.title, "describing", "text/plain"),
                     _body(event.date, "tagging", "text/plain")],
            "target": targets(event.passages)})
    return {"@context": CONTEXT, "id": base + FILE, "type": "AnnotationCollection",
            "label": title, "total": len(items),
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}


def web_annotations_json(*args, **kwargs) -> str:
    """The collection as compact JSON (the C encoder: a large layer encodes in a blink)."""
    return json.dumps(web_annotations(*args, **kwargs), ensure_ascii=False,
                      separators=(",", ":")) + "\n"
