"""What the templates show of the model: passages away from their page (with who said
them, and where), word-level differences between two wordings, and the data a source
page's popovers read. Plain values, no HTML beyond what the theme's Markdown renders."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from . import urls
from .model import Corpus, Links, Passage, Source, Span
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


def passage_view(corpus: Corpus, text: SourceText, span: Span, fragment: str, *,
                 whole: bool = False) -> PassageView:
    """The passage at `span`, with its paragraph around it (cut short unless `whole`)."""
    block = text.blocks[text.block_at(span.start)]
    turn = text.turn_at(span.start)
    visible = text.visible
    words = " ".join(visible[span.start:span.end].split())
    before = visible[block.start:span.start] if whole else _window(
        visible, block.start, span.start, left=True)
    after = visible[span.end:block.end] if whole else _window(
        visible, span.end, block.end, left=False)
    return PassageView(
        corpus.sources[span.source], f"{urls.source(span.source)}#{fragment}",
        _context(before, left=True, whole=whole), words, _context(after, left=False, whole=whole),
        turn.speaker if turn else "", text.line_of(span.start), ((words, False),))


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


def popover_data(corpus: Corpus, texts: dict[str, SourceText], anchors: dict[Passage, Span],
                 links: Links, source_id: str, markdown) -> dict:
    """What a source page's popovers show: its terms' summaries, and for each cross-reference
    on it the other passages. URLs are site-relative; the script resolves them."""
    marks = links.marks.get(source_id, ())
    terms = {}
    for term_id in sorted({m.ref for m in marks if m.kind == "term"}):
        term = corpus.terms[term_id]
        terms[term_id] = {"name": term.name, "summary": markdown(term.summary),
                          "url": urls.term(term_id)}
    crossrefs = {}
    for x_id in sorted({m.ref for m in marks if m.kind == "crossref"}):
        x = corpus.crossrefs[x_id]
        others = []
        for p in x.passages:
            span = anchors.get(p)
            if span is None or p.source == source_id:
                continue
            v = passage_view(corpus, texts[p.source], span, links.passage_ids[p])
            others.append({"title": v.source.title, "publisher": v.source.publisher,
                           "origin": v.source.origin, "date": v.source.date,
                           "kind": v.source.kind, "speaker": v.speaker, "before": v.before,
                           "text": v.text, "after": v.after, "url": v.url})
        crossrefs[x_id] = {"relation": x.relation.replace("-", " "), "note": markdown(x.note),
                           "url": urls.crossref(x_id), "passages": others}
    # the titles a "back to" link may name: the sources whose passages lead here
    sources = {p.source: corpus.sources[p.source].title
               for x_id in crossrefs for p in corpus.crossrefs[x_id].passages
               if p.source != source_id and p.source in corpus.sources}
    return {"terms": terms, "crossrefs": crossrefs, "sources": sources,
            "root": urls.root_of(urls.source(source_id))}
