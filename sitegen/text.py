"""A source's Markdown parsed once, and the text a reader sees, with maps both ways.

`visible` is the reader-visible text: the inline content of every block (paragraph,
heading, list item, table cell) joined by blank lines, with the Markdown syntax gone.
`folded` is the same text with typographic variants made one (curly quotes, dashes,
white space), the string that quotes and glossary terms are searched in; a small table of
segments maps folded offsets back to visible ones, and each block knows which inline
token holds which part of it, so that marks can be wrapped into the tokens.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .cache import digest
from .model import Source

BLOCK_SEPARATOR = "\u2029"  # in `folded`, between blocks: nothing a quote holds can match it

_ONE_FOR_ONE = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043", "-"),
    **dict.fromkeys("\u00a0\u2007\u2009\u202f\u200a\u2002\u2003\t\n\r\f\v", " "),
})
_RESHAPED = re.compile(r" {2,}|\u2026|[\u200b\u00ad\ufeff]")  # runs, ellipsis, invisible chars


def markdown() -> MarkdownIt:
    """The one Markdown dialect of sources and annotations: CommonMark and tables, no raw HTML."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class Folded:
    """A folded string and the segments that map it back: (folded start, folded length,
    original start, original length); lengths differ where a run was collapsed or a
    character expanded."""

    text: str
    segments: tuple[tuple[int, int, int, int], ...]
    starts: tuple[int, ...] = field(repr=False)

    def to_original(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i) - 1
        fs, fl, os, ol = self.segments[k]
        return os + (i - fs) if fl == ol else os

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            o = self.to_original(start)
            return o, o
        k = bisect.bisect_right(self.starts, end - 1) - 1
        fs, fl, os, ol = self.segments[k]
        last = os + (end - fs) if fl == ol else os + ol
        return self.to_original(start), last


def fold(text: str, base: int = 0) -> Folded:
    """Fold `text`; offsets in the segments are shifted by `base` on the original side."""
    text = text.translate(_ONE_FOR_ONE)
    out: list[str] = []
    segments = []
    f = o = 0
    for m in _RESHAPED.finditer(text):
        if m.start() > o:
            out.append(text[o:m.start()])
            segments.append((f, m.start() - o, base + o, m.start() - o))
            f += m.start() - o
        piece = m.group()
        replacement = " " if piece[0] == " " else "..." if piece == "\u2026" else ""
        if replacement:
            out.append(replacement)
            segments.append((f, len(replacement), base + m.start(), len(piece)))
            f += len(replacement)
        o = m.end()
    if o < len(text) or not segments:
        out.append(text[o:])
        segments.append((f, len(text) - o, base + o, len(text) - o))
    return Folded("".join(out), tuple(segments), tuple(s[0] for s in segments))


def fold_quote(text: str) -> str:
    return fold(text).text.strip()


@dataclass(frozen=True)
class Block:
    """One block of inline content: tokens[token] is its inline token."""

    token: int
    start: int  # range in the visible text
    end: int
    line: int  # file line where the block starts
    pieces: tuple[tuple[int, int, int], ...]  # (start, end, child index) of each text child


@dataclass(frozen=True)
class Turn:
    """A transcript speaker's turn: blocks first..last, opened by `label` ("Nikol Pashinyan")."""

    speaker: str
    label: str
    first: int
    last: int
    label_end: int  # visible offset just past "Label:"


LABEL = re.compile(r"([A-Z][\w'’.-]*(?:\s+(?:of|the|and|[A-Z][\w'’.-]*)){0,24}):\s")


@dataclass(frozen=True, eq=False)
class SourceText:
    """A source's text as a reader sees it, with its maps. Its tokens are not kept: they
    are parsed again when a page needs them (see `tokens`)."""

    source: str
    body: str
    kind: str
    digest: str  # of all the above and the body's first line: the text's key in the build cache
    visible: str
    blocks: tuple[Block, ...]
    folded: Folded
    turns: tuple[Turn, ...]
    in_links: tuple[tuple[int, int], ...]  # visible ranges that are link text
    block_starts: tuple[int, ...] = field(repr=False)

    def tokens(self) -> list[Token]:
        """The body's tokens, parsed anew: kept, they would be most of a large corpus's
        memory (about 70 KB a source, three times the text and its maps), and parsing a
        text again takes about a millisecond, once, when its page is rendered."""
        tokens = _parser().parse(self.body)
        _set_block_attrs(tokens, self.blocks, self.turns)
        return tokens

    def block_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.block_starts, offset) - 1, 0)

    def line_of(self, offset: int) -> int:
        block = self.blocks[self.block_at(offset)]
        return block.line + self.visible.count("\n", block.start, min(offset, block.end))

    def turn_at(self, offset: int) -> Turn | None:
        index = self.block_at(offset)
        for turn in self.turns:
            if turn.first <= index <= turn.last:
                return turn
        return None


def _visible(child: Token) -> str:
    if child.type in ("text", "code_inline", "image"):
        return child.content
    if child.type in ("softbreak", "hardbreak"):
        return "\n"
    return ""


def source_text(source: Source, md: MarkdownIt | None = None) -> SourceText:
    """Parse the body once and derive the visible and folded texts and their maps."""
    tokens = (md or markdown()).parse(source.body)
    parts: list[str] = []
    blocks: list[Block] = []
    folded_parts: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    in_links: list[tuple[int, int]] = []
    offset = f_offset = 0
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        if blocks:
            parts.append("\n\n")
            folded_parts.append(BLOCK_SEPARATOR)
            segments.append((f_offset, 1, offset, 2))
            offset += 2
            f_offset += 1
        start, pieces, block_parts, depth = offset, [], [], 0
        for c, child in enumerate(token.children or ()):
            depth += child.type == "link_open"
            depth -= child.type == "link_close"
            text = _visible(child)
            if text:
                pieces.append((offset, offset + len(text), c))
                block_parts.append(text)
                if depth:
                    in_links.append((offset, offset + len(text)))
                offset += len(text)
        parts += block_parts
        folded = fold("".join(block_parts), start)
        segments += [(fs + f_offset, fl, os, ol) for fs, fl, os, ol in folded.segments if fl or ol]
        folded_parts.append(folded.text)
        f_offset += len(folded.text)
        line = (token.map[0] if token.map else 0) + source.body_line
        blocks.append(Block(index, start, offset, line, tuple(pieces)))
    if not segments:
        segments.append((0, 0, 0, 0))
    folded = Folded("".join(folded_parts), tuple(segments), tuple(s[0] for s in segments))
    visible = "".join(parts)
    turns = _turns(visible, blocks) if source.kind == "transcript" else ()
    return SourceText(source.id, source.body, source.kind, text_digest(source), visible,
                      tuple(blocks), folded, turns, tuple(in_links), tuple(b.start for b in blocks))


def text_digest(source: Source) -> str:
    """The key of a source's parsed text in the build cache."""
    return digest(source.id, source.kind, str(source.body_line), source.body)


@cache
def _parser() -> MarkdownIt:
    return markdown()


def _turns(visible: str, blocks: list[Block]) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    for index, block in enumerate(blocks):
        m = LABEL.match(visible, block.start, block.end)
        if m:
            label = m.group(1)
            words = label.split()
            speaker = " ".join(words[-2:])
            if turns:
                turns[-1] = Turn(turns[-1].speaker, turns[-1].label, turns[-1].first, index - 1,
                                 turns[-1].label_end)
            turns.append(Turn(speaker, label, index, len(blocks) - 1, block.start + len(label) + 1))
    return tuple(turns)


def _set_block_attrs(tokens: list[Token], blocks: list[Block], turns: tuple[Turn, ...]) -> None:
    """Stable ids on each block's opening token: p-1, p-2, … in reading order."""
    openers = {turn.first: turn for turn in turns}
    for n, block in enumerate(blocks, 1):
        opener = tokens[block.token - 1]
        if opener.hidden and tokens[block.token - 2].type == "list_item_open":
            opener = tokens[block.token - 2]  # a tight list's paragraph has no tag of its own
        if opener.nesting != 1:
            continue
        opener.attrSet("id", f"p-{n}")
        turn = openers.get(n - 1)
        if turn:
            opener.attrSet("class", "turn")
            opener.attrSet("data-speaker", turn.speaker)
