"""The editorial layer as open data: every annotation in the W3C Web Annotation Data Model,
each target with a TextQuoteSelector and a TextPositionSelector on the source's text (the
text a reader sees), so Hypothesis or a research pipeline can reuse it.

Two AnnotationCollections, each paged as the model pages one (§5: `first`, `last`, `next`,
`prev`, `partOf`, `startIndex`, `total`), every page bounded (`PAGE_ITEMS`, `PAGE_TARGETS`):

- `annotations.jsonld`, the editorial annotations: one describing each glossary term (its
  target the term's page), then every cross-reference, note and event. Its first page is in
  the collection's own file; the others are `annotations/page-<n>.jsonld`.
- `annotations/mentions.jsonld`, the glossary's mentions: for each term and each source
  that mentions it, one annotation whose targets are the mentions there (split in several
  where they are more than a page holds). Its pages after the first are
  `annotations/mentions-page-<n>.jsonld`.

A page's bounds come from counts alone (how many targets each annotation has), so every
file's contents are known before any annotation is made. A target is made where the text
is (`target`, `term_targets`: JSON, ready to be joined, addressed from the site root or
absolute); a page is put together from them without the texts, one annotation at a time."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple, Sequence
from urllib.parse import quote

from .. import urls
from ..model import Corpus, CrossRef, Event, Mark, Note, Source, Term

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # of text before and after a quote, as the selector's prefix and suffix
FILE = "annotations.jsonld"  # the editorial annotations
MENTIONS = "annotations/mentions.jsonld"  # the glossary's mentions
PAGE_ITEMS = 1000  # annotations a page holds at most
PAGE_TARGETS = 8000  # targets a page holds at most (about 5 MB of JSON)
SEE_ALSO = "rdfs:seeAlso"  # the anno.jsonld context defines the prefix rdfs:, not seeAlso


def dumps(value) -> str:
    """Compact JSON (the C encoder: a large layer encodes in a blink)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def base_of(base_url: str) -> str:
    return base_url.rstrip("/") + "/" if base_url else ""


def prefix(here: str, base: str) -> str:
    """What goes before a site-relative URL written in the file `here`: the base, or the
    way from that file's folder back to the site root ('' at the root, '../' below it)."""
    return base or urls.root_of(here)


def _fragment(exact: str) -> str:
    """A text fragment directive (#:~:text=…) for the words, as browsers scroll to them."""
    words = " ".join(exact.split())
    return ":~:text=" + quote(words, safe="").replace("-", "%2D")


_string = json.encoder.encode_basestring  # what dumps() writes a string as (ensure_ascii off)
_START = b'{"source":"'  # how every target starts, and nothing else in a target does (a
# quote inside a JSON string is escaped)


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


def moved(targets: bytes, up: str) -> bytes:
    """Targets as a survey made them (addressed from the site root), as written in a file
    `up` ('../') below it: each source's address made relative to that file."""
    return targets.replace(_START, _START + up.encode()) if up and targets else targets


def split_targets(targets: bytes) -> list[bytes]:
    """Targets joined by commas (term_targets), one by one."""
    if not targets:
        return []
    first, *rest = targets.split(b"," + _START)
    return [first, *(_START + t for t in rest)]


def _body(value: str, purpose: str, fmt: str = "text/markdown") -> dict:
    return {"type": "TextualBody", "value": value, "format": fmt, "purpose": purpose}


def _with_targets(item: dict, targets: Iterable[bytes]) -> bytes:
    """The annotation `item` (its "target" last and empty) with `targets` (JSON) in it."""
    head = dumps(item).encode()
    assert head.endswith(b'"target":[]}')
    return head[:-2] + b",".join(t for t in targets if t) + b"]}"


def term_item(term: Term, at: str) -> bytes:
    """The annotation describing a term: its summary and its name, on its page (`at`: the
    prefix of the file it is written in, see `prefix`)."""
    page = at + urls.term(term.id)
    return dumps({
        "id": page, "type": "Annotation", "motivation": "describing",
        "body": [_body(term.summary, "describing"), _body(term.name, "tagging", "text/plain")],
        "target": page}).encode()


def passages_item(annotation: CrossRef | Note | Event, targets: Iterable[bytes], at: str) -> bytes:
    """The annotation of a cross-reference, a note or an event, with the targets of its
    anchored passages (addressed for the file it is written in: see `moved`)."""
    if isinstance(annotation, CrossRef):
        item = {"id": at + urls.crossref(annotation.id), "type": "Annotation",
                "motivation": "linking",
                "body": [_body(annotation.note, "commenting"),
                         _body(annotation.relation, "tagging", "text/plain")]}
    elif isinstance(annotation, Note):
        item = {"id": f"{at}{urls.source(annotation.source)}#note-{annotation.id}",
                "type": "Annotation", "motivation": "commenting",
                "body": [_body(annotation.note, "commenting"),
                         _body(annotation.kind, "tagging", "text/plain")]}
    else:
        item = {"id": f"{at}{urls.TIMELINE}#{annotation.id}", "type": "Annotation",
                "motivation": "describing",
                "body": [_body(annotation.title, "describing", "text/plain"),
                         _body(annotation.date, "tagging", "text/plain")]}
    item["target"] = []
    return _with_targets(item, targets)


class Mention(NamedTuple):
    """One annotation of the mentions collection: a term's mentions in one source, or the
    `piece`-th run of PAGE_TARGETS of them where there are more."""

    term: str  # its id
    source: str
    piece: int  # 1, 2, …
    start: int  # where its targets start among the term's in the source
    count: int  # the targets it holds

    def id(self, at: str) -> str:
        """Its id (ids hold single hyphens only, so '--' tells the piece from the source)."""
        more = f"--{self.piece}" if self.piece > 1 else ""
        return f"{at}{urls.term(self.term)}#in-{self.source}{more}"


def mention_item(mention: Mention, name: str, targets: bytes, at: str) -> bytes:
    """The annotation identifying the term (named `name`) at its mentions (`targets`,
    addressed for the file it is written in): its page as a SpecificResource, its name as a
    tag. Written out (150,000 of them at 10,000 sources): what dumps() gives of it."""
    return b"".join((b'{"id":', _string(mention.id(at)).encode(),
                     b',"type":"Annotation","motivation":"identifying","body":',
                     _mention_body(mention.term, name, at), b',"target":[', targets, b"]}"))


@lru_cache(maxsize=4096)
def _mention_body(term_id: str, name: str, at: str) -> bytes:
    """The body of a term's mention annotations, as JSON."""
    return dumps([{"type": "SpecificResource", "source": at + urls.term(term_id),
                   "purpose": "identifying"}, _body(name, "tagging", "text/plain")]).encode()


KINDS = ("terms", "crossrefs", "notes", "events")  # the main collection's order: by kind,
ORDER = {"terms": lambda t: t.id, "crossrefs": lambda x: x.id, "notes": lambda n: n.id,
         "events": lambda e: (e.date, e.id)}  # then within a kind by these


def of_kind(corpus: Corpus, kind: str) -> list:
    """The annotations of one of KINDS (a field of the corpus), in the collection's order."""
    return sorted(getattr(corpus, kind).values(), key=ORDER[kind])


_new = tuple.__new__


def mentions(mentioned: dict[str, tuple[str, ...]], surveys: dict) -> list[Mention]:
    """The mentions collection's annotations in its order: by term id, then by the sources
    that mention it (`mentioned`, link.Links.mentions: in the corpus's order), each term's
    mentions in a source (as its survey counts them) in pieces of at most PAGE_TARGETS."""
    found = []
    for term in sorted(mentioned):
        for source in mentioned[term]:
            count = surveys[source].mentioned[term][0]
            if count <= PAGE_TARGETS:  # (tuple.__new__: a tenth of a second at 10,000 sources)
                found.append(_new(Mention, (term, source, 1, 0, count)))
            else:
                found.extend(Mention(term, source, piece, at, min(PAGE_TARGETS, count - at))
                             for piece, at in enumerate(range(0, count, PAGE_TARGETS), 1))
    return found


def bounds(counts: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """Each page's (start, end) of a collection whose annotations hold `counts` targets each:
    a page takes annotations while it holds fewer than PAGE_ITEMS and their targets stay
    within PAGE_TARGETS (one that has more has a page alone). There is always one page."""
    found, start, held = [], 0, 0
    for i, count in enumerate(counts):
        if i > start and (i - start >= PAGE_ITEMS or held + count > PAGE_TARGETS):
            found.append((start, i))
            start, held = i, 0
        held += count
    found.append((start, len(counts)))
    return tuple(found)


@dataclass(frozen=True)
class Collection:
    """A paged AnnotationCollection: its file, where its later pages go, its label, each
    page's (start, end) in its annotations, and the other collection it names (`also`)."""

    file: str
    pages: str  # page n's file, n ≥ 2, with {} for n
    label: str
    bounds: tuple[tuple[int, int], ...]
    also: tuple[str, str] = ("", "")  # the other collection's file and label

    @property
    def total(self) -> int:
        return self.bounds[-1][1]

    def url(self, number: int) -> str:
        """The file of page `number` (from 1: the first is in the collection's file)."""
        return self.file if number == 1 else self.pages.format(number)

    def _page(self, number: int, at: str) -> str:
        return f"{at}{self.file}#page-1" if number == 1 else at + self.url(number)

    def around(self, number: int, base: str) -> tuple[bytes, bytes]:
        """The JSON of page `number`'s file before and after its items: the collection
        around its first page, or a page of its own, with every link of the paging."""
        at = prefix(self.url(number), base)
        start, _ = self.bounds[number - 1]
        page = {"id": self._page(number, at), "type": "AnnotationPage", "partOf": at + self.file,
                "startIndex": start}
        if number > 1:
            page["prev"] = self._page(number - 1, at)
        if number < len(self.bounds):
            page["next"] = self._page(number + 1, at)
        page["items"] = []
        if number == 1:
            document = {"@context": CONTEXT, "id": at + self.file, "type": "AnnotationCollection",
                        "label": self.label, "total": self.total}
            if self.also[0]:
                document[SEE_ALSO] = {"id": at + self.also[0], "type": "AnnotationCollection",
                                      "label": self.also[1]}
            document.update(last=self._page(len(self.bounds), at), first=page)
        else:
            document = {"@context": CONTEXT, **page}
        text = dumps(document)
        cut = text.rindex('"items":[]') + len('"items":[')
        return text[:cut].encode(), text[cut:].encode() + b"\n"


def collections(title: str, main_counts: Sequence[int], mention_counts: Sequence[int]
                ) -> tuple[Collection, Collection]:
    """The two collections, paged by the targets of each of their annotations."""
    label = f"{title}: mentions of the glossary's terms" if title else "Mentions of the glossary's terms"
    return (Collection(FILE, "annotations/page-{}.jsonld", title, bounds(main_counts),
                       (MENTIONS, label)),
            Collection(MENTIONS, "annotations/mentions-page-{}.jsonld", label,
                       bounds(mention_counts), (FILE, title)))


def parts(head: bytes, items: Iterable[bytes], tail: bytes) -> Iterator[bytes]:
    """A page's file as compact JSON in UTF-8, in parts made one at a time, one per
    annotation, to be written one after the other: never held whole."""
    yield head
    for n, item in enumerate(items):
        if n:
            yield b","
        yield item
    yield tail
