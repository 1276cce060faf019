#!/usr/bin/env python3
"""What a reader downloads at scale: builds a synthetic corpus and prints the size of the
largest pages of each kind (uncompressed HTML), how many pages are over the limit, and the
open data's files. The README keeps the latest figures.

    python tests/benchmarks/page_sizes.py --docs 10000 [--terms 400] [--limit-kb 500]

The corpus comes from ../shared/bench/make_corpus.py, laid out for sitegen with
to_sitegen.py (as build_speed.py does).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import prepare  # noqa: E402  (the same corpus, laid out the same way)


def kind_of(relative: str) -> str:
    """What kind of page a site-relative file is."""
    parts = relative.split("/")
    if relative == "index.html" or parts[0] == "page":
        return "home and its pages"
    if parts[0] == "glossary":
        return "glossary index" if len(parts) == 2 else "term pages and their pages"
    if parts[0] == "crossrefs":
        return "cross-reference index and its pages" if len(parts) == 2 or parts[1] == "page" \
            else "compare pages"
    return {"sources": "source pages", "timeline": "timeline"}.get(parts[0], "other pages")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--terms", type=int, default=400)
    parser.add_argument("--limit-kb", type=int, default=500)
    parser.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-sizes-") as tmp:
        folder = Path(tmp)
        prepare(folder, args.docs, args.terms, args.bench)
        out = folder / "site"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sitegen", "build", "--no-cache", "--out", str(out)],
                       cwd=folder / "project", check=True, capture_output=True)
        took = time.perf_counter() - started
        kinds: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for page in out.rglob("*.html"):
            relative = page.relative_to(out).as_posix()
            if not relative.startswith("pagefind/"):
                kinds[kind_of(relative)].append((page.stat().st_size, relative))
        data = sorted((p.stat().st_size, p.relative_to(out).as_posix()) for p in out.rglob("*.jsonld"))
        limit = args.limit_kb * 1000
        print(f"{args.docs:,} documents, {args.terms:,} terms (built in {took:.1f} s)\n")
        print("| pages | count | largest | the largest | over the limit |")
        print("| --- | ---: | ---: | --- | ---: |")
        for kind, found in sorted(kinds.items()):
            size, name = max(found)
            print(f"| {kind} | {len(found):,} | {size / 1000:,.0f} KB | {name} | "
                  f"{sum(s > limit for s, _ in found)} |")
        print(f"\nOpen data: {len(data):,} files, {sum(s for s, _ in data) / 1e6:,.1f} MB in all; "
              f"annotations.jsonld {dict((n, s) for s, n in data).get('annotations.jsonld', 0) / 1e6:.1f} MB; "
              f"the largest {data[-1][1]} {data[-1][0] / 1e6:.1f} MB")
        over = sum(s > limit for found in kinds.values() for s, _ in found)
        print(f"\nHTML pages over {args.limit_kb} KB: {over}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
