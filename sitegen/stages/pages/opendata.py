"""The open data as files of the site: the two paged collections export.py describes, each
file made part by part as it is written (a large layer's is never held whole), its
annotations kept in the build cache by what they are made of."""
from __future__ import annotations

from functools import cached_property
from typing import Callable, Iterable

from ...config import Config
from ...keys import Fingerprint, digest
from ...model import Corpus, Links, LongPage, Term
from .. import export

FETCH = 50  # keys a cache lookup asks for at once (more would read every entry of the kind)


def files(data: OpenData) -> dict[str, Callable[[object], LongPage]]:
    """Each file of the open data by its site-relative URL: how to make it, with the build
    cache (where its annotations are kept) or without (None)."""
    return {url: (lambda store, url=url: data.file(url, store)) for url in data.urls}


def main_items(annotations: list, anchored: Iterable[tuple]) -> tuple[list, tuple[int, ...]]:
    """The main collection's annotations of one kind (export.of_kind), each with its
    anchored passages (`anchored`, of each: see anchored(); none for a term), and how many
    targets each holds."""
    found = list(zip(annotations, anchored))
    return found, tuple(len(placed) or 1 for _, placed in found)


def mention_items(links: Links, surveys: dict) -> tuple[list, tuple[int, ...]]:
    """The mentions collection's annotations, and how many targets each holds."""
    found = export.mentions(links.mentions, surveys)
    return found, tuple(m.count for m in found)


def anchored(annotation, surveys: dict) -> tuple:
    """The passages of an annotation that are anchored, in order (a term has none)."""
    if isinstance(annotation, Term):
        return ()
    return tuple(p for p in annotation.passages
                 if p.source in surveys and p in surveys[p.source].placed)


class OpenData:
    """The open data of one build: the two collections laid out in pages, each annotation
    with its key (a digest of what it is made of, and of the file it is written in: its
    addresses are relative to that file without a base URL) and each file with its key (a
    digest of its annotations' keys and of the rest it says: its links, its startIndex,
    the total). With the build cache, each annotation is kept there by its key; one found
    there needs no survey's targets."""

    def __init__(self, config: Config, corpus: Corpus, surveys: dict, facts, main: list,
                 mentions: list, collections: tuple):
        self.config, self.corpus, self.surveys, self.parts = config, corpus, surveys, facts
        self.base = export.base_of(config.base_url)
        self.main, self.mentions, self.collections = main, mentions, collections
        self.urls = {c.url(n): (c, n) for c in self.collections
                     for n in range(1, len(c.bounds) + 1)}

    def _items(self, collection: export.Collection, number: int) -> list:
        start, end = collection.bounds[number - 1]
        return (self.main if collection.file == export.FILE else self.mentions)[start:end]

    @cached_property
    def keys(self) -> dict[str, tuple[str, list[str]]]:
        """Each file's key and its annotations' keys, by URL."""
        fingerprint = Fingerprint()
        surveys, terms, found = self.surveys, self.corpus.terms, {}
        for url, (collection, number) in self.urls.items():
            at = export.prefix(url, self.base)
            if collection.file == export.FILE:  # (the parts of a digest joined where they
                # cannot run into each other: a digest of many parts costs more)
                items = [digest("item", fingerprint(a), at, " ".join(
                    [surveys[p.source].placed[p].shown for p in placed]))
                    for a, placed in self._items(collection, number)]
            else:
                items = [digest("mention", terms[m.term].name, "\0".join((
                    m.term, m.source, str(m.piece), str(m.start), str(m.count), at,
                    surveys[m.source].mentioned[m.term].targets))) for m in self._items(collection, number)]
            head, tail = collection.around(number, self.base)
            found[url] = (digest("open data", head, tail, *items), items)
        return found

    def _made(self, item, at: str) -> bytes:
        """An annotation's JSON, as written in a file whose addresses start with `at`."""
        up = "" if self.base else at  # the targets are addressed from the site root
        if isinstance(item, export.Mention):
            targets = self.parts.targets(self.surveys[item.source], item.term)
            if item.piece > 1 or item.count < self.surveys[item.source].mentioned[item.term].count:
                targets = b",".join(  # one of several pieces
                    export.split_targets(targets)[item.start:item.start + item.count])
            return export.mention_item(item, self.corpus.terms[item.term].name,
                                       export.moved(targets, up), at)
        annotation, placed = item
        if isinstance(annotation, Term):
            return export.term_item(annotation, at)
        return export.passages_item(annotation, [
            export.moved(self.parts.found(self.surveys[p.source], p).target, up)
            for p in placed], at)

    def file(self, url: str, store) -> LongPage:
        """The file at `url`, its parts made as they are written, its annotations taken from
        the build cache (`store`) where they are kept, and kept there where they are not."""
        collection, number = self.urls[url]
        key, keys = self.keys[url]
        at = export.prefix(url, self.base)
        if store is not None:  # kept for a later build, even if this one links the file
            store.keep("annotation", keys)

        def item_json(item, item_key: str) -> bytes:
            if store is None:
                return self._made(item, at)
            found = store.get("annotation", item_key)
            if found is None:
                found = self._made(item, at)
                store.put("annotation", item_key, found)
            return found

        def chunks() -> Iterable[bytes]:
            if store is not None:
                for i in range(0, len(keys), FETCH):
                    store.prefetch("annotation", keys[i:i + FETCH])
            head, tail = collection.around(number, self.base)
            return export.parts(head, map(item_json, self._items(collection, number), keys), tail)

        return LongPage(url, chunks, key)
