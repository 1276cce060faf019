"""What one run keeps for the next, so that a rebuild redoes only what an edit touched.

Each result is kept in a slot (a cheap key: a file's path, a source's id and the step)
with the inputs it was made of. The inputs are compared, not hashed: an unchanged file
gives the very same loaded object, an unchanged source the same parsed text, and so on
down the pipeline, so a rebuild's checks are mostly comparisons of objects with
themselves, however large. A run keeps the entries it used and drops the rest, so nothing
grows unbounded.
"""
from __future__ import annotations

from typing import Any, Hashable

MISSING = object()  # what `find` gives where the memo holds nothing for those inputs


class Memo:
    """Results by slot, each with the inputs it was made of."""

    def __init__(self) -> None:
        self._old: dict[Hashable, tuple[Any, Any]] = {}
        self._new: dict[Hashable, tuple[Any, Any]] = {}

    def find(self, slot: Hashable, inputs: Any) -> Any:
        """The result kept in `slot` if it was made of these inputs (the same objects, or
        equal ones), else MISSING. A result found is kept for the next run."""
        entry = self._old.pop(slot, None) or self._new.get(slot)
        if entry is None or (entry[0] is not inputs and entry[0] != inputs):
            return MISSING
        self._new[slot] = entry
        return entry[1]

    def last(self, slot: Hashable) -> Any:
        """The result kept in `slot`, whatever it was made of (the caller knows that is
        unchanged), else MISSING. A result found is kept for the next run."""
        entry = self._old.pop(slot, None) or self._new.get(slot)
        if entry is None:
            return MISSING
        self._new[slot] = entry
        return entry[1]

    def knows(self, slot: Hashable, inputs: Any) -> bool:
        """Whether `find` would find a result, leaving the memo as it is."""
        entry = self._old.get(slot) or self._new.get(slot)
        return entry is not None and (entry[0] is inputs or entry[0] == inputs)

    def keep(self, slot: Hashable, inputs: Any, result: Any) -> None:
        self._new[slot] = (inputs, result)

    def rotate(self) -> None:
        """End a run: what it used is what the next run may reuse."""
        self._old, self._new = self._new, {}
