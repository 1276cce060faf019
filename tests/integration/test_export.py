"""The open data: the editorial layer in the W3C Web Annotation Data Model, as two paged
AnnotationCollections (annotations.jsonld, and annotations/mentions.jsonld for the
glossary's mentions), read the way a consumer reads them: from annotations.jsonld, by the
links of the paging."""
from __future__ import annotations

import pytest

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from sitegen import build, load_config

from sitegen.stages import export

from ..conftest import REPO, make_project, paged_corpus, source_texts

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests

SITE = "https://site.test/reader/"  # where a consumer found a site built without base_url
BASE = "https://example.org/reader/"


# ---- a consumer -------------------------------------------------------------------------

class Collection:
    """A collection as read from a built site: its document, its pages (each with the URL
    it was read from and its JSON as written) and its annotations with every address made
    absolute, as a JSON-LD processor would resolve it against the file it is in."""

    def __init__(self, folder: Path, site: str, url: str):
        self.folder, self.site, self.url = folder, site, url
        self.files: list[str] = []  # site-relative, in the order read
        self.document = self._load(url)
        self.pages: list[tuple[str, dict]] = []
        self.items: list[dict] = []
        self._read()

    def _load(self, url: str) -> dict:
        assert url.startswith(self.site) and "#" not in url, url
        relative = url[len(self.site):]
        written = (self.folder / relative).read_text("utf-8")
        assert written == export.dumps(json.loads(written)) + "\n"  # compact, in one line
        assert len(written.encode()) < 5_000_000
        self.files.append(relative)
        return json.loads(written)

    def _read(self) -> None:
        doc, here = self.document, self.url
        assert doc["@context"] == export.CONTEXT and doc["type"] == "AnnotationCollection"
        assert urljoin(here, doc["id"]) == self.url
        last = urljoin(here, doc["last"])
        page, page_id, previous = doc["first"], urljoin(here, doc["first"]["id"]), None
        assert page_id == self.url + "#page-1"  # the first page, in the collection's file
        while True:
            assert page["type"] == "AnnotationPage"
            assert urljoin(here, page["partOf"]) == self.url
            assert page["startIndex"] == len(self.items)
            if previous is None:
                assert "prev" not in page
            else:
                assert urljoin(here, page["prev"]) == previous
            items = page["items"]
            assert 0 < len(items) <= export.PAGE_ITEMS
            assert sum(len(i["target"]) if isinstance(i["target"], list) else 1
                       for i in items) <= export.PAGE_TARGETS
            self.pages.append((here, page))
            self.items.extend(self._absolute(here, item) for item in items)
            if "next" not in page:
                assert page_id == last
                break
            previous, here = page_id, urljoin(here, page["next"])
            page = self._load(here)
            assert page["@context"] == export.CONTEXT
            page_id = urljoin(here, page["id"])
            assert page_id == here  # a page of its own file
        assert doc["total"] == len(self.items)

    @staticmethod
    def _absolute(here: str, item: dict) -> dict:
        item = {**item, "id": urljoin(here, item["id"])}
        if isinstance(item["target"], str):
            item["target"] = urljoin(here, item["target"])
        else:
            item["target"] = [{**t, "source": urljoin(here, t["source"])} for t in item["target"]]
        item["body"] = [{**b, "source": urljoin(here, b["source"])} if "source" in b else b
                        for b in item["body"]]
        return item

    def raw_sources(self):
        """(the page's URL, each target's source as written there)."""
        for here, page in self.pages:
            for item in page["items"]:
                targets = item["target"] if isinstance(item["target"], list) else [
                    {"source": item["target"]}]
                for t in targets:
                    yield here, t["source"]


def read(folder: Path, site: str = SITE) -> tuple[Collection, Collection]:
    """Both collections, from annotations.jsonld and the link it holds to the other."""
    main = Collection(folder, site, site + "annotations.jsonld")
    also = main.document[export.SEE_ALSO]
    assert also["type"] == "AnnotationCollection"
    mentions = Collection(folder, site, urljoin(main.url, also["id"]))
    assert urljoin(mentions.url, mentions.document[export.SEE_ALSO]["id"]) == main.url
    return main, mentions


class Marks(HTMLParser):
    """Where each glossary mark (id t-<term>-<n>) of a source page lies in its source's
    visible text: each block (id p-<n>) is read as text, leaving out what the page adds
    (the ¶ link, a cross-reference’s ⇄, an event’s ◷, a note’s number and text)."""

    ADDED = {"pilcrow", "xref-link", "event-link", "note-ref", "note"}
    VOID = {"br", "img", "input", "wbr", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.block: int | None = None
        self.tag, self.depth, self.skip = "", 0, 0
        self.text: list[str] = []
        self.open: dict[str, tuple[str, int]] = {}
        self.blocks: dict[int, str] = {}
        self.found: dict[str, tuple[int, int, int]] = {}  # mark id: (block, start, end)

    def _at(self) -> int:
        return sum(map(len, self.text))

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if self.block is None:
            if re.fullmatch(r"p-\d+", attrs.get("id", "")):
                self.block, self.tag, self.depth, self.text = int(attrs["id"][2:]), tag, 0, []
            else:
                return
        if tag == self.tag:
            self.depth += 1
        if self.skip or set(attrs.get("class", "").split()) & self.ADDED:
            self.skip += tag not in self.VOID
            return
        if re.fullmatch(r"t-.+-\d+", attrs.get("id", "")):
            self.open[tag] = (attrs["id"], self._at())

    def handle_endtag(self, tag):
        if self.block is None:
            return
        if self.skip:
            self.skip -= 1
            return
        if tag in self.open:
            mark, start = self.open.pop(tag)
            self.found[mark] = (self.block, start, self._at())
        if tag == self.tag:
            self.depth -= 1
            if not self.depth:
                self.blocks[self.block] = "".join(self.text)
                self.block = None

    def handle_data(self, data):
        if self.block is not None and not self.skip:
            self.text.append(data)


def mark_positions(site: Path, text) -> dict[str, tuple[int, int]]:
    """Each glossary mark of a source's page: its (start, end) in the visible text of the
    source (`text`: its SourceText)."""
    marks = Marks()
    marks.feed((site / "sources" / text.source / "index.html").read_text("utf-8"))
    for number, shown in marks.blocks.items():  # the page shows each block's text as it is
        block = text.blocks[number - 1]
        assert shown.rstrip() == text.visible[block.start:block.end]
    return {mark: (text.blocks[b - 1].start + start, text.blocks[b - 1].start + end)
            for mark, (b, start, end) in marks.found.items()}


def check_selectors(target: dict, visible: str) -> None:
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    assert visible[position["start"]:position["end"]] == quote["exact"]
    assert visible[:position["start"]].endswith(quote["prefix"])
    assert visible[position["end"]:].startswith(quote["suffix"])


# ---- the tests --------------------------------------------------------------------------

def test_every_annotation_with_selectors_that_match_the_text(tmp_path):
    out = tmp_path / "site"
    config = load_config(REPO)[0]
    result = build(config, out)
    assert result.ok
    main, mentions = read(out)
    assert main.files == ["annotations.jsonld"]  # a small site's layer: one file each
    assert mentions.files == ["annotations/mentions.jsonld"]
    corpus = result.corpus
    items = main.items
    assert main.document["label"] == config.title
    assert len(items) == len(corpus.terms) + len(corpus.crossrefs) + len(corpus.notes) + \
        len(corpus.events)
    assert {i["motivation"] for i in items} == {"linking", "commenting", "describing"}
    assert {i["motivation"] for i in mentions.items} == {"identifying"}
    texts = source_texts(config)
    checked = 0
    for item in items + mentions.items:
        assert item["type"] == "Annotation" and item["body"]
        for target in item["target"] if isinstance(item["target"], list) else ():
            source = target["source"].removeprefix(SITE + "sources/").rstrip("/")
            check_selectors(target, texts[source].visible)
            checked += 1
    assert checked > 500
    csto = next(i for i in items if i["id"] == SITE + "glossary/csto/")
    assert csto["target"] == SITE + "glossary/csto/" and csto["motivation"] == "describing"
    assert csto["body"][0]["value"] == corpus.terms["csto"].summary
    assert csto["body"][1] == {"type": "TextualBody", "value": "CSTO", "format": "text/plain",
                               "purpose": "tagging"}
    in_csto = [i for i in mentions.items if i["id"].startswith(SITE + "glossary/csto/#in-")]
    assert [i["id"].split("#in-")[1] for i in in_csto] == list(result.links.mentions["csto"])
    for item in in_csto:
        source = item["id"].split("#in-")[1]
        assert item["body"][0] == {"type": "SpecificResource", "source": SITE + "glossary/csto/",
                                   "purpose": "identifying"}
        assert len(item["target"]) == result.surveys[source].mentioned["csto"][0]  # every mention
        assert {t["source"] for t in item["target"]} == {f"{SITE}sources/{source}/"}
    note = next(i for i in items if i["id"].endswith("#note-summit-zas-spelling"))
    assert note["target"][0]["selector"][0]["exact"] == "Stansilav Zas"


def test_a_source_with_a_url_links_each_passage_to_the_original(project, tmp_path):
    root = project({"seeds/alpha.md": (
        "---\ntitle: Alpha report\nkind: news\nurl: https://example.org/alpha\n---\n\n"
        "The CSTO met on Monday. The CSTO’s leaders spoke of “concern and worry.”\n\n"
        "Pashinyan dispatched 100 soldiers to Kazakhstan.\n")})
    out = tmp_path / "site"
    assert build(load_config(root)[0], out).ok
    main, mentions = read(out)
    note = next(i for i in main.items if i["motivation"] == "commenting")
    assert note["target"][0]["scope"] == "https://example.org/alpha#:~:text=100%20soldiers"
    csto = next(i for i in mentions.items if i["id"] == SITE + "glossary/csto/#in-alpha")
    assert {t["scope"] for t in csto["target"]} == {"https://example.org/alpha#:~:text=CSTO"}


def test_a_large_layer_is_paged_and_every_annotation_and_mention_is_reached_once(
        small_pages, tmp_path):  # small_pages: see conftest.py
    root = make_project(tmp_path / "project", paged_corpus())
    out = tmp_path / "site"
    result = build(load_config(root)[0], out)
    assert result.ok, [str(d) for d in result.diagnostics]
    corpus, surveys = result.corpus, result.surveys
    main, mentions = read(out)
    assert len(main.pages) > 5 and len(mentions.pages) > 20
    written = {p.relative_to(out).as_posix() for p in (out / "annotations").iterdir()}
    assert written | {"annotations.jsonld"} == set(main.files) | set(mentions.files)  # none
    # is left out of the paging
    assert main.files[1:] == [f"annotations/page-{n}.jsonld" for n in range(2, len(main.files) + 1)]
    assert mentions.files[1:] == [f"annotations/mentions-page-{n}.jsonld"
                                  for n in range(2, len(mentions.files) + 1)]

    # the editorial annotations: every term, cross-reference, note and event, once each
    expected = Counter([f"{SITE}glossary/{t}/" for t in corpus.terms] +
                       [f"{SITE}crossrefs/{x}/" for x in corpus.crossrefs] +
                       [f"{SITE}sources/{n.source}/#note-{n.id}" for n in corpus.notes.values()] +
                       [f"{SITE}timeline/#{e}" for e in corpus.events])
    assert Counter(i["id"] for i in main.items) == expected
    assert len(corpus.notes) > 10 and len(corpus.crossrefs) > 5 and len(corpus.events) > 3
    texts = source_texts(load_config(root)[0])
    for item in main.items:
        if item["id"].startswith(SITE + "glossary/"):
            assert item["target"] == item["id"] and item["motivation"] == "describing"
            continue
        annotation = next(a for a in corpus.annotations() if item["id"].endswith(
            (f"/{a.id}/", f"#note-{a.id}", f"#{a.id}")))
        assert [t["source"] for t in item["target"]] == [
            f"{SITE}sources/{p.source}/" for p in annotation.passages]
        for target, passage in zip(item["target"], annotation.passages, strict=True):
            check_selectors(target, texts[passage.source].visible)
            assert target["selector"][0]["exact"] == passage.selector.quote

    # the mentions: for each term and source, every mark of the page, once, in order
    ids = [i["id"] for i in mentions.items]
    assert len(set(ids)) == len(ids)
    found: dict[tuple[str, str], list] = {}
    for item in mentions.items:
        term, source, piece = re.fullmatch(
            re.escape(SITE) + r"glossary/([^/]+)/#in-(.+?)(?:--(\d+))?", item["id"]).groups()
        assert item["motivation"] == "identifying"
        assert item["body"] == [
            {"type": "SpecificResource", "source": f"{SITE}glossary/{term}/", "purpose": "identifying"},
            {"type": "TextualBody", "value": corpus.terms[term].name, "format": "text/plain",
             "purpose": "tagging"}]
        held = found.setdefault((term, source), [])
        assert int(piece or 1) == len(held) // export.PAGE_TARGETS + 1  # pieces in order
        assert 0 < len(item["target"]) <= export.PAGE_TARGETS
        held.extend(item["target"])
    order = [(t, s) for t in sorted(corpus.terms) for s in surveys if t in surveys[s].mentioned]
    assert list(found) == order  # by term id, then by the sources in the corpus's order
    assert len(found[("alder", "big")]) == surveys["big"].mentioned["alder"][0] > 80  # in pieces
    assert f"{SITE}glossary/alder/#in-big--3" in ids and f"{SITE}glossary/alder/#in-big-2" in ids
    for (term, source), targets in found.items():
        count = surveys[source].mentioned[term][0]
        assert len(targets) == count
        assert {t["source"] for t in targets} == {f"{SITE}sources/{source}/"}
        marks = mark_positions(out, texts[source])
        assert [(t["selector"][1]["start"], t["selector"][1]["end"]) for t in targets] == \
            [marks[f"t-{term}-{n}"] for n in range(1, count + 1)]
        for target in targets:
            check_selectors(target, texts[source].visible)

    # addresses relative to the file they are in
    for here, address in [*main.raw_sources(), *mentions.raw_sources()]:
        below = here.startswith(SITE + "annotations/")
        assert address.startswith(("../sources/", "../glossary/") if below else
                                  ("sources/", "glossary/")), (here, address)


def test_with_a_base_url_every_address_is_absolute(small_pages, tmp_path):
    files = paged_corpus(docs=8)
    files["pyproject.toml"] = f'[tool.sitegen]\ntitle = "Test reader"\nbase_url = "{BASE}"\n'
    root = make_project(tmp_path / "project", files)
    out = tmp_path / "site"
    assert build(load_config(root)[0], out).ok
    main, mentions = read(out, BASE)
    assert len(main.pages) > 2 and len(mentions.pages) > 2
    for collection in (main, mentions):
        for _, page in collection.pages:
            for key in ("id", "partOf", "prev", "next"):
                assert page.get(key, BASE).startswith(BASE)
        for _, address in collection.raw_sources():
            assert address.startswith((BASE + "sources/", BASE + "glossary/"))
        for item in collection.items:
            assert item["id"].startswith(BASE)
    assert main.document["id"] == BASE + "annotations.jsonld"
    assert main.document[export.SEE_ALSO]["id"] == BASE + "annotations/mentions.jsonld"


def test_page_bounds_come_from_counts(monkeypatch):
    monkeypatch.setattr(export, "PAGE_ITEMS", 3)
    monkeypatch.setattr(export, "PAGE_TARGETS", 10)
    assert export.bounds([]) == ((0, 0),)
    assert export.bounds([1] * 7) == ((0, 3), (3, 6), (6, 7))
    assert export.bounds([4, 4, 4, 12, 1]) == ((0, 2), (2, 3), (3, 4), (4, 5))  # one too many
    # for a page has one of its own
