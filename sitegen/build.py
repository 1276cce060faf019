"""The pipeline in one place: load → validate → anchor → link → render → write.

Every stage runs even after errors, so `check` reports everything at once; only
render and write are skipped when there are errors, and the old output stays.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import search
from .anchor import anchor
from .config import Config
from .diagnostics import Diagnostic, has_errors, ordered
from .link import Links, link
from .load import load
from .model import Corpus, Passage, Span
from .render import Site, render
from .text import SourceText, markdown, source_text
from .validate import validate
from .write import check_out, write


@dataclass(frozen=True)
class Build:
    """What a run found and made."""

    corpus: Corpus
    texts: dict[str, SourceText]
    anchors: dict[Passage, Span]
    links: Links
    site: Site | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def check(config: Config) -> Build:
    """Everything but render and write: all the problems of the project."""
    inputs, problems = load(config)
    corpus, found = validate(inputs)
    problems += found
    md = markdown()
    texts = {s.id: source_text(s, md) for s in corpus.sources.values()}
    anchors, found = anchor(corpus, texts)
    problems += found
    links = link(corpus, texts, anchors)
    return Build(corpus, texts, anchors, links, None, ordered(problems))


def build(config: Config, out: Path | None = None) -> Build:
    """Check, then render and write the site into `out` (default: the configured output)."""
    out = Path(out) if out is not None else config.output_dir
    result = check(config)
    problems = list(result.diagnostics) + check_out(out, config.root)
    if has_errors(problems):
        return Build(result.corpus, result.texts, result.anchors, result.links, None,
                     ordered(problems))
    site, found = render(config, result.corpus, result.texts, result.anchors, result.links)
    problems += found
    if not has_errors(found):
        problems += write(site, out, search.index)
    return Build(result.corpus, result.texts, result.anchors, result.links, site,
                 ordered(problems))
