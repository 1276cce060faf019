"""Work spread over the cores: one function applied to many items on forked processes,
which inherit the function, the items and everything they read (nothing is pickled on the
way there; only the results come back), the results in order as they come.

This process takes part: with `workers` cores it forks `workers - 1` processes, and all of
them take the next chunk of items as they are free. A forked process copies the pages of
this one's memory that it touches (a reference count written is a page copied), so a
large build's memory is about one copy of its heap a forked process: one fewer than a pool
with this process waiting on it.

Below MIN_ITEMS items, or with one worker, the items are done here, in order: the same
results, without starting processes (which costs more than a few items take).
"""
from __future__ import annotations

import fcntl
import multiprocessing
import pickle
import queue
import threading
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 100
PIPE_SIZE = 4 << 20
_work: list = []  # [function, items, chunks], as the forked workers inherit them


def fan_out(function: Callable[[T], R], items: Sequence[T], workers: int,
            chunk: int = 20) -> Iterator[R]:
    """`function(item)` for each item, in order, here and on `workers - 1` forked processes
    when there are at least MIN_ITEMS; in chunks of at most `chunk` items, smaller where
    there are few, so that every worker has some. An item's exception is raised here, and
    a worker that dies is an error, not a wait."""
    if workers <= 1 or len(items) < max(MIN_ITEMS, 2):
        yield from map(function, items)
        return
    if _work:
        raise RuntimeError("fan_out is not reentrant")
    size = max(1, min(chunk, len(items) // (4 * workers)))
    chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _work[:] = [function, items, chunks]
    try:
        yield from _Crew(workers - 1).results(len(chunks))
    finally:
        _work.clear()


def _chunk(index: int) -> list:
    function, items, chunks = _work
    start, end = chunks[index]
    return [function(item) for item in items[start:end]]


def _widen(end: Connection) -> None:
    """A pipe as wide as the system lets it be: a worker sends a chunk's results in fewer
    writes, each waiting for the thread here that reads them."""
    try:
        with open("/proc/sys/fs/pipe-max-size") as limit:
            fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, min(int(limit.read()), PIPE_SIZE))
    except (OSError, ValueError, AttributeError):
        pass  # not Linux: the pipe as it is


class _Failed(RuntimeError):
    """A chunk's exception that could not be sent as it is."""


class _Crew:
    """This process and the forked workers, taking chunks by a shared counter. A thread
    here receives what the workers send, so that they never wait on a full pipe while this
    process works on a chunk of its own."""

    def __init__(self, forks: int) -> None:
        context = multiprocessing.get_context("fork")
        self.counter = context.Value("q", 0)
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.workers = []
        ends = []
        for _ in range(forks):
            reader, writer = context.Pipe(duplex=False)
            _widen(writer)
            worker = context.Process(target=self._serve, args=(writer,), daemon=True)
            worker.start()
            writer.close()  # the worker's alone now: its end of work is the reader's end
            self.workers.append(worker)
            ends.append(reader)
        threading.Thread(target=self._listen, args=(ends,), daemon=True).start()

    def take(self) -> int:
        with self.counter.get_lock():
            index = self.counter.value
            self.counter.value = index + 1
        return index

    def _serve(self, out: Connection) -> None:  # in a worker
        while (index := self.take()) < len(_work[2]):
            try:
                out.send_bytes(pickle.dumps((index, True, _chunk(index)), pickle.HIGHEST_PROTOCOL))
            except BaseException as exc:  # sent to be raised where the results are wanted
                try:
                    failure = pickle.dumps((index, False, exc), pickle.HIGHEST_PROTOCOL)
                    pickle.loads(failure)  # some exceptions cannot be made again from theirs
                except Exception:
                    failure = pickle.dumps((index, False, _Failed(repr(exc))))
                out.send_bytes(failure)
                break
        out.close()

    def _listen(self, ends: list[Connection]) -> None:  # a thread here
        which = {end: i for i, end in enumerate(ends)}
        while which:
            for end in wait(list(which)):
                try:
                    self.inbox.put(end.recv_bytes())
                except (EOFError, OSError):
                    self.inbox.put(which.pop(end))  # that worker is done, or gone

    def results(self, total: int) -> Iterator:
        done: dict[int, list] = {}
        left, ours = len(self.workers), True
        try:
            for wanted in range(total):
                while wanted not in done:
                    if ours and self.inbox.empty():
                        index = self.take()
                        if index < total:
                            done[index] = _chunk(index)
                            continue
                        ours = False
                    if not left:
                        raise RuntimeError("the worker processes stopped before their work was done")
                    left -= self._receive(done, self.inbox.get())
                yield from done.pop(wanted)
        finally:
            for worker in self.workers:
                if worker.is_alive():
                    worker.terminate()
                worker.join()

    def _receive(self, done: dict[int, list], message: bytes | int) -> int:
        """Take in a message from the workers; 1 if it says that one of them is done."""
        if isinstance(message, int):
            worker = self.workers[message]
            worker.join()
            if worker.exitcode:
                raise RuntimeError(f"a worker process stopped (exit code {worker.exitcode})")
            return 1
        index, ok, value = pickle.loads(message)
        if not ok:
            raise value
        done[index] = value
        return 0
