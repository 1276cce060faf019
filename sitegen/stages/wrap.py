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

from ..model import Mark
from .text import CODE, TAG, TEXT, WHOLE, Part, SourceText

NESTING_ORDER = {"speaker": 0, "crossref": 1, "note": 2, "event": 3, "term": 4}


@dataclass(frozen=True, eq=False)
class Wrapper:
    """How a mark looks: its tag and attributes, and the HTML that follows its end. The
    mark's own id is added to its first piece; many marks may share one wrapper."""

    tag: str
    attrs: dict[str, str]
    after: str = ""


WrapperOf = Callable[[Mark], Wrapper]


def _key(mark: Mark) -> tuple:
    return (mark.start, -mark.end, NESTING_ORDER.get(mark.kind, 9), mark.ref, mark.id)


def _escape(value: str) -> str:
    if "&" in value or "<" in value or ">" in value or '"' in value:
        return escapeHtml(value)
    return value


class _Tags:
    """The HTML of each mark: its opening tag with its id (for its first piece), its
    closing tag, what follows its end, and its opening without the id (for the pieces
    after a break). A wrapper's attributes are escaped once however many marks share it;
    the mark's id comes last. Marks are told apart by identity: each is one object."""

    def __init__(self, wrapper_of: WrapperOf):
        self.wrapper_of = wrapper_of
        self._made: dict[int, tuple[str, str, str, str]] = {}
        self._shapes: dict[int, tuple[Wrapper, str, str]] = {}

    def __call__(self, mark: Mark) -> tuple[str, str, str, str]:
        made = self._made.get(id(mark))
        if made is None:
            wrapper = self.wrapper_of(mark)
            shape = self._shapes.get(id(wrapper))
            if shape is None or shape[0] is not wrapper:
                attrs = "".join([f' {name}="{_escape(value)}"' for name, value in wrapper.attrs.items()
                                 if name != "id"])
                shape = self._shapes[id(wrapper)] = (wrapper, f"<{wrapper.tag}{attrs}",
                                                     f"</{wrapper.tag}>")
            _, head, closing = shape
            opening = f'{head} id="{_escape(mark.id)}">' if mark.id else head + ">"
            made = self._made[id(mark)] = (opening, closing, wrapper.after, head + ">")
        return made


class _Stack:
    """The marks open at the current point of one block's inline content."""

    def __init__(self, tags: _Tags, out: list[str]):
        self.tags, self.out = tags, out
        self.open: list[Mark] = []
        self.started: set[int] = set()

    def sync(self, want: list[Mark], position: int) -> None:
        """Make the open marks exactly `want` (outermost first), closing and opening as needed."""
        open_, out, tags = self.open, self.out, self.tags
        keep = 0
        while keep < len(open_) and keep < len(want) and open_[keep] is want[keep]:
            keep += 1
        while len(open_) > keep:
            mark = open_.pop()
            _, closing, after, _ = tags(mark)
            out.append(closing)
            if mark.end <= position:
                out.append(after)
        for mark in want[keep:]:
            opening, _, _, again = tags(mark)
            if id(mark) in self.started:
                out.append(again)
            else:
                out.append(opening)
                self.started.add(id(mark))
            open_.append(mark)


def _plain(part: Part, visible: str) -> str:
    if part.kind == TEXT:
        return escapeHtml(visible[part.start:part.end])
    if part.kind == CODE:
        return f"<code>{escapeHtml(visible[part.start:part.end])}</code>"
    return part.html


def _wrapped(parts: tuple[Part, ...], visible: str, marks: list[Mark], tags: _Tags, end: int,
             out: list[str]) -> None:
    """One block's inline content with `marks` (sorted by _key) wrapped in. A sweep over
    the block: the marks that hold the current place are those begun (in _key order) and
    not ended."""
    stack = _Stack(tags, out)
    position = next((p.start for p in parts if p.kind != TAG and p.end > p.start), 0)
    count, begun, active = len(marks), 0, []
    for part in parts:
        kind = part.kind
        if kind == TAG:
            if stack.open:
                stack.sync([], position)
            out.append(part.html)
            continue
        start, stop = part.start, part.end
        if stop == start:
            out.append(part.html)
            continue
        while begun < count and marks[begun].start <= start:
            active.append(marks[begun])
            begun += 1
        if kind == WHOLE:
            want = [m for m in active if stop <= m.end]
            stack.sync(want, start)
            out.append(part.html)
            position = stop
            continue
        later = begun
        while later < count and marks[later].start < stop:
            later += 1
        cuts = sorted({p for m in (*active, *marks[begun:later]) for p in (m.start, m.end)
                       if start < p < stop})
        a = start
        for b in (*cuts, stop):
            while begun < count and marks[begun].start <= a:
                active.append(marks[begun])
                begun += 1
            active = [m for m in active if m.end > a]
            if len(active) != len(stack.open) or any(m is not o for m, o in zip(active, stack.open)):
                stack.sync(active, a)
            piece = escapeHtml(visible[a:b])
            out.append(piece if kind == TEXT else f"<code>{piece}</code>")
            a = b
        position = stop
    stack.sync([], end)


def _flat(parts: tuple[Part, ...], visible: str, marks: list[Mark], tags: _Tags,
          out: list[str]) -> bool:
    """One block's inline content with `marks` wrapped in, where no two overlap and each
    lies in one text part (most blocks: a few glossary terms): each mark is written as it
    comes, with no sweep. False, and nothing written, for any other block."""
    places, i, last, count = [], 0, -1, len(parts)
    for mark in marks:
        if mark.start < last or mark.start == mark.end:
            return False
        while i < count and (parts[i].end <= mark.start or parts[i].start == parts[i].end):
            i += 1
        if i == count:
            return False
        part = parts[i]
        if part.kind != TEXT or mark.start < part.start or mark.end > part.end:
            return False
        places.append(i)
        last = mark.end
    k, count = 0, len(marks)
    for j, part in enumerate(parts):
        kind = part.kind
        if kind == TEXT:
            at = part.start
            while k < count and places[k] == j:
                mark = marks[k]
                opening, closing, after, _ = tags(mark)
                if at < mark.start:
                    out.append(escapeHtml(visible[at:mark.start]))
                out += (opening, escapeHtml(visible[mark.start:mark.end]), closing, after)
                at = mark.end
                k += 1
            if at < part.end:
                out.append(escapeHtml(visible[at:part.end]))
        elif kind == CODE:
            out.append(f"<code>{escapeHtml(visible[part.start:part.end])}</code>")
        else:
            out.append(part.html)
    return True


def wrap(text: SourceText, marks: tuple[Mark, ...], wrapper_of: WrapperOf,
         block_end: Callable[[int], str] = lambda index: "",
         block_after: Callable[[int], str] = lambda index: "") -> str:
    """The source's HTML with every mark wrapped in, `block_end(i)` at the end of the i-th
    block's inline content (a paragraph's permalink, say) and `block_after(i)` after the
    block (its notes, say: inside it where it is a table cell)."""
    by_block: dict[int, list[Mark]] = {}
    starts, index, last = text.block_starts, 0, len(text.block_starts) - 1
    for mark in sorted(marks, key=_key):  # by start: the blocks come in order
        while index < last and starts[index + 1] <= mark.start:
            index += 1
        by_block.setdefault(index, []).append(mark)
    visible, tags, out = text.visible, _Tags(wrapper_of), []
    after = ""  # what goes after the block before
    for index, block in enumerate(text.blocks):
        out.append(_then(block.before, text.blocks[index - 1].closing, after) if after else block.before)
        block_marks = by_block.get(index)
        if block_marks:
            if not _flat(block.parts, visible, block_marks, tags, out):
                _wrapped(block.parts, visible, block_marks, tags, block.end, out)
        else:
            out += [_plain(part, visible) for part in block.parts]
        out.append(block_end(index))
        after = block_after(index)
    out.append(_then(text.after, text.blocks[-1].closing, after) if after and text.blocks
               else text.after)
    return "".join(out)


def _then(html: str, closing: int, after: str) -> str:
    """The HTML that follows a block, with `after` put after the block's closing tag (its
    first `closing` characters), or before it (-1: a table cell's)."""
    if closing < 0:
        return after + html
    return html[:closing] + after + html[closing:]
