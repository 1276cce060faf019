"""Long lists split into pages of their own, so that no page grows with the corpus: the
home page's sources, the cross-reference index and each term's mentions. Page 1 is the
list's own URL; page n is `<url>page/<n>/` (urls.paged), so the URLs of a small site stay
as they are, and every item is one link away from a page that links to every page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from ... import urls

T = TypeVar("T")

SOURCES = 400  # sources on a page of the home page's list (about 450 bytes each)
CROSSREFS = 200  # entries on a page of the cross-reference index (about 1.5 KB each)
MENTION_GROUPS = 200  # sources on a page of a term's mentions
MENTION_WEIGHT = 250_000  # bytes a page of a term's mentions may take, about
GROUP_BYTES = 1_500  # what a source's group of mentions takes, its first in context
LATER_BYTES = 200  # and each later mention's link


@dataclass(frozen=True)
class Pager:
    """Where a page is in its list: its number, the count of pages, and page 1's URL."""

    first: str
    number: int = 1
    count: int = 1
    start: int = 1  # the number of its first item in the whole list

    @property
    def url(self) -> str:
        return self.at(self.number)

    def at(self, number: int) -> str:
        return urls.paged(self.first, number)

    @property
    def previous(self) -> str:
        return self.at(self.number - 1) if self.number > 1 else ""

    @property
    def next(self) -> str:
        return self.at(self.number + 1) if self.number < self.count else ""


def split(items: Sequence[T], most: int, weight: Callable[[T], int] | None = None,
          budget: int = 0) -> list[tuple[T, ...]]:
    """`items` in pages of at most `most` items and (with `weight`) at most `budget` of
    weight, an item heavier than that on a page of its own; always one page, if empty."""
    if weight is None:
        return [tuple(items[at:at + most]) for at in range(0, len(items), most)] or [()]
    pages: list[tuple[T, ...]] = []
    page: list[T] = []
    load = 0
    for item in items:
        heavy = weight(item) if weight else 0
        if page and (len(page) >= most or (weight and load + heavy > budget)):
            pages.append(tuple(page))
            page, load = [], 0
        page.append(item)
        load += heavy
    pages.append(tuple(page))
    return pages


def pagers(first: str, pages: list[tuple[T, ...]]) -> list[tuple[Pager, tuple[T, ...]]]:
    """Each page of a list split by `split`, with its Pager; `first`: page 1's URL."""
    found, start = [], 1
    for number, items in enumerate(pages, 1):
        found.append((Pager(first, number, len(pages), start), items))
        start += len(items)
    return found


def mention_weight(count: int) -> int:
    """About what a term page's group of `count` mentions in one source takes."""
    return GROUP_BYTES + LATER_BYTES * (count - 1)
