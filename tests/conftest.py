"""Shared test helpers: fixture tables and real mini projects on disk."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from sitegen.diagnostics import Location
from sitegen.model import Source
from sitegen.stages.text import source_text

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parent


def read_cases(path: Path, sections: int) -> list:
    """Cases of a fixture file: a title line, then `sections` parts each closed by a '.' line.
    Each case is a pytest.param whose id carries its line in the file."""
    lines = path.read_text("utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        assert lines[i + 1] == ".", f"{path}:{i + 2}: expected '.' after the title"
        i += 2
        parts = []
        for _ in range(sections):
            part = []
            while lines[i] != ".":
                part.append(lines[i])
                i += 1
            parts.append("\n".join(part))
            i += 1
        cases.append(pytest.param(*parts, id=f"{path.stem}:{start}:{title}"))
    return cases


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")


BASE_PROJECT = {
    "pyproject.toml": """
        [tool.sitegen]
        title = "Test reader"
        """,
    "seeds/alpha.md": """
        ---
        title: Alpha report
        publisher: Alpha Agency
        date: 2022-01-10
        kind: news
        origin: Armenia
        ---

        The CSTO met on Monday. The CSTO’s leaders spoke of “concern and worry.”

        Pashinyan dispatched 100 soldiers to Kazakhstan.

        The Collective Security Treaty Organization said so.
        """,
    "seeds/beta.md": """
        ---
        title: Beta transcript
        publisher: Beta
        date: 2022-01-10T11:45
        kind: transcript
        origin: Russia
        ---

        Prime Minister of Armenia Nikol Pashinyan: Good morning, colleagues.

        The situation causes concern and worry.

        President of Russia Vladimir Putin: Thank you, colleagues.
        """,
    "annotations/glossary/csto.yaml": """
        term: CSTO
        aliases: [Collective Security Treaty Organization]
        summary: A military alliance of six post-Soviet states.
        """,
    "annotations/glossary/pashinyan.yaml": """
        term: Nikol Pashinyan
        aliases: [Pashinyan]
        summary: Prime Minister of Armenia.
        see_also: [csto]
        """,
    "annotations/crossrefs/concern.yaml": """
        relation: same-statement
        note: The report's quotation and the transcript's wording.
        passages:
          - source: alpha
            quote: concern and worry
          - source: beta
            quote: causes concern and worry
        """,
    "annotations/notes/alpha.yaml": """
        - quote: 100 soldiers
          kind: context
          note: Armenia's contingent in the [CSTO](term:csto) force.
        """,
    "annotations/timeline.yaml": """
        - date: 2022-01-10
          title: The CSTO session
          passages:
            - source: alpha
              quote: The CSTO met on Monday
        """,
}


def make_project(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A real project on disk: the base project, with `files` added, replaced or (None) removed."""
    merged = {**BASE_PROJECT, **(files or {})}
    write_files(root, {k: v for k, v in merged.items() if v is not None})
    if not (root / "themes").exists():
        shutil.copytree(REPO / "themes", root / "themes")
    return root


@pytest.fixture
def project(tmp_path: Path):
    """make_project bound to a fresh folder."""
    return lambda files=None: make_project(tmp_path / "project", files)


@pytest.fixture
def small_pages(monkeypatch):
    """The open data in pages of at most 7 annotations and 40 targets, so that a small
    project's fills many."""
    from sitegen.stages import export
    monkeypatch.setattr(export, "PAGE_ITEMS", 7)
    monkeypatch.setattr(export, "PAGE_TARGETS", 40)


def marked(text: str, start: int, end: int) -> str:
    return f"{text[:start]}[[{text[start:end]}]]{text[end:]}"


def squash(text: str) -> str:
    return re.sub(r"[ \t]+\n", "\n", text).strip()


def previewing(result, term_id: str) -> set[str]:
    """The site URLs of the pages whose previews show the term `term_id` (other than the
    pages it occurs on): where an annotation links to it, and where a passage shown away
    from its page (on a comparison or the timeline) mentions it."""
    corpus, link = result.corpus, f"](term:{term_id})"
    found = {"" for _ in [1] if link in corpus.intro}
    found |= {f"glossary/{t.id}/" for t in corpus.terms.values()
              if t.id != term_id and link in t.summary + t.body}
    found |= {"crossrefs/" for x in corpus.crossrefs.values() if link in x.note}
    found |= {f"sources/{n.source}/" for n in corpus.notes.values() if link in n.note}

    def mentions(passages) -> bool:
        return any(term_id in result.surveys[p.source].passage_terms.get(p, ())
                   for p in passages if p.source in result.surveys)

    found |= {f"crossrefs/{x.id}/" for x in corpus.crossrefs.values()
              if link in x.note or mentions(x.passages)}
    found |= {"timeline/" for e in corpus.events.values() if mentions(e.passages)}
    return found


NAMES = ["Alder Council", "Birch Accord", "Cedar Front", "Delta Mission", "Elm Treaty",
         "Fir Assembly", "Gorse League", "Heath Bureau", "Ivy Commission", "Juniper Union"]


def paged_corpus(docs: int = 24, seed: int = 5) -> dict[str, str]:
    """The files of a project whose open data fills many pages at small bounds: `docs`
    sources mentioning ten terms, one of them 95 times in one source ("big", beside a
    source "big-2"), notes, cross-references and events on numbered ledger lines."""
    rng = random.Random(seed)
    files = {f"annotations/glossary/{name.split()[0].lower()}.yaml":
             f"term: {name}\nsummary: What the {name} is.\n" for name in NAMES}
    sources, ledger = [f"s{d}" for d in range(docs)] + ["big", "big-2"], []
    for d, source in enumerate(sources):
        blocks = []
        for b in range(rng.randint(3, 6)):
            sentences = []
            for k in range(rng.randint(1, 4)):
                if rng.random() < 0.4:
                    sentences.append(f"Ledger line {d}-{b}-{k} was *filed* at noon.")
                    ledger.append((source, f"Ledger line {d}-{b}-{k} was filed"))
                else:
                    one, two = rng.sample(NAMES, 2)
                    sentences.append(f"The {one} met the {two} on day {rng.randint(1, 30)}.")
            blocks.append(" ".join(sentences))
        if source == "big":
            blocks.append(" ".join(["The Alder Council spoke."] * 95))
        files[f"seeds/{source}.md"] = (f"---\ntitle: Source {source}\ndate: 2022-01-{d % 28 + 1:02d}\n"
                                       f"kind: news\n---\n\n" + "\n\n".join(blocks) + "\n")
    notes: dict[str, str] = {}
    for source, quote in ledger[::3]:
        notes[source] = notes.get(source, "") + (
            f"- quote: {quote}\n  kind: context\n  note: On {quote.lower()}.\n")
    files.update({f"annotations/notes/{source}.yaml": text for source, text in notes.items()})
    others = ledger[1::3]
    pairs = [(a, b) for a, b in zip(others[::2], others[1::2], strict=False) if a[0] != b[0]]
    for n, (a, b) in enumerate(pairs):
        files[f"annotations/crossrefs/x{n}.yaml"] = (
            f"relation: context\nnote: Ledger lines {n}.\npassages:\n"
            f"  - source: {a[0]}\n    quote: {a[1]}\n  - source: {b[0]}\n    quote: {b[1]}\n")
    files["annotations/timeline.yaml"] = "".join(
        f"- date: 2022-02-{n + 1:02d}\n  title: Event {n}\n  passages:\n"
        f"    - source: {source}\n      quote: {quote}\n"
        for n, (source, quote) in enumerate(ledger[2::6]))
    return files


# ---- projects, edits, the command line, the served preview -------------------------------

def copy_project(to: Path) -> Path:
    for part in ("seeds", "annotations", "themes"):
        shutil.copytree(REPO / part, to / part)
    for name in ("pyproject.toml", "intro.md"):
        shutil.copy(REPO / name, to / name)
    return to


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    time.sleep(0.01)  # a new time stamp, as a real save gives
    path.write_text(text.replace(old, new, 1), "utf-8")


def sitegen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120)


def overlay(case: Path) -> dict[str, bytes]:
    return {p.relative_to(case).as_posix(): p.read_bytes()
            for p in case.rglob("*") if p.is_file() and p.name != "expected.txt"}


def text_of(body: str, kind: str = "news"):
    source = Source("test", "seeds/test.md", "T", "", "", "", kind, "", "", 1,
                    Location("seeds/test.md"))
    return source_text(source, body + "\n")


def source_texts(config) -> dict:
    """Each source of a project parsed (stages.text), by id, from its file."""
    from sitegen.stages.validate import source_file

    loaded = [source_file(config, path) for path in sorted(config.seeds_dir.glob("*.md"))]
    return {f.source.id: source_text(f.source, f.body) for f in loaded if f.source is not None}


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError("timed out")


def start(tmp_path, **options):
    """`sitegen serve` on a copy of the bundled project, with a temporary folder of its own:
    (project, temporary folder, process, URL)."""
    root = copy_project(tmp_path / "project")
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", str(port)],
                               cwd=root, env={**os.environ, "TMPDIR": str(temp)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **options)
    return root, temp, process, f"http://127.0.0.1:{port}/"


@pytest.fixture
def served(tmp_path):
    root, temp, process, url = start(tmp_path)
    try:
        wait_for(lambda: get(url)[0] == 200, timeout=30)
        yield root, url, process, temp
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def status(url: str) -> list[str]:
    return json.loads(get(url + "__sitegen/status.json")[1])["errors"]
