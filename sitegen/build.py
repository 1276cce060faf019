"""The two ways in: `check` (every problem of the project) and `build` (the site).

Both run the stages of pipeline.py. A build with a cache first asks whether the output
folder already holds the site of these inputs (fresh.py); when it does, it returns before
the stages' modules are even imported: that answer takes a tenth of a second, where the
imports alone would take a quarter.
"""
from __future__ import annotations

import gc
import os
import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import fresh
from .cache import Cache
from .config import Config
from .diagnostics import Diagnostic, has_errors, ordered
from .model import Corpus, Links, Passage, Span
from .progress import Tell
from .write import check_out, clean_up

if TYPE_CHECKING:
    from .facts import Survey
    from .memo import BuildState
    from .render import Site
    from .text import SourceText


@dataclass(frozen=True)
class Build:
    """What a run found and made: the corpus, each source's survey (facts.Survey), what the
    link stage found across them, and the texts where the run keeps them (the preview
    does). A build is done with the texts once they are surveyed: its corpus's sources
    hold their metadata, not their text (`check` gives both)."""

    corpus: Corpus
    surveys: dict[str, Survey]
    links: Links
    texts: dict[str, SourceText] = field(default_factory=dict)
    site: Site | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: tuple[str, ...] = ()  # site-relative files written (or deleted) by this run
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    peaks: dict[str, int] = field(default_factory=dict)  # peak memory (MB) after each stage
    pages: int = 0  # HTML pages of the site built
    up_to_date: bool = False  # the output already held this very site: nothing was written

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def anchors(self) -> dict[Passage, Span]:
        """Where each anchored passage lies."""
        return {p: Span(source_id, place[2], place[3]) for source_id, survey in self.surveys.items()
                for p, place in survey.placed.items()}


class Stopwatch:
    """How long each stage took, in the order they ran, and the process's peak memory (MB)
    at the end of each; and who hears how each goes as it runs (see progress.py)."""

    def __init__(self, tell: Tell | None = None) -> None:
        self.tell = tell
        self.times: dict[str, float] = {}
        self.peaks: dict[str, int] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.times[stage] = self.times.get(stage, 0.0) + now - self._last
        self.peaks[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        self._last = now


def check(config: Config, state: BuildState | None = None,
          changed: set[str] | None = None, clock: Stopwatch | None = None,
          cache: Cache | None = None, workers: int | None = None,
          progress: Tell | None = None) -> Build:
    """Everything but render and write: all the problems of the project. With a `state`
    from earlier runs (and the `changed` paths, if known), only what changed is redone;
    with a `cache`, an unchanged file is not loaded and an unchanged source not surveyed
    again. A large project is checked on `workers` processes (default: one per core);
    `progress` hears how each stage goes (see progress.py)."""
    from . import pipeline
    from .render import Theme, theme_problems
    with collector_waits():
        result = pipeline.check(config, state, changed, clock or Stopwatch(progress), cache,
                                workers or _cores())
    broken = theme_problems(config, Theme(config.theme_dir))
    return replace(result, diagnostics=ordered([*result.diagnostics, *broken])) if broken else result


def build(config: Config, out: Path | None = None, progress: Tell | None = None,
          workers: int | None = None, cache: Cache | None = None, strict: bool = False) -> Build:
    """Check, then render and write the whole site into `out` (default: the configured
    output); `strict`, write nothing where there is any problem, a warning too.
    `progress(stage, done, total)` hears how each stage goes (see progress.py); a large
    site is built on `workers` processes (default: one per core). With a `cache` (see
    cache.py), what an earlier build made of unchanged inputs is reused, and a build whose
    inputs are all unchanged writes nothing if `out` still holds that build's site."""
    out = Path(out) if out is not None else config.output_dir
    clock = Stopwatch(progress)
    cache = cache or Cache(None)
    seen = None
    if cache.enabled and not check_out(out, config.root):
        seen = fresh.look(config, out, cache)
        if seen.up_to_date:
            clean_up(out.resolve())
            clock.lap("unchanged")
            cache.commit(prune=False)
            return Build(Corpus(), {}, Links({}, {}), diagnostics=seen.kept.diagnostics,
                         timings=clock.times, peaks=clock.peaks, pages=seen.kept.page_count(),
                         up_to_date=True)
    from . import pipeline
    with collector_waits():
        return pipeline.build(config, out, workers or _cores(), cache, clock, seen, strict)


def _cores() -> int:
    return os.cpu_count() or 1


@contextmanager
def collector_waits():
    """Python's cycle collector paused for a run: the objects a build makes live until its
    end, and each of the collector's passes over them (millions, in a large corpus) found
    little to free while it cost a fifth of the check stages' time."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
