"""What each page's template gets: a small dataclass per kind of page, its fields the
template's names (besides `root`, `url` and `urls`, which every page gets), and the jobs
that make them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from markupsafe import Markup

from ...model import CrossRef, Event, Later, Mentions, Note, Passage, Source, Term
from .paging import Pager
from .views import Citation, PassageView


class Shown(NamedTuple):
    """A passage a page shows: its source, the passage, and a digest of what is shown of it
    (its survey's Placed.shown), which a page's inputs hold instead of the passage itself."""

    source: Source
    passage: Passage
    digest: str


class Mention(NamedTuple):
    """A term's mentions in one source, as its page lists them: the source, how many, and
    a digest of what is shown of them (its survey's Mentioned.shown)."""

    source: Source
    count: int
    digest: str


class Job(NamedTuple):
    """A page to render: its template, what it is made of (`inputs`: plain values, the
    same or equal while the page is the same; a rebuild renders a page again when they
    differ, and the build cache keeps a page by their fingerprint) and how to make its
    context from them (`context(making, *inputs)`, with the run's kinds.Making). `reads`: the sources whose surveys' long parts it reads (by id);
    `body`: the survey whose page's body it shows. A file made part by part (the open data,
    the sitemap) has no template, and is made by `long(store)` (see opendata.py)."""

    template: str
    context: Callable[..., Any] | None
    inputs: tuple = ()
    long: Callable[[Any], Any] | None = None
    reads: tuple = ()
    body: object = None


@dataclass(frozen=True)
class HomePage:
    site: dict
    pager: Pager
    intro: str
    sources: tuple[Source, ...]
    counts: dict[str, dict[str, int]]  # by source: its terms, cross-references, notes, events
    totals: dict[str, int]
    data: dict  # what its previews show


class ShownNote(NamedTuple):
    number: int
    note: Note
    mark: str  # the id of its passage


@dataclass(frozen=True)
class SourcePage:
    site: dict
    source: Source
    body: Markup
    data: dict
    notes_file: str  # where the notes of the source are written, or would be
    noted: bool  # whether that file exists
    crossrefs: tuple[CrossRef, ...]  # those with a passage in it
    contents: tuple
    cite: Citation
    notes: list = field(default_factory=list)  # ShownNote each, in reading order


@dataclass(frozen=True)
class GlossaryPage:
    site: dict
    letters: dict[str, list[Term]]  # by index letter
    mentions: dict[str, int]  # by term: its mentions in all
    data: dict


class MentionGroup(NamedTuple):
    """A term's mentions in one source, as its page shows them."""

    source: Source
    found: Mentions
    later: list[Later]
    first: PassageView


@dataclass(frozen=True)
class TermPage:
    site: dict
    term: Term
    see_also: tuple[Term, ...]
    mentions: list[MentionGroup]
    sources: int  # how many sources mention it
    total: int  # how many mentions in all
    pager: Pager
    data: dict
    cite: Citation


@dataclass(frozen=True)
class CrossRefsPage:
    site: dict
    crossrefs: tuple[CrossRef, ...]
    sources: dict[str, Source]
    pager: Pager
    total: int
    data: dict


@dataclass(frozen=True)
class CrossRefPage:
    site: dict
    crossref: CrossRef
    passages: list[PassageView]
    data: dict


class EventShown(NamedTuple):
    event: Event
    views: list[PassageView]


@dataclass(frozen=True)
class TimelinePage:
    site: dict
    events: list[EventShown]
    data: dict


@dataclass(frozen=True)
class PlainPage:
    """A page that shows nothing of the corpus (search)."""

    site: dict


@dataclass(frozen=True)
class GuidePage:
    site: dict
    guide: Markup


@dataclass(frozen=True)
class NotFoundPage:
    site: dict
    root: str  # served at any address: its links lead from the site's root
