"""The synthetic corpora the benchmarks build: ../shared/bench's generator (make_corpus.py),
its output laid out as a sitegen project (to_sitegen.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def generated(corpus: Path, project: Path, docs: int, bench: Path, terms: int = 400) -> Path:
    """A corpus of `docs` documents and `terms` terms (seed 1) generated into `corpus`, and
    laid out as a sitegen project in `project`: the project."""
    subprocess.run([sys.executable, str(bench / "make_corpus.py"), "--docs", str(docs),
                    "--terms", str(terms), "--seed", "1", "--out", str(corpus)], check=True,
                   capture_output=True)
    subprocess.run([sys.executable, str(bench / "to_sitegen.py"), str(corpus), str(project)],
                   check=True, capture_output=True)
    return project
