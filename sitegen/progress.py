"""How a long build tells how it goes: each stage's count of items done of all, as they are
done (files loaded, sources surveyed, pages rendered, search parts indexed), to whoever
listens (the command line's status line; nobody, by default).

A listener is called as `tell(stage, done, total)`: first with `done` 0 when the stage
starts, last with `done == total`, and in between every so many items; a stage with
nothing to do (every file's results in the cache, say) tells nothing."""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

Tell = Callable[[str, int, int], None]

EVERY = 100  # items between two reports


def told(tell: Tell | None, stage: str) -> Callable[[int, int], None] | None:
    """`tell` for one stage: told (done, total)."""
    return None if tell is None else lambda done, total: tell(stage, done, total)


def counted(items: Iterable[T], stage: str, total: int, tell: Tell | None,
            every: int = EVERY) -> Iterator[T]:
    """The `items` (`total` of them), each yielded once it is made, with `tell` told how
    many are done."""
    if tell is None or not total:  # nothing to tell of a stage with nothing to do
        yield from items
        return
    tell(stage, 0, total)
    done = 0
    for item in items:
        done += 1
        if done % every == 0 or done == total:
            tell(stage, done, total)
        yield item
    if done != total:  # fewer than announced: the stage is over all the same
        tell(stage, done, done)
