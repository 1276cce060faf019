"""Properties, with Hypothesis: (a) anchoring finds exactly the passage taken from a random
text, whatever typographic variants the quote is typed with, and when the passage occurs
more than once, the disambiguation the error proposes picks the one intended; (b) no
annotation file, however mangled, makes `check` raise: every problem comes back as a
diagnostic in the contract's format."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sitegen import check, load_config
from sitegen.stages.anchor import Miss, disambiguations, find, occurrences
from sitegen.diagnostics import format_github, format_json
from sitegen.model import Selector, Span
from sitegen.stages.text import fold_quote

from ..conftest import REPO, make_project
from ..conftest import text_of

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests

# ---- (a) anchoring ----------------------------------------------------------------------

LETTERS = "abcdeoz"
MARKS = ["’", "‘", "“", "”", "'", '"', "–", "—", "-", "…"]
word = st.one_of(
    st.text(LETTERS, min_size=1, max_size=6),
    st.tuples(st.sampled_from(MARKS), st.text(LETTERS, min_size=1, max_size=5),
              st.sampled_from(MARKS + [""])).map("".join),
)
SEPARATORS = [" ", " ", " ", "\u00a0", "  ", "\n"]


@st.composite
def paragraph(draw) -> tuple[str, str]:
    """A paragraph as Markdown and as a reader sees it: words joined by spaces, non-breaking
    spaces, runs of spaces or line breaks, some in emphasis."""
    words = draw(st.lists(word, min_size=1, max_size=12))
    words[0] = draw(st.text(LETTERS, min_size=1, max_size=6))  # no list or quote marker first
    source, visible = [], []
    for n, w in enumerate(words):
        sep = draw(st.sampled_from(SEPARATORS)) if n else ""
        emphasis = w.isalpha() and draw(st.booleans())
        source.append(sep + (f"*{w}*" if emphasis else w))
        visible.append(sep + w)
    return "".join(source), "".join(visible)


@st.composite
def document(draw):
    """Paragraphs (some repeated, so that passages recur), and a passage of one of them:
    (markdown, visible text, passage start, passage end) with the offsets in the visible text."""
    paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=5))
    paragraphs += draw(st.lists(st.sampled_from(paragraphs), max_size=2))
    k = draw(st.integers(0, len(paragraphs) - 1))
    markdown = "\n\n".join(p for p, _ in paragraphs)
    visible = "\n\n".join(v for _, v in paragraphs)
    block_start = sum(len(v) + 2 for _, v in paragraphs[:k])
    block = paragraphs[k][1]
    bounds = [(m.start(), m.end()) for m in re.finditer(r"[^ \u00a0\n]+", block)]
    a = draw(st.integers(0, len(bounds) - 1))
    b = draw(st.integers(a, len(bounds) - 1))
    return markdown, visible, block_start + bounds[a][0], block_start + bounds[b][1]


VARIANTS = [("’", "'"), ("'", "’"), ("“", '"'), ('"', "”"), ("–", "-"), ("-", "–"),
            (" ", "\u00a0"), (" ", "   "), ("\u00a0", " "), ("…", "...")]

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def intended(text, quote: str, start: int) -> int:
    """Which occurrence of `quote` in the folded text begins at visible offset `start`."""
    found = occurrences(text.folded.text, fold_quote(quote))
    return [text.folded.to_original(i) for i in found].index(start)


def apply(quote: str, proposal: str) -> Selector:
    key, _, value = proposal.partition(": ")
    return Selector(quote, **{key: json.loads(value)})


@FAST
@given(document(), st.lists(st.sampled_from(VARIANTS), max_size=4))
def test_a_passage_anchors_where_it_was_taken(doc, variants):
    markdown, visible, start, end = doc
    text = text_of(markdown)
    assert text.visible == visible  # the model of what a reader sees is right
    quote = visible[start:end]
    typed = quote
    for old, new in variants:
        typed = typed.replace(old, new)
    for q in (quote, typed):
        result = find(text, Selector(q))
        if len(occurrences(text.folded.text, fold_quote(q))) == 1:
            event("found once")
            assert result == Span("test", start, end), q
        else:
            event("ambiguous")
            assert isinstance(result, Miss) and "ambiguous" in result.message
            k = intended(text, q, start)
            line, proposal = disambiguations(text, q)[k]
            assert f"line {line}: {proposal}" in result.message or k >= 5
            assert find(text, apply(q, proposal)) == Span("test", start, end), proposal


# ---- (b) mangled annotation files ---------------------------------------------------------

REAL = sorted(p.relative_to(REPO).as_posix() for p in [*(REPO / "annotations").rglob("*.yaml"),
                                                       *(REPO / "seeds").glob("*.md")])
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): "
                  r"(?P<message>\S.*)$")
YAMLISH = st.text(st.sampled_from(list("ab1 :-[]{}&*!|>'\"#,?%@`\n\t") + ["\u00a0", "é", "\x00"]),
                  max_size=200)


@st.composite
def mangled(draw) -> tuple[str, bytes]:
    """A real annotation file or source text (its path and bytes) after some damage."""
    path = draw(st.sampled_from(REAL))
    data = bytearray((REPO / path).read_bytes())
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["flip", "truncate", "delete line", "wrong type", "insert"]))
        lines = data.split(b"\n")
        if how == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
        elif how == "truncate":
            del data[draw(st.integers(0, len(data))):]
        elif how == "delete line" and lines:
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = bytearray(b"\n".join(lines))
        elif how == "wrong type" and lines:
            n = draw(st.integers(0, len(lines) - 1))
            key = lines[n].split(b":", 1)[0]
            value = draw(st.sampled_from([b"[1, 2]", b"{a: 1}", b"3", b"true", b"null", b"",
                                          b"&x [*x]", b"!!binary aGk=", b"'unclosed"]))
            lines[n] = key + b": " + value
            data = bytearray(b"\n".join(lines))
        elif how == "insert":
            i = draw(st.integers(0, len(data)))
            data[i:i] = draw(YAMLISH).encode("utf-8")
    return path, bytes(data)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("mangled") / "p")


def check_with(root: Path, path: str, data: bytes) -> list[str]:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    try:
        result = check(load_config(root)[0])
    finally:
        target.unlink()
    format_github(result.diagnostics)
    json.loads(format_json(result.diagnostics))
    lines = [str(d) for d in result.diagnostics]
    for line in lines:
        m = LINE.match(line)
        assert m, line
        assert (root / m["path"]).is_file() or m["path"] == path, line
        assert int(m["line"]) >= 1 and int(m["col"]) >= 1, line
    return lines


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(mangled())
def test_a_mangled_file_gives_diagnostics_never_an_exception(small, case):
    path, data = case
    check_with(small, path, data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["annotations/glossary/x.yaml", "annotations/crossrefs/x.yaml",
                        "annotations/notes/alpha.yaml", "annotations/timeline.yaml"]),
       st.one_of(YAMLISH.map(lambda s: s.encode("utf-8")), st.binary(max_size=200)))
@example("annotations/notes/alpha.yaml", b"1\n\n1")  # text over lines where a list belongs
@example("annotations/glossary/x.yaml", b"term: X\naliases: !$binary aGk=\nsummary: S.\n")
@example("annotations/crossrefs/x.yaml", b"relation: context\nnote: N.\npassages: !!set {}\n")
def test_random_bytes_give_diagnostics_never_an_exception(small, path, data):
    check_with(small, path, data)
