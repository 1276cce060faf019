"""/annotations.jsonld: the editorial layer in the W3C Web Annotation Data Model."""
from __future__ import annotations

import json

from sitegen import build, check, export, load_config
from sitegen.text import source_text

from ..conftest import REPO


def test_every_annotation_with_selectors_that_match_the_text(tmp_path):
    out = tmp_path / "site"
    config = load_config(REPO)[0]
    result = build(config, out)
    assert result.ok
    written = (out / "annotations.jsonld").read_text("utf-8")  # written in parts, one per item
    assert written == export.dumps(json.loads(written)) + "\n"  # compact, in one line
    data = json.loads(written)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    corpus = result.corpus
    assert data["total"] == len(items) == len(corpus.terms) + len(corpus.crossrefs) + \
        len(corpus.notes) + len(corpus.events)
    texts = {source_id: source_text(source)
             for source_id, source in check(config).corpus.sources.items()}
    assert {i["motivation"] for i in items} == {"identifying", "linking", "commenting", "describing"}
    checked = 0
    for item in items:
        assert item["type"] == "Annotation" and item["body"]
        for target in item["target"]:
            source = target["source"].removeprefix("sources/").rstrip("/")
            visible = texts[source].visible
            quote, position = target["selector"]
            assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
            assert visible[position["start"]:position["end"]] == quote["exact"]
            assert visible[:position["start"]].endswith(quote["prefix"])
            assert visible[position["end"]:].startswith(quote["suffix"])
            checked += 1
    assert checked > 500
    csto = next(i for i in items if i["id"] == "glossary/csto/")
    assert len(csto["target"]) == sum(s.mentioned["csto"][0] for s in result.surveys.values()
                                      if "csto" in s.mentioned)  # every mention
    note = next(i for i in items if i["id"].endswith("#note-summit-zas-spelling"))
    assert note["target"][0]["selector"][0]["exact"] == "Stansilav Zas"


def test_a_source_with_a_url_links_each_passage_to_the_original(project, tmp_path):
    root = project({"seeds/alpha.md": (
        "---\ntitle: Alpha report\nkind: news\nurl: https://example.org/alpha\n---\n\n"
        "The CSTO met on Monday. The CSTO’s leaders spoke of “concern and worry.”\n\n"
        "Pashinyan dispatched 100 soldiers to Kazakhstan.\n")})
    out = tmp_path / "site"
    assert build(load_config(root)[0], out).ok
    items = json.loads((out / "annotations.jsonld").read_text("utf-8"))["first"]["items"]
    note = next(i for i in items if i["motivation"] == "commenting")
    assert note["target"][0]["scope"] == "https://example.org/alpha#:~:text=100%20soldiers"
