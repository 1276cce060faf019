"""The stages that run on many items, as steps of the runner: what each is applied to, what
its results are kept by in the memo and the build cache. The stages themselves are
sitegen.stages'; here is only how they are run."""
from __future__ import annotations

from typing import NamedTuple

from ..config import Config
from ..dialect import markdown
from ..files import read, relative
from ..keys import digest
from ..model import Corpus, Survey
from ..stages.link import Matcher, glossary_digest, matcher, text_marks
from ..stages.load import project_files
from ..stages.survey import PageParts, SurveyJob, placing, placing_of, sharing, sources_of, survey
from ..stages.text import source_text
from ..stages.validate import RecordFile, SourceFile, record_file, source_file
from .runner import Runner, Step


class FileJob(NamedTuple):
    """A file of the project to load and check: a source or an annotation file."""

    kind: str  # "source" | "record"
    path: str
    stamp: tuple


def load_step(config: Config) -> Step:
    """Each file loaded and checked on its own: kept by its stamp in the memo, by its
    content in the cache."""
    def load(job: FileJob) -> SourceFile | RecordFile:
        return source_file(config, job.path) if job.kind == "source" else record_file(config, job.path)

    def key(job: FileJob) -> str:
        try:
            data = read(job.path, job.stamp[1])
        except OSError:
            return ""  # the loader says what is wrong
        return digest(job.kind, config.annotations, relative(job.path, config.root), data)

    return Step("file", load, slot=lambda job: (job.kind, job.path), inputs=lambda job: job.stamp,
                key=key, progress="load", chunk=100)


def load_files(runner: Runner, config: Config) -> tuple[list[SourceFile], list[RecordFile], list]:
    """Every source and annotation file of the project, loaded and checked (see
    load_step), with the problems of the project's layout."""
    seeds, annotations, problems = project_files(config, runner.listing, runner.changed)
    jobs = [FileJob("source", path, s) for path, s in seeds]
    jobs += [FileJob("record", path, s) for path, s in annotations]
    stamps = runner.since("stamps", {(job.kind, job.path): job.stamp for job in jobs})
    done = runner.each(load_step(config), jobs, touched=stamps)
    return done[:len(seeds)], done[len(seeds):], problems


def survey_steps(corpus: Corpus, match: Matcher, shown: object) -> list[Step]:
    """A source surveyed in three steps: its text parsed, its terms found, its survey made
    of them; each kept by what it is made of in the memo (`shown`: what of the corpus its
    page parts show, the same object while equal), the survey in the cache by its job's
    key. The surveys of a build share their words."""
    md = markdown()

    def parse(job: SurveyJob):
        return source_text(job.source, job.body, md)

    def terms(job: SurveyJob, text):
        return text_marks(text, match)

    return [Step("text", parse, slot=lambda job: ("text", job.source.id),
                 inputs=lambda job: (job.source, job.body)),
            Step("terms", terms, slot=lambda job: ("terms", job.source.id),
                 inputs=lambda job, text: (text, match), prepare=lambda jobs: match.patterns),
            Step("survey", survey, slot=lambda job: ("survey", job.source.id),
                 inputs=lambda job, text, found: (text, found, job.items, shown),
                 key=lambda job: job.key, progress="survey", long=Survey.LONG, tidy=sharing(),
                 also=lambda job: job.built_key)]


def survey_sources(runner: Runner, corpus: Corpus, bodies: dict[str, str], parts: PageParts | None,
                   built: PageParts | None = None) -> dict[str, Survey]:
    """Each source's survey (stages.survey) from its text (`bodies`, by source id), with its
    page's parts when `parts` is given; a check's, where a build's survey with the `built`
    parts is kept, that one."""
    placed = placing(corpus, lambda kind, found: runner.grouped(("placing", kind), found, placing_of, sources_of))
    glossary = tuple((t.id, t.forms, t.case_sensitive) for t in corpus.terms.values())
    match = runner.once("matcher", matcher, corpus.terms, inputs=glossary)
    gloss = glossary_digest(corpus.terms)
    sources = list(corpus.sources.values())
    shown = runner.same("shown", parts and (parts.site, parts.key, tuple(
        (s.title, s.publisher) for s in sources)))
    jobs = [SurveyJob(s, bodies[s.id], placed.get(s.id, ()), gloss, parts, built) for s in sources]
    changed = runner.since("survey jobs", {job.source.id: (job.source, job.body, job.items) for job in jobs})
    every = runner.since("survey by", {"match": match, "shown": shown})
    touched = None if changed is None or every != set() else \
        [i for i, s in enumerate(sources) if s.id in changed]
    return dict(zip((s.id for s in sources), runner.chain(survey_steps(corpus, match, shown), jobs, touched)))
