#!/usr/bin/env python3
"""Search latency as a reader sees it: a synthetic corpus built once, its search index made
again in 1, 2, 4, 8 and 16 parts, and for each, searches for common words in headless
Chromium (Debian's) on the built site served from loopback, with and without a slower
link. Prints a table; the README keeps the latest one.

    python tests/benchmarks/search_latency.py [--docs 10000] [--runs 5] [--parts 1,2,4,8,16]
    python tests/benchmarks/search_latency.py --project /path/to/project   # built as it is
    python tests/benchmarks/search_latency.py --site /path/to/site --waits 300,150   # no build

Each figure is the median over --runs fresh browser contexts (an empty HTTP cache) of the
time from the last keystroke of a word, typed into the search box at a reader's pace after
a click in it, to the word's first result on the page, measured in the page (an input
listener and a mutation observer). `first` is the reader's first search on a new page (the
page loads Pagefind's script, its WebAssembly and every part's entry files as it opens,
while the box is clicked and the word typed); `next` is a second word typed over the first. The box waits `debounceTimeoutMs`
after the last keystroke before it searches (the theme's setting, or each of --waits, set
in the served script only), fetching the word's index meanwhile: the figures include that
wait, as a reader's do. `link` emulates a connection of 40 ms round trip and 20 Mbit/s
down, through the DevTools protocol; `loopback` has none.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from sitegen import build, load_config  # noqa: E402
from sitegen.output import search  # noqa: E402
from tests.benchmarks.corpora import generated  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WORDS = ("ceasefire", "sanctions", "Vairenko", "humanitarian")  # common in the corpus
KEYSTROKE = 120  # ms between keystrokes: a reader's pace
LINKS = {"loopback": None,
         "link": {"offline": False, "latency": 40, "downloadThroughput": 20e6 / 8,
                  "uploadThroughput": 5e6 / 8}}
WATCH = """([query, timeout]) => {  // the time from the query's last keystroke to its first result
  const box = document.querySelector("#search input");
  const results = document.querySelector("#search");
  const old = new Set(results.querySelectorAll(".pagefind-ui__result-link"));
  const shown = () => {  // the first result of this query, not of the one before
    const message = results.querySelector(".pagefind-ui__message");
    const link = results.querySelector(".pagefind-ui__result-link");
    return message && message.textContent.trim().endsWith(query) && link && !old.has(link)
      && link.textContent.trim() !== "";
  };
  window.searched = new Promise((resolve, reject) => {
    let typed = null;
    const typing = () => { if (box.value === query) typed = performance.now(); };
    box.addEventListener("input", typing, { capture: true });
    const seen = new MutationObserver(() => {
      if (typed !== null && shown()) {
        seen.disconnect(); box.removeEventListener("input", typing, { capture: true });
        resolve(performance.now() - typed);
      }
    });
    seen.observe(results, { childList: true, subtree: true, characterData: true });
    setTimeout(() => { seen.disconnect(); reject(new Error("no result for " + query)); }, timeout);
  });
}"""


def synthetic(folder: Path, docs: int, bench: Path) -> Path:
    return generated(folder.parent / "corpus", folder, docs, bench)


def built(project: Path, out: Path, count: int) -> float:
    """Build `project` into `out` with its search index in `count` parts (the cache makes
    every page again from the last build's); the seconds the build took."""
    chosen = search.part_count
    search.part_count = lambda pages: count
    try:
        started = time.perf_counter()
        result = build(load_config(project)[0], out)
        took = time.perf_counter() - started
    finally:
        search.part_count = chosen
    if not result.ok:
        sys.exit("\n".join(str(d) for d in result.diagnostics[:10]))
    return took


class _Served(http.server.SimpleHTTPRequestHandler):
    """The site's files, the theme's script with the search box's wait set to `wait` ms
    where it is not None (what --waits tries, the site left as built)."""

    wait: int | None = None

    def log_message(self, *args):
        pass

    def send_head(self):
        if self.wait is None or not self.path.split("?")[0].endswith("/static/reader.js"):
            return super().send_head()
        script = Path(self.translate_path(self.path.split("?")[0])).read_text("utf-8")
        data = re.sub(r"new PagefindUI\(\{", f"new PagefindUI({{ debounceTimeoutMs: {self.wait},",
                      script).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def served(folder: Path, wait: int | None = None):
    handler = type("Handler", (_Served,), {"wait": wait})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def searches(browser, url: str, link, runs: int, words: list[str]) -> dict[str, float]:
    """Median milliseconds to the first result: the first search on a fresh page, then the
    next word on the same page; each run a fresh context and its own pair of words."""
    first, after = [], []
    for run in range(runs):
        context = browser.new_context()
        try:
            page = context.new_page()
            if link:
                page.context.new_cdp_session(page).send("Network.emulateNetworkConditions", link)
            page.goto(url + "search/")
            page.wait_for_selector("#search input")
            page.click("#search input")  # a reader's click, as the index loads
            first.append(typed(page, words[run % len(words)]))
            page.keyboard.press("Control+A")
            after.append(typed(page, words[(run + 1) % len(words)]))
        finally:
            context.close()
    return {"first": statistics.median(first), "next": statistics.median(after)}


def typed(page, word: str) -> float:
    """Milliseconds from the last keystroke of `word`, typed into the focused search box at
    a reader's pace, to its first result on the page."""
    page.evaluate(WATCH, [word, 30000])
    page.keyboard.type(word, delay=KEYSTROKE)
    return page.evaluate("window.searched")


def debounce(site: Path) -> int:
    """How long the site's search box waits after a keystroke (ms), as its script sets it."""
    script = site / "static" / "reader.js"
    found = re.search(r"debounceTimeoutMs:\s*(\d+)", script.read_text("utf-8")) \
        if script.is_file() else None
    return int(found.group(1)) if found else 300  # Pagefind's default


def measured(browser, site: Path, waits: list[int | None], runs: int, words: list[str]) -> list:
    """A row per wait: (parts, wait, bytes of the index, {link: {first, next}})."""
    made = 1 + len(json.loads((site / search.BUNDLE / search.PARTS).read_text("utf-8")))
    size = sum(f.stat().st_size for f in (site / search.BUNDLE).rglob("*") if f.is_file())
    rows = []
    for wait in waits:
        server, url = served(site, wait)
        try:
            figures = {name: searches(browser, url, link, runs, words) for name, link in LINKS.items()}
        finally:
            server.shutdown()
        rows.append((made, debounce(site) if wait is None else wait, size, figures))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--project", type=Path, help="a sitegen project to use as it is")
    parser.add_argument("--site", type=Path, help="a built site to measure as it is")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parts", default="1,2,4,8,16")
    parser.add_argument("--waits", default="", help="the search box's waits (ms) to try, "
                        "comma-separated, instead of the theme's")
    parser.add_argument("--words", default=",".join(WORDS), help="the words searched")
    parser.add_argument("--bench", type=Path, default=REPO.parent / "shared" / "bench")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    waits = [int(w) for w in args.waits.split(",") if w] or [None]
    words = args.words.split(",")
    work = Path(tempfile.mkdtemp(prefix="search-latency-"))
    try:
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            if args.site:
                docs = "a built site's"
                rows += measured(browser, args.site, waits, args.runs, words)
            else:
                project = args.project or synthetic(work / "project", args.docs, args.bench)
                docs = sum(1 for _ in (project / "seeds").glob("*.md"))
                for count in (int(n) for n in args.parts.split(",")):
                    took = built(project, work / "site", count)
                    print(f"  {count} parts built in {took:.1f} s", file=sys.stderr)
                    rows += measured(browser, work / "site", waits, args.runs, words)
            browser.close()
        print(f"\nSearch latency, {docs} sources, {os.cpu_count()} cores, median of "
              f"{args.runs} ({time.strftime('%Y-%m-%d')}), keystrokes {KEYSTROKE} ms apart\n")
        print("| parts | box waits | index | loopback first | loopback next | link first | link next |")
        print("|---|---|---|---|---|---|---|")
        for made, wait, size, figures in rows:
            cells = [f"{figures[name][which]:.0f} ms" for name in LINKS for which in ("first", "next")]
            print(f"| {made} | {wait} ms | {size / 1e6:.1f} MB | " + " | ".join(cells) + " |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
