#!/usr/bin/env python3
"""Preview latency: from saving a file to the rebuilt page on disk, per kind of edit, for
the bundled site and a synthetic corpus, next to the time of a full build of the same
project. Prints a table; the README keeps the latest one.

    python tests/benchmarks/preview_latency.py [--docs 2000] [--runs 5] [--bench ../shared/bench]

Two figures per edit: `rebuild` is the incremental build alone (in process, the median of
--runs edits, told the file that changed as the preview's watcher tells it; the cycle
collector's pass that follows is not counted, as the preview runs it once the browser was
told to reload), `saved → on disk` is measured end to end against
a real `sitegen serve`: the time from writing the file to the page's new bytes on disk,
polling and all, each edit made once the preview has finished with the one before (its
search index, made again in the background, would otherwise compete for the processor).
"""
from __future__ import annotations

import argparse
import gc
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from sitegen import build, check, load_config  # noqa: E402
from sitegen.build import collector_waits  # noqa: E402
from sitegen.preview import Builder  # noqa: E402
from sitegen.serve import decorate  # noqa: E402
from sitegen.stages.text import markdown, source_text  # noqa: E402
from sitegen.stages.validate import source_file  # noqa: E402
from tests.benchmarks.corpora import generated  # noqa: E402
from tests.integration.test_incremental import copy_project as bundled  # noqa: E402


def synthetic(folder: Path, docs: int, bench: Path) -> Path:
    generated(folder.parent / "corpus", folder, docs, bench)
    shutil.copytree(REPO / "themes", folder / "themes")  # so a template can be edited
    # The generator counts a quote's occurrences in the Markdown; sitegen, as a reader sees
    # the text, so a quote running over link text can be ambiguous: drop those few files.
    for d in check(load_config(folder)[0]).diagnostics:
        (folder / d.where.path).unlink(missing_ok=True)
    return folder


def edits(root: Path):
    """(name, file, old text, new text, page that must change) for each kind of edit."""
    config = load_config(root)[0]
    result = check(config)
    note = next(iter(result.corpus.notes.values()))
    xref = next(iter(result.corpus.crossrefs.values()))
    def count(term) -> int:  # its mentions in all the sources
        return sum(result.surveys[s].mentioned[term.id][0] for s in result.links.mentions.get(term.id, ()))

    term = max(result.corpus.terms.values(), key=count)
    rare = min(result.corpus.terms.values(), key=count)
    source = result.corpus.sources[note.source]
    body = source_file(config, root / source.path).body
    head = (root / source.path).read_text("utf-8")[:-len(body) or None]
    quoted = " ".join(f"{p.selector.prefix} {p.selector.quote} {p.selector.suffix}"
                      for a in result.corpus.annotations() for p in a.passages if p.source == source.id)
    # a word of the text (the first time it is written: the edit changes that one) that no
    # passage quotes, so that every annotation still anchors
    word = next(w for w in source_text(source, body, markdown()).visible.split()[3:]
                if w.isalpha() and w in body and w not in head and w not in quoted)
    passages = [f"{p.selector.prefix} {p.selector.quote} {p.selector.suffix}"
                for a in result.corpus.annotations() for p in a.passages]
    names = [f"{t.id} {' '.join(t.forms)} {' '.join(t.see_also)}" for t in result.corpus.terms.values()]
    return [
        ("note", note.where.path, opening(note.note, passages), "Edited",
         f"sources/{note.source}/index.html"),
        ("cross-reference", xref.where.path, opening(xref.note, passages), "Edited",
         f"crossrefs/{xref.id}/index.html"),
        (f"term, {count(rare)} mentions", rare.where.path,
         opening(rare.summary, names), "Edited", f"glossary/{rare.id}/index.html"),
        (f"term, {count(term)} mentions", term.where.path,
         opening(term.summary, names), "Edited", f"glossary/{term.id}/index.html"),
        ("source text", source.path, word, word + "s", f"sources/{source.id}/index.html"),
        ("template (term.html)", "themes/default/templates/term.html", '<article class="term-entry"',
         '<article class="term-entry t"',
         f"glossary/{term.id}/index.html"),
    ]


def opening(text: str, kept: list[str]) -> str:
    """The shortest opening of an annotation's `text` that none of `kept` (the quotes and
    names its file also holds) contains: the edit replaces its first place in the file, so
    that it changes the text and leaves every quote and name as it is."""
    words = text.split()
    return next((" ".join(words[:n]) for n in range(1, len(words) + 1)
                 if not any(" ".join(words[:n]) in k for k in kept)), text)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    path.write_text(text.replace(old, new, 1), "utf-8")


def time_rebuilds(root: Path, runs: int):
    config = load_config(root)[0]
    with tempfile.TemporaryDirectory() as tmp:
        builder = Builder(config, Path(tmp) / "site", decorate=decorate, search_index=False)
        assert builder.build().ok
        figures = {}
        for name, rel, old, new, _ in edits(root):
            times = []
            for i in range(runs):
                a, b = (old, new) if i % 2 == 0 else (new, old)
                time.sleep(0.002)
                replace(root / rel, a, b)
                with collector_waits():  # as in the preview: its pass comes after the reload
                    started = time.perf_counter()
                    result = builder.build(changed={str(root / rel)})  # as the watcher tells
                    times.append(time.perf_counter() - started)
                gc.collect()
                assert result.ok, result.diagnostics[:3]
            if runs % 2:
                replace(root / rel, new, old)
                builder.build()
            figures[name] = statistics.median(times)
    return figures


def time_served(root: Path):
    """End to end against `sitegen serve`: write the file, wait for the page's bytes."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", str(port)],
                                   cwd=root, env={**os.environ, "TMPDIR": tmp},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            site = wait(lambda: next(Path(tmp).glob("sitegen-serve-*/site/index.html"), None), 600).parent
            wait(lambda: (site / "pagefind").is_dir(), 600)  # the first search index
            figures = {}
            for name, rel, old, new, page in edits(root):
                target = site / page
                before = target.read_bytes()
                index = (site / "pagefind").stat().st_ino
                started = time.perf_counter()
                replace(root / rel, old, new)
                wait(lambda: target.read_bytes() != before, 600, pause=0.001)
                figures[name] = time.perf_counter() - started
                index = settled(site, index)
                replace(root / rel, new, old)
                wait(lambda: target.read_bytes() == before, 600, pause=0.001)
                settled(site, index)
            return figures
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def settled(site: Path, index: int) -> int:
    """Wait for the preview to finish what follows an edit (the search index made again in
    the background), so that the next edit is timed alone; the new index's inode."""
    wait(lambda: (site / "pagefind").stat().st_ino != index, 600)
    time.sleep(0.5)
    return (site / "pagefind").stat().st_ino


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(predicate, timeout: float, pause: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(pause)
    raise TimeoutError


def full_build(root: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        assert build(load_config(root)[0], Path(tmp) / "site").ok
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        projects = [("bundled site (5 sources)", bundled(Path(tmp) / "bundled"))]
        if args.docs:
            projects.append((f"synthetic, {args.docs:,} sources",
                             synthetic(Path(tmp) / "synthetic", args.docs, args.bench)))
        for label, root in projects:
            full = full_build(root)
            rebuilt = time_rebuilds(root, args.runs)
            served = time_served(root)
            print(f"\n{label}: full build {full:.2f} s", flush=True)
            print("| edit | rebuild | saved → page on disk (serve) | share of full build |")
            print("| --- | ---: | ---: | ---: |")
            for name in rebuilt:
                print(f"| {name} | {rebuilt[name] * 1000:.0f} ms | {served[name] * 1000:.0f} ms "
                      f"| {served[name] / full:.1%} |", flush=True)


if __name__ == "__main__":
    main()
