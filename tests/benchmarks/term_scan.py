#!/usr/bin/env python3
"""The cost of a larger glossary: the same 1,000 documents' terms found with a glossary of
400 terms and one of 4,000 (single-pass matching: one regular expression, a prefix tree of
every spelling, per case rule), on one core. Prints the occurrences found, the time of the
scan and of building the matcher, medians of --runs, and the ratio of the two glossaries.

    python tests/benchmarks/term_scan.py [--docs 1000] [--runs 5] [--bench ../shared/bench]

The texts are parsed once, before timing: what is timed is link.text_marks over every text.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from sitegen import check, load_config  # noqa: E402
from sitegen.stages.link import matcher, text_marks  # noqa: E402
from sitegen.stages.text import markdown, source_text  # noqa: E402
from sitegen.stages.validate import source_file  # noqa: E402
from tests.benchmarks.corpora import generated  # noqa: E402


def project(folder: Path, docs: int, terms: int, bench: Path) -> Path:
    return generated(folder / "corpus", folder / "project", docs, bench, terms)


def measure(root: Path, runs: int) -> dict:
    config = load_config(root)[0]
    corpus = check(config).corpus
    md = markdown()
    loaded = [source_file(config, config.root / s.path) for s in corpus.sources.values()]
    texts = [source_text(f.source, f.body, md) for f in loaded]
    built, scans, found = [], [], 0
    for _ in range(runs):
        started = time.perf_counter()
        match = matcher(corpus.terms)
        match.patterns  # compiled here, not in the first scan
        built.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = sum(sum(1 for m in text_marks(text, match)[0] if m.kind == "term") for text in texts)
        scans.append(time.perf_counter() - started)
    return {"terms": len(corpus.terms), "documents": len(texts), "found": found,
            "scan": statistics.median(scans), "matcher": statistics.median(built)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for terms in (400, 4000):
            rows.append(measure(project(Path(tmp) / str(terms), args.docs, terms, args.bench),
                                args.runs))
    small = rows[0]
    print("| glossary | documents | occurrences found | scan | per occurrence | matcher built "
          "| scan ÷ 400 terms |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['terms']:,} terms | {row['documents']:,} | {row['found']:,} | "
              f"{row['scan']:.2f} s | {row['scan'] / row['found'] * 1e6:.2f} µs | "
              f"{row['matcher']:.2f} s | {row['scan'] / small['scan']:.2f} |")


if __name__ == "__main__":
    main()
