"""How a stage tells how it goes (progress.counted): from none to all, every so many items."""
from __future__ import annotations

import pytest

from sitegen.engine.progress import counted

CASES = [  # (items made, total announced, every, what the listener hears)
    (0, 0, 100, []),
    (3, 3, 2, [(0, 3), (2, 3), (3, 3)]),
    (250, 250, 100, [(0, 250), (100, 250), (200, 250), (250, 250)]),
    (200, 200, 100, [(0, 200), (100, 200), (200, 200)]),
    (2, 3, 100, [(0, 3), (2, 2)]),  # fewer than announced: over all the same
]


@pytest.mark.parametrize("made, total, every, heard", CASES)
def test_a_stage_tells_from_none_to_all(made, total, every, heard):
    told = []
    items = list(counted(iter(range(made)), "survey", total,
                         lambda stage, done, of: told.append((stage, done, of)), every))
    assert items == list(range(made))
    assert told == [("survey", done, of) for done, of in heard]


def test_each_report_comes_once_its_items_are_made():
    told, made = [], []

    def items():
        for n in range(4):
            made.append(n)
            yield n

    for _ in counted(items(), "load", 4, lambda stage, done, of: told.append((done, len(made))), 2):
        pass
    assert told == [(0, 0), (2, 2), (4, 4)]


def test_with_no_listener_the_items_pass_through():
    assert list(counted(iter("abc"), "load", 3, None)) == ["a", "b", "c"]
