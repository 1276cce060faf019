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
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..dialect import markdown
from ..keys import digest
from ..model import Entry, Source

BLOCK_SEPARATOR = "\u2029"  # in `folded`, between blocks: nothing a quote holds can match it

_ONE_FOR_ONE = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043", "-"),
    **dict.fromkeys("\u00a0\u2007\u2009\u202f\u200a\u2002\u2003\t\n\r\f\v", " "),
}
# the characters folded one for one, found by one expression: ten times as fast as
# str.translate, which looks up every character of a text in its table
_FOLDED = re.compile("[" + re.escape("".join(_ONE_FOR_ONE)) + "]")
_RESHAPED = re.compile(r" {2,}|\u2026|[\u200b\u00ad\ufeff]")  # runs, ellipsis, invisible chars


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
    text = _FOLDED.sub(_one_for_one, text)
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


def _one_for_one(found: re.Match) -> str:
    return _ONE_FOR_ONE[found.group()]


def fold_quote(text: str) -> str:
    return fold(text).text.strip()


# How an inline child shows in the body's HTML (Part.kind)
TEXT = 0  # reader-visible text, escaped; marks may cut it anywhere
CODE = 1  # inline code: each piece a mark cuts it into is a <code> of its own
WHOLE = 2  # visible but not to be cut (a line break, an image): marks wrap it whole
TAG = 3  # the start or end of formatting (emphasis, a link): open marks close before it
LITERAL = 4  # markup with no visible text


class Part(NamedTuple):
    """One inline child of a block: its range in the visible text (empty for a tag) and,
    but for text and code, its HTML as markdown-it renders it."""

    start: int
    end: int
    kind: int
    html: str = ""


@dataclass(frozen=True)
class Block:
    """One block of inline content (paragraph, heading, list item, table cell)."""

    start: int  # range in the visible text
    end: int
    line: int  # file line where the block starts
    before: str  # the HTML of the block structure between the previous block and this one
    parts: tuple[Part, ...]  # its inline children, in order
    closing: int = 0  # how much of the HTML after it (the next block's `before`, or the
    # text's `after`) is its own closing tag ("</p>\n": 5), or -1 where it is a table cell's
    # (what goes after the block goes inside the cell, before it closes)
    heading: int = 0  # its level, if it is a heading


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
    """A source's text as a reader sees it, with its maps, and its HTML in parts: the block
    structure as markdown-it renders it, and each block's inline children, so that a page
    wraps marks into the text without parsing it again or holding its tokens (about 70 KB
    a source, three times the text and its maps)."""

    source: str
    kind: str
    digest: str  # of the body, its kind and first line: the text's key in the build cache
    visible: str
    blocks: tuple[Block, ...]
    after: str  # the HTML of the block structure after the last block
    folded: Folded
    turns: tuple[Turn, ...]
    in_links: tuple[tuple[int, int], ...]  # visible ranges that are link text
    block_starts: tuple[int, ...] = field(repr=False)

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


CONTENTS_FROM = 3  # entries (speaker turns, headings) a source needs for a contents list


OPENING_CHARS = 50  # of a turn's first words, in the contents list


def contents(text: SourceText) -> tuple[Entry, ...]:
    """A long source's contents, in reading order: each speaker turn and each heading, as
    (the id of its first block, its label, a turn's first words, its heading level or 0 for
    a turn); none where there are fewer than CONTENTS_FROM."""
    found = {turn.first: (turn.label, _opening(text, turn), 0) for turn in text.turns}
    for index, block in enumerate(text.blocks):
        if block.heading:
            found[index] = (" ".join(text.visible[block.start:block.end].split()), "", block.heading)
    if len(found) < CONTENTS_FROM:
        return ()
    return tuple(Entry(f"p-{index + 1}", *entry) for index, entry in sorted(found.items()))


def _opening(text: SourceText, turn: Turn) -> str:
    """The first words a speaker says in a turn, cut at a word, with an ellipsis where cut."""
    start, words = turn.label_end, ""
    for block in text.blocks[turn.first:turn.last + 1]:
        words = " ".join(f"{words} {text.visible[max(start, block.start):block.end]}".split())
        if len(words) > OPENING_CHARS:
            break
    if len(words) <= OPENING_CHARS:
        return words
    cut = words[:OPENING_CHARS]
    return (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(",;:") + "…"


def _visible(child: Token) -> str:
    if child.type in ("text", "code_inline", "image"):
        return child.content
    if child.type in ("softbreak", "hardbreak"):
        return "\n"
    return ""


def source_text(source: Source, body: str, md: MarkdownIt | None = None) -> SourceText:
    """Parse a source's text (`body`, its Markdown) once and derive the visible and folded
    texts, their maps, and the text's HTML in parts (see SourceText)."""
    md = md or markdown()
    tokens = md.parse(body)
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []  # (token, start, end, line) of each block
    folded_parts: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    in_links: list[tuple[int, int]] = []
    offset = f_offset = 0
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        if spans:
            parts.append("\n\n")
            folded_parts.append(BLOCK_SEPARATOR)
            segments.append((f_offset, 1, offset, 2))
            offset += 2
            f_offset += 1
        start, block_parts, depth = offset, [], 0
        for child in token.children or ():
            depth += child.type == "link_open"
            depth -= child.type == "link_close"
            text = _visible(child)
            if text:
                block_parts.append(text)
                if depth:
                    in_links.append((offset, offset + len(text)))
                offset += len(text)
        parts += block_parts
        folded = fold("".join(block_parts), start)
        segments += [(fs + f_offset, fl, os, ol) for fs, fl, os, ol in folded.segments if fl or ol]
        folded_parts.append(folded.text)
        f_offset += len(folded.text)
        spans.append((index, start, offset, (token.map[0] if token.map else 0) + source.body_line))
    if not segments:
        segments.append((0, 0, 0, 0))
    folded = Folded("".join(folded_parts), tuple(segments), tuple(s[0] for s in segments))
    visible = "".join(parts)
    turns = _turns(visible, spans) if source.kind == "transcript" else ()
    _set_block_attrs(tokens, [span[0] for span in spans], turns)
    blocks, after = _layout(md, tokens, spans)
    return SourceText(source.id, source.kind, text_digest(source, body), visible, blocks, after,
                      folded, turns, tuple(in_links), tuple(b.start for b in blocks))


def _layout(md: MarkdownIt, tokens: list[Token], spans: list[tuple[int, int, int, int]]
            ) -> tuple[tuple[Block, ...], str]:
    """The blocks with the HTML markdown-it renders for everything but their text: the
    block structure between them, and each inline child that is not text or code."""
    renderer, options, env = md.renderer, md.options, {}

    def html(tokens: list[Token], i: int) -> str:
        rule = renderer.rules.get(tokens[i].type)
        return rule(tokens, i, options, env) if rule else renderer.renderToken(tokens, i, options, env)

    def between(start: int, stop: int) -> str:
        return "".join(html(tokens, i) for i in range(start, stop))

    blocks, last = [], 0
    for index, start, end, line in spans:
        close = tokens[index + 1] if index + 1 < len(tokens) else None
        closing = -1 if close is not None and close.type in ("td_close", "th_close") else \
            len(html(tokens, index + 1)) if close is not None and close.nesting == -1 else 0
        opener = tokens[index - 1] if index else None
        level = int(opener.tag[1]) if opener is not None and opener.type == "heading_open" else 0
        inline, offset = [], start
        for child in tokens[index].children or ():
            visible = len(_visible(child))
            if child.nesting:
                inline.append(Part(0, 0, TAG, html([child], 0)))
            elif not visible:
                inline.append(Part(0, 0, LITERAL, html([child], 0)))
            elif child.type in ("text", "code_inline"):
                inline.append(Part(offset, offset + visible, TEXT if child.type == "text" else CODE))
            else:
                inline.append(Part(offset, offset + visible, WHOLE, html([child], 0)))
            offset += visible
        blocks.append(Block(start, end, line, between(last, index), tuple(inline), closing, level))
        last = index + 1
    return tuple(blocks), between(last, len(tokens))


def text_digest(source: Source, body: str) -> str:
    """The key of a source's parsed text in the build cache."""
    return digest(source.id, source.kind, str(source.body_line), body)


def _turns(visible: str, spans: list[tuple[int, int, int, int]]) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    for index, (_, start, end, _) in enumerate(spans):
        m = LABEL.match(visible, start, end)
        if m:
            label = m.group(1)
            words = label.split()
            speaker = " ".join(words[-2:])
            if turns:
                turns[-1] = Turn(turns[-1].speaker, turns[-1].label, turns[-1].first, index - 1,
                                 turns[-1].label_end)
            turns.append(Turn(speaker, label, index, len(spans) - 1, start + len(label) + 1))
    return tuple(turns)


def _set_block_attrs(tokens: list[Token], inlines: list[int], turns: tuple[Turn, ...]) -> None:
    """Stable ids on each block's opening token: p-1, p-2, … in reading order."""
    openers = {turn.first: turn for turn in turns}
    for n, index in enumerate(inlines, 1):
        opener = tokens[index - 1]
        if opener.hidden and tokens[index - 2].type == "list_item_open":
            opener = tokens[index - 2]  # a tight list's paragraph has no tag of its own
        if opener.nesting != 1:
            continue
        opener.attrSet("id", f"p-{n}")
        turn = openers.get(n - 1)
        if turn:
            opener.attrSet("class", "turn")
            opener.attrSet("data-speaker", turn.speaker)
