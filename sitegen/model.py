"""The plain data every stage speaks. Frozen dataclasses, no behaviour beyond naming; the
kind a large corpus has a million of (marks) is a named tuple, which is made several times
faster, in two thirds the memory."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .cache import digest
from .diagnostics import Location

SOURCE_KINDS = ("news", "transcript", "analysis")
RELATIONS = ("same-statement", "corroborates", "contradicts", "context")
NOTE_KINDS = ("context", "fact-check", "sic", "translation")
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the id of a source or an annotation: its file name


class Fingerprinted:
    """A value that stands for itself, in the keys of the build cache, by a digest of its
    fields, made once: kept with the value when it is pickled (so a file loaded from the
    cache brings its annotations' fingerprints), never compared."""

    @cached_property
    def fingerprint(self) -> str:
        return digest(repr(self))  # the fields' repr: plain values, the same every run


@dataclass(frozen=True)
class Source(Fingerprinted):
    id: str
    path: str
    title: str
    publisher: str
    author: str
    date: str
    kind: str
    origin: str
    url: str
    body: str
    body_line: int  # line of the file where the body starts (1-based)
    where: Location


@dataclass(frozen=True, slots=True)
class Selector:
    """A W3C TextQuoteSelector, with the occurrence fallback of the contract."""

    quote: str
    prefix: str = ""
    suffix: str = ""
    occurrence: int = 0  # 0: not given

    def __hash__(self) -> int:  # the quote tells selectors apart, and caches its own hash
        return hash(self.quote)


@dataclass(frozen=True)
class Passage(Fingerprinted):
    source: str
    selector: Selector
    where: Location  # where its quote is written; also what makes it unique

    def __hash__(self) -> int:  # passages key every anchor: hash the part that tells them apart
        return hash(self.where)


@dataclass(frozen=True)
class Term(Fingerprinted):
    id: str
    name: str
    aliases: tuple[str, ...]
    case_sensitive: bool
    summary: str
    body: str
    see_also: tuple[str, ...]
    where: Location
    sort: str = ""  # where the glossary index files it, if not under its name

    @property
    def sort_key(self) -> tuple[str, str]:
        """Where the glossary index files the term: its `sort` or its name, case folded."""
        return (self.sort or self.name).casefold(), self.id

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class CrossRef(Fingerprinted):
    id: str
    relation: str
    note: str
    passages: tuple[Passage, ...]
    where: Location
    title: str = ""  # what it compares, in a few words: the editor's, or the note's first sentence


@dataclass(frozen=True)
class Note(Fingerprinted):
    id: str
    source: str
    kind: str
    note: str
    passage: Passage
    where: Location

    @property
    def passages(self) -> tuple[Passage]:
        return (self.passage,)


@dataclass(frozen=True)
class Event(Fingerprinted):
    id: str
    date: str
    title: str
    passages: tuple[Passage, ...]
    where: Location


@dataclass(frozen=True)
class Corpus:
    sources: dict[str, Source] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    crossrefs: dict[str, CrossRef] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    intro: str = ""  # the home page's opening text, in Markdown
    contributing: str = ""  # the contributor guide, in Markdown
    written: tuple[tuple[Location, str, str], ...] = ()  # every `[…](kind:id)` link in the
    # annotations' Markdown: (where it is written, kind, id), as each file's loader found it

    def annotations(self) -> list[CrossRef | Note | Event]:
        """Every annotation that names passages, in a stable order."""
        return [*self.crossrefs.values(), *self.notes.values(), *self.events.values()]

    def passages(self) -> list[Passage]:
        """Every passage an annotation names, in a stable order."""
        return [p for a in self.annotations() for p in a.passages]


@dataclass(frozen=True, slots=True)
class Span:
    """A range [start, end) of a source's reader-visible text."""

    source: str
    start: int
    end: int


class Mark(NamedTuple):
    """A range of a source to wrap when rendering: a term occurrence, a passage, a speaker."""

    start: int
    end: int
    kind: str  # "term" | "crossref" | "note" | "event" | "speaker"
    ref: str  # the id of the term, cross-reference, note or event
    id: str  # the HTML id of the wrapped range, unique on its page


@dataclass(frozen=True)
class Links:
    """What the link stage found across the sources: where each anchored passage is on its
    source page, and which sources mention each term."""

    passage_ids: dict[Passage, str]  # each anchored passage's HTML id on its source page
    mentions: dict[str, tuple[str, ...]]  # by term id: the sources mentioning it, in order
