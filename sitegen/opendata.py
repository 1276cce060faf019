"""The open data as files of the site: the collection export.py describes, each file made
part by part as it is written (a large layer's is never held whole), its annotations kept in
the build cache by what they are made of."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from . import export
from .cache import Cache, digest
from .config import Config
from .fingerprint import Fingerprint
from .model import Corpus, Links, Term
from .spill import Parts


@dataclass(frozen=True)
class LongPage:
    """A page made of many parts (in UTF-8: a str with one character past Latin-1 takes two
    bytes a character), written part by part as they are made, never held whole unless
    its `html` is asked for: the open data, a quarter of a gigabyte at 10,000 sources."""

    url: str
    parts: Callable[[], Iterable[bytes]]  # made again each time they are asked for
    key: str = ""

    @property
    def html(self) -> str:
        return b"".join(self.parts()).decode()

    def chunks(self) -> Iterable[bytes]:
        return self.parts()



def files(config: Config, corpus: Corpus, surveys: dict, links: Links, parts: Parts
          ) -> dict[str, Callable[[Cache | None], LongPage]]:
    """Each file of the open data by its site-relative URL: how to make it, with the build
    cache or without."""
    return {export.FILE: lambda store: open_data(config, corpus, surveys, links, parts, store)}


def open_data(config: Config, corpus: Corpus, surveys: dict, links: Links, parts: Parts,
              store: Cache | None) -> LongPage:
    """The open data (export.py). With the build cache (`store`), each annotation's item is
    kept there by a digest of its fields and of the targets it holds, and the whole has a
    key made of theirs; an item found there needs no survey's facts or targets. The parts
    are made as they are written."""
    base = export.base_of(config.base_url)
    fingerprint = Fingerprint()
    annotations = export.annotations(corpus)

    def item_key(annotation) -> str:
        if isinstance(annotation, Term):
            shown = [surveys[s].mentioned[annotation.id][2]
                     for s in links.mentions.get(annotation.id, ())]
        else:
            shown = [surveys[p.source].placed[p][1] if p.source in surveys and
                     p in surveys[p.source].placed else "" for p in annotation.passages]
        return digest("item", fingerprint(annotation), base, *shown)

    keys = {id(a): item_key(a) for a in annotations} if store is not None else {}
    key = digest("open data", config.title, *keys.values()) if store is not None else ""

    def made(annotation) -> bytes:
        if isinstance(annotation, Term):
            return export.term_item(annotation, (
                parts.targets(surveys[s], annotation.id)
                for s in links.mentions.get(annotation.id, ())), base)
        return export.passages_item(annotation, [
            parts.found(surveys[p.source], p).target for p in annotation.passages
            if p.source in surveys and p in surveys[p.source].placed], base)

    def item_json(annotation) -> bytes:
        if store is None:
            return made(annotation)
        found = store.get("annotation", keys[id(annotation)])
        if found is None:
            found = made(annotation)
            store.put("annotation", keys[id(annotation)], found)
        return found

    def chunks() -> Iterable[bytes]:
        if store is not None:
            store.prefetch("annotation", keys.values())
        return export.parts(corpus, item_json, config.base_url, config.title)

    return LongPage(export.FILE, chunks, key)
