"""How a long build tells how it goes: each stage's count of items done of all, as they are
done (files loaded, sources surveyed, pages rendered, search documents indexed), to whoever
listens: nobody by default; on a terminal, a status line (TerminalLine) that `build`,
`check` and the preview's first build keep.

A listener is called as `tell(stage, done, total)`: first with `done` 0 when the stage
starts, last with `done == total`, and in between every so many items; a stage with
nothing to do (every file's results in the cache, say) tells nothing."""
from __future__ import annotations

import resource
import sys
import time
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

Tell = Callable[[str, int, int], None]

EVERY = 100  # items between two reports


def counted(items: Iterable[T], stage: str, total: int, tell: Tell | None,
            every: int = EVERY) -> Iterator[T]:
    """The `items` (`total` of them), each yielded once it is made, with `tell` told how
    many are done."""
    if tell is None or not total:  # nothing to tell of a stage with nothing to do
        yield from items
        return
    tell(stage, 0, total)
    done = 0
    for item in items:
        done += 1
        if done % every == 0 or done == total:
            tell(stage, done, total)
        yield item
    if done != total:  # fewer than announced: the stage is over all the same
        tell(stage, done, done)


STAGES = {"load": ("loading", "files"), "survey": ("surveying", "sources"),
          "render": ("rendering", "pages"), "data": ("writing", "files of open data"),
          "search": ("indexing", "search documents")}


class TerminalLine:
    """One line of a terminal, rewritten as a long run goes: the stage, its items done of
    all and their rate since the stage began; wiped when the run is over, for its result."""

    def __init__(self) -> None:
        self.stage, self.since, self.shown = "", 0.0, False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage != self.stage:
            self.stage, self.since = stage, now
        verb, noun = STAGES.get(stage, (stage, "items"))
        rate = f" ({done / (now - self.since):,.0f}/s)" if done and now > self.since else ""
        sys.stderr.write(f"\r\x1b[Ksitegen: {verb} {done:,} of {total:,} {noun}{rate}")
        sys.stderr.flush()
        self.shown = True

    def wipe(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


def terminal_line() -> TerminalLine | None:
    """The status line, on a terminal only: a log or a pipe gets the result alone."""
    return TerminalLine() if sys.stderr.isatty() else None


class Stopwatch:
    """How long each stage took, in the order they ran, and the process's peak memory (MB)
    at the end of each."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.peaks: dict[str, int] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.times[stage] = self.times.get(stage, 0.0) + now - self._last
        self.peaks[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        self._last = now
