"""Shared test helpers: fixture tables and real mini projects on disk."""
from __future__ import annotations

import random
import re
import shutil
import textwrap
from pathlib import Path

import pytest

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
    from sitegen import export

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
