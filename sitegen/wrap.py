"""Marks into a source's HTML: each anchored range is wrapped inside the inline content that
holds it, never by editing finished HTML.

The text's parts (text.py) are what markdown-it renders of the source; this puts them
together with the marks' tags between them, the HTML markdown-it would render of the tokens
with the marks wrapped in, made without tokens (a test holds it to that, byte for byte).
A mark that crosses inline formatting (emphasis, a link) is closed before the formatting
and opened again after it, so the HTML always nests; only its first piece carries its id.
Marks that end get what follows them (a note's number, a cross-reference's link) right
where they end.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markdown_it.common.utils import escapeHtml

from .model import Mark
from .text import CODE, TAG, TEXT, WHOLE, Part, SourceText

NESTING_ORDER = {"speaker": 0, "crossref": 1, "note": 2, "event": 3, "term": 4}


@dataclass(frozen=True)
class Wrapper:
    """How a mark looks: its tag and attributes, and the HTML that follows its end."""

    tag: str
    attrs: dict[str, str]
    after: str = ""


WrapperOf = Callable[[Mark], Wrapper]


def _key(mark: Mark) -> tuple:
    return (mark.start, -mark.end, NESTING_ORDER.get(mark.kind, 9), mark.ref, mark.id)


def opening_tag(tag: str, attrs: dict[str, str]) -> str:
    """`<tag name="value" …>` as markdown-it renders a token's opening tag (the names are
    the code's own: only the values are escaped)."""
    return f"<{tag}" + "".join([f' {name}="{_escape(value)}"' for name, value in attrs.items()]) + ">"


def _escape(value: str) -> str:
    if "&" in value or "<" in value or ">" in value or '"' in value:
        return escapeHtml(value)
    return value


class _Tags:
    """The HTML of each mark: its opening tag with its id (for its first piece), its
    closing tag, and what follows its end; its opening without the id (for the pieces
    after a break) is made when one is needed."""

    def __init__(self, wrapper_of: WrapperOf):
        self.wrapper_of = wrapper_of
        self._made: dict[Mark, tuple[str, str, str, Wrapper]] = {}

    def __call__(self, mark: Mark) -> tuple[str, str, str, Wrapper]:
        made = self._made.get(mark)
        if made is None:
            wrapper = self.wrapper_of(mark)
            attrs = dict(wrapper.attrs)
            if mark.id:
                attrs["id"] = mark.id
            else:
                attrs.pop("id", None)
            made = self._made[mark] = (opening_tag(wrapper.tag, attrs), f"</{wrapper.tag}>",
                                       wrapper.after, wrapper)
        return made

    def again(self, mark: Mark) -> str:
        wrapper = self(mark)[3]
        return opening_tag(wrapper.tag, {k: v for k, v in wrapper.attrs.items() if k != "id"})


class _Stack:
    """The marks open at the current point of one block's inline content."""

    def __init__(self, tags: _Tags, out: list[str]):
        self.tags, self.out = tags, out
        self.open: list[Mark] = []
        self.started: set[Mark] = set()

    def sync(self, want: list[Mark], position: int) -> None:
        """Make the open marks exactly `want` (outermost first), closing and opening as needed."""
        open_, out = self.open, self.out
        keep = 0
        while keep < len(open_) and keep < len(want) and open_[keep] == want[keep]:
            keep += 1
        while len(open_) > keep:
            mark = open_.pop()
            _, closing, after, _ = self.tags(mark)
            out.append(closing)
            if mark.end <= position:
                out.append(after)
        for mark in want[keep:]:
            if mark in self.started:
                out.append(self.tags.again(mark))
            else:
                out.append(self.tags(mark)[0])
                self.started.add(mark)
            open_.append(mark)


def _plain(part: Part, visible: str) -> str:
    if part.kind == TEXT:
        return escapeHtml(visible[part.start:part.end])
    if part.kind == CODE:
        return f"<code>{escapeHtml(visible[part.start:part.end])}</code>"
    return part.html


def _wrapped(parts: tuple[Part, ...], visible: str, marks: list[Mark], tags: _Tags, end: int,
             out: list[str]) -> None:
    """One block's inline content with `marks` (sorted by _key) wrapped in."""
    stack = _Stack(tags, out)
    position = next((p.start for p in parts if p.kind != TAG and p.end > p.start), 0)
    for part in parts:
        kind = part.kind
        if kind == TAG:
            stack.sync([], position)
            out.append(part.html)
        elif part.end == part.start:
            out.append(part.html)
        elif kind == WHOLE:
            stack.sync([m for m in marks if m.start <= part.start and part.end <= m.end], part.start)
            out.append(part.html)
            position = part.end
        else:
            start, stop = part.start, part.end
            cuts = sorted({start, stop, *(p for m in marks for p in (m.start, m.end) if start < p < stop)})
            for a, b in zip(cuts, cuts[1:]):
                stack.sync([m for m in marks if m.start <= a and b <= m.end], a)
                piece = escapeHtml(visible[a:b])
                out.append(piece if kind == TEXT else f"<code>{piece}</code>")
            position = stop
    stack.sync([], end)


def wrap(text: SourceText, marks: tuple[Mark, ...], wrapper_of: WrapperOf,
         block_end: Callable[[int], str] = lambda index: "") -> str:
    """The source's HTML with every mark wrapped in, and `block_end(i)` at the end of the
    i-th block's inline content (a paragraph's permalink, say)."""
    by_block: dict[int, list[Mark]] = {}
    for mark in sorted(marks, key=_key):
        by_block.setdefault(text.block_at(mark.start), []).append(mark)
    visible, tags, out = text.visible, _Tags(wrapper_of), []
    for index, block in enumerate(text.blocks):
        out.append(block.before)
        block_marks = by_block.get(index)
        if block_marks:
            _wrapped(block.parts, visible, block_marks, tags, block.end, out)
        else:
            out += [_plain(part, visible) for part in block.parts]
        out.append(block_end(index))
    out.append(text.after)
    return "".join(out)
