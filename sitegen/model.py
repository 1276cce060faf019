"""The plain data every stage speaks: what the files hold (sources, terms, annotations),
what a survey finds in a source, and the pages of the site. Frozen dataclasses, no
behaviour beyond naming; the kinds a large corpus has millions of (marks, contexts) are
named tuples, made several times faster, in two thirds the memory."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from .diagnostics import Location

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the id of a source or an annotation: its file name


@dataclass(frozen=True)
class Source:
    id: str
    path: str
    title: str
    publisher: str
    author: str
    date: str
    kind: str
    origin: str
    url: str
    body_line: int  # line of the file where its text starts (1-based); the text itself is
    # the loaded file's (validate.SourceFile), read by its survey alone
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
class Passage:
    source: str
    selector: Selector
    where: Location  # where its quote is written; also what makes it unique

    def __hash__(self) -> int:  # passages key every anchor: hash the part that tells them apart
        return hash(self.where)


@dataclass(frozen=True)
class Term:
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
class CrossRef:
    id: str
    relation: str
    note: str
    passages: tuple[Passage, ...]
    where: Location
    title: str = ""  # what it compares, in a few words: the editor's, or the note's first sentence


@dataclass(frozen=True)
class Note:
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
class Event:
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
    """What the link stage found across the sources: which sources mention each term."""

    mentions: dict[str, tuple[str, ...]]  # by term id: the sources mentioning it, in order


# ---- what a survey finds in a source ----------------------------------------------------

class Context(NamedTuple):
    """A passage or a mention as shown away from its page: the HTML id of its place on the
    source page, the words around it (cut short, or its whole paragraph), its words, who
    says them in a transcript, and the line of the file where they are."""

    fragment: str
    before: str
    text: str
    after: str
    speaker: str
    line: int
    terms: tuple[tuple[int, int, str], ...] = ()  # the glossary's mentions in `text`:
    # (start, end, term id)


class Found(NamedTuple):
    """An anchored passage: where it lies, in context cut short (popovers, the timeline)
    and in its whole paragraph (the compare view), and its target in the open data."""

    span: Span
    short: Context
    whole: Context
    target: bytes  # JSON


class Mentions(NamedTuple):
    """A term's mentions in one source: how many (their ids are t-<term>-1 … t-<term>-n),
    the first in context, the words they were found as (folded), and the paragraph each
    is in (n of p-n), in order."""

    count: int
    first: Context
    forms: tuple[str, ...]
    paragraphs: tuple[int, ...] = ()

    def later(self) -> list[Later]:
        """Each mention after the first."""
        found, last, nth = [], 0, 0
        for n, paragraph in enumerate(self.paragraphs, 1):
            nth = nth + 1 if paragraph == last else 1
            last = paragraph
            if n > 1:
                found.append(Later(n, paragraph, nth))
        return found


class Later(NamedTuple):
    """A mention after a term's first in a source: its number (n of t-<term>-n), its
    paragraph, and which mention of the term it is in that paragraph, from 1."""

    number: int
    paragraph: int
    nth: int


class Placed(NamedTuple):
    """Where an anchored passage is: its HTML id, a digest of its Found (what is shown of
    it elsewhere), its range of the text, and where its Found, pickled, is in the survey's
    `facts`."""

    id: str
    shown: str
    start: int
    end: int
    at: int
    length: int


class Mentioned(NamedTuple):
    """A term's mentions in a source, as a survey holds them at hand: how many, a digest of
    its Mentions (what the term page shows) and one of its open-data targets."""

    count: int
    shown: str
    targets: str


class Run(NamedTuple):
    """Where a term's long parts are in a survey: its targets' run (start, length) and its
    first mention's (start, length)."""

    at: int
    length: int
    first_at: int
    first_length: int


class Entry(NamedTuple):
    """An entry of a long source's contents list: the id of its first paragraph, its label
    (a speaker, or a heading), a turn's first words, and its heading level (0 for a turn)."""

    fragment: str
    label: str
    opening: str
    level: int


class NoteAt(NamedTuple):
    """A note in a source's reading order: its number, its id, the id of its passage."""

    number: int
    note: str
    mark: str


@dataclass(frozen=True, eq=False)
class Survey:
    """A source's part in a build, made where its text is. Small, and always at hand: what
    the link stage and the pages' keys need, each passage and term by a digest of what is
    shown of it. The rest is long and fetched where a page needs it: the facts (each
    passage's Found: a run of `facts`, found by `placed`), each term's first mention (its
    Mentions pickled: a run of `firsts`), the page's body, the search document and the open
    data's targets (each term's a run of `targets`); `runs` says where each term's runs
    are. A long part is bytes, or where they are kept (the engine's). `survey_key` is a
    digest of all that the survey was made of. Told apart by identity: a survey made again
    is another."""

    survey_key: str
    source: str
    placed: dict[Passage, Placed]  # every passage anchored in it
    mentioned: dict[str, Mentioned]  # by term
    forms: dict[str, tuple[str, ...]]  # term: the words it was found as (folded)
    marked: dict[str, tuple[str, ...]]  # the ids its marks stand for, by kind, sorted
    problems: tuple = ()
    notes: tuple[NoteAt, ...] = ()  # in reading order
    contents: tuple[Entry, ...] = ()  # its page's contents list
    passage_terms: dict[Passage, tuple[str, ...]] = field(default_factory=dict)  # the terms
    # mentioned in each anchored passage shown elsewhere, where there are any
    search_key: str = ""  # the digest of its search document
    facts: object = None  # each anchored passage's Found pickled, one after the other
    body: object = None
    search: object = None
    targets: object = None
    firsts: object = None
    runs: dict[str, Run] = field(default_factory=dict)  # by term

    LONG = ("facts", "firsts", "body", "search", "targets")  # its long parts


# ---- the site ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    url: str  # site-relative, 'glossary/csto/'
    html: str
    key: str = ""  # with the build cache, a digest of what it is made of

    def chunks(self) -> tuple[bytes, ...]:
        """The page in UTF-8, in the pieces it is written in."""
        return (self.html.encode(),)


@dataclass(frozen=True)
class LongPage:
    """A page made of many parts, written part by part as they are made, never held whole
    unless its `html` is asked for: a file of the open data."""

    url: str
    parts: Callable[[], Iterable[bytes]]  # made again each time they are asked for
    key: str = ""

    @property
    def html(self) -> str:
        return b"".join(self.parts()).decode()

    def chunks(self) -> Iterable[bytes]:
        return self.parts()


@dataclass(frozen=True)
class SentPage:
    """A page written as soon as it was made, or kept from the last build, so that its
    HTML is not held: its URL, and its key with the build cache."""

    url: str
    key: str = ""


@dataclass(frozen=True)
class Asset:
    src: Path
    dest: str  # site-relative file path, 'static/style.css'


@dataclass(frozen=True)
class Site:
    pages: tuple[Page | LongPage | SentPage, ...]
    assets: tuple[Asset, ...]
    reused: frozenset[str] = frozenset()  # URLs of the pages kept from the last build
