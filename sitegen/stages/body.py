"""A source page's body: its text with its marks wrapped in (terms as links to their
pages, cross-referenced passages with their ⇄, notes with their number and the note, dated
passages with their way to the timeline), a permalink at the end of each paragraph, and
each paragraph's notes folded after it for a narrow screen."""
from __future__ import annotations

from markupsafe import Markup

from .. import urls
from ..model import Corpus, Mark, NoteAt
from .export import base_of
from .text import SourceText
from .theme import Theme
from .wrap import Wrapper, wrap

_NUMBER = "\ue000"  # a paragraph's number, in the permalink rendered once


class SourceRenderer:
    """The body of one source page: marks wrapped in, each note beside its passage, a
    permalink at the end of each paragraph."""

    def __init__(self, theme: Theme, corpus: Corpus, text: SourceText, marks: tuple[Mark, ...],
                 site: dict):
        self.theme, self.corpus, self.text, self.marks = theme, corpus, text, marks
        self.site = site
        self._terms: dict[tuple[str, bool], Wrapper] = {}
        self.root = urls.root_of(urls.source(text.source))
        self.base = base_of(site["base_url"])  # where a printed link leads
        self.numbers = {m.ref: n for n, m in enumerate((m for m in marks if m.kind == "note"), 1)}
        self.macros = theme.env.get_template("_body.html").make_module(
            {"root": self.root, "site": site, "base": base_of(site["base_url"])})
        self._pilcrow = str(self.macros.pilcrow(_NUMBER))  # its number put in as it comes
        self.noted: dict[int, list[Mark]] = {}  # each block's notes, in reading order
        for m in marks:
            if m.kind == "note":
                self.noted.setdefault(text.block_at(m.start), []).append(m)
        seen: set[tuple[int, str]] = set()
        self.first: set[str] = set()  # ids of each term's first mention in its paragraph
        starts, block, last = text.block_starts, 0, len(text.block_starts) - 1
        for m in marks:  # in text order: the blocks come in order
            if m.kind == "term":
                while block < last and starts[block + 1] <= m.start:
                    block += 1
                if (block, m.ref) not in seen:
                    seen.add((block, m.ref))
                    self.first.add(m.id)

    def wrapper(self, mark: Mark) -> Wrapper:
        """How `mark` looks: one wrapper for all the mentions of a term that look alike."""
        if mark.kind == "term":
            key = (mark.ref, mark.id in self.first)
            made = self._terms.get(key)
            if made is None:
                made = self._terms[key] = Wrapper("a", {
                    "class": "term" if key[1] else "term repeat",
                    "href": self.root + urls.term(mark.ref), "data-term": mark.ref})
            return made
        if mark.kind == "crossref":
            return self._crossref(mark)
        if mark.kind == "note":
            return self._note(mark)
        if mark.kind == "event":
            return self._event(mark)
        return Wrapper("span", {"class": "speaker"})

    def _event(self, mark: Mark) -> Wrapper:
        event = self.corpus.events[mark.ref]
        return Wrapper("span", {"class": "event", "data-event": mark.ref},
                       str(self.macros.event_link(event)).strip())

    def _crossref(self, mark: Mark) -> Wrapper:
        x = self.corpus.crossrefs[mark.ref]
        others = ", ".join(self.corpus.sources[p.source].title for p in x.passages
                           if p.source != self.text.source and p.source in self.corpus.sources)
        return Wrapper("mark", {"class": f"xref xref-{x.relation}", "data-crossref": x.id},
                       str(self.macros.crossref_link(x, others)).strip())

    def _note(self, mark: Mark) -> Wrapper:
        note, n = self.corpus.notes[mark.ref], self.numbers[mark.ref]
        return Wrapper("mark", {"class": f"noted note-{note.kind}", "data-note": note.id},
                       str(self.macros.marker(note, n, mark.id)).strip())

    def folded(self, index: int) -> str:
        """The notes whose passages end in block `index`, folded, to follow the block."""
        found = self.noted.get(index)
        if not found:
            return ""
        return str(self.macros.folded([(self.corpus.notes[m.ref], self.numbers[m.ref], m.id)
                                       for m in found])).strip() + "\n"

    def pilcrow(self, index: int) -> str:
        """The permalink at the end of paragraph `index` (from 0)."""
        return self._pilcrow.replace(_NUMBER, str(index + 1))

    def html(self) -> Markup:
        return Markup(wrap(self.text, self.marks, self.wrapper, self.pilcrow, self.folded))

    def notes(self) -> tuple[NoteAt, ...]:
        """The notes in reading order, for the printed page's footnotes."""
        return tuple(NoteAt(self.numbers[m.ref], m.ref, m.id) for m in self.marks if m.kind == "note")


def source_body(theme: Theme, corpus: Corpus, text: SourceText, marks: tuple[Mark, ...],
                site: dict) -> tuple[str, tuple[NoteAt, ...]]:
    """A source page's body (its text with every mark wrapped in, each note beside its
    passage) and its notes in reading order (see SourceRenderer.notes)."""
    renderer = SourceRenderer(theme, corpus, text, marks, site)
    return renderer.html(), renderer.notes()

