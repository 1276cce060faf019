"""With JavaScript off, a reader still follows every term and cross-reference as a link."""
from __future__ import annotations

import pytest

from sitegen import build, load_config

from .conftest import serve_folder

pytestmark = pytest.mark.browser


@pytest.fixture
def site(project, tmp_path):
    out = tmp_path / "site"
    assert build(load_config(project())[0], out).ok
    server, url = serve_folder(out)
    yield url
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
        assert page.evaluate("location.hash") == "#t-csto-2"
        page.locator("a.xref-link").first.click()
        page.wait_for_url("**/crossrefs/concern/")
        assert page.locator("figure.passage").count() == 2
    finally:
        context.close()
