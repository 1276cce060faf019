"""Reading, in real Chromium: one Tab stop per control, previews that never cover what they
explain, calm marks a reader may change, the home page's sources above the fold, search
readable in the dark, and print that keeps the cross-references."""
from __future__ import annotations

import pytest

from .conftest import axe_violations, overlaps

pytestmark = pytest.mark.browser
TRANSCRIPT = "sources/kremlin-csc-session-transcript/"
SUMMIT = "sources/pashinyan-csto-summit/"

TABBABLE = """() => [...document.querySelectorAll('a[href], input, summary, button, [tabindex]')]
    .filter(el => el.tabIndex >= 0 && el.getClientRects().length && !el.closest('details:not([open]) > :not(summary)')
        && getComputedStyle(el).visibility !== 'hidden'
        && !(el.type === 'radio' && !el.checked))"""


def test_crossing_a_page_with_the_keyboard_takes_one_tab_per_control(open_page, bundled_site):
    """A preview opens on each term and ⇄ the focus passes, but its links are not in the
    Tab order: the Pashinyan report is crossed in as many presses as it has controls."""
    url, _ = bundled_site
    page = open_page(1280, 900)
    page.goto(url + SUMMIT)
    stops = page.evaluate(f"({TABBABLE})().length")
    assert stops > 100
    opened, presses = 0, 0
    while presses < 3 * stops:
        page.keyboard.press("Tab")
        presses += 1
        where = page.evaluate("""() => { const el = document.activeElement;
            return [el.closest('#sg-popover') !== null, el.tagName, el.textContent,
                    document.getElementById('sg-popover') !== null]; }""")
        assert not where[0], presses
        opened += where[3]
        if where[1] == "A" and where[2] == "The annotations as data":  # the footer's last link
            break
    assert presses == stops
    assert opened > 50  # the previews did open on the way


def _within(box: dict, width: int, height: int) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 0.5 \
        and box["y"] + box["height"] <= height + 0.5


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
def test_cross_reference_previews_stay_in_the_viewport_and_off_their_passage(
        open_page, bundled_site, width, height):
    url, result = bundled_site
    page = open_page(width, height, has_touch=width < 500)
    measured = 0
    for source in result.corpus.sources:
        page.goto(url + f"sources/{source}/")
        links = page.locator("a.xref-link")
        for i in range(links.count()):
            link = links.nth(i)
            xref = link.get_attribute("data-xref")
            link.focus()
            popover = page.locator("#sg-popover")
            popover.wait_for(state="visible")
            box = popover.bounding_box()
            assert _within(box, width, height), (source, xref, box)
            passage = page.evaluate("""(id) => [...document.getElementById('x-' + id).getClientRects(),
                ...document.querySelector('a.xref-link[data-xref="' + id + '"]').getClientRects()]
                .map(r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom}))""", xref)
            assert not any(overlaps(box, r) for r in passage), (source, xref)
            page.keyboard.press("Escape")
            popover.wait_for(state="hidden")
            measured += 1
    assert measured == sum(len(x.passages) for x in result.corpus.crossrefs.values())


def test_term_previews_stay_in_the_viewport_on_a_phone(open_page, bundled_site):
    url, _ = bundled_site
    page = open_page(390, 844, has_touch=True)
    page.goto(url + TRANSCRIPT)
    terms = page.locator("a.term[data-term]")
    for i in range(0, terms.count(), 7):
        terms.nth(i).focus()
        popover = page.locator("#sg-popover")
        popover.wait_for(state="visible")
        assert _within(popover.bounding_box(), 390, 844), i
        assert not overlaps(popover.bounding_box(), terms.nth(i).bounding_box())
        page.keyboard.press("Escape")


def test_annotation_marks_are_quiet_by_default_and_the_choice_is_kept(open_page, bundled_site):
    url, _ = bundled_site
    page = open_page(1280, 900)
    page.goto(url + SUMMIT)
    xref = page.locator("mark.xref").first
    style = "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).boxShadow]"
    background, line = xref.evaluate(style)
    assert background == "rgba(0, 0, 0, 0)" and line != "none"  # quiet: a line under it
    page.locator('label[for="marks-strong"]').click()
    assert xref.evaluate(style)[0] != "rgba(0, 0, 0, 0)"
    page.reload()
    assert page.locator("#marks-strong").is_checked()  # remembered
    assert xref.evaluate(style)[0] != "rgba(0, 0, 0, 0)"
    page.locator('label[for="marks-hidden"]').click()
    assert xref.evaluate(style) == ["rgba(0, 0, 0, 0)", "none"]
    share = page.evaluate("""() => { const all = document.querySelector('.body').textContent.length;
        const marked = [...document.querySelectorAll('.body mark.xref, .body mark.noted')]
            .reduce((n, m) => n + m.textContent.length, 0); return marked / all; }""")
    assert share > 0.2  # a third of the report is annotated: hence the choice


@pytest.mark.parametrize("width,height", [(1440, 900), (1280, 800)])
def test_the_home_page_shows_its_sources_above_the_fold(open_page, bundled_site, width, height):
    url, result = bundled_site
    page = open_page(width, height)
    page.goto(url)
    items = page.locator("ol.sources > li")
    assert items.count() == len(result.corpus.sources)
    assert items.first.bounding_box()["y"] + items.first.bounding_box()["height"] < height


def _contrast(page, selector: str) -> float:
    """The contrast ratio of an element's text colour on the background it is drawn on."""
    return page.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        let node = el, bg = 'rgba(0, 0, 0, 0)';
        while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
        const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(bg))];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }""", selector)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_is_readable_labelled_and_has_no_empty_thumbnails(open_page, bundled_site, axe_source, scheme):
    url, _ = bundled_site
    page = open_page(390, 844, color_scheme=scheme)
    page.goto(url + "search/?q=Zhanaozen")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10000)
    box = page.get_by_role("textbox", name="Search the texts, their notes and cross-references, and the glossary")
    assert box.input_value() == "Zhanaozen"
    assert _contrast(page, ".pagefind-ui__search-input") >= 4.5  # the typed query
    assert _contrast(page, ".pagefind-ui__result-link") >= 4.5
    assert page.locator(".pagefind-ui__result-thumb").count() == 0
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize("path", [SUMMIT, TRANSCRIPT, "crossrefs/zas-family/", "glossary/csto/"])
def test_pages_pass_axe_in_the_dark_scheme(open_page, bundled_site, axe_source, path):
    url, _ = bundled_site
    page = open_page(1280, 900, color_scheme="dark")
    page.goto(url + path)
    assert axe_violations(page, axe_source) == []
    page.goto(url + path + "?highlight=CSTO")  # a search hit's highlight too
    page.locator("mark.search-hit").first.wait_for(state="attached") if "sources/" in path else None
    assert axe_violations(page, axe_source) == []


def test_print_keeps_the_cross_references_and_the_addresses(open_page, bundled_site):
    url, _ = bundled_site
    page = open_page(1280, 900)
    page.goto(url + "sources/trend-analysts-illegal/")
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    link = page.locator("a.xref-link").first
    assert link.is_visible()
    printed = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert "/crossrefs/" in printed and printed.strip('"( )').startswith("http")
    assert page.locator("mark.xref").first.evaluate(
        "el => getComputedStyle(el).textDecorationLine") == "underline"
    here = page.locator("span[data-here]")
    assert here.is_visible() and here.inner_text().startswith(url)
    assert page.locator("a.original").is_visible()
    page.emulate_media(media="screen")
    assert not here.is_visible()
