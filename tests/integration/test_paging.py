"""Long lists in pages: with small pages set for the test, every source, cross-reference
and mention is reached by following the links of a list's pages from its first, which is
the URL it always had; and no page of a list holds more than its share."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen import build, load_config


from sitegen.stages.pages import paging
from ..conftest import make_project, paged_corpus

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SOURCES", 5)
        patch.setattr(paging, "CROSSREFS", 4)
        patch.setattr(paging, "MENTION_GROUPS", 3)
        patch.setattr(paging, "MENTION_WEIGHT", paging.mention_weight(30))
        folder = tmp_path_factory.mktemp("paging")
        root = make_project(folder / "project", paged_corpus())
        out = folder / "site"
        result = build(load_config(root)[0], out)
        assert result.ok, [str(d) for d in result.diagnostics if d.severity == "error"]
        yield out, result


def _links(out: Path, url: str) -> list[str]:
    """The site URLs (with their #fragment) that the page at `url` links to."""
    html = (out / url / "index.html").read_text("utf-8")
    base = f"http://site/{url}"
    return [urljoin(base, href)[len("http://site/"):] for href in re.findall(r'href="([^"#:][^"]*|#[^"]*)"', html)
            if not href.startswith(("http", "mailto"))]


def _pages_of(out: Path, first: str) -> list[str]:
    """A list's pages, found by following each page's "Next" link from the first."""
    pages, url = [], first
    while url is not None:
        pages.append(url)
        html = (out / url / "index.html").read_text("utf-8")
        found = re.search(r'<a rel="next" href="([^"]+)"', html)
        url = urljoin(f"http://site/{url}", found.group(1))[len("http://site/"):] if found else None
    return pages


def test_the_home_pages_list_every_source(paged):
    out, result = paged
    pages = _pages_of(out, "")
    assert len(pages) == -(-len(result.corpus.sources) // 5) > 3 and pages[1] == "page/2/"
    listed = [link for url in pages for link in _links(out, url)
              if re.fullmatch(r"sources/[a-z0-9-]+/", link)]
    assert sorted(listed) == sorted(f"sources/{s}/" for s in result.corpus.sources)
    for url in pages:  # each page links to every page of the list
        assert {p for p in pages} <= set(_links(out, url)) | {url} | {""}


def test_the_cross_reference_index_lists_every_cross_reference(paged):
    out, result = paged
    pages = _pages_of(out, "crossrefs/")
    assert len(pages) > 2 and pages[1] == "crossrefs/page/2/"
    listed = [link for url in pages for link in _links(out, url)
              if re.fullmatch(r"crossrefs/(?!page/)[a-z0-9-]+/", link)]
    assert sorted(listed) == sorted(f"crossrefs/{x}/" for x in result.corpus.crossrefs)
    assert all(len(re.findall(r'<li><a href="[^"]*crossrefs/(?!page/)[a-z0-9-]+/"', (out / url / "index.html").read_text("utf-8"))) <= 4
               for url in pages)


def test_every_mention_of_every_term_is_reached_from_its_page(paged):
    out, result = paged
    longest = 0
    for term in result.corpus.terms:
        pages = _pages_of(out, f"glossary/{term}/")
        longest = max(longest, len(pages))
        reached = [link for url in pages for link in _links(out, url)
                   if re.fullmatch(rf"sources/[a-z0-9-]+/#t-{term}-\d+", link)]
        wanted = [f"sources/{s}/#t-{term}-{n}" for s in result.links.mentions.get(term, ())
                  for n in range(1, result.surveys[s].mentioned[term][0] + 1)]
        assert sorted(reached) == sorted(wanted), term
        for url in pages:
            html = (out / url / "index.html").read_text("utf-8")
            groups = html.count('<section class="mention-group">')
            assert 1 <= groups <= 3 or not wanted, url
            if url != pages[0]:
                assert f"<title>{result.corpus.terms[term].name}: mentions, page" in html
    assert longest > 2
    big = _pages_of(out, "glossary/alder/")  # 95 mentions in one source: a page of its own
    assert any(html.count("mention-group") == 1 and "·" in html
               for html in ((out / url / "index.html").read_text("utf-8") for url in big))
