"""The editorial layer as open data: every annotation in the W3C Web Annotation Data Model,
each target with a TextQuoteSelector and a TextPositionSelector on the source's text (the
text a reader sees), so Hypothesis or a research pipeline can reuse it.

A target is made where the text is (`target`, `term_targets`: JSON, ready to be joined);
the collection is put together from them without the texts, one annotation at a time."""
from __future__ import annotations

import json
from typing import Callable, Iterable, Iterator
from urllib.parse import quote

from . import urls
from .model import Corpus, CrossRef, Event, Mark, Note, Source, Term

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # of text before and after a quote, as the selector's prefix and suffix
FILE = "annotations.jsonld"


def dumps(value) -> str:
    """Compact JSON (the C encoder: a large layer encodes in a blink)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def base_of(base_url: str) -> str:
    return base_url.rstrip("/") + "/" if base_url else ""


def _fragment(exact: str) -> str:
    """A text fragment directive (#:~:text=…) for the words, as browsers scroll to them."""
    words = " ".join(exact.split())
    return ":~:text=" + quote(words, safe="").replace("-", "%2D")


_string = json.encoder.encode_basestring  # what dumps() writes a string as (ensure_ascii off)


def target(source: Source, visible: str, start: int, end: int, base: str) -> bytes:
    """The target of visible[start:end] of `source`, as JSON."""
    return _target(_string(base + urls.source(source.id)), source.url, visible, start, end).encode()


def _target(address: str, original: str, visible: str, start: int, end: int) -> str:
    """A target as JSON, written out (a million of them at 10,000 sources): what
    dumps() gives of {"source": …, "selector": [quote, position], "scope": …}."""
    exact = visible[start:end]
    scope = f',"scope":{_string(original.split("#")[0] + "#" + _fragment(exact))}' if original else ""
    return (f'{{"source":{address},"selector":[{{"type":"TextQuoteSelector","exact":'
            f'{_string(exact)},"prefix":{_string(visible[max(0, start - CONTEXT_CHARS):start])},'
            f'"suffix":{_string(visible[end:end + CONTEXT_CHARS])}}},{{"type":'
            f'"TextPositionSelector","start":{start},"end":{end}}}]{scope}}}')


def term_targets(source: Source, visible: str, marks: Iterable[Mark], base: str
                 ) -> dict[str, bytes]:
    """The targets of a source's mentions (its marks of kind "term"), by term: each term's
    joined by commas."""
    address = _string(base + urls.source(source.id))
    grouped: dict[str, list[str]] = {}
    for m in marks:
        if m.kind == "term":
            grouped.setdefault(m.ref, []).append(_target(address, source.url, visible, m.start, m.end))
    return {term: ",".join(found).encode() for term, found in grouped.items()}


def _body(value: str, purpose: str, fmt: str = "text/markdown") -> dict:
    return {"type": "TextualBody", "value": value, "format": fmt, "purpose": purpose}


def _with_targets(item: dict, targets: Iterable[bytes]) -> bytes:
    """The annotation `item` (its "target" last and empty) with `targets` (JSON) in it."""
    head = dumps(item).encode()
    assert head.endswith(b'"target":[]}')
    return head[:-2] + b",".join(t for t in targets if t) + b"]}"


def term_item(term: Term, targets: Iterable[bytes], base: str) -> bytes:
    return _with_targets({
        "id": base + urls.term(term.id), "type": "Annotation", "motivation": "identifying",
        "body": [_body(term.summary, "describing"), _body(term.name, "tagging", "text/plain")],
        "target": []}, targets)


def passages_item(annotation: CrossRef | Note | Event, targets: Iterable[bytes], base: str) -> bytes:
    if isinstance(annotation, CrossRef):
        item = {"id": base + urls.crossref(annotation.id), "type": "Annotation",
                "motivation": "linking",
                "body": [_body(annotation.note, "commenting"),
                         _body(annotation.relation, "tagging", "text/plain")]}
    elif isinstance(annotation, Note):
        item = {"id": f"{base}{urls.source(annotation.source)}#note-{annotation.id}",
                "type": "Annotation", "motivation": "commenting",
                "body": [_body(annotation.note, "commenting"),
                         _body(annotation.kind, "tagging", "text/plain")]}
    else:
        item = {"id": f"{base}{urls.TIMELINE}#{annotation.id}", "type": "Annotation",
                "motivation": "describing",
                "body": [_body(annotation.title, "describing", "text/plain"),
                         _body(annotation.date, "tagging", "text/plain")]}
    item["target"] = []
    return _with_targets(item, targets)


def annotations(corpus: Corpus) -> list:
    """Every term, cross-reference, note and event, in the collection's order."""
    return [*sorted(corpus.terms.values(), key=lambda t: t.id),
            *sorted(corpus.crossrefs.values(), key=lambda x: x.id),
            *sorted(corpus.notes.values(), key=lambda n: n.id),
            *sorted(corpus.events.values(), key=lambda e: (e.date, e.id))]


def collection(count: int, base_url: str = "", title: str = "") -> dict:
    """The AnnotationCollection around `count` items (its page's items left empty)."""
    return {"@context": CONTEXT, "id": base_of(base_url) + FILE, "type": "AnnotationCollection",
            "label": title, "total": count,
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": []}}


def parts(corpus: Corpus, item_json: Callable[[object], bytes], base_url: str = "",
          title: str = "") -> Iterator[bytes]:
    """The collection as compact JSON in UTF-8, in parts made one at a time, one per
    annotation (`item_json(annotation)`), to be written one after the other: a large
    layer's JSON, a quarter of a gigabyte at 10,000 sources, is never held whole."""
    found = annotations(corpus)
    yield dumps(collection(len(found), base_url, title))[:-4].encode() + b"["
    for n, annotation in enumerate(found):
        if n:
            yield b","
        yield item_json(annotation)
    yield b"]}}\n"
