"""A source's body is put together from the parts text.py keeps (wrap.py), not rendered from
tokens: it must be byte for byte what markdown-it renders of the tokens with the marks
wrapped in (tests/token_wrap.py), on the bundled site, on a synthetic corpus, and on random
Markdown with random marks."""
from __future__ import annotations

import pickle
import random
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import check, load_config
from sitegen.diagnostics import Location
from sitegen.link import link_source, matcher, text_marks
from sitegen.model import Mark, Source
from sitegen.pipeline import placing
from sitegen.render import Theme, _SourceRenderer, site_values
from sitegen.text import source_text
from sitegen.wrap import Wrapper, wrap

from .. import token_wrap
from ..conftest import REPO, write_files


def bodies_agree(root) -> int:
    """Check the project at `root`; assert each source page's body is the oracle's. How many
    marks were wrapped."""
    config = load_config(root)[0]
    result = check(config)
    assert [str(d) for d in result.diagnostics if d.severity == "error"] == []
    theme, site = Theme(config.theme_dir), site_values(config, result.corpus)
    wrapped = 0
    placed, match = placing(result.corpus), matcher(result.corpus.terms)
    for source_id, source in result.corpus.sources.items():
        text = source_text(source)
        _, _, marks = link_source(text, placed.get(source_id, ()), text_marks(text, match)[0])
        renderer = _SourceRenderer(theme, result.corpus, text, marks, site)
        expected = token_wrap.body(text, result.corpus.sources[source_id].body, marks,
                                   renderer.wrapper, renderer.pilcrow, renderer.folded)
        assert str(renderer.html()) == expected, source_id
        wrapped += len(marks)
    return wrapped


def test_the_bundled_sources_as_markdown_it_renders_them():
    assert bodies_agree(REPO) > 500


# ---- a synthetic corpus: news and transcripts, with terms, notes, cross-references -------

WORDS = ("the ministry said on Monday that it would review the agreement despite objections "
         "from observers and analysts in the capital who expect no breakthrough before talks "
         "resume next month under the framework deal").split()
TERMS = ["Border Assembly", "Eastern Treaty Organization", "Article 4", "Vachi district",
         "CSTO", "27-Day War"]


def _sentence(rng: random.Random) -> tuple[str, str]:
    """(Markdown, visible text) of one sentence: words, terms, emphasis, code, links, quotes."""
    md, seen = [], []
    for _ in range(rng.randint(6, 16)):
        word = rng.choice(TERMS) if rng.random() < 0.15 else rng.choice(WORDS)
        style = rng.random()
        if style < 0.06:
            md.append(f"*{word}*")
        elif style < 0.09:
            md.append(f"**{word}**")
        elif style < 0.11:
            md.append(f"`{word}`")
        elif style < 0.15:
            md.append(f"[{word}](https://example.org/r?a=1&b=2)")
        elif style < 0.18:
            md.append(f"“{word}”")
            seen.append(f"“{word}”")
            continue
        else:
            md.append(word.replace("&", "&amp;"))
        seen.append(word)
    return " ".join(md) + ".", " ".join(seen) + "."


def synthetic_project(root, docs: int = 24, seed: int = 7) -> None:
    rng = random.Random(seed)
    files = {"pyproject.toml": '[tool.sitegen]\ntitle = "Synthetic"\n'}
    for t, name in enumerate(TERMS):
        files[f"annotations/glossary/t{t}.yaml"] = f"term: {name}\nsummary: About {name} & more.\n"
    quotes = []
    for d in range(docs):
        transcript = d % 5 == 0
        blocks = []
        for b in range(rng.randint(4, 9)):
            sentences = [_sentence(rng) for _ in range(rng.randint(1, 4))]
            joiner = rng.choice([" ", "\n", "  \n"])
            md = joiner.join(s for s, _ in sentences)
            kind = rng.random()
            if transcript and b % 2 == 0:
                md = f"President of Somewhere Anna Belmaryan: {md}"
            elif kind < 0.15:
                md = "\n".join(f"- {s}" for s, _ in sentences)
            elif kind < 0.22:
                md = "> " + md.replace("\n", "\n> ")
            elif kind < 0.27:
                md = "## " + sentences[0][0]
            elif kind < 0.30:
                md = "| a | b |\n| --- | --- |\n| " + sentences[0][0] + " | x |"
            elif kind < 0.32:
                md = "    code & <span>\n\n" + md
            blocks.append(md)
            words = sentences[0][1].rstrip(".").split()
            if len(words) > 6 and kind >= 0.32 and not (transcript and b % 2 == 0):
                start = rng.randint(0, len(words) - 4)
                quotes.append((f"doc{d}", " ".join(words[start:start + rng.randint(2, 4)])))
        files[f"seeds/doc{d}.md"] = (f"---\ntitle: Document {d}\ndate: 2022-01-{d % 28 + 1:02d}\n"
                                     f"kind: {'transcript' if transcript else 'news'}\n---\n\n"
                                     + "\n\n".join(blocks) + "\n")
    for n, (doc, quote) in enumerate(quotes):
        if n % 3 == 0:
            files[f"annotations/notes/{doc}.yaml"] = (
                files.get(f"annotations/notes/{doc}.yaml", "") +
                f"- quote: {quote!r}\n  occurrence: 1\n  kind: context\n  note: A *note* & more.\n")
    pairs = [(a, b) for a, b in zip(quotes[1::3], quotes[2::3]) if a[0] != b[0]]
    for n, (a, b) in enumerate(pairs):
        files[f"annotations/crossrefs/x{n}.yaml"] = textwrap.dedent(f"""\
            relation: {"same-statement" if n % 2 else "contradicts"}
            note: Why "these" belong together.
            passages:
              - source: {a[0]}
                quote: {a[1]!r}
                occurrence: 1
              - source: {b[0]}
                quote: {b[1]!r}
                occurrence: 1
            """)
    write_files(root, files)


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
    text = source_text(Source("s", "seeds/s.md", "S", "", "", "", kind, "", "", body, 3,
                              Location("seeds/s.md")))
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
