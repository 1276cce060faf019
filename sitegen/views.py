"""What the templates show of the model: passages away from their page (with who said
them, and where), word-level differences between two wordings, and the data a source
page's popovers read. Plain values, no HTML beyond what the theme's Markdown renders."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from . import urls
from .model import Source
from .text import SourceText

SNIPPET = 80  # characters of context on each side of a passage shown elsewhere
WORDS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class PassageView:
    """A passage shown away from its page: where it is, who said it, and its context."""

    source: Source
    url: str  # site-relative, with the #fragment of the exact place
    before: str
    text: str
    after: str
    speaker: str
    line: int
    parts: tuple[tuple[str, bool], ...] = ()  # the text in pieces, True where it differs


def trim(text: str, *, left: bool) -> str:
    """At most SNIPPET characters of context, cut at a word, with an ellipsis where cut."""
    text = " ".join(text.split())
    if len(text) <= SNIPPET:
        return text
    if left:
        cut = text[-SNIPPET:]
        return "…" + (cut[cut.find(" ") + 1:] if " " in cut else cut)
    cut = text[:SNIPPET]
    return (cut[:cut.rfind(" ")] if " " in cut else cut) + "…"


def _context(text: str, *, left: bool, whole: bool) -> str:
    """Context beside a passage, white space squeezed, cut short unless `whole`, keeping the
    one space that separates it from the passage."""
    squeezed = " ".join(text.split())
    if not whole:
        squeezed = trim(squeezed, left=left)
    if squeezed and left and text[-1:].isspace():
        return squeezed + " "
    if squeezed and not left and text[:1].isspace():
        return " " + squeezed
    return squeezed


def _window(visible: str, start: int, end: int, *, left: bool) -> str:
    """The part of visible[start:end] that context beside a passage is cut from: the
    characters nearest the passage, enough that white space squeezed they are longer than a
    snippet (what is further cannot show), or all of them."""
    size = 4 * SNIPPET
    while end - start > size:
        window = visible[end - size:end] if left else visible[start:start + size]
        if len(" ".join(window.split())) > SNIPPET:
            return window
        size *= 2
    return visible[start:end]


def context_of(text: SourceText, start: int, end: int,
               whole: bool = False) -> tuple[str, str, str, str, int]:
    """The words of text[start:end] with the words around them in their paragraph (cut
    short unless `whole`), the speaker of the turn they are in, and their line."""
    block = text.blocks[text.block_at(start)]
    turn = text.turn_at(start)
    visible = text.visible
    words = " ".join(visible[start:end].split())
    before = visible[block.start:start] if whole else _window(visible, block.start, start, left=True)
    after = visible[end:block.end] if whole else _window(visible, end, block.end, left=False)
    return (_context(before, left=True, whole=whole), words, _context(after, left=False, whole=whole),
            turn.speaker if turn else "", text.line_of(start))


def view(source: Source, context) -> PassageView:
    """A passage or mention of `source` as the templates show it, from its context
    (facts.Context)."""
    return PassageView(source, f"{urls.source(source.id)}#{context.fragment}", context.before,
                       context.text, context.after, context.speaker, context.line,
                       ((context.text, False),))


def _norm(word: str) -> str:
    return re.sub(r"[^\w]", "", word.casefold().replace("’", "'"))


def word_diff(views: list[PassageView]) -> list[PassageView]:
    """Each view with its words split into same and different, against the first view
    (the first against the second): what a reader compares in a same-statement pair."""
    if len(views) < 2:
        return views
    tokens = [WORDS.findall(v.text) for v in views]
    marked = []
    for i, view in enumerate(views):
        other = tokens[1] if i == 0 else tokens[0]
        mine = tokens[i]
        a = [_norm(t) for t in mine if not t.isspace()]
        b = [_norm(t) for t in other if not t.isspace()]
        same = set()
        for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            same.update(range(block.a, block.a + block.size))
        parts: list[tuple[str, bool]] = []
        n = 0
        for token in mine:
            if token.isspace():
                changed = False
            else:
                changed = n not in same
                n += 1
            if parts and parts[-1][1] == changed:
                parts[-1] = (parts[-1][0] + token, changed)
            else:
                parts.append((token, changed))
        marked.append(PassageView(**{**view.__dict__, "parts": tuple(parts)}))
    return marked


def popover_data(source_id: str, terms, crossrefs, markdown) -> dict:
    """What a source page's popovers show: its terms' summaries, and for each cross-reference
    on it the other passages. URLs are site-relative; the script resolves them. `terms`: the
    terms on the page; `crossrefs`: each cross-reference on it with (source, facts.Found) of
    each of its anchored passages."""
    data_terms = {term.id: {"name": term.name, "summary": markdown(term.summary),
                            "url": urls.term(term.id)} for term in terms}
    data_crossrefs = {}
    for x, placed in crossrefs:
        others = []
        for source, found in placed:
            if source.id == source_id:
                continue
            v = view(source, found.short)
            others.append({"title": source.title, "publisher": source.publisher,
                           "origin": source.origin, "date": source.date,
                           "kind": source.kind, "speaker": v.speaker, "before": v.before,
                           "text": v.text, "after": v.after, "url": v.url})
        data_crossrefs[x.id] = {"relation": x.relation.replace("-", " "), "title": x.title,
                                "note": markdown(x.note),
                                "url": urls.crossref(x.id), "passages": others}
    # the titles a "back to" link may name: the sources whose passages lead here
    sources = {source.id: source.title for _, placed in crossrefs for source, _ in placed
               if source.id != source_id}
    return {"terms": data_terms, "crossrefs": data_crossrefs, "sources": sources,
            "root": urls.root_of(urls.source(source_id))}
