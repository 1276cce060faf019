"""Hostile text in every field an editor writes reaches the built site only as text: a
real build of a project whose every field carries HTML, script, template and comment
payloads, read back with an HTML parser, and compared with a clean build's elements."""
from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen import build, load_config
from sitegen.stages.validate import link_scheme

from ..conftest import BASE_PROJECT, make_project

PAYLOAD = ("<script>alert(1)</script> <img src=x onerror=alert(1)> \"><svg onload=alert(1)> "
           "' onmouseover='alert(1) {{ 7*7 }} {% raw %} </script><script>alert(1)</script> "
           "]]> <!--")
Q = json.dumps  # a YAML string holding anything, quotes and all


def payload_project(root: Path) -> Path:
    meta = "".join(f"{key}: {Q(f'{key.title()} {PAYLOAD}')}\n"
                   for key in ("title", "author", "publisher", "origin"))
    meta += f"url: {Q('https://example.org/?q=' + PAYLOAD)}\n"
    return make_project(root, {
        "seeds/alpha.md": f"---\n{meta}date: 2022-01-10\nkind: news\n---\n\n"
                          "The CSTO met on Monday.\n\n"
                          f"Alpha says {PAYLOAD} and so on.\n\nThe CSTO met again.\n",
        "seeds/beta.md": "---\ntitle: Beta\nkind: news\n---\n\n"
                         f"Beta says {PAYLOAD} and so on.\n",
        "annotations/glossary/csto.yaml": f"term: {Q('CSTO ' + PAYLOAD)}\n"
                                          f"aliases: [CSTO, {Q('Alias ' + PAYLOAD)}]\n"
                                          f"summary: {Q('Summary ' + PAYLOAD)}\n"
                                          f"body: {Q('Body ' + PAYLOAD)}\n",
        "annotations/notes/alpha.yaml": f"- quote: {Q(PAYLOAD)}\n  kind: context\n"
                                        f"  note: {Q('Note ' + PAYLOAD)}\n",
        "annotations/crossrefs/concern.yaml": f"relation: same-statement\n"
                                              f"note: {Q('Crossref ' + PAYLOAD)}\n"
                                              f"passages:\n  - source: alpha\n"
                                              f"    quote: {Q('says ' + PAYLOAD)}\n"
                                              f"  - source: beta\n    quote: {Q(PAYLOAD)}\n",
        "annotations/timeline.yaml": f"- date: 2022-01-10\n  title: {Q('Event ' + PAYLOAD)}\n"
                                     f"  passages:\n    - source: alpha\n"
                                     f"      quote: {Q(PAYLOAD + ' and so on')}\n",
    })


class Page(HTMLParser):
    """What a browser would build from a page: elements, attributes, scripts, comments, text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: set[tuple[str, str]] = set()  # (tag, attribute name)
        self.links: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.comments: list[str] = []
        self.text: list[str] = []
        self._script: dict | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs |= {(tag, name) for name, _ in attrs}
        self.links += [value or "" for name, value in attrs if name in ("href", "src", "action")]
        if tag == "script":
            self._script = dict(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def signature(page: Page) -> set:
    """The page's scripts as the theme writes them: a data block's content aside."""
    return {(tuple(sorted(attrs.items())),
             "" if attrs.get("type") == "application/json" else body)
            for attrs, body in page.scripts}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("payloads")
    alpha = BASE_PROJECT["seeds/alpha.md"]  # with a url, as the hostile one has
    clean_root = make_project(base / "clean", {"seeds/alpha.md": alpha.replace(
        "origin: Armenia\n", "origin: Armenia\n        url: https://example.org/\n")})
    hostile_root = payload_project(base / "hostile")
    clean = build(load_config(clean_root)[0], base / "clean-site")
    assert clean.ok, clean.diagnostics
    hostile = build(load_config(hostile_root)[0], base / "hostile-site")
    assert hostile.ok, [str(d) for d in hostile.diagnostics]
    assert len(hostile.anchors) == 4  # every payload quote anchored
    return base / "clean-site", base / "hostile-site"


def pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text("utf-8"))
            for p in sorted(site.rglob("*.html")) if "pagefind" not in p.parts}


def test_no_payload_becomes_markup_on_any_page(sites):
    clean_site, hostile_site = sites
    clean = pages(clean_site)
    tags = set().union(*(p.tags for p in clean.values()))
    attrs = set().union(*(p.attrs for p in clean.values()))
    scripts = set().union(*(signature(p) for p in clean.values()))
    links = set().union(*(p.links for p in clean.values()))  # the theme's own, 'data:,' icon
    hostile = pages(hostile_site)
    assert len(hostile) == len(clean)
    for name, page in hostile.items():
        assert page.tags <= tags, (name, page.tags - tags)  # no <svg>, no <img>
        assert page.attrs <= attrs, (name, page.attrs - attrs)  # no on* attribute
        assert not any(a.startswith("on") for _, a in page.attrs), name
        assert signature(page) <= scripts, name  # no <script> but the theme's own
        assert page.comments == [], name
        assert not [link for link in page.links
                    if link_scheme(link) not in ("", "http", "https") and link not in links]
        assert not any("javascript" in link_scheme(link) for link in page.links)


def test_every_field_shows_the_payload_as_text(sites):
    _, site = sites
    hostile = pages(site)
    text = {name: "".join(page.text) for name, page in hostile.items()}
    everything = "\n".join(text.values())
    for field in ("Title", "Author", "Publisher", "Origin", "CSTO", "Alias", "Summary", "Body",
                  "Note", "Crossref", "Event", "https://example.org/?q=", "says"):
        assert f"{field} {PAYLOAD}" in everything or f"{field}{PAYLOAD}" in everything, field
    assert "{{ 7*7 }}" in text["sources/alpha/index.html"]
    assert "49" not in everything
    assert f"Alpha says {PAYLOAD}" in text["sources/alpha/index.html"]


def test_a_terms_later_mentions_name_the_source_as_text(sites):
    _, site = sites  # the later mentions' links are escaped once per source, not one by one
    html = (site / "glossary/csto/index.html").read_text("utf-8")
    [later] = html.split('<p class="more-mentions">')[1:]
    page = Page('<p class="more-mentions">' + later.split("</p>", 1)[0] + "</p>")
    assert page.tags == {"p", "a", "span"}, page.tags
    assert page.links == ["../../sources/alpha/#t-csto-2"]
    assert "".join(page.text) == f"Later: ¶3 in Title {PAYLOAD}, paragraph 3"


def test_the_data_block_parses_and_holds_the_payload(sites):
    _, site = sites
    for name in ("sources/alpha/index.html", "sources/beta/index.html"):
        page = Page((site / name).read_text("utf-8"))
        [(_, body)] = [s for s in page.scripts if s[0].get("type") == "application/json"]
        assert "<" not in body
        data = json.loads(body)
        assert any(PAYLOAD in s for s in _strings(data)), name  # a title, a passage: text
        rendered = [v for key in ("summary", "note") for v in _strings(data, key)]
        assert rendered, name
        for html in rendered:  # the summaries and notes, rendered as HTML for the popovers
            assert "&lt;script&gt;" in html
            parsed = Page(html)
            assert parsed.tags <= {"p", "a", "em", "strong", "code", "br"}, parsed.tags
            assert not parsed.scripts and not parsed.comments


def test_open_data_and_search_index_hold_the_payload_as_text(sites):
    _, site = sites
    data = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    assert any(PAYLOAD in s for s in _strings(data))
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    indexed = set()
    for path in fragments:
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        fragment = json.loads(raw[12:])
        # Pagefind indexes a page's text: the payload is there whole only if the page held
        # it as text (as markup, its script and tags would not be text). Its UI escapes < and
        # > before an excerpt goes into the page; what that gives must hold no element.
        content = fragment["content"]
        if PAYLOAD in content:
            indexed.add(fragment["url"])
        excerpt = Page(content.replace("<", "&lt;").replace(">", "&gt;"))
        assert excerpt.tags == set() and excerpt.comments == []
    # the cross-reference's note is in its sources' documents; pashinyan's see_also names csto
    assert indexed == {"/sources/alpha/", "/sources/beta/", "/glossary/csto/",
                       "/glossary/pashinyan/"}


def _strings(value, key: str | None = None):
    """Every string in a JSON value (only those under `key`, if given)."""
    if isinstance(value, str) and key is None:
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, None if k == key else key)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def test_javascript_links_are_check_errors_and_nothing_is_written(tmp_path):
    link = "[x](javascript:alert(1))"
    root = make_project(tmp_path / "p", {
        "seeds/beta.md": f"---\ntitle: Beta\nkind: news\n---\n\nSee {link}.\n",
        "annotations/glossary/csto.yaml": f"term: CSTO\nsummary: {Q(link)}\nbody: {Q(link)}\n",
        "annotations/notes/alpha.yaml": f"- quote: 100 soldiers\n  kind: context\n"
                                        f"  note: {Q(link)}\n",
        "annotations/crossrefs/concern.yaml": None,
        "annotations/crossrefs/other.yaml": f"relation: context\nnote: {Q(link)}\npassages:\n"
                                            "  - {source: alpha, quote: concern and worry}\n"
                                            "  - {source: beta, quote: See}\n",
    })
    out = tmp_path / "site"
    result = build(load_config(root)[0], out)
    errors = [(d.where.path, d.message.split(" uses ")[0]) for d in result.diagnostics
              if d.code == "link-scheme"]
    assert errors == [("annotations/crossrefs/other.yaml", "the link 'javascript:alert(1)' in 'note'"),
                      ("annotations/glossary/csto.yaml", "the link 'javascript:alert(1)' in 'summary'"),
                      ("annotations/glossary/csto.yaml", "the link 'javascript:alert(1)' in 'body'"),
                      ("annotations/notes/alpha.yaml", "the link 'javascript:alert(1)' in 'note'"),
                      ("seeds/beta.md", "the link 'javascript:alert(1)' in the text")]
    assert not result.ok and not out.exists()
