"""What one build keeps for the next, so that a rebuild redoes only what an edit touched.

Each stage gets a `Memo`: each result kept with the inputs it was made of (an unchanged
file gives the very same loaded object, an unchanged source the same parsed text, and so on
down the pipeline, so a rebuild's checks are comparisons of objects with themselves). A run
keeps the entries it used and drops the rest, so nothing grows unbounded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterable, TypeVar

T = TypeVar("T")


class Memo:
    """A cache for one stage of the pipeline: each result in a slot named by a cheap key,
    with what it was made of. The inputs are compared, not hashed: an unchanged file gives
    the very same objects, and the same objects compare at once, however large."""

    def __init__(self) -> None:
        self._old: dict[Hashable, tuple[Any, Any]] = {}
        self._new: dict[Hashable, tuple[Any, Any]] = {}

    def get(self, key: Hashable, inputs: Any, compute: Callable[[], T]) -> T:
        """compute(), or what it gave last time in the slot `key` if `inputs` are equal."""
        entry = self._old.pop(key, None) or self._new.get(key)  # as in each(), for one slot
        if entry is None or (entry[0] is not inputs and entry[0] != inputs):
            entry = (inputs, compute())
        self._new[key] = entry
        return entry[1]

    def each(self, slots: Iterable[tuple[Hashable, Any]],
             compute: Callable[[Hashable, Any], T]) -> list[T]:
        """`get` for many slots: (key, inputs) each, `compute(key, inputs)` where they changed."""
        old, new, found = self._old, self._new, []
        for key, inputs in slots:
            entry = old.pop(key, None) or new.get(key)  # moved over: one lookup, usually
            if entry is None or (entry[0] is not inputs and entry[0] != inputs):
                entry = (inputs, compute(key, inputs))
            new[key] = entry
            found.append(entry[1])
        return found

    def changed(self, slots: Iterable[tuple[Hashable, Any]]) -> list[tuple[Hashable, Any]]:
        """The slots (key, inputs) that `each` would compute: new, or their inputs changed;
        what is kept is left as it is."""
        old, new = self._old, self._new
        return [(key, inputs) for key, inputs in slots
                if (entry := old.get(key) or new.get(key)) is None
                or (entry[0] is not inputs and entry[0] != inputs)]

    def rotate(self) -> None:
        """End a run: what it used is what the next run may reuse."""
        self._old, self._new = self._new, {}


def cached(memo: Memo | None, key: Hashable, inputs: Any, compute: Callable[[], T]) -> T:
    return compute() if memo is None else memo.get(key, inputs, compute)


def cached_each(memo: Memo | None, slots: Iterable[tuple[Hashable, Any]],
                compute: Callable[[Hashable, Any], T]) -> list[T]:
    """Memo.each, or everything computed without a memo."""
    if memo is None:
        return [compute(key, inputs) for key, inputs in slots]
    return memo.each(slots, compute)


def same(memo: Memo | None, key: Hashable, value: T) -> T:
    """`value`, or the equal one the memo's last run had in the slot `key`: the same object
    while equal, so that inputs holding it are compared at once."""
    return value if memo is None else memo.get(key, value, lambda: value)


@dataclass
class BuildState:
    """The memos of every stage: each file loaded and checked, each source's text and
    survey, what is linked across them, and the warnings."""

    load: Memo = field(default_factory=Memo)
    text: Memo = field(default_factory=Memo)
    survey: Memo = field(default_factory=Memo)
    link: Memo = field(default_factory=Memo)
    lint: Memo = field(default_factory=Memo)
    listing: dict = field(default_factory=dict)  # each input folder's files and stamps

    def rotate(self) -> None:
        for memo in (self.load, self.text, self.survey, self.link, self.lint):
            memo.rotate()
