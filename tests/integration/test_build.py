"""Real builds of a small real project: the pages and markers of the contract, links that
resolve, and output that a failed build leaves alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import build, load_config
from sitegen.output.write import MARKER

from ..sitecheck import broken_links, duplicate_ids, parse


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(project, tmp_path):
    root = project()
    out = tmp_path / "out"
    result = build(load_config(root)[0], out)
    assert result.diagnostics == []
    return root, out


def test_every_page_of_the_contract(built):
    _, out = built
    for page in ("index.html", "sources/alpha/index.html", "sources/beta/index.html",
                 "glossary/index.html", "glossary/csto/index.html",
                 "glossary/pashinyan/index.html", "crossrefs/concern/index.html",
                 "crossrefs/index.html", "timeline/index.html", "search/index.html",
                 "static/style.css", "static/reader.js", "pagefind/pagefind-ui.js", MARKER):
        assert (out / page).is_file(), page


def test_markers_and_ids(built):
    _, out = built
    alpha = (out / "sources/alpha/index.html").read_text("utf-8")
    assert 'data-term="csto"' in alpha and 'id="t-csto-1"' in alpha
    assert 'id="t-csto-2"' in alpha  # "CSTO’s" is a mention too
    assert 'data-crossref="concern"' in alpha and 'id="x-concern"' in alpha
    assert 'data-note="alpha-1"' in alpha and 'id="n-alpha-1"' in alpha
    assert 'id="note-alpha-1"' in alpha  # the note's text, beside its paragraph
    assert 'data-event="2022-01-10-the-csto-session"' in alpha
    assert 'id="p-1"' in alpha and 'id="p-2"' in alpha
    for page in out.rglob("*.html"):
        assert duplicate_ids(page) == [], page


def test_transcript_turns_name_their_speaker(built):
    _, out = built
    beta = parse(out / "sources/beta/index.html")
    turns = [a for tag, a in beta.elements if "data-speaker" in a]
    assert [a["data-speaker"] for a in turns] == ["Nikol Pashinyan", "Vladimir Putin"]
    compare = (out / "crossrefs/concern/index.html").read_text("utf-8")
    assert "Nikol Pashinyan</span>, in" in compare


def test_every_internal_link_and_fragment_resolves(built):
    _, out = built
    assert broken_links(out) == []


def test_term_page_lists_every_mention_with_a_link_to_its_place(built):
    _, out = built
    page = (out / "glossary/csto/index.html").read_text("utf-8")
    assert page.count('href="../../sources/alpha/#t-csto-') == 3
    assert "A military alliance of six post-Soviet states." in page
    assert "Collective Security Treaty Organization" in page  # the alias
    see_also = (out / "glossary/pashinyan/index.html").read_text("utf-8")
    assert 'href="../../glossary/csto/"' in see_also


def test_pages_work_without_javascript(built):
    """No page relies on a script: terms and cross-references are plain links."""
    _, out = built
    alpha = parse(out / "sources/alpha/index.html")
    terms = [a for tag, a in alpha.elements if "data-term" in a]
    assert terms and all(tag == "a" for tag, a in alpha.elements if "data-term" in a)
    assert all(a["href"].startswith("../../glossary/") for a in terms)
    assert any(a.get("href") == "../../crossrefs/concern/" for _, a in alpha.elements)


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(built):
    root, out = built
    before = snapshot(out)
    (root / "annotations/notes/alpha.yaml").write_text("- quote: no such words\n  kind: sic\n"
                                                        "  note: x\n", "utf-8")
    result = build(load_config(root)[0], out)
    assert not result.ok
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out", "project"]


def test_builds_are_repeatable_and_write_nothing_beside_the_output(built):
    root, out = built
    first = snapshot(out)
    assert build(load_config(root)[0], out).ok
    assert snapshot(out) == first
    assert sorted(p.name for p in out.parent.iterdir()) == ["out", "project"]


@pytest.mark.parametrize("where", ["project root", "foreign folder", "parent"])
def test_out_folders_that_would_lose_files_are_refused(built, tmp_path, where):
    root, _ = built
    out = {"project root": root, "parent": root.parent, "foreign folder": tmp_path / "mine"}[where]
    if where == "foreign folder":
        out.mkdir()
        (out / "keep.txt").write_text("precious", "utf-8")
    before = snapshot(out)
    result = build(load_config(root)[0], out)
    assert not result.ok
    assert "refusing" in result.diagnostics[-1].message
    assert snapshot(out) == before


def test_with_a_repo_url_every_annotation_has_an_edit_link(project, tmp_path):
    root = project({"pyproject.toml": '[tool.sitegen]\ntitle = "T"\n'
                                      'repo_url = "https://github.com/example/reader"\n'})
    out = tmp_path / "edit"
    assert build(load_config(root)[0], out).ok
    edit = "https://github.com/example/reader/edit/main/"
    term = (out / "glossary/csto/index.html").read_text("utf-8")
    assert f'href="{edit}annotations/glossary/csto.yaml"' in term
    crossref = (out / "crossrefs/concern/index.html").read_text("utf-8")
    assert f'href="{edit}annotations/crossrefs/concern.yaml"' in crossref
    alpha = (out / "sources/alpha/index.html").read_text("utf-8")
    assert f'href="{edit}annotations/notes/alpha.yaml"' in alpha  # the note, and suggestions
    beta = (out / "sources/beta/index.html").read_text("utf-8")
    assert 'href="https://github.com/example/reader/new/main/annotations/notes?filename=beta.yaml"' \
        in beta
    assert f'href="{edit}annotations/timeline.yaml"' in (out / "timeline/index.html").read_text("utf-8")


def test_without_a_repo_url_there_are_no_edit_links(built):
    _, out = built
    assert "/edit/main/" not in (out / "glossary/csto/index.html").read_text("utf-8")


def test_the_cycle_collector_waits_during_a_build_and_comes_back(project, tmp_path, monkeypatch):
    """A build pauses Python's cycle collector (its passes over a large corpus cost much and
    free little) and turns it back on, also when a stage fails."""
    import gc

    from sitegen import check
    from sitegen.engine.runner import Runner

    root = project()
    seen = []
    runner = Runner(watch=lambda step, items, cores: seen.append((step, gc.isenabled())))
    assert build(load_config(root)[0], tmp_path / "out", runner=runner).ok
    assert check(load_config(root)[0], Runner(watch=runner.watch)).ok
    assert {step for step, _ in seen} >= {"file", "survey", "page"}
    assert not any(enabled for _, enabled in seen) and gc.isenabled()

    def broken(step, items, cores):
        raise RuntimeError("a stage failed")

    with pytest.raises(RuntimeError):
        build(load_config(root)[0], tmp_path / "other", runner=Runner(watch=broken))
    assert gc.isenabled()
