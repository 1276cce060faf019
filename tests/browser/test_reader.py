"""The reader in real Chromium: previews on hover, focus and tap; margin notes beside their
passages on a wide screen and folded into the text on a phone; arrival highlighted with a
way back; search; screenshots for a person to look at."""
from __future__ import annotations

import re

import pytest

from sitegen import build, load_config

from ..conftest import REPO
from ..sitecheck import indexed_pages
from .conftest import ARTIFACTS, overlaps, serve_folder

pytestmark = pytest.mark.browser
TRANSCRIPT = "sources/kremlin-csc-session-transcript/"
SUMMIT = "sources/pashinyan-csto-summit/"


@pytest.fixture
def site(bundled_site):
    return bundled_site


@pytest.fixture
def page(open_page):
    return open_page()


def test_hovering_a_term_shows_its_summary_without_covering_it(page, site):
    url, result = site
    page.goto(url + SUMMIT)
    term = page.locator('a[data-term="csto"]').first
    term.hover()
    popover = page.locator("#sg-popover")
    popover.wait_for(state="visible")
    summary = result.corpus.terms["csto"].summary.split(":")[0].strip()
    assert summary.split("\n")[0][:40] in " ".join(popover.inner_text().split())
    assert popover.get_attribute("role") == "dialog"
    assert term.get_attribute("aria-describedby") == "sg-popover"
    assert not overlaps(popover.bounding_box(), term.bounding_box())
    page.mouse.move(5, 5)
    popover.wait_for(state="hidden")


def test_keyboard_focus_opens_the_preview_arrow_down_enters_it_and_escape_closes_it(page, site):
    url, _ = site
    page.goto(url + SUMMIT)
    term = page.locator('a[data-term="zas"]').first
    term.focus()
    popover = page.locator("#sg-popover")
    popover.wait_for(state="visible")
    assert popover.locator("a").first.get_attribute("href").endswith("glossary/zas/")
    page.keyboard.press("ArrowDown")  # the preview's links are reached on demand
    assert page.evaluate("document.activeElement.closest('#sg-popover') !== null")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Glossary entry and every mention"
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.dataset.term") == "zas"
    page.keyboard.press("Tab")  # on to the next stop of the page, not into the preview
    assert page.evaluate("document.activeElement.closest('#sg-popover') === null")


def test_crossref_preview_leads_to_the_other_passage_which_is_highlighted(page, site):
    url, _ = site
    page.goto(url + "sources/trend-analysts-illegal/")
    page.locator('mark[data-crossref="troop-figures"]').first.hover()
    popover = page.locator("#sg-popover")
    popover.wait_for(state="visible")
    text = popover.inner_text()
    assert "2,030 troops and 250 pieces of equipment" in text
    assert "contradicts" in text.lower()
    assert "Kassym-Jomart Tokayev" in text and "President of Russia" in text  # who said it
    popover.locator(f'a[href$="{TRANSCRIPT}#x-troop-figures"]').click()
    page.wait_for_url(re.compile(r".*/kremlin-csc-session-transcript/#x-troop-figures$"))
    target = page.locator("#x-troop-figures")
    assert target.evaluate("el => el.matches(':target')")
    assert target.is_visible()
    back = page.locator(".back-link")
    assert back.inner_text() == "↩ Back to Political analysts, experts consider sending CSTO " \
                                "forces to Kazakhstan illegal"
    back.click()
    page.wait_for_url(re.compile(r".*/sources/trend-analysts-illegal/$"))


def test_a_tap_opens_the_preview_on_a_touch_screen(browser, site):
    url, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    try:
        page.goto(url + SUMMIT)
        term = page.locator('a[data-term="zas"]').first
        term.scroll_into_view_if_needed()
        term.tap()
        page.locator("#sg-popover").wait_for(state="visible")
        assert page.url.endswith(SUMMIT)  # the first tap previews; it does not navigate
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 1024, 860, 800, 390])
def test_margin_notes_beside_their_passage_where_they_fit_else_folded_after_it(browser, site, width):
    """From 848 px (a 1024 px laptop included) a note is in the margin, level with its
    passage; below, it folds behind its number and kind and opens after its paragraph,
    leaving the paragraph (its sentence) whole."""
    url, _ = site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(url + SUMMIT)
        note = page.locator("#note-summit-the-pashinyan")
        mark = page.locator("#n-summit-the-pashinyan")
        paragraph = mark.locator("xpath=ancestor::p")
        p_box = paragraph.bounding_box()
        marker = page.locator('label.note-ref[for="nt-summit-the-pashinyan"]')
        if width >= 848:
            box = note.bounding_box()
            assert note.is_visible()
            assert box["x"] >= p_box["x"] + p_box["width"]  # in the margin
            assert box["x"] + box["width"] <= width  # and on the screen
            assert abs(box["y"] - mark.bounding_box()["y"]) < 60  # level with its passage
            assert marker.inner_text() == "1"
            assert "sic" in note.inner_text().lower()
        else:
            assert not note.is_visible()
            assert marker.inner_text() == "1 sic"  # folded, it shows its kind
            folded = page.locator("#nt-summit-the-pashinyan ~ .note-folded").first
            assert not folded.is_visible()
            marker.click()
            folded.wait_for(state="visible")
            box, after = folded.bounding_box(), paragraph.bounding_box()  # (the page may scroll)
            assert box["y"] >= after["y"] + after["height"]  # after the paragraph
            assert after["height"] == p_box["height"]  # which stays whole
            assert p_box["x"] - 1 <= box["x"] and box["x"] + box["width"] <= p_box["x"] + p_box["width"] + 1
            assert "stray article" in folded.inner_text()
    finally:
        context.close()


def test_the_mentions_switch_marks_every_mention(page, site):
    url, _ = site
    page.goto(url + SUMMIT)
    repeat = page.locator("a.term.repeat").first
    first = page.locator("a.term:not(.repeat)").first
    style = "el => getComputedStyle(el).textDecorationStyle + ' ' + getComputedStyle(el).textDecorationColor"
    assert repeat.evaluate(style) != first.evaluate(style)  # a repeat is marked more lightly
    page.locator("#all-mentions").check()
    assert repeat.evaluate(style) == first.evaluate(style)
    page.reload()
    assert page.locator("#all-mentions").is_checked()  # the choice is kept


def test_search_finds_the_source_that_mentions_zhanaozen(page, site):
    url, _ = site
    page.goto(url + "search/?q=Zhanaozen")
    # the results come one by one: wait for the one that must be there, not the first
    wanted = '.pagefind-ui__result-link[href*="/sources/eurasianet-armenians-dim-view/"]'
    page.locator(wanted).first.wait_for(timeout=10000)


def test_a_word_typed_at_a_readers_pace_finds_its_pages(page, site):
    """The reader's way: a click in the box (the index loads), a word typed key by key, the
    results of the whole word, not of a prefix."""
    url, _ = site
    page.goto(url + "search/")
    page.click("#search input")
    page.keyboard.type("Zhanaozen", delay=120)
    message = page.locator(".pagefind-ui__message")
    message.filter(has_text="Zhanaozen").wait_for(timeout=10000)
    wanted = '.pagefind-ui__result-link[href*="/sources/eurasianet-armenians-dim-view/"]'
    page.locator(wanted).first.wait_for(timeout=10000)
    assert page.locator("#search input").input_value() == "Zhanaozen"


def test_search_finds_a_cross_reference_where_its_passage_is(page, site):
    """A cross-reference's note is indexed with each of its sources: its result leads to
    the passage, where the compare view is one link away."""
    url, _ = site
    page.goto(url + "search/?q=voice")
    wanted = '.pagefind-ui__result-link[href*="/sources/trend-analysts-illegal/?"][href$="#x-legality"]'
    page.locator(wanted).first.wait_for(timeout=10000)


def test_screenshots_of_a_source_page(browser, site):
    url, _ = site
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            page.goto(url + SUMMIT)
            path = ARTIFACTS / f"source-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
        finally:
            context.close()


@pytest.mark.parametrize("width", [360, 1280, 1440])
def test_a_readable_measure_and_no_sideways_scrolling(browser, site, width):
    url, _ = site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(url + TRANSCRIPT)
        chars, lines, scroll = page.evaluate("""() => {
            const p = [...document.querySelectorAll('.body p')].find(p => p.textContent.length > 600);
            const range = document.createRange(); range.selectNodeContents(p);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return [p.textContent.length, lines.size, document.documentElement.scrollWidth]; }""")
        assert scroll <= width
        if width >= 1280:
            assert 60 <= chars / lines <= 75
    finally:
        context.close()


def test_printed_notes_become_footnotes(page, site):
    url, _ = site
    page.goto(url + SUMMIT)
    page.emulate_media(media="print")
    assert page.locator(".print-notes").is_visible()
    assert not page.locator("#note-summit-the-pashinyan").is_visible()
    assert "stray article" in page.locator(".print-notes li").first.inner_text()
    page.emulate_media(media="screen")
    assert not page.locator(".print-notes").is_visible()


def test_dark_scheme_follows_the_system(browser, site):
    url, _ = site
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(url + SUMMIT)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]


def test_arrival_does_not_shift_the_text(page, site):
    """The 'back to' link floats over the page: the arrived-at paragraph keeps its layout."""
    url, _ = site
    page.goto(url + "glossary/zas/")
    page.locator('a[href*="sources/pashinyan-csto-summit/#t-zas-"]').first.click()
    page.locator(".back-link").wait_for()
    box = page.evaluate("""() => { const t = document.querySelector(':target');
        const p = t.closest('p'); const before = p.getBoundingClientRect().height;
        document.querySelector('.back-link').remove();
        return [before, p.getBoundingClientRect().height]; }""")
    assert box[0] == box[1]


def test_the_theme_stays_small():
    static = REPO / "themes" / "default" / "static"
    size = sum(p.stat().st_size for p in static.iterdir() if p.suffix in (".css", ".js"))
    assert size < 40_000


def _search_results(page, url: str, query: str) -> set[str]:
    """Every page the search lists for `query`, once all are shown and loaded: as many as its
    message ("21 results for CSTO") counts, each with its title's link (a result's link
    appears only when its data has come)."""
    page.goto(url + f"search/?q={query}")
    message = page.locator(".pagefind-ui__message")
    message.wait_for(timeout=10000)
    page.wait_for_function("() => /^\\d+ result/.test(document.querySelector('.pagefind-ui__message').textContent)")
    total = int(message.text_content().split()[0])
    more = page.locator(".pagefind-ui__button")
    while more.count() and more.first.is_visible():
        more.first.click()
    title = ".pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link"
    titles = page.locator(title)
    page.wait_for_function(f"() => document.querySelectorAll('{title}').length === {total}")
    return {titles.nth(i).get_attribute("href").split("?")[0] for i in range(total)}


@pytest.fixture(scope="module")
def parted(tmp_path_factory):
    """The bundled project built with tiny search parts (4 pages each) and served: (its URL,
    the parts: bundle → its pages' files)."""
    from sitegen.output import search
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_PAGES", 4)
        out = tmp_path_factory.mktemp("parted") / "site"
        assert build(load_config(REPO)[0], out).ok
        groups = search.parts(indexed_pages(out))
    assert len(groups) > 2 and (out / "pagefind" / "parts.json").is_file()
    server, url = serve_folder(out)
    yield url, groups
    server.shutdown()


def test_search_over_an_index_in_parts_finds_what_one_index_finds(page, site, parted):
    """A large site's index comes in parts; the search page merges them. Built here with tiny
    parts, the search finds the same pages as over the index in one piece, from several
    parts."""
    url, _ = site
    parted_url, groups = parted
    whole = _search_results(page, url, "CSTO")
    merged = _search_results(page, parted_url, "CSTO")
    assert len(whole) > 5 and merged == whole
    part_of = {f"/{file[:-len('index.html')]}": bundle for bundle, files in groups.items()
               for file in files}
    assert len({part_of[href.split("#")[0]] for href in merged}) > 1  # found in several parts


def test_the_search_page_loads_every_part_at_once_before_the_box_is_used(page, parted):
    """The parts' entry files are all asked for as the search page loads, none waiting for
    another (each is held until every one has been asked for: loaded one after another, the
    second would never be asked), and the search runs on the page's thread, with no worker."""
    from sitegen.output import search
    url, groups = parted
    held, asked = [], []
    parts = sum(1 for bundle in groups if bundle != search.BUNDLE)

    def hold(route):
        held.append(route)
        if len(held) == parts:
            for each in held:
                each.continue_()

    page.route(re.compile(r".*/pagefind/part-\d+/pagefind-entry\.json.*"), hold)
    page.on("request", lambda request: asked.append(request.url))
    page.goto(url + "search/")
    page.wait_for_function(f"() => performance.getEntriesByType('resource').filter("
                           f"e => /part-\\d+\\/pagefind\\..*pf_meta$/.test(e.name)).length === {parts}",
                           timeout=10000)
    assert len(held) == parts
    page.click("#search input")
    page.keyboard.type("CSTO")
    page.wait_for_function("() => /^\\d+ result/.test(document.querySelector('.pagefind-ui__message')?.textContent)")
    assert not [a for a in asked if "pagefind-worker" in a]
