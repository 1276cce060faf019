"""What the built pages say, read from the HTML a real build writes: every page named for
what it shows, mentions named by place, people filed by surname, long texts with contents,
a citation on every source and term page, and the files a static host looks for."""
from __future__ import annotations

import re
from html import unescape

import pytest

from sitegen import build, load_config
from sitegen.stages.pages.views import PassageView, word_diff

from ..conftest import REPO
from ..sitecheck import parse


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("pages") / "site"
    result = build(load_config(REPO)[0], out)
    assert result.ok
    return out, result


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def first(pattern: str, html: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return text_of(found.group(1))


def test_every_comparison_is_named_by_what_it_compares(bundled):
    """Each compare page has a title and a heading of its own; so has each entry of the
    index, each ⇄ link of a source page and each search sub-result."""
    out, result = bundled
    crossrefs = result.corpus.crossrefs
    titles, headings = set(), set()
    for x in crossrefs:
        html = (out / "crossrefs" / x / "index.html").read_text("utf-8")
        titles.add(first(r"<title>(.*?)</title>", html))
        headings.add(first(r"<h1>(.*?)</h1>", html))
        assert crossrefs[x].title in first(r"<h1>(.*?)</h1>", html)
    assert len(titles) == len(headings) == len(crossrefs) == 36
    index = (out / "crossrefs" / "index.html").read_text("utf-8")
    entries = [text_of(a) for a in re.findall(r'<li><a href="[^"]*crossrefs/[^"]+/">(.*?)</a>', index)]
    assert len(set(entries)) == len(entries) == len(crossrefs)
    for source in result.corpus.sources:
        page = (out / "sources" / source / "index.html").read_text("utf-8")
        names = re.findall(r'class="xref-link"[^>]* aria-label="([^"]+)"', page)
        assert len(set(names)) == len(names) >= 1, source
    summit = (out / "sources" / "pashinyan-csto-summit" / "index.html").read_text("utf-8")
    assert len(re.findall('class="xref-link"', summit)) >= 19
    assert "Compare (same statement): Pashinyan: new types of threats, with Session of CSTO" in summit


def test_a_cross_reference_without_a_title_is_named_by_its_note(project, tmp_path):
    root = project({"annotations/crossrefs/concern.yaml": """
        relation: same-statement
        note: >
          The report's quotation and the transcript's wording. Not this sentence.
        passages:
          - source: alpha
            quote: concern and worry
          - source: beta
            quote: causes concern and worry
        """})
    out = tmp_path / "site"
    assert build(load_config(root)[0], out).ok
    html = (out / "crossrefs" / "concern" / "index.html").read_text("utf-8")
    assert first(r"<h1>(.*?)</h1>", html) == \
        "Same statement : The report's quotation and the transcript's wording"


def test_later_mentions_are_named_by_their_source_and_paragraph(bundled):
    out, result = bundled
    html = (out / "glossary" / "csto" / "index.html").read_text("utf-8")
    links = re.findall(r'<a href="\.\./\.\./sources/([a-z0-9-]+)/#(t-csto-\d+)">¶(\d+)(?:·\d+)?'
                       r'<span class="vh"> in ([^<]+), paragraph (\d+)', html)
    counts = {s: result.surveys[s].mentioned["csto"][0] for s in result.links.mentions["csto"]}
    assert len(links) == sum(counts.values()) - len(counts)  # every mention but the firsts
    for source, mark_id, shown, title, paragraph in links:
        assert shown == paragraph and unescape(title) == result.corpus.sources[source].title
        page = parse(out / "sources" / source / "index.html")
        # the mention is in the paragraph it names
        opened, block = None, None
        for tag, attrs in page.elements:
            if re.fullmatch(r"p-\d+", attrs.get("id", "")):
                block = attrs["id"]
            if attrs.get("id") == mark_id:
                opened = block
                break
        assert opened == f"p-{paragraph}", (source, mark_id)


def test_the_glossary_files_people_under_their_surname(bundled):
    out, result = bundled
    html = (out / "glossary" / "index.html").read_text("utf-8")
    sections = dict(re.findall(r'<h2 id="letter-\d+">(.*?)</h2>\s*<dl class="terms">(.*?)</dl>', html, re.S))
    filed = {letter: [text_of(t) for t in re.findall(r'<dt id="[^"]+"><a [^>]*>(.*?)</a>', body)]
             for letter, body in sections.items()}
    assert "Akylbek Japarov" in filed["J"] and "Sadyr Japarov" in filed["J"]
    assert filed["J"].index("Akylbek Japarov") < filed["J"].index("Sadyr Japarov")
    assert "Vladimir Putin" in filed["P"] and "Vladimir Putin" not in filed.get("V", [])
    people = [t for t in result.corpus.terms.values() if t.sort]
    assert len(people) >= 15
    for letter, names in filed.items():
        keys = [next(t.sort_key for t in result.corpus.terms.values() if t.name == n) for n in names]
        assert keys == sorted(keys), letter


def test_a_transcript_has_a_contents_list_of_its_speakers_turns(bundled):
    out, result = bundled
    html = (out / "sources" / "kremlin-csc-session-transcript" / "index.html").read_text("utf-8")
    nav = first(r'(<nav class="contents".*?</nav>)', html)
    entries = re.findall(r'<li><a href="#(p-\d+)">([^<]+)</a>: <span class="opening">', html)
    turns = re.findall(r'<p id="(p-\d+)" class="turn" data-speaker="([^"]+)"', html)
    assert [fragment for fragment, _ in entries] == [fragment for fragment, _ in turns]
    assert len(entries) == 15 and "speaker turns" in nav
    assert all(speaker.split()[-1] in label for (_, label), (_, speaker) in zip(entries, turns))
    short = (out / "sources" / "trend-analysts-illegal" / "index.html").read_text("utf-8")
    assert 'class="contents"' not in short  # no turns, no headings: no list


def test_a_source_with_headings_lists_them(project, tmp_path):
    root = project({"seeds/gamma.md": """
        ---
        title: Gamma
        kind: analysis
        ---

        ## The first part

        Text.

        ## The second part

        ### A detail

        More text.
        """})
    out = tmp_path / "site"
    assert build(load_config(root)[0], out).ok
    html = (out / "sources" / "gamma" / "index.html").read_text("utf-8")
    assert re.findall(r'<li( class="sub")?><a href="#(p-\d)">([^<]+)</a>', html) == [
        ("", "p-1", "The first part"), ("", "p-3", "The second part"), (' class="sub"', "p-4", "A detail")]


def test_every_source_and_term_page_says_how_to_cite_it(bundled):
    out, result = bundled
    trend = result.corpus.sources["trend-analysts-illegal"]
    html = (out / "sources" / trend.id / "index.html").read_text("utf-8")
    meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', html))
    assert meta["citation_title"] == unescape(trend.title) and meta["citation_publisher"] == "Trend"
    assert meta["citation_date"] == "2022/01/10" and meta["og:type"] == "article"
    assert "og:url" not in meta  # no base URL, no absolute address
    bibtex = first(r'<pre class="cite-bibtex"[^>]*><code>(.*?)</code>', html)
    assert bibtex.startswith("@misc{trend-analysts-illegal,") and "year = {2022}" in bibtex
    assert f"url = {{{trend.url}}}" in bibtex
    assert first(r'<p class="cite-plain">(.*?)</p>', html).startswith(f"“{trend.title}.” Trend, 2022-01-10.")
    kremlin = (out / "sources" / "kremlin-csc-session-transcript" / "index.html").read_text("utf-8")
    assert "The original location is not recorded" in kremlin
    for term in result.corpus.terms:
        page = (out / "glossary" / term / "index.html").read_text("utf-8")
        assert '<details class="cite"' in page and 'name="citation_title"' in page, term


def test_with_a_base_url_a_sitemap_canonical_links_and_absolute_citations(project, tmp_path):
    root = project({"pyproject.toml": """
        [tool.sitegen]
        title = "Test reader"
        base_url = "https://example.org/reader/"
        """})
    out = tmp_path / "site"
    assert build(load_config(root)[0], out).ok
    pages = sorted(p.parent.relative_to(out).as_posix() + "/" for p in out.rglob("index.html"))
    pages = ["" if p == "./" else p for p in pages]
    listed = re.findall(r"<loc>(.*?)</loc>", (out / "sitemap.xml").read_text("utf-8"))
    assert sorted(listed) == sorted(f"https://example.org/reader/{p}" for p in pages)
    html = (out / "sources" / "alpha" / "index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://example.org/reader/sources/alpha/">' in html
    assert '<meta property="og:url" content="https://example.org/reader/sources/alpha/">' in html
    assert "Read in Test reader: https://example.org/reader/sources/alpha/" in html
    missing = (out / "404.html").read_text("utf-8")
    assert 'href="https://example.org/reader/glossary/"' in missing


def test_a_not_found_page_for_the_static_host_and_no_sitemap_without_a_base_url(bundled):
    out, _ = bundled
    missing = (out / "404.html").read_text("utf-8")
    assert "<h1>Page not found</h1>" in missing
    assert 'href="/glossary/"' in missing and 'href="/static/style.css"' in missing
    assert not (out / "sitemap.xml").exists()


def _view(text: str) -> PassageView:
    return PassageView(None, "", "", text, "", "", 1)


@pytest.mark.parametrize("one,other,mode", [
    ("we live and fulfill our mission as a family",
     "we live and accomplish our tasks as one family", "diff"),
    ("The state took these demands into account and acted on them",
     "the demands were heard and implemented by the government", "shared"),
    ("Zas said the organisation is really working and is capable of fulfilling its mission today",
     "the organisation really works and is suitable for achieving the set goals", "shared"),
])
def test_one_alignment_marks_both_wordings_alike(one, other, mode):
    """Both columns come from one alignment: the words left unflagged in one are as many as
    in the other (the same words, matched); a paraphrase shows its shared phrases."""
    a, b = word_diff([_view(one), _view(other)])
    assert a.mode == b.mode == mode
    words = lambda view, flagged: [w for text, f in view.parts if f == flagged for w in text.split()]
    if mode == "diff":
        assert len(words(a, False)) == len(words(b, False))
        assert "".join(t for t, _ in a.parts) == one
    else:
        assert [w.lower() for w in words(a, True)] == [w.lower() for w in words(b, True)]


def test_the_compare_pages_columns_agree(bundled):
    out, result = bundled
    for x in result.corpus.crossrefs.values():
        if x.relation != "same-statement":
            continue
        html = (out / "crossrefs" / x.id / "index.html").read_text("utf-8")
        columns = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>\s*<p class=\"vh\">([^<]*)</p>", html, re.S)
        assert len(columns) == 2, x.id
        flagged = [re.findall(r'<mark class="(diff|shared)">(.*?)</mark>', body) for body, _ in columns]
        if "paraphrase" in columns[0][1]:
            shared = [" ".join(text_of(t).lower() for _, t in found).split() for found in flagged]
            assert shared[0] == shared[1], x.id
        counts = [re.match(r"\D*(\d+) of its (\d+)", said).groups() for _, said in columns]
        if "differ" in columns[0][1]:
            same = [int(total) - int(n) for n, total in counts]
            assert same[0] == same[1], x.id


def test_the_contributor_guides_examples_are_the_files_they_are_taken_from():
    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    examples = re.findall(r"From\s+`(annotations/[^`]+)`:\s*```yaml\n(.*?)```", guide, re.S)
    assert len(examples) >= 3
    for path, example in examples:
        text = (REPO / path).read_text("utf-8")
        assert example.strip() in text, path
