"""What one build keeps for the next, so that a rebuild redoes only what an edit touched.

Each stage gets a `Memo`: results keyed by their inputs (an unchanged file gives the very
same loaded object, an unchanged source the same parsed text, and so on down the
pipeline). A run keeps the entries it used and drops the rest, so nothing grows unbounded.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")
_MISSING = object()


class Memo:
    """A cache for one stage of the pipeline."""

    def __init__(self) -> None:
        self._old: dict[Hashable, Any] = {}
        self._new: dict[Hashable, Any] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        value = self._old.pop(key, _MISSING)  # moved over: one lookup for the usual case
        if value is _MISSING:
            value = self._new.get(key, _MISSING)
            if value is not _MISSING:
                return value
            value = compute()
        self._new[key] = value
        return value

    def rotate(self) -> None:
        """End a run: what it used is what the next run may reuse."""
        self._old, self._new = self._new, {}


def cached(memo: Memo | None, key: Hashable, compute: Callable[[], T]) -> T:
    return compute() if memo is None else memo.get(key, compute)


@dataclass
class BuildState:
    """The memos of every stage, and what the last build produced."""

    load: Memo = field(default_factory=Memo)
    validate: Memo = field(default_factory=Memo)
    text: Memo = field(default_factory=Memo)
    anchor: Memo = field(default_factory=Memo)
    link: Memo = field(default_factory=Memo)
    listing: dict = field(default_factory=dict)  # each input folder's files and stamps
    last: Any = None  # the previous Build, for what changed since

    def rotate(self) -> None:
        for memo in (self.load, self.validate, self.text, self.anchor, self.link):
            memo.rotate()
