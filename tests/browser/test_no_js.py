"""With JavaScript off, a reader still follows every term and cross-reference as a link,
and reads every note."""
from __future__ import annotations

import pytest

from sitegen import build, load_config

from ..conftest import REPO
from .conftest import serve_folder

pytestmark = pytest.mark.browser


@pytest.fixture
def site(project, tmp_path):
    out = tmp_path / "site"
    assert build(load_config(project())[0], out).ok
    server, url = serve_folder(out)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("nojs") / "site"
    result = build(load_config(REPO)[0], out)
    assert result.ok
    server, url = serve_folder(out)
    yield url, result
    server.shutdown()


def test_terms_and_crossrefs_are_links_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + "sources/alpha/")
        page.locator('a[data-term="csto"]').first.click()
        page.wait_for_url("**/glossary/csto/")
        assert page.locator("h1").inner_text() == "CSTO"
        page.locator('a[href*="#t-csto-2"]').click()
        page.wait_for_url("**/sources/alpha/#t-csto-2")
        assert page.locator("#t-csto-2").evaluate("el => el.matches(':target')")
        page.locator("a.xref-link").first.click()
        page.wait_for_url("**/crossrefs/concern/")
        assert page.locator("figure.passage").count() == 2
    finally:
        context.close()


def test_every_marker_of_the_bundled_site_works_without_javascript(browser, bundled):
    """Each term occurrence is a link to its term's page, each cross-referenced passage is
    followed by a link to its comparison, and each note is readable (at 1280 px) — all
    with scripts off; every one of those pages opens."""
    url, result = bundled
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        targets = set()
        for source in result.corpus.sources:
            page.goto(url + f"sources/{source}/")
            terms = page.eval_on_selector_all(
                "[data-term]", "els => els.map(e => [e.tagName, e.dataset.term, e.href])")
            assert terms, source
            for tag, term, href in terms:
                assert tag == "A" and href.endswith(f"/glossary/{term}/"), (source, term)
                targets.add(href)
            xrefs = page.eval_on_selector_all(
                "mark[data-crossref]", "els => els.map(e => e.dataset.crossref)")
            links = page.eval_on_selector_all(
                "a.xref-link", "els => els.map(e => [e.dataset.xref, e.href])")
            assert set(xrefs) == {x for x, _ in links}, source
            targets.update(href for _, href in links)
            notes = page.locator(".note")
            for i in range(notes.count()):
                assert notes.nth(i).is_visible(), (source, i)
        for href in sorted(targets):
            response = page.goto(href)
            assert response.status == 200, href
    finally:
        context.close()
