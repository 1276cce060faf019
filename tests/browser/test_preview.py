"""The preview in real Chromium: an open page reloads by itself after an edit and keeps its
scroll position, a stylesheet is swapped without a reload, and a broken file shows a banner."""
from __future__ import annotations

import pytest

from ..conftest import edit
from ..conftest import served, status, wait_for  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
TRANSCRIPT = "sources/kremlin-csc-session-transcript/"


def test_reload_keeps_the_scroll_and_css_swaps_in_place(browser, served):  # noqa: F811
    root, url, _, _ = served
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(url + TRANSCRIPT)
        page.wait_for_function("window.LiveReload !== undefined")
        page.mouse.wheel(0, 3000)
        page.wait_for_function("scrollY > 2500")
        before = page.evaluate("scrollY")
        page.evaluate("window.sitegenMarker = 1")

        edit(root / "annotations/notes/kremlin-csc-session-transcript.yaml",
             "The same transcript spells", "This transcript spells")
        page.wait_for_function("document.body.textContent.includes('This transcript spells')",
                               timeout=10000)
        assert page.evaluate("window.sitegenMarker") is None  # it did reload
        page.wait_for_function(f"Math.abs(scrollY - {before}) < 5", timeout=5000)

        page.evaluate("window.sitegenMarker = 2")
        colour = "getComputedStyle(document.body).backgroundColor"
        old = page.evaluate(colour)
        edit(root / "themes/default/static/style.css", "--bg: #fdfcf9;", "--bg: #fdfcf0;")
        page.wait_for_function(f"{colour} !== {old!r}", timeout=10000)
        assert page.evaluate("window.sitegenMarker") == 2  # swapped in place, no reload

        (root / "annotations/glossary/broken.yaml").write_text("term: [Broken\n", "utf-8")
        banner = page.locator("#sitegen-errors")
        banner.wait_for(timeout=10000)
        assert "annotations/glossary/broken.yaml:2:1: error: YAML syntax error" in banner.inner_text()
        (root / "annotations/glossary/broken.yaml").unlink()
        banner.wait_for(state="detached", timeout=10000)
    finally:
        page.close()
