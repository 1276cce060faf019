"""Work spread over the cores: one function applied to many items on forked processes,
which inherit the function, the items and everything they read (nothing is pickled on the
way there; only the results come back), the results in order as they come.

Below MIN_ITEMS items, or with one worker, the items are done here, in order: the same
results, without starting processes (which costs more than a few items take).
"""
from __future__ import annotations

import multiprocessing
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 100
_work: list = []  # [function, items], as the forked workers inherit them


def _chunk(bounds: tuple[int, int]) -> list:
    function, items = _work
    return [function(item) for item in items[bounds[0]:bounds[1]]]


def _pool(workers: int):
    return multiprocessing.get_context("fork").Pool(workers)


def fan_out(function: Callable[[T], R], items: Sequence[T], workers: int,
            chunk: int = 20) -> Iterator[R]:
    """`function(item)` for each item, in order, on `workers` forked processes when there
    are at least MIN_ITEMS; in chunks of at most `chunk` items, smaller where there are
    few, so that every worker has some."""
    if workers <= 1 or len(items) < max(MIN_ITEMS, 2):
        yield from map(function, items)
        return
    if _work:
        raise RuntimeError("fan_out is not reentrant")
    chunk = max(1, min(chunk, len(items) // (4 * workers)))
    _work[:] = [function, items]
    try:
        with _pool(workers) as pool:
            for results in pool.imap(_chunk, [(i, i + chunk) for i in range(0, len(items), chunk)]):
                yield from results
    finally:
        _work.clear()
