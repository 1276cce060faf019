"""The runner with a memo, run after run: an item is made again only where its inputs
differ (or, told what was touched, only where it was touched and they differ); a step's
results taken whole from the last run are the same as those found one by one, and keep
every entry for the run after."""
import pytest

from sitegen.engine.memo import Memo
from sitegen.engine.runner import Runner, Step


def run(runner: Runner, items: dict[str, int], touched=None) -> tuple[list, list]:
    """The step over `items` (slot: inputs), each result its slot and inputs; what the step
    made afresh."""
    made: list = []
    runner.watch = lambda name, fresh, cores: made.extend(fresh)
    step = Step("step", lambda item: f"{item[0]}={item[1]}", slot=lambda item: item[0],
                inputs=lambda item: item[1], spread=False)
    results = runner.each(step, list(items.items()), touched=touched)
    runner.end()
    return results, [slot for slot, _ in made]


FIRST = {"a": 1, "b": 2, "c": 3}


@pytest.mark.parametrize("then, touched, made", [
    (FIRST, set(), []),                                 # nothing touched: the last table whole
    (FIRST, None, []),                                  # not told: every item compared
    ({"a": 1, "b": 20, "c": 3}, {"b"}, ["b"]),          # touched and changed
    ({"a": 1, "b": 20, "c": 3}, None, ["b"]),
    (FIRST, {"b"}, []),                                 # touched, unchanged
    ({"c": 3, "a": 1, "b": 2}, set(), []),              # in another order
    ({"a": 1, "b": 2, "c": 3, "d": 4}, {"d"}, ["d"]),   # one more
    ({"a": 1, "c": 3}, set(), []),                      # one fewer
    ({"a": 1, "b": 20, "c": 3}, set(), []),             # changed but not touched: taken unread
    ({"a": 1, "b": 20, "c": 30}, {"b", "c", "x"}, ["b", "c"]),
])
def test_an_item_is_made_again_only_where_touched_and_changed(then, touched, made):
    runner = Runner(memo=Memo())
    run(runner, FIRST)
    results, fresh = run(runner, then, touched)
    assert fresh == made
    unread = {slot: FIRST[slot] for slot in then if slot in FIRST and touched is not None
              and slot not in touched}
    assert results == [f"{slot}={unread.get(slot, value)}" for slot, value in then.items()]


@pytest.mark.parametrize("between", [set(), {"a"}, {"b"}])
def test_a_table_taken_whole_keeps_every_entry_for_the_run_after(between):
    runner = Runner(memo=Memo())
    run(runner, FIRST)
    run(runner, FIRST, between)
    results, fresh = run(runner, FIRST)  # not told what was touched: every item compared
    assert fresh == []
    assert results == ["a=1", "b=2", "c=3"]


def test_a_run_that_made_an_item_again_keeps_the_new_one():
    runner = Runner(memo=Memo())
    run(runner, FIRST)
    run(runner, {"a": 1, "b": 20, "c": 3}, {"b"})
    assert run(runner, {"a": 1, "b": 20, "c": 3}, set()) == (["a=1", "b=20", "c=3"], [])
    assert run(runner, FIRST, None) == (["a=1", "b=2", "c=3"], ["b"])


def test_a_chain_told_the_touched_items_makes_only_those_again():
    runner, made = Runner(memo=Memo()), []
    runner.watch = lambda name, fresh, cores: made.extend((name, item.split("=")[0]) for item in fresh)
    steps = [Step("up", str.upper, slot=lambda item: item.split("=")[0]),
             Step("twice", lambda item, up: up * 2, slot=lambda item: item.split("=")[0],
                  inputs=lambda item, up: up)]
    assert runner.chain(steps, ["a=1", "b=2"]) == ["A=1A=1", "B=2B=2"]
    runner.end()
    made.clear()
    assert runner.chain(steps, ["a=1", "b=3"], touched=[1]) == ["A=1A=1", "B=3B=3"]
    assert made == [("up", "b"), ("twice", "b")]
    runner.end()
    made.clear()
    assert runner.chain(steps, ["a=1", "b=3"]) == ["A=1A=1", "B=3B=3"]
    assert made == []


def group(items: dict) -> dict:
    """Each letter's items (strings), in their order: a grouping as Runner.grouped makes."""
    found: dict = {}
    for item in items.values():
        for key in letters(item):
            found.setdefault(key, []).append(item)
    return {key: tuple(found[key]) for key in found}


def letters(item: str) -> tuple:
    return tuple(dict.fromkeys(item.split(":")[0]))


@pytest.mark.parametrize("runs", [
    [{"x": "ab:1", "y": "b:1"}, {"x": "ab:2", "y": "b:1"}],              # a value, same keys
    [{"x": "ab:1", "y": "b:1"}, {"x": "ac:1", "y": "b:1"}],              # other keys
    [{"x": "ab:1"}, {"x": "ab:1", "y": "b:1"}, {"x": "ab:1"}],           # one more, then fewer
    [{"x": "ab:1", "y": "b:1"}, {"y": "b:1", "x": "ab:1"}],              # another order
    [{"x": "ab:1", "y": "b:1"}, {"x": "ab:" + "1", "y": "b:1"}, {"x": "ab:2", "y": "b:1"},
     {"x": "ab:1", "y": "b:2"}],                                         # equal values, new objects
])
def test_a_grouping_kept_from_run_to_run_is_the_grouping_of_each_run(runs):
    runner = Runner(memo=Memo())
    for items in runs:
        items = {name: "".join(list(value)) for name, value in items.items()}  # new objects
        assert runner.grouped("letters", items, group, letters) == group(items)
        runner.end()


def test_a_grouping_with_only_values_changed_is_patched_not_made_again():
    runner, made = Runner(memo=Memo()), []

    def counted(items):
        made.append(dict(items))
        return group(items)

    runner.grouped("letters", {"x": "ab:1", "y": "b:1"}, counted, letters)
    runner.end()
    assert runner.grouped("letters", {"x": "ab:2", "y": "b:1"}, counted, letters) == \
        {"a": ("ab:2",), "b": ("ab:2", "b:1")}
    assert len(made) == 1
