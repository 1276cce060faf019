"""Every route lands where it says, in real Chromium: a search hit at its paragraph with its
words highlighted, a note's control at the note, an arrival at its passage with the way
back and the speaker, and a preview wherever a term is linked."""
from __future__ import annotations

import re

import pytest

from .conftest import overlaps, phone

pytestmark = pytest.mark.browser
TRANSCRIPT = "sources/kremlin-csc-session-transcript/"
SUMMIT = "sources/pashinyan-csto-summit/"


def _first_result(page, url: str, query: str, href: str):
    """The first search result link whose href matches the regular expression `href`."""
    page.goto(url + f"search/?q={query}")
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=10000)
    page.wait_for_function("""(pattern) => [...document.querySelectorAll('.pagefind-ui__result-link')]
        .some(a => new RegExp(pattern).test(a.getAttribute('href')))""", arg=href, timeout=10000)
    for i in range(links.count()):
        if re.search(href, links.nth(i).get_attribute("href")):
            return links.nth(i)
    raise AssertionError(f"no result link matches {href}")


def test_a_search_hit_in_a_text_opens_at_its_paragraph_with_the_words_highlighted(open_page, bundled_site):
    url, _ = bundled_site
    page = open_page(1440, 900)
    hit = _first_result(page, url, "avalanche", rf"{TRANSCRIPT}\?highlight=avalanche#p-\d+$")
    hit.click()
    page.wait_for_url(re.compile(r".*#p-\d+$"))
    paragraph = page.locator(":target")
    assert "avalanche" in paragraph.inner_text()
    assert paragraph.evaluate("el => el.getBoundingClientRect().top >= 0 && "
                              "el.getBoundingClientRect().top < innerHeight")
    word = paragraph.locator("mark.search-hit")
    word.first.wait_for()
    assert word.first.inner_text().lower() == "avalanche"
    background = word.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # the site's mark reset spares it


def test_a_note_found_by_search_opens_on_a_phone_where_notes_are_folded(open_page, bundled_site):
    url, _ = bundled_site
    page = phone(open_page)
    hit = _first_result(page, url, "stray%20article", rf"{SUMMIT}\?highlight=.*#note-summit-the-pashinyan$")
    hit.click()
    page.wait_for_url(re.compile(r".*#note-summit-the-pashinyan$"))
    folded = page.locator("#nt-summit-the-pashinyan ~ .note-folded").first
    folded.wait_for(state="visible")
    assert "stray article" in folded.inner_text()
    assert folded.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")


def test_every_note_opens_by_its_own_control_at_the_first_tap(open_page, bundled_site):
    """Notes inside cross-referenced passages too: the tap on the note's number opens the
    note, never the passage's preview."""
    url, result = bundled_site
    page = phone(open_page)
    inside, opened = 0, 0
    for source in result.corpus.sources:
        page.goto(url + f"sources/{source}/")
        for note_id in page.eval_on_selector_all("label.note-ref", "els => els.map(e => e.htmlFor.slice(3))"):
            marker = page.locator(f'label.note-ref[for="nt-{note_id}"]')
            inside += marker.evaluate("el => el.closest('mark[data-crossref]') !== null")
            marker.tap()
            folded = page.locator(f"#nt-{note_id} ~ .note-folded").first
            folded.wait_for(state="visible")
            assert page.locator("#sg-popover").count() == 0, note_id
            assert page.url.endswith(f"sources/{source}/")
            marker.tap()  # and the second closes it
            folded.wait_for(state="hidden")
            opened += 1
    assert opened == len(result.corpus.notes) and inside >= 8


def test_pointing_at_a_margin_note_in_a_cross_referenced_passage_opens_no_preview(open_page, bundled_site):
    url, _ = bundled_site
    page = open_page(1440, 900)
    page.goto(url + SUMMIT)
    notes = page.locator("mark[data-crossref] .note-margin")
    assert notes.count() >= 1
    for i in range(notes.count()):
        notes.nth(i).hover()
        page.wait_for_timeout(400)
        assert page.locator("#sg-popover").count() == 0, i
    page.locator("mark[data-crossref]").first.hover()  # the passage itself does
    page.locator("#sg-popover").wait_for(state="visible")


def _text_lines(page, selector: str) -> list[dict]:
    """The client rects of every line of text inside `selector` but the arrival box."""
    return page.evaluate("""(selector) => {
        const out = [];
        const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!node.textContent.trim() || node.parentElement.closest('.arrival')) continue;
            const range = document.createRange(); range.selectNodeContents(node);
            for (const r of range.getClientRects()) {
                if (r.bottom > 0 && r.top < innerHeight) out.push({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
            }
        }
        return out; }""", selector)


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
def test_arriving_from_a_comparison_shows_the_way_back_and_the_speaker_covering_nothing(
        open_page, bundled_site, width, height):
    url, _ = bundled_site
    page = open_page(width, height)
    page.goto(url + "crossrefs/troop-figures/")
    page.locator(f'figcaption a[href$="{TRANSCRIPT}#x-troop-figures"]').click()
    page.wait_for_url(re.compile(r".*#x-troop-figures$"))
    box = page.locator(".arrival")
    box.wait_for()
    assert page.locator(".arrival-speaker").inner_text() == "Speaking: Kassym-Jomart Tokayev"
    assert page.locator(".back-link").inner_text() == "↩ Back to the comparison"
    edges = box.evaluate("el => { const r = el.getBoundingClientRect(); "
                         "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }")
    covered = [r for r in _text_lines(page, ".body") if overlaps(edges, r)]
    assert covered == []
    for link in page.locator(".xref-link").all():
        assert not overlaps(box.bounding_box(), link.bounding_box() or {"x": -9, "y": -9, "width": 0, "height": 0})
    target = page.locator("#x-troop-figures")
    assert target.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    page.locator(".back-link").click()
    page.wait_for_url(re.compile(r".*/crossrefs/troop-figures/$"))


def test_jumping_within_a_transcript_names_who_is_speaking(open_page, bundled_site):
    url, result = bundled_site
    page = open_page(1280, 900)
    page.goto(url + TRANSCRIPT)
    page.locator(".contents summary").click()
    page.locator('.contents a[href="#p-18"]').click()  # Tokayev's turn opens here: no need
    assert page.locator(".arrival").count() == 0
    page.goto(url + TRANSCRIPT + "#p-40")  # inside the turn, far from its label
    assert page.locator(".arrival-speaker").inner_text() == "Speaking: Kassym-Jomart Tokayev"


def _preview_of(page, link) -> str:
    link.scroll_into_view_if_needed()
    link.hover()
    popover = page.locator("#sg-popover")
    popover.wait_for(state="visible")
    text = popover.inner_text()
    page.mouse.move(1, 1)
    popover.wait_for(state="hidden")
    return text


@pytest.mark.parametrize("path,term", [
    ("", "csto"),  # the home page's introduction
    ("glossary/csto/", "collective-security-treaty"),  # a term's text
    ("glossary/akylbek-japarov/", "sadyr-japarov"),  # see also
    ("crossrefs/article-4/", "article-4"),  # a comparison's note
    ("timeline/", "csto"),  # a passage on the timeline
    ("sources/trend-analysts-illegal/", "csto-charter"),  # a link inside a note
])
def test_a_preview_wherever_a_term_is_linked(open_page, bundled_site, path, term):
    url, result = bundled_site
    page = open_page(1440, 900)
    page.goto(url + path)
    links = page.locator(f'main a[href$="glossary/{term}/"]:not([data-term])')
    assert links.count() >= 1
    link = next(links.nth(i) for i in range(links.count()) if links.nth(i).is_visible())
    summary = " ".join(result.corpus.terms[term].summary.split())[:30]
    assert summary.split("[")[0][:20] in " ".join(_preview_of(page, link).split())


def test_escape_closes_a_preview_that_opens_again_on_the_next_focus(open_page, bundled_site):
    url, _ = bundled_site
    page = open_page(1280, 900)
    page.goto(url + SUMMIT)
    term = page.locator('a[data-term="zas"]').first
    popover = page.locator("#sg-popover")
    for _ in range(2):
        term.focus()
        popover.wait_for(state="visible")
        page.keyboard.press("Escape")
        popover.wait_for(state="hidden")
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")  # back on the term: it opens again
        popover.wait_for(state="visible")
        page.keyboard.press("Tab")
        page.locator("body").click(position={"x": 1, "y": 1})


def test_a_dated_passage_leads_to_its_timeline_entry(open_page, bundled_site):
    url, result = bundled_site
    page = open_page(1280, 900)
    checked = 0
    for event in result.corpus.events.values():
        source = event.passages[0].source
        page.goto(url + f"sources/{source}/")
        link = page.locator(f'a.event-link[href$="timeline/#{event.id}"]').first
        assert link.get_attribute("aria-label") == f"On the timeline: {event.date}, {event.title}"
        checked += 1
        if checked == 1:
            link.click()
            page.wait_for_url(re.compile(rf".*/timeline/#{event.id}$"))
            assert page.locator(":target").locator("h2").inner_text().endswith(event.title)
    assert checked == len(result.corpus.events)


def test_a_cross_reference_found_by_search_is_named_by_its_title(open_page, bundled_site):
    url, result = bundled_site
    page = open_page(1280, 900)
    hit = _first_result(page, url, "voice", r"trend-analysts-illegal/\?highlight=voice#x-legality$")
    assert result.corpus.crossrefs["legality"].title in hit.inner_text()
