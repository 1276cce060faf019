"""fan_out: the same results as a plain map, in order, wherever they were made; an item's
exception raised where the results are read; a worker that dies is an error, not a wait."""
import multiprocessing
import os
import time

import pytest

from sitegen.engine import workers as fan
def square(x):
    return x * x


def where(x):
    time.sleep(0.002)  # long enough for the worker to have started before the end
    return os.getpid()


@pytest.mark.parametrize("items, workers, chunk", [
    (list(range(250)), 2, 20),
    (list(range(101)), 3, 1),
    (list(range(1000)), 2, 7),
    (list(range(99)), 2, 20),   # below MIN_ITEMS: done here
    (list(range(500)), 1, 20),  # one worker: done here
])
def test_results_are_those_of_a_map_in_order(items, workers, chunk):
    assert list(fan.fan_out(square, items, workers, chunk)) == list(map(square, items))


def test_this_process_and_the_forked_ones_share_the_work():
    pids = list(fan.fan_out(where, range(400), 2, chunk=1))
    assert os.getpid() in pids
    assert len(set(pids)) == 2


def test_results_larger_than_a_pipe_come_back_whole_and_in_order():
    big = list(fan.fan_out(lambda x: bytes(200_000) + bytes([x % 256]), range(200), 2, chunk=5))
    assert [b[-1] for b in big] == [x % 256 for x in range(200)]


class Refused(ValueError):
    pass


def refuse(x):
    if x == 150:
        raise Refused(f"item {x}")
    return x


def test_an_items_exception_is_raised_as_it_was():
    with pytest.raises(Refused, match="item 150"):
        list(fan.fan_out(refuse, range(300), 2, chunk=10))
    assert not fan._work  # and fan_out can run again
    assert list(fan.fan_out(square, range(200), 2)) == [x * x for x in range(200)]


HOME = os.getpid()


def die_in_worker(x):
    if os.getpid() != HOME:
        os._exit(3)
    time.sleep(0.002)  # the worker starts before this process is through
    return x


def test_a_worker_that_dies_is_an_error():
    with pytest.raises(RuntimeError, match="exit code 3"):
        list(fan.fan_out(die_in_worker, range(300), 2, chunk=1))


def test_reading_part_of_the_results_stops_the_workers():
    results = fan.fan_out(square, range(5000), 2, chunk=1)
    assert next(results) == 0
    results.close()
    assert not fan._work
    assert not multiprocessing.active_children()
