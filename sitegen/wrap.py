"""Marks into the token stream: each anchored range of a source is wrapped inside the
inline tokens that hold it, never by editing finished HTML.

A mark that crosses inline formatting (emphasis, a link) is closed before the formatting
token and opened again after it, so the HTML always nests; only its first piece carries
its id. Marks that end get their trailing tokens (a note's number, a cross-reference's
link) right where they end.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markdown_it.token import Token

from .model import Mark
from .text import SourceText

NESTING_ORDER = {"speaker": 0, "crossref": 1, "note": 2, "event": 3, "term": 4}
SPLITTABLE = ("text", "code_inline")


@dataclass(frozen=True)
class Wrapper:
    """How a mark looks: its tag and attributes, and the tokens that follow its end."""

    tag: str
    attrs: dict[str, str]
    after: tuple[Token, ...] = ()


WrapperOf = Callable[[Mark], Wrapper]


def _key(mark: Mark) -> tuple:
    return (mark.start, -mark.end, NESTING_ORDER.get(mark.kind, 9), mark.ref, mark.id)


class _Stack:
    """The marks open at the current point of one inline token's children."""

    def __init__(self, wrapper_of: WrapperOf, out: list[Token]):
        self.wrapper_of, self.out = wrapper_of, out
        self.open: list[Mark] = []
        self.started: set[Mark] = set()

    def sync(self, want: list[Mark], position: int) -> None:
        """Make the open marks exactly `want` (outermost first), closing and opening as needed."""
        keep = 0
        while keep < min(len(self.open), len(want)) and self.open[keep] == want[keep]:
            keep += 1
        while len(self.open) > keep:
            self._close(self.open.pop(), position)
        for mark in want[keep:]:
            wrapper = self.wrapper_of(mark)
            attrs = dict(wrapper.attrs)
            if mark in self.started or not mark.id:
                attrs.pop("id", None)
            else:
                attrs["id"] = mark.id
            self.started.add(mark)
            self.out.append(Token("sg_open", wrapper.tag, 1, attrs=attrs))
            self.open.append(mark)

    def _close(self, mark: Mark, position: int) -> None:
        wrapper = self.wrapper_of(mark)
        self.out.append(Token("sg_close", wrapper.tag, -1))
        if mark.end <= position:
            self.out.extend(wrapper.after)


def _covering(marks: list[Mark], a: int, b: int) -> list[Mark]:
    return [m for m in marks if m.start <= a and b <= m.end]


def wrap_children(children: list[Token], pieces, marks: list[Mark], wrapper_of: WrapperOf,
                  end: int) -> list[Token]:
    """New children for one inline token, with `marks` (sorted by _key) wrapped in."""
    out: list[Token] = []
    stack = _Stack(wrapper_of, out)
    piece_of = {child: (start, stop) for start, stop, child in pieces}
    position = pieces[0][0] if pieces else 0
    for index, child in enumerate(children):
        if child.nesting != 0:
            stack.sync([], position)
            out.append(child)
            continue
        if index not in piece_of:
            out.append(child)
            continue
        start, stop = piece_of[index]
        if child.type not in SPLITTABLE:
            stack.sync(_covering(marks, start, stop), start)
            out.append(child)
            position = stop
            continue
        cuts = sorted({start, stop, *(p for m in marks for p in (m.start, m.end) if start < p < stop)})
        for a, b in zip(cuts, cuts[1:]):
            stack.sync(_covering(marks, a, b), a)
            piece = Token(child.type, child.tag, 0, content=child.content[a - start:b - start],
                          markup=child.markup)
            out.append(piece)
        position = stop
    stack.sync([], end)
    return out


def wrap(text: SourceText, marks: tuple[Mark, ...], wrapper_of: WrapperOf,
         block_end: Callable[[int], list[Token]] = lambda index: []) -> list[Token]:
    """The source's tokens with every mark wrapped in, and `block_end(i)` tokens appended to
    the i-th block's inline content (a paragraph's permalink, say)."""
    marks = sorted(marks, key=_key)
    by_block: dict[int, list[Mark]] = {}
    for mark in marks:
        by_block.setdefault(text.block_at(mark.start), []).append(mark)
    tokens = text.tokens()
    for index, block in enumerate(text.blocks):
        inline = tokens[block.token]
        block_marks = by_block.get(index, [])
        children = inline.children or []
        if block_marks:
            children = wrap_children(children, block.pieces, block_marks, wrapper_of, block.end)
        extra = block_end(index)
        if block_marks or extra:
            copy = Token(inline.type, inline.tag, inline.nesting, map=inline.map,
                         content=inline.content)
            copy.children = [*children, *extra]
            tokens[block.token] = copy
    return tokens
