"""What one run keeps for the next, so that a rebuild redoes only what an edit touched.

A step's results are kept as a table, in its items' order: each item's slot (a cheap key:
a file's path, a source's id), the inputs its result was made of, the result. The inputs
are compared, not hashed: an unchanged file gives the very same loaded object, an
unchanged source the same parsed text, and so on down the pipeline, so a rebuild's checks
are mostly comparisons of objects with themselves, however large. Where the runner is told
which slots may have changed and the items are those of the last run, the table is taken
whole and only those slots are compared. A stage run once keeps its result in a slot of
its own. A run keeps what it used and drops the rest, so nothing grows unbounded.
"""
from __future__ import annotations

from collections.abc import Container, Hashable
from dataclasses import dataclass
from typing import Any

MISSING = object()  # what the memo gives where it holds nothing for those inputs


@dataclass
class Table:
    """A step's results of one run: by position, each item's slot, the inputs its result
    was made of (None where it is not made yet) and the result (MISSING likewise); `index`,
    each slot's position."""

    slots: list
    inputs: list
    results: list
    index: dict

    @classmethod
    def empty(cls, slots: list) -> Table:
        return cls(slots, [None] * len(slots), [MISSING] * len(slots), dict(zip(slots, range(len(slots)))))

    def holds(self, slot: Hashable, inputs: Any) -> Any:
        """The result in `slot` if it was made of these inputs (the same objects, or equal
        ones), else MISSING."""
        i = self.index.get(slot)
        if i is None or self.results[i] is MISSING:
            return MISSING
        was = self.inputs[i]
        return self.results[i] if was is inputs or was == inputs else MISSING


class Memo:
    """Each step's table of results, and the results of stages run once, by slot."""

    def __init__(self) -> None:
        self._old: dict[Hashable, tuple[Any, Any]] = {}
        self._new: dict[Hashable, tuple[Any, Any]] = {}
        self._tables: dict[str, Table] = {}
        self._kept: dict[str, Table] = {}
        self._early: dict[tuple[str, Hashable], tuple[Any, Any]] = {}

    def look(self, name: str, slots: list, inputs, touched: Container | None) -> Table:
        """The table of the step `name` over the items of these `slots` (`inputs(i)`: the
        inputs of the i-th), holding what the last run made of the same inputs. With
        `touched`, the slots of the only items whose inputs may differ from the last run's:
        any other item's result is taken unread, and where the items are the last run's, the
        last table is taken whole."""
        last = self._kept.pop(name, None) or self._tables.get(name)
        if last is not None and touched is not None and last.slots == slots:
            table = Table(slots, last.inputs.copy(), last.results.copy(), last.index)
            for slot in touched:
                i = last.index.get(slot)
                if i is not None:
                    now, was = inputs(i), table.inputs[i]
                    if was is not now and was != now:
                        table.inputs[i], table.results[i] = None, MISSING
            return table
        table = Table.empty(slots)
        if last is not None:
            for i, slot in enumerate(slots):
                j = last.index.get(slot)
                if j is None:
                    continue
                was = last.inputs[j]
                if touched is None or slot in touched:
                    now = inputs(i)
                    if was is not now and was != now:
                        continue
                table.inputs[i], table.results[i] = was, last.results[j]
        if self._early:
            for i, slot in enumerate(slots):
                entry = self._early.pop((name, slot), None)
                if entry is not None and table.results[i] is MISSING and entry[0] == inputs(i):
                    table.inputs[i], table.results[i] = entry
        return table

    def keep_table(self, name: str, table: Table) -> None:
        """Keep a step's table of this run for the next."""
        self._tables[name] = table

    def knows(self, name: str, slot: Hashable, inputs: Any) -> bool:
        """Whether the step `name` holds a result in `slot` made of these inputs."""
        last = self._kept.get(name) or self._tables.get(name)
        return last is not None and last.holds(slot, inputs) is not MISSING

    def early(self, name: str, slot: Hashable, inputs: Any, result: Any) -> None:
        """A result of the step `name` made ahead of its run, for `look` to find."""
        self._early[(name, slot)] = (inputs, result)

    def find(self, slot: Hashable, inputs: Any) -> Any:
        """The result of a stage run once kept in `slot` if it was made of these inputs
        (the same objects, or equal ones), else MISSING. A result found is kept for the next
        run."""
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

    def keep(self, slot: Hashable, inputs: Any, result: Any) -> None:
        self._new[slot] = (inputs, result)

    def rotate(self) -> None:
        """End a run: what it used is what the next run may reuse."""
        self._old, self._new = self._new, {}
        self._kept, self._tables = self._tables, {}
        self._early = {}
