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
            notes = page.locator(".note-margin")
            for i in range(notes.count()):
                assert notes.nth(i).is_visible(), (source, i)
        for href in sorted(targets):
            response = page.goto(href)
            assert response.status == 200, href
    finally:
        context.close()


def test_on_a_phone_every_note_opens_its_contents_list_and_switches_work_without_javascript(browser, bundled):
    """At 390 px with scripts off: each folded note opens from its number in the text; a
    transcript's contents list opens and leads to each speaker's turn; the marks switch and
    the header's search (a link to the search page, which says why it needs JavaScript)."""
    url, result = bundled
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        opened = 0
        for source in result.corpus.sources:
            page.goto(url + f"sources/{source}/")
            for note_id in page.eval_on_selector_all(".note-margin", "els => els.map(e => e.id.slice(5))"):
                folded = page.locator(f"#nt-{note_id} ~ .note-folded").first
                assert not folded.is_visible()
                page.locator(f'label.note-ref[for="nt-{note_id}"]').click()
                assert folded.is_visible(), note_id
                opened += 1
        assert opened == len(result.corpus.notes)
        page.goto(url + "sources/kremlin-csc-session-transcript/")
        page.locator(".contents summary").click()
        turns = page.locator(".contents li a")
        assert turns.count() == 15
        turns.nth(3).click()
        assert page.locator(":target").get_attribute("data-speaker") == "Stanislav Zas"
        xref = page.locator("mark.xref").first
        quiet = xref.evaluate("el => getComputedStyle(el).backgroundColor")
        page.locator('label[for="marks-strong"]').click()
        assert xref.evaluate("el => getComputedStyle(el).backgroundColor") != quiet
        assert not page.locator(".search-form").is_visible()
        page.locator(".search-link").click()
        page.wait_for_url("**/search/")
        assert "Search needs JavaScript" in page.locator("main").inner_text()
    finally:
        context.close()
