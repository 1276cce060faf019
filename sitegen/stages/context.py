"""What is shown of a passage or a mention away from its page: its words with the words
around it in its paragraph (cut short, or whole), who says them in a transcript, the line
of the file where they are, and where in its words the glossary's terms are mentioned."""
from __future__ import annotations

from ..model import Context, Mark
from .text import SourceText

SNIPPET = 80  # characters of context on each side of a passage shown elsewhere


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


def context(text: SourceText, start: int, end: int, fragment: str, whole: bool = False) -> Context:
    before, words, after, speaker, line = context_of(text, start, end, whole)
    return Context(fragment, before, words, after, speaker, line)


def terms_in(visible: str, words: str, mentions: list[Mark], start: int, end: int
              ) -> tuple[tuple[int, int, str], ...]:
    """Where the mentions that lie in visible[start:end] are in `words`, that range's words
    with their white space squeezed: (start, end, term id) each."""
    found, at = [], 0
    for m in mentions:
        if m.start >= end:
            break
        if m.start >= start and m.end <= end:
            form = " ".join(visible[m.start:m.end].split())
            i = words.find(form, at)
            if i >= 0:
                found.append((i, i + len(form), m.ref))
                at = i + len(form)
    return tuple(found)
