"""Real headless Chromium (Debian's), driven by Playwright, against a built site served on
loopback by a static file server, as a reader's browser would see it."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session; Playwright gives each launch a fresh, empty profile
    (its own --user-data-dir), and each test opens its own context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def serve_folder(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory):
    """The bundled project built once and served: (its URL, the build)."""
    from sitegen import build, load_config

    from ..conftest import REPO

    out = tmp_path_factory.mktemp("bundled") / "site"
    result = build(load_config(REPO)[0], out)
    assert result.ok, [str(d) for d in result.diagnostics]
    server, url = serve_folder(out)
    yield url, result
    server.shutdown()


@pytest.fixture
def open_page(browser):
    """A page in a fresh context of the given size (and options); any script error or
    console error the pages report fails the test."""
    contexts, errors = [], []

    def make(width=1280, height=900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == []


def phone(open_page):
    """A phone: 390 × 844, touch."""
    return open_page(390, 844, has_touch=True, is_mobile=True)


def overlaps(a, b) -> bool:
    """Whether two boxes ({x, y, width, height}, or DOMRect-like {left, top, right, bottom}) meet."""
    a, b = _edges(a), _edges(b)
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _edges(box) -> tuple[float, float, float, float]:
    if "left" in box:
        return box["left"], box["top"], box["right"], box["bottom"]
    return box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]


AXE = "axe-core@4.14.1"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, from $AXE_CORE, or installed with npm into the user's cache
    folder on first use."""
    import subprocess

    given = os.environ.get("AXE_CORE")
    path = Path(given) if given else Path.home() / ".cache" / "sitegen-tests" / AXE / \
        "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        prefix = path.parents[2]
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        str(prefix), AXE], check=True, capture_output=True, timeout=300)
    return path.read_text("utf-8")


def axe_violations(page, source: str) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page as it is now: 'rule: target' each."""
    page.add_script_tag(content=source)
    found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations""")
    return [f"{v['id']}: {node['target']}" for v in found for node in v["nodes"]]
