"""A source's body is put together from the parts text.py keeps (wrap.py), not rendered from
tokens: it must be byte for byte what markdown-it renders of the tokens with the marks
wrapped in (tests/token_wrap.py), on the bundled site, on a synthetic corpus, and on random
Markdown with random marks."""
from __future__ import annotations

import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import check, load_config
from sitegen.diagnostics import Location
from sitegen.stages.link import link_source, matcher, text_marks
from sitegen.model import Mark, Source
from sitegen.stages.body import SourceRenderer
from sitegen.stages.validate import source_file
from sitegen.stages.survey import placing
from sitegen.stages.theme import Theme, site_values
from sitegen.stages.text import source_text
from sitegen.stages.wrap import Wrapper, wrap

from .. import token_wrap
from ..conftest import REPO, synthetic_project


def bodies_agree(root) -> int:
    """Check the project at `root`; assert each source page's body is the oracle's. How many
    marks were wrapped."""
    config = load_config(root)[0]
    result = check(config)
    assert [str(d) for d in result.diagnostics if d.severity == "error"] == []
    theme, site = Theme(config.theme_dir), site_values(config, result.corpus)
    wrapped = 0
    placed, match = placing(result.corpus), matcher(result.corpus.terms)
    for path in sorted(config.seeds_dir.glob("*.md")):
        loaded = source_file(config, path)
        source_id, text = loaded.source.id, source_text(loaded.source, loaded.body)
        _, _, marks = link_source(text, placed.get(source_id, ()), text_marks(text, match)[0])
        renderer = SourceRenderer(theme, result.corpus, text, marks, site)
        expected = token_wrap.body(text, loaded.body, marks,
                                   renderer.wrapper, renderer.pilcrow, renderer.folded)
        assert str(renderer.html()) == expected, source_id
        wrapped += len(marks)
    return wrapped


def test_the_bundled_sources_as_markdown_it_renders_them():
    assert bodies_agree(REPO) > 500


def test_a_synthetic_corpus_as_markdown_it_renders_it(tmp_path):
    synthetic_project(tmp_path)
    assert bodies_agree(tmp_path) > 300


# ---- random Markdown, random marks -------------------------------------------------------

INLINE = ["word", "more words", "*em*", "**strong**", "_under_", "`code & <x>`",
          "[link *text*](https://e.org/?a=1&b=2 \"t\")", "![alt *img*](i.png)", "<https://e.org>",
          "&amp;", "&copy;", "\\*", "“quoted”", "a < b > c \"d\"", "<b>raw</b>", "~~s~~"]
BREAKS = [" ", " ", "\n", "  \n", "\\\n"]


@st.composite
def inline(draw) -> str:
    pieces = draw(st.lists(st.sampled_from(INLINE), min_size=1, max_size=8))
    return "".join(p + draw(st.sampled_from(BREAKS)) for p in pieces[:-1]) + pieces[-1]


@st.composite
def block(draw) -> str:
    text = draw(inline())
    kind = draw(st.sampled_from(["p", "p", "h", "ul", "ol", "quote", "table", "code", "fence",
                                 "hr", "loose", "nested", "turn"]))
    if kind == "h":
        return "# " + text.replace("\n", " ")
    if kind in ("ul", "ol"):
        items = draw(st.lists(inline(), min_size=1, max_size=3))
        bullet = "-" if kind == "ul" else "1."
        return "\n".join(f"{bullet} {i.replace(chr(10), ' ')}" for i in items)
    if kind == "loose":
        return "- " + text.replace("\n", " ") + "\n\n- two"
    if kind == "nested":
        return "- " + text.replace("\n", " ") + "\n  - inner *x*\n\n    > deep"
    if kind == "quote":
        return "> " + text.replace("\n", "\n> ")
    if kind == "table":
        return f"| h | {text.replace(chr(10), ' ').replace('|', '/')} |\n| --- | :-: |\n| c | d |"
    if kind == "code":
        return "    code <&>\n    more"
    if kind == "fence":
        return "```py\nx = '<&>'\n```"
    if kind == "hr":
        return "---"
    if kind == "turn":
        return "Prime Minister Nikol Pashinyan: " + text
    return text


KINDS = ["term", "crossref", "note", "event", "speaker"]


def random_wrapper(mark: Mark) -> Wrapper:
    if mark.kind == "speaker":
        return Wrapper("span", {"class": "speaker"})
    after = {"crossref": '<a href="x?a=1&amp;b">⇄</a>', "note": "<sup>1</sup>"}.get(mark.kind, "")
    return Wrapper("a" if mark.kind == "term" else "mark",
                   {"class": mark.kind, "data-x": f'{mark.ref} "&<>"', "id": "ignored"}, after)


@given(st.lists(block(), min_size=1, max_size=6), st.data(), st.sampled_from(["news", "transcript"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_markdown_and_marks_as_markdown_it_renders_them(blocks, data, kind):
    body = "\n\n".join(blocks) + "\n"
    text = source_text(Source("s", "seeds/s.md", "S", "", "", "", kind, "", "", 3,
                              Location("seeds/s.md")), body)
    marks = []
    for n in range(data.draw(st.integers(0, 12))):
        candidates = [b for b in text.blocks if b.end > b.start]
        if not candidates:
            break
        b = data.draw(st.sampled_from(candidates))
        start = data.draw(st.integers(b.start, b.end - 1))
        end = data.draw(st.integers(start + 1, b.end))
        marks.append(Mark(start, end, data.draw(st.sampled_from(KINDS)), f"r{n % 4}",
                          data.draw(st.sampled_from(["", f"m-{n}"]))))
    ends = data.draw(st.sampled_from([lambda i: "", lambda i: f' <a href="#p-{i + 1}">¶</a>']))
    expected = token_wrap.body(text, body, marks, random_wrapper, ends)
    assert wrap(text, tuple(marks), random_wrapper, ends) == expected
    assert wrap(pickle.loads(pickle.dumps(text)), tuple(marks), random_wrapper, ends) == expected
