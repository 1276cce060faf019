"""How the stages are run: one runner for every command. A stage applied to many items (a
`Step`) gets, for each item, what the memo kept of an earlier run (the preview's), else what
the build cache kept of an earlier build, else a result made afresh, on every core where
there are many; what is made is kept in both. A stage run once (`once`) is kept in the memo
only. The stages themselves know none of this: they are plain functions of plain data.
"""
from __future__ import annotations

import pickle
from collections.abc import Callable, Collection, Container, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from . import workers
from .cache import Cache
from .memo import MISSING, Memo
from .progress import Tell, counted
from .spill import Parts, Ref


def _same(item):
    return item


@dataclass(frozen=True)
class Step:
    """A stage as the runner applies it to many items: `run(item)` makes an item's result
    (on any core: it must read nothing but the item and what the process held when the
    workers were forked); `slot(item)` names its entry in the memo and `inputs(item)` is
    what that entry is compared by; `key(item)` is its key in the build cache ('' or no
    `key`: not kept there). `progress` is the stage name the listener hears of the items
    made ('' for none); `long` names the fields of a result kept apart (in the cache as
    entries of their own, in a large build in the spill file); `tidy` is applied to every
    result the run keeps. A step that is not `spread` runs in this process only (it costs
    less than sending its results back); `prepare(items)` is told of the items about to be
    made on other cores (what they must inherit is made here); `original(item)`
    is what the runner's watcher is told of an item. `also(item)` is the key of a result
    kept by another run that serves as well where the step's own is not kept (a build's
    survey, page parts and all, serves a check): it is read, never written."""

    name: str
    run: Callable[[Any], Any]
    slot: Callable[[Any], Hashable] = _same
    inputs: Callable[[Any], Any] = _same
    key: Callable[[Any], str] | None = None
    progress: str = ""
    chunk: int = 20
    long: tuple[str, ...] = ()
    tidy: Callable[[Any], Any] = _same
    spread: bool = True
    prepare: Callable[[list], None] | None = None
    original: Callable[[Any], Any] = _same
    also: Callable[[Any], str] | None = None


@dataclass
class Runner:
    """Runs the steps of one build (or check, or preview rebuild): with a `memo` (the
    preview's, kept from run to run), a build `cache`, on `workers` cores, telling
    `tell` how each stage goes; `parts` holds the long parts of results. `watch(step name,
    items, cores)` hears of the items each step makes afresh and on how many cores (what a
    test counts). The preview
    tells the paths `changed` since its last run, and keeps the `listing` of the input
    folders from run to run (see load.listing)."""

    memo: Memo | None = None
    cache: Cache | None = None
    workers: int = 1
    tell: Tell | None = None
    parts: Parts = field(default_factory=Parts)
    watch: Callable[[str, list, int], None] | None = None
    changed: set[str] | None = None
    listing: dict | None = None

    def __post_init__(self) -> None:
        if self.cache is not None and not self.cache.enabled:
            self.cache = None

    def each(self, step: Step, items: Sequence, store: Store | None = None,
             meanwhile: Callable[[], Any] | None = None, touched: Container | None = None) -> list:
        """Each item's result, in order. `store`: where results are kept, by their key where
        the step has one, if not in the cache (the rendered pages: in the output folder). `meanwhile()` is run
        here once the other cores have started on the items (or at the end, if they need
        not), its result dropped: this process's other work, done while they work.
        `touched`: the slots of the only items whose inputs may differ from the last run's
        (see `since`); the memo's result for any other is taken without reading its inputs."""
        table = None
        if self.memo is None:
            results = [MISSING] * len(items)
        else:
            table = self.memo.look(step.name, list(map(step.slot, items)),
                                   lambda i: step.inputs(items[i]), touched)
            results = table.results
        todo = [i for i, found in enumerate(results) if found is MISSING]
        given = store is not None
        store = store or (CacheStore(self.cache, self.parts) if self.cache else None)
        keys = _found(step, store, items, todo, results) if todo and store and step.key else {}
        todo = [i for i in todo if results[i] is MISSING]
        cores = self.workers if step.spread and len(todo) >= workers.MIN_ITEMS else 1
        if self.watch:
            self.watch(step.name, [step.original(items[i]) for i in todo], cores)
        if step.prepare and cores > 1 and len(todo) >= workers.MIN_ITEMS:
            step.prepare([items[i] for i in todo])
        made = workers.fan_out(step.run, [items[i] for i in todo], cores, step.chunk)
        if meanwhile is not None:
            made = _then(made, meanwhile, at=1 if cores > 1 else None)
        # (the results first: `meanwhile` may run once they are all made)
        for result, i in zip(counted(made, step.progress, len(todo), self._tell(step)), todo):
            if keys.get(i) or given:
                result = store.keep(step, keys.get(i, ""), result)
            elif step.long:
                result = self.parts.aside(result, step.long)
            results[i] = step.tidy(result)
            if table is not None:
                table.inputs[i] = step.inputs(items[i])
        if table is not None:
            self.memo.keep_table(step.name, table)
            return list(results)
        return results

    def chain(self, steps: Sequence[Step], items: Sequence, touched: Collection[int] | None = None) -> list:
        """The last step's result of each item, each step given the item and the results of
        the steps before it. With a memo, step by step, each result kept (a first run's new
        items are made through the whole chain on every core, then kept step by step);
        without, the steps fused into one, so that an item goes through them all on one
        core, and the last step's results are kept in the cache. `touched`: the positions
        of the only items whose inputs to the first step may differ from the last run's, and
        so to any step (see `each`)."""
        if self.memo is None:
            return self.each(_fused(steps, last=True), items)
        first = steps[0]
        new = [item for item in (items if touched is None else map(items.__getitem__, touched))
               if not self.memo.knows(first.name, first.slot(item), first.inputs(item))]
        if self.workers > 1 and len(new) >= workers.MIN_ITEMS:
            self._ahead(steps, new)
        carried = [(item,) for item in items]
        for step in steps:
            made = self.each(_carrying(step), carried, touched=None if touched is None else
                             {step.slot(items[i]) for i in touched})
            carried = [(*done, result) for done, result in zip(carried, made)]
        return [done[-1] for done in carried]

    def once(self, name: Hashable, function: Callable, *args, inputs: Any = MISSING) -> Any:
        """`function(*args)`, or what it gave the last run if `args` (or the `inputs`
        given, what the result is made of) are the same or equal."""
        if self.memo is None:
            return function(*args)
        inputs = args if inputs is MISSING else inputs
        found = self.memo.find(name, inputs)
        if found is MISSING:
            found = function(*args)
            self.memo.keep(name, inputs, found)
        return found

    def since(self, name: Hashable, mapping: Mapping) -> set | None:
        """The keys of `mapping` whose values differ from those the last run gave under
        `name` (the same objects, or equal ones, are unchanged), keys new or gone too; None
        (anything may have changed) without a memo or where the last run gave none."""
        if self.memo is None:
            return None
        last = self.memo.last(("since", name))
        now = dict(mapping)
        self.memo.keep(("since", name), (), now)
        if last is MISSING:
            return None
        if last == now:  # (the values compared as the same objects first, all at once)
            return set()
        changed = {k for k, v in now.items() if (was := last.get(k, MISSING)) is not v and was != v}
        return changed.union(k for k in last if k not in now)

    def grouped(self, name: Hashable, items: Mapping, group: Callable[[Mapping], dict],
                keys: Callable[[Any], Any]) -> dict:
        """`group(items)`: for each key, the tuple of the items (values of `items`) that
        `keys(item)` names, in their order. Where the last run had the same items in the same
        order but for some changed values whose keys are the same, its result with those
        values replaced."""
        if self.memo is None:
            return group(items)
        changed = self.since(("grouped", name), items)
        last = self.once(("grouped", name), dict, inputs=())  # (kept from run to run)
        made = last.get("made") if changed is not None else None
        if made is not None and not (len(items) == len(last["items"]) and list(items) == list(last["items"])):
            made = None  # (other items, or in another order)
        if made is not None and changed:
            made = _regrouped(made, last["items"], items, changed, keys)
        if made is None:
            made = group(items)
        last.update(made=made, items=items)
        return made

    def same(self, name: Hashable, value: Any) -> Any:
        """`value`, or the equal one the last run had under `name`: the same object while
        equal, so that inputs holding it compare at once."""
        return self.once(("same", name), _same, value) if self.memo is not None else value

    def end(self) -> None:
        """End a run: what it used is what the next one may reuse."""
        if self.memo is not None:
            self.memo.rotate()

    def _tell(self, step: Step) -> Tell | None:
        return self.tell if step.progress else None

    def _ahead(self, steps: Sequence[Step], new: list) -> None:
        """Make new items through the whole chain on every core, keeping each step's result
        in the memo as the step by step run will look for it."""
        if self.watch:
            for step in steps:
                self.watch(step.name, new, self.workers)
        fused = _fused(steps, last=False)
        fused.prepare(new)
        made = workers.fan_out(fused.run, new, self.workers, fused.chunk)
        for item, results in zip(new, counted(made, steps[-1].progress, len(new), self._tell(steps[-1]))):
            earlier: tuple = ()
            for step, result in zip(steps, results):
                kept = step.tidy(result)
                self.memo.early(step.name, step.slot(item), step.inputs(item, *earlier), kept)
                earlier += (kept,)



class Store(Protocol):
    """Where a step's results are kept by their key, from build to build."""

    def find(self, step: Step, keys: list[str], items: list) -> dict[str, Any]:
        """The results kept under those of `keys` (those of `items`) it holds."""

    def keep(self, step: Step, key: str, result: Any) -> Any:
        """Keep a result made afresh; the result as it is held from then on."""


class CacheStore:
    """The build cache as a step's store: a result under (the step's name, its key), with
    its long parts as entries of their own, read only by a build that needs them."""

    def __init__(self, cache: Cache, parts: Parts):
        self.cache, self.parts = cache, parts

    def find(self, step: Step, keys: list[str], items: list) -> dict[str, Any]:
        found = self.cache.load_many(step.name, keys)
        for part in step.long:  # read where a page needs them, kept for a later build
            self.cache.keep(part, list(found))
        return found

    def keep(self, step: Step, key: str, result: Any) -> Any:
        if not step.long:
            self.cache.store(step.name, key, result)
            return result
        refs = {}
        for part in step.long:
            value = getattr(result, part)
            if value is not None:
                self.cache.put(part, key, value if isinstance(value, bytes) else
                               pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                refs[part] = Ref(kind=part, key=key)
        self.cache.store(step.name, key, replace(result, **refs))
        return self.parts.aside(result, step.long)


def _found(step: Step, store: Store, items: Sequence, todo: list[int], results: list) -> dict:
    """Fill in the results the store holds, under the step's `also` key or its own; the
    key of each item still to make."""
    if step.also is not None:
        _fill(step, store, items, {i: step.also(items[i]) for i in todo}, results)
    keys = {i: step.key(items[i]) for i in todo if results[i] is MISSING}
    _fill(step, store, items, keys, results)
    return {i: key for i, key in keys.items() if results[i] is MISSING}


def _fill(step: Step, store: Store, items: Sequence, keys: dict[int, str], results: list) -> None:
    """Fill in the results the store holds under `keys` (by item index)."""
    keyed = [i for i in keys if keys[i]]
    if not keyed:
        return
    found = store.find(step, [keys[i] for i in keyed], [items[i] for i in keyed])
    for i in keyed:
        value = found.get(keys[i], MISSING)
        if value is not MISSING:
            results[i] = step.tidy(value)


def _regrouped(made: dict, was: Mapping, now: Mapping, changed: set, keys: Callable) -> dict | None:
    """`made` (a grouping of `was`, or of values equal to them) with the `changed` items of
    `now` in place of their old values; None where one of them has other keys than before."""
    made = dict(made)
    for name in changed:
        old, new = was[name], now[name]
        named = keys(new)
        if keys(old) != named:
            return None
        for key in named:
            made[key] = tuple(new if item is old or item == old else item for item in made[key])
    return made


def _then(made, work: Callable[[], Any], at: int | None):
    """The results of `made`, with `work()` run once after the `at`-th (None: after all)."""
    count = 0
    for result in made:
        yield result
        count += 1
        if count == at:
            work()
    if at is None or count < at:
        work()


def _fused(steps: Sequence[Step], last: bool) -> Step:
    """The steps as one: each item through all of them, giving the last result (or all)."""
    def run(item):
        results: tuple = ()
        for step in steps:
            results += (step.run(item, *results) if results else step.run(item),)
        return results[-1] if last else results

    def prepare(items):
        for step in steps:
            if step.prepare:
                step.prepare(items)

    final = steps[-1]
    return Step(final.name, run, key=final.key, progress=final.progress, chunk=final.chunk,
                long=final.long, tidy=final.tidy, spread=final.spread, also=final.also,
                prepare=prepare)


def _carrying(step: Step) -> Step:
    """The step over (item, its earlier results) tuples, as chain runs it with a memo."""
    return Step(step.name, lambda done: step.run(*done), slot=lambda done: step.slot(done[0]),
                inputs=lambda done: step.inputs(*done), progress=step.progress, chunk=step.chunk,
                long=step.long, tidy=step.tidy, spread=step.spread, original=lambda done: done[0],
                prepare=step.prepare and (lambda dones: step.prepare([done[0] for done in dones])))
