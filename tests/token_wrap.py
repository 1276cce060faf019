"""The oracle of sitegen/wrap.py: a source's body as markdown-it renders its tokens with the
marks wrapped into them as tokens, in the plainest form. The source is parsed again here and
its blocks numbered as text.py numbers them; only the marks, their wrappers and the speaker
turns are taken from sitegen. wrap.py must give the very same bytes without any tokens."""
from __future__ import annotations

from markdown_it.token import Token

from sitegen.stages.text import SourceText, markdown
from sitegen.stages.wrap import NESTING_ORDER


def _visible(child: Token) -> str:
    if child.type in ("text", "code_inline", "image"):
        return child.content
    return "\n" if child.type in ("softbreak", "hardbreak") else ""


def _key(mark) -> tuple:
    return (mark.start, -mark.end, NESTING_ORDER.get(mark.kind, 9), mark.ref, mark.id)


class _Stack:
    def __init__(self, wrapper_of, out: list[Token]):
        self.wrapper_of, self.out, self.open, self.started = wrapper_of, out, [], set()

    def sync(self, want, position: int) -> None:
        keep = 0
        while keep < min(len(self.open), len(want)) and self.open[keep] == want[keep]:
            keep += 1
        while len(self.open) > keep:
            mark = self.open.pop()
            wrapper = self.wrapper_of(mark)
            self.out.append(Token("sg_close", wrapper.tag, -1))
            if mark.end <= position and wrapper.after:
                self.out.append(Token("sg_html", "", 0, content=wrapper.after))
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


def _wrap_children(children, pieces, marks, wrapper_of, end):
    out: list[Token] = []
    stack = _Stack(wrapper_of, out)
    piece_of = {child: (start, stop) for start, stop, child in pieces}
    position = pieces[0][0] if pieces else 0
    for index, child in enumerate(children):
        if child.nesting != 0:
            stack.sync([], position)
            out.append(child)
        elif index not in piece_of:
            out.append(child)
        elif child.type not in ("text", "code_inline"):
            start, stop = piece_of[index]
            stack.sync([m for m in marks if m.start <= start and stop <= m.end], start)
            out.append(child)
            position = stop
        else:
            start, stop = piece_of[index]
            cuts = sorted({start, stop, *(p for m in marks for p in (m.start, m.end) if start < p < stop)})
            for a, b in zip(cuts, cuts[1:]):
                stack.sync([m for m in marks if m.start <= a and b <= m.end], a)
                out.append(Token(child.type, child.tag, 0, content=child.content[a - start:b - start],
                                 markup=child.markup))
            position = stop
    stack.sync([], end)
    return out


def body(text: SourceText, source_body: str, marks, wrapper_of, block_end=lambda index: "",
         block_after=lambda index: "") -> str:
    """The body's HTML through markdown-it's tokens and renderer; `block_after(n)` goes
    after block n's closing tag (before it, in a table cell)."""
    md = markdown()
    md.add_render_rule("sg_html", lambda self, tokens, idx, options, env: tokens[idx].content)
    tokens = md.parse(source_body)
    inlines = [i for i, t in enumerate(tokens) if t.type == "inline"]
    assert len(inlines) == len(text.blocks)
    turns = {turn.first: turn for turn in text.turns}
    for n, index in enumerate(inlines, 1):  # the ids and speaker turns text.py gives blocks
        opener = tokens[index - 1]
        if opener.hidden and tokens[index - 2].type == "list_item_open":
            opener = tokens[index - 2]
        if opener.nesting == 1:
            opener.attrSet("id", f"p-{n}")
            if n - 1 in turns:
                opener.attrSet("class", "turn")
                opener.attrSet("data-speaker", turns[n - 1].speaker)
    marks = sorted(marks, key=_key)
    for n, (index, block) in enumerate(zip(inlines, text.blocks)):
        inline, offset, pieces = tokens[index], block.start, []
        for c, child in enumerate(inline.children or ()):
            if _visible(child):
                pieces.append((offset, offset + len(_visible(child)), c))
                offset += len(_visible(child))
        assert offset == block.end
        mine = [m for m in marks if text.block_at(m.start) == n]
        children = inline.children or []
        if mine:
            children = _wrap_children(children, pieces, mine, wrapper_of, block.end)
        extra = block_end(n)
        if mine or extra:
            copy = Token(inline.type, inline.tag, inline.nesting, map=inline.map, content=inline.content)
            copy.children = [*children, *([Token("sg_html", "", 0, content=extra)] if extra else [])]
            tokens[index] = copy
    for n, index in reversed(list(enumerate(inlines))):  # after the blocks: from the end
        after = block_after(n)
        if after:
            close = index + 1
            cell = close < len(tokens) and tokens[close].type in ("td_close", "th_close")
            tokens.insert(close if cell else close + 1, Token("sg_html", "", 0, content=after))
    return md.renderer.render(tokens, md.options, {})
