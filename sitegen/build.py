"""The two ways in, each the pipeline read top to bottom: `check` (load, validate and
assemble the files, survey each source, link and lint across them: every problem of the
project) and `build` (check, then render the pages and write them with the search index).

Every stage runs even after errors, so that `check` reports everything at once; only render
and write are skipped when there are errors, and the old output stays. What is made again
and where (the memo, the build cache, the cores) is the runner's (engine/runner.py): the
stages are plain functions of plain data. A build whose output is up to date answers before
the stages (and their parser, templates and YAML loader) are even imported: that answer
takes a tenth of a second, where the imports alone would take a quarter.
"""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from typing import TYPE_CHECKING

from .config import Config
from .diagnostics import Diagnostic, has_errors, ordered
from .engine.cache import Cache
from .engine.fresh import look
from .engine.progress import Stopwatch, Tell
from .engine.runner import Runner
from .model import Corpus, Links, Passage, Site, Span, Survey
from .output.write import check_out

if TYPE_CHECKING:
    from .engine.publish import Published
    from .stages.theme import Theme


@dataclass(frozen=True)
class Build:
    """What a run found and made: the corpus (each source's metadata: its text is read by
    its survey alone), each source's survey, what the link stage found across them, every
    problem, and for a build the site written. A build that found its output up to date read nothing: its corpus is
    None, and its problems are those of the build that made the output."""

    corpus: Corpus | None
    surveys: dict[str, Survey]
    links: Links | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    site: Site | None = None
    written: tuple[str, ...] = ()  # site-relative files written (or deleted), in place
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
        return {p: Span(source_id, place.start, place.end) for source_id, survey in self.surveys.items()
                for p, place in survey.placed.items()}


def check(config: Config, runner: Runner | None = None, *, progress: Tell | None = None,
          workers: int | None = None, cache: Cache | None = None) -> Build:
    """Every problem of the project, the theme's too. A large project is checked on
    `workers` processes (default: one per core); with a `cache`, an unchanged file is not
    loaded and an unchanged source not surveyed again; `progress` hears how each stage
    goes (see progress.py). What a build surveyed with the same theme serves too (a pull
    request's check reads the deploy's cache), and a check drops none of a build's entries."""
    from .stages.theme import Theme, theme_problems

    runner = runner or Runner(cache=cache, workers=workers or cores(), tell=progress)
    theme = Theme(config.theme_dir)
    broken = theme_problems(config, theme)
    result = survey(config, runner, built=None if broken else theme)
    if runner.cache is not None:
        runner.cache.commit(prune=False)
    return replace(result, diagnostics=ordered([*result.diagnostics, *broken]))


def survey(config: Config, runner: Runner, theme: Theme | None = None,
           clock: Stopwatch | None = None, built: Theme | None = None) -> Build:
    """The pipeline up to the pages: with a `theme`, each source's survey makes its page's
    parts too; without, a survey a build made with the `built` theme's parts is used where
    the cache holds it."""
    from .engine.steps import load_files, survey_sources
    from .stages.assemble import assemble
    from .stages.link import link
    from .stages.lint import forms_seen, lint, overlaps
    from .stages.load import project_pages
    from .stages.survey import PageParts

    clock = clock or Stopwatch()
    with collector_waits():
        sources, records, problems = load_files(runner, config)
        clock.lap("load")
        intro, guide, found = project_pages(config)
        corpus, assembled = assemble(sources, records, intro, guide)
        clock.lap("validate")
        bodies = {f.source.id: f.body for f in sources if f.source is not None}
        surveys = survey_sources(runner, corpus, bodies, theme and PageParts(config, theme, corpus),
                                 runner.cache and built and PageParts(config, built, corpus))
        clock.lap("survey")
        links = runner.once("link", link, tuple((i, s.mentioned) for i, s in surveys.items()))
        warnings = lint(corpus, runner.once("forms", forms_seen, tuple(s.forms for s in surveys.values())),
                        links, runner.once("overlaps", overlaps, tuple(corpus.terms.values())))
        clock.lap("link")
    problems += found + assembled + [p for s in surveys.values() for p in s.problems] + warnings
    return Build(corpus, surveys, links, ordered(problems), timings=clock.times, peaks=clock.peaks)


def build(config: Config, out: Path | None = None, progress: Tell | None = None,
          workers: int | None = None, cache: Cache | None = None, strict: bool = False,
          runner: Runner | None = None, writer=None, theme: Theme | None = None) -> Build:
    """Check, then render and write the whole site into `out` (default: the configured
    output); `strict`, write nothing where there is any problem, a warning too. With a
    `cache`, what an earlier build made of unchanged inputs is reused, and a build whose
    inputs are all unchanged writes nothing if `out` still holds that build's site. The
    preview runs it with its own `runner` (a memo), `writer` (its folder, in place) and
    `theme` (compiled once while its templates are unchanged)."""
    out, clock = Path(out) if out is not None else config.output_dir, Stopwatch()
    runner = runner or Runner(cache=cache, workers=workers or cores(), tell=progress)
    seen = look(config, out, runner.cache) if runner.cache and not check_out(out, config.root) else None
    if seen is not None and seen.up_to_date:
        clock.lap("unchanged")
        return _up_to_date(out, runner.cache, seen, clock)
    from .engine.publish import publish, spilled
    from .stages.theme import Theme, theme_problems

    theme = theme or Theme(config.theme_dir)
    broken = runner.once("theme", theme_problems, config, theme)
    with spilled(runner, config):
        result = survey(config, runner, None if broken else theme, clock)
        problems = ordered([*result.diagnostics, *broken, *check_out(out, config.root)])
        if has_errors(problems) or (strict and problems):
            return replace(result, diagnostics=problems)
        with collector_waits():
            made = publish(result.corpus, result.surveys, result.links, problems, runner, config,
                           theme, out, seen, writer, clock.lap)
    return _made(replace(result, diagnostics=problems), made, clock)


def _up_to_date(out: Path, cache: Cache, seen, clock: Stopwatch) -> Build:
    """A build that found its output up to date: nothing read, nothing written."""
    cache.commit(prune=False)
    from .output.write import clean_up

    clean_up(out.resolve())
    kept = seen.kept
    return Build(None, {}, None, kept.diagnostics, pages=kept.page_count(), up_to_date=True,
                 timings=clock.times, peaks=clock.peaks)


def _made(result: Build, made: Published, clock: Stopwatch) -> Build:
    """The build, with what writing its site gave."""
    return replace(result, site=made.site, diagnostics=ordered([*result.diagnostics, *made.diagnostics]),
                   pages=made.pages, written=made.written, timings=clock.times, peaks=clock.peaks)


def cores() -> int:
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
