"""Rebuilds redo only what an edit touches: for each kind of edit, exactly which files are
rewritten, and the result equals a full build byte for byte."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitegen import build, check, load_config
from sitegen.preview import Builder
from sitegen.engine.spill import Parts

from ..conftest import copy_project, edit, make_project, paged_corpus, previewing, snapshot

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests

SUMMIT = "sources/pashinyan-csto-summit/index.html"


def surveys_into(found: list):
    """A runner's watcher that adds to `found` the id of each source surveyed afresh."""
    return lambda step, items, cores: found.extend(job.source.id for job in items) \
        if step == "survey" else None
TRANSCRIPT = "sources/kremlin-csc-session-transcript/index.html"
TREND = "sources/trend-analysts-illegal/index.html"
DATA = "annotations.jsonld"  # the open data holds every annotation: written by finish()


@pytest.fixture
def preview(tmp_path):
    root = copy_project(tmp_path / "project")
    builder = Builder(load_config(root)[0], tmp_path / "out")
    first = builder.build()
    assert first.ok, [str(d) for d in first.diagnostics]

    def rebuild():
        result = builder.build()
        assert result.ok, [str(d) for d in result.diagnostics]
        assert builder.finish() == []
        full = tmp_path / f"full-{time.monotonic_ns()}"
        assert build(load_config(root)[0], full).ok
        assert snapshot(tmp_path / "out") == snapshot(full)  # byte for byte
        return set(result.written)

    return root, builder, rebuild


def facts_of(result) -> dict:
    """Each source's facts, but the open data's targets (a check makes none)."""
    parts = Parts()
    return {s: ({t: parts.first(v, t) for t in v.mentioned}, v.marked,
                {p: parts.found(v, p)._replace(target=b"") for p in v.placed})
            for s, v in result.surveys.items()}


def mentioned_in(builder, term: str) -> set[str]:
    return {f"sources/{s}/index.html" for s in builder.last.links.mentions[term]}


def test_a_note_rewrites_its_source_page(preview):
    root, _, rebuild = preview
    edit(root / "annotations/notes/pashinyan-csto-summit.yaml", "A stray article", "An extra article")
    assert rebuild() == {SUMMIT}


def test_a_crossref_rewrites_its_sources_pages_and_its_own(preview):
    root, _, rebuild = preview
    edit(root / "annotations/crossrefs/troop-figures.yaml", "Two figures", "Two numbers")
    assert rebuild() == {TREND, TRANSCRIPT, "crossrefs/troop-figures/index.html",
                         "crossrefs/index.html"}


def test_a_term_rewrites_the_pages_it_occurs_on_its_page_and_the_index(preview):
    root, builder, rebuild = preview
    expected = mentioned_in(builder, "zas") | {"glossary/zas/index.html", "glossary/index.html"}
    expected |= {f"{url}index.html" for url in previewing(builder.last, "zas")}
    edit(root / "annotations/glossary/zas.yaml", "a Belarusian general", "a general from Belarus")
    assert rebuild() == expected


def test_a_term_makes_again_only_the_jobs_that_look_it_up(tmp_path):
    """A term's page, a compare page and a source page are made again (as jobs, before any
    rendering) where they show the term, not because another term changed."""
    root = copy_project(tmp_path / "project")
    made: dict[str, set] = {}
    builder = Builder(load_config(root)[0], tmp_path / "out", watch=lambda step, items, cores:
                      made.setdefault(step, set()).update(getattr(i, "id", None) for i in items))
    assert builder.build().ok
    made.clear()
    edit(root / ZAS, "a Belarusian general", "a general from Belarus")
    assert builder.build(changed={str(root / ZAS)}).ok
    shown = previewing(builder.last, "zas")
    corpus = builder.last.corpus
    assert made["term jobs"] == {"zas"} | {t for t in corpus.terms if f"glossary/{t}/" in shown}
    assert made["crossref jobs"] == {x for x in corpus.crossrefs if f"crossrefs/{x}/" in shown}
    assert made["source inputs"] == set(builder.last.links.mentions["zas"]) | {
        s for s in corpus.sources if f"sources/{s}/" in shown}
    assert len(made["source inputs"]) < len(corpus.sources)


def test_a_new_alias_relinks_the_texts(preview):
    root, builder, rebuild = preview
    before = mentioned_in(builder, "almaty")
    see_also = {f"glossary/{t.id}/index.html" for t in builder.last.corpus.terms.values()
                if "almaty" in t.see_also}
    edit(root / "annotations/glossary/almaty.yaml", "term: Almaty",
         "term: Almaty\naliases: [Almaty Region]")
    written = rebuild()
    shown = {f"{url}index.html" for url in previewing(builder.last, "almaty")}
    assert written == before | mentioned_in(builder, "almaty") | see_also | shown | {
        "glossary/almaty/index.html", "glossary/index.html"}
    assert "sources/eurasianet-armenians-dim-view/index.html" not in written


def test_a_template_rewrites_every_page_it_renders(preview):
    root, builder, rebuild = preview
    terms = {f"glossary/{t}/index.html" for t in builder.last.corpus.terms}
    edit(root / "themes/default/templates/term.html", "<h1>{{ term.name }}</h1>",
         "<h1 class=\"term-name\">{{ term.name }}</h1>")
    assert rebuild() == terms


def test_a_template_newly_included_is_followed_through_its_edits(preview):
    root, builder, rebuild = preview
    terms = {f"glossary/{t}/index.html" for t in builder.last.corpus.terms}
    templates = root / "themes/default/templates"
    (templates / "_extra.html").write_text('<p class="extra">first</p>\n', "utf-8")
    assert rebuild() == set()  # a template no page uses
    edit(templates / "term.html", "<h1>{{ term.name }}</h1>",
         "<h1>{{ term.name }}</h1>{% include '_extra.html' %}")
    assert rebuild() == terms
    edit(templates / "_extra.html", "first", "second")
    assert rebuild() == terms
    page = (builder.out / "glossary/csto/index.html").read_text("utf-8")
    assert '<p class="extra">second</p>' in page


def test_the_base_template_rewrites_every_page(preview):
    root, builder, rebuild = preview
    edit(root / "themes/default/templates/base.html", "Skip to the text", "Skip to the content")
    written = rebuild()
    assert len(written) == len([f for f in written if f.endswith(".html")]) >= 90


def test_a_stylesheet_is_copied_and_nothing_rendered(preview):
    root, _, rebuild = preview
    edit(root / "themes/default/static/style.css", "--accent: #8a3b12;", "--accent: #8a3b13;")
    assert rebuild() == {"static/style.css"}


def test_a_source_rewrites_its_page_and_the_pages_that_show_its_passages(preview):
    root, builder, rebuild = preview
    edit(root / "seeds/armenian-troops-in-kazakhstan.md", "bread factories", "bread plants")
    # no other page shows those words (no passage, no first mention is in their paragraph)
    assert rebuild() == {"sources/armenian-troops-in-kazakhstan/index.html"}
    edit(root / "seeds/armenian-troops-in-kazakhstan.md", "procedural matter", "procedural question")
    written = rebuild()  # now a passage shown elsewhere changed, in its paragraph
    assert {"sources/armenian-troops-in-kazakhstan/index.html", "crossrefs/withdrawal/index.html"} <= written
    others = {p.source for p in builder.last.corpus.crossrefs["withdrawal"].passages}
    assert {f"sources/{s}/index.html" for s in others} <= written  # their previews show it
    assert "glossary/sakunts/index.html" not in written  # mentioned in another source only


def test_adding_and_removing_annotations(preview):
    root, _, rebuild = preview
    (root / "annotations/glossary/lake-sevan.yaml").write_text(
        "term: Gegharkunik province\nsummary: The province around Lake Sevan.\n", "utf-8")
    assert "glossary/lake-sevan/index.html" in rebuild()
    (root / "annotations/crossrefs/almaty-airport.yaml").unlink()
    written = rebuild()
    assert "crossrefs/almaty-airport/index.html" in written  # deleted
    assert SUMMIT in written and TRANSCRIPT in written


def test_told_what_changed_the_builder_skips_the_folder_scan(preview):
    """The preview passes the watcher's paths: the result is the same as with a scan."""
    root, builder, rebuild = preview
    note = root / "annotations/notes/pashinyan-csto-summit.yaml"
    edit(note, "A stray article", "An extra article")
    added = root / "annotations/glossary/lake-sevan.yaml"
    added.write_text("term: Gegharkunik province\nsummary: Around Lake Sevan.\n", "utf-8")
    result = builder.build(changed={str(note), str(added)})
    assert result.ok
    assert {SUMMIT, "glossary/lake-sevan/index.html"} <= set(result.written)
    added.unlink()
    result = builder.build(changed={str(added)})
    assert "glossary/lake-sevan/index.html" in result.written  # removed
    assert rebuild() == set()  # and a full scan finds nothing more to do


def test_the_preview_tells_the_browser_before_the_cycle_collector_runs(tmp_path):
    """The collector's first pass after a rebuild takes most of a second on a large corpus:
    the reload goes out while it still waits, and it runs again afterwards."""
    import gc

    from sitegen.serve import Preview, Status

    root = copy_project(tmp_path / "project")
    told = []
    preview = Preview(load_config(root)[0], tmp_path / "preview", Status(),
                      lambda path: told.append((path, gc.isenabled())))
    try:
        assert preview.build().ok
        note = root / "annotations" / "notes" / "pashinyan-csto-summit.yaml"
        edit(note, "note: ", "note: Edited. ")
        preview.changed({str(note)})
        assert told == [("index.html", False)] and gc.isenabled()
    finally:
        preview.indexer.shutdown(wait=True)


NOTES = "annotations/notes/pashinyan-csto-summit.yaml"
TROOPS = "annotations/crossrefs/troop-figures.yaml"
ZAS = "annotations/glossary/zas.yaml"
TIMELINE = "annotations/timeline.yaml"

# (file, old, new, in place): an edit of annotations in place surveys again only the sources
# its passages lie in; another (a new spelling, an id) may survey them all, or fail.
EDITS = [
    (NOTES, "A stray article", "An extra article", True),
    (NOTES, 'quote: "Toqaev"', 'quote: "the Pashinyan said"', True),  # moved onto another note's
    (NOTES, "The word is doubled", "The [CSTO](term:csto) word is doubled", True),  # a link
    (NOTES, "  kind: sic\n  id: summit-toqaev", "  kind: translation\n  id: summit-toqaev", True),
    (NOTES, "The word is doubled in the original.", "The word is doubled\n    in the original.",
     True),  # the notes below move down a line
    (TROOPS, "Two figures", "Two numbers", True),
    (TROOPS, 'quote: "more than 4,000 servicemen"', 'quote: "4,000 servicemen"', True),
    (ZAS, "a Belarusian general", "a general from Belarus", True),
    (ZAS, "see_also: [csto, collective-peacekeeping-forces]", "see_also: [csto]", True),
    (TIMELINE, 'quote: "Article 4 of the Collective Security Treaty of 1992"',
     'quote: "Article 4 of the Collective Security Treaty"', True),
    (ZAS, "aliases: [Stansilav Zas, Zas]", "aliases: [Stansilav Zas, Zas, General Zas]", False),
    (ZAS, "term: Stanislav Zas", "term: Stanislav Zass", False),  # a spelling: texts link anew
    (NOTES, "id: summit-toqaev", "id: summit-tokayev", False),  # another id
    (TIMELINE, "title: The March 1 events in Yerevan", "title: The 1 March events", False),  # id
    (NOTES, 'quote: "Toqaev"', 'quote: "Toqaev (sic)"', False),  # found nowhere: an error
    (NOTES, "The word is doubled", "The [CSTO](term:csto-x) word is doubled", False),  # error
    (ZAS, "see_also: [csto, collective", "see_also: [csto-x, collective", False),  # an error
]


@pytest.mark.parametrize("path, old, new, in_place", EDITS,
                         ids=[f"{Path(e[0]).stem}-{i}" for i, e in enumerate(EDITS)])
def test_an_edit_equals_a_full_check(tmp_path, path, old, new, in_place):
    root = copy_project(tmp_path / "project")
    config = load_config(root)[0]
    surveyed = []
    builder = Builder(config, tmp_path / "out", watch=surveys_into(surveyed))
    assert builder.build().ok
    surveyed.clear()
    edit(root / path, old, new)
    result = builder.build(changed={str(root / path)})
    if in_place:
        assert len(surveyed) <= 2, surveyed
    full = check(config)
    assert [str(d) for d in result.diagnostics] == [str(d) for d in full.diagnostics]
    if not full.ok:
        return
    assert result.corpus == full.corpus
    assert result.anchors == full.anchors
    assert result.links == full.links
    assert facts_of(result) == facts_of(full)
    assert builder.finish() == []
    assert build(config, tmp_path / "full").ok
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "full")  # byte for byte


def test_each_of_the_edits_in_a_row_and_undone_equals_a_full_build(tmp_path):
    """A rebuild starts from what the one before it left (the jobs made one by one are
    compared only where what changed since the last run reaches them): after each edit in
    place of a row, and after each undone in turn, the site equals a full build's."""
    root = copy_project(tmp_path / "project")
    config = load_config(root)[0]
    builder = Builder(config, tmp_path / "out")
    assert builder.build().ok
    done: list = []

    def rebuilt(path: str, old: str, new: str) -> None:
        edit(root / path, old, new)
        assert builder.build(changed={str(root / path)}).ok
        assert builder.finish() == []
        full = tmp_path / f"full-{time.monotonic_ns()}"
        assert build(config, full).ok
        assert snapshot(tmp_path / "out") == snapshot(full), (path, old, new)

    for path, old, new, in_place in EDITS:
        if in_place and old in (root / path).read_text("utf-8"):  # (some undo others)
            rebuilt(path, old, new)
            done.append((path, old, new))
    assert len(done) >= 8
    for path, old, new in reversed(done):
        rebuilt(path, new, old)


GAMMA = {  # a source with a note and no cross-reference, which mentions a term
    "seeds/gamma.md": """
        ---
        title: Gamma column
        date: 2022-01-11
        kind: news
        ---

        Pashinyan wrote a column. It was about Monday.

        Nothing else was said.
        """,
    "annotations/notes/gamma.yaml": """
        - quote: wrote a column
          kind: context
          note: A column, not a speech.
        """,
}

# (file, old text, new text; None: the file written whole, or removed): one after another
ROW = [
    ("annotations/notes/gamma.yaml", "not a speech", "not an address"),
    ("seeds/gamma.md", "Nothing else was said.", "Nothing more was said."),
    ("annotations/glossary/pashinyan.yaml", "Prime Minister of Armenia.", "Armenia's Prime Minister."),
    ("annotations/crossrefs/concern.yaml", "The report's quotation", "The report's quote"),
    ("annotations/crossrefs/concern.yaml", "quote: causes concern and worry", "quote: concern and worry"),
    ("annotations/crossrefs/concern.yaml", "The report's quote", "The [CSTO](term:csto) report's quote"),
    ("annotations/glossary/csto.yaml", "A military alliance", "A military pact"),  # linked from it
    ("seeds/beta.md", "The situation causes", "The situation now causes"),  # a passage's context
    ("seeds/beta.md", "Good morning, colleagues.", "Good morning, colleagues, Pashinyan said."),
    ("annotations/notes/beta.yaml", None, "- quote: Good morning\n  kind: context\n  note: A greeting.\n"),
    ("annotations/notes/gamma.yaml", None, None),
    ("annotations/glossary/column.yaml", None, "term: column\nsummary: A piece of writing.\n"),
    ("annotations/crossrefs/concern.yaml", None, None),
    ("seeds/gamma.md", "It was about Monday.", "It was about the CSTO."),
    ("seeds/gamma.md", "Pashinyan wrote", "He wrote"),  # a term no longer mentioned there
]


def test_edits_of_every_kind_in_a_row_each_equal_a_full_build(tmp_path):
    """Each rebuild of a row of edits (a note, a text, a term, a cross-reference; files
    added and removed) equals a full build byte for byte: what one edit changed reaches every
    page that shows it, however the pages were made in the rebuilds before."""
    root = make_project(tmp_path / "project", GAMMA)
    config = load_config(root)[0]
    builder = Builder(config, tmp_path / "out")
    assert builder.build().ok
    for n, (rel, old, new) in enumerate(ROW):
        path = root / rel
        if old is not None:
            edit(path, old, new)
        elif new is None:
            path.unlink()
        else:
            path.write_text(new, "utf-8")
        result = builder.build(changed={str(path)})
        assert result.ok, (rel, [str(d) for d in result.diagnostics])
        assert builder.finish() == []
        full = tmp_path / f"full-{n}"
        assert build(config, full).ok
        assert snapshot(tmp_path / "out") == snapshot(full), (rel, old, new)


def test_edits_in_a_row_agree_with_a_full_build(preview):
    """After an edit in place, an edit that relinks every text starts from what it left."""
    root, builder, rebuild = preview
    edit(root / NOTES, "A stray article", "An extra article")
    assert builder.build(changed={str(root / NOTES)}).ok
    edit(root / ZAS, "aliases: [Stansilav Zas, Zas]", "aliases: [Stansilav Zas, Zas, Gen. Zas]")
    assert builder.build(changed={str(root / ZAS)}).ok
    edit(root / NOTES, "An extra article", "A stray article")
    assert SUMMIT in rebuild()


def test_a_source_page_body_is_kept_only_while_what_it_shows_is_unchanged(preview):
    """The preview keeps the bodies of the source pages it renders again (made by their
    survey): a term's summary is not in them; a note, the sources' titles and the templates
    are."""
    root, builder, rebuild = preview
    made: list[str] = []
    builder.watch = surveys_into(made)
    summit = "pashinyan-csto-summit"
    assert SUMMIT in mentioned_in(builder, "zas")
    edit(root / ZAS, "a Belarusian general", "a general from Belarus")
    assert SUMMIT in rebuild() and made.count(summit) == 0  # its page again, its body kept
    edit(root / ZAS, "a general from Belarus", "a Belarusian general")
    assert SUMMIT in rebuild() and made.count(summit) == 0
    edit(root / NOTES, "A stray article", "An extra article")  # a note beside its passage
    assert SUMMIT in rebuild() and made.count(summit) == 1
    edit(root / "themes/default/templates/_body.html", 'class="note-head"',
         'class="note-head" data-x="1"')
    assert SUMMIT in rebuild() and made.count(summit) == 2


def test_a_first_preview_build_on_every_core_equals_one_on_one(tmp_path):
    """The preview's first build loads, surveys and renders a large project on every core
    (nothing else runs yet); it is the build on one core, byte for byte, and what it keeps
    for the next is as good: an edit then surveys its one source again."""
    from ..conftest import synthetic_project

    root = tmp_path / "project"
    synthetic_project(root, docs=150)
    spread, surveyed = [], []

    def watch(step, items, cores):
        if cores > 1:
            spread.append(step)
        if step == "survey":
            surveyed.extend(job.source.id for job in items)

    many = Builder(load_config(root)[0], tmp_path / "many", search_index=False, workers=2, watch=watch)
    assert many.build().ok
    assert spread == ["file", "text", "terms", "survey", "page"]  # load, survey, render
    one = Builder(load_config(root)[0], tmp_path / "one", search_index=False, workers=1, watch=watch)
    assert one.build().ok
    assert len(spread) == 5
    assert snapshot(tmp_path / "many") == snapshot(tmp_path / "one")
    surveyed.clear()
    note = next((root / "annotations" / "notes").glob("*.yaml"))
    edit(note, "note: ", "note: Edited. ")
    assert many.build().ok and one.build().ok
    assert surveyed == [note.stem, note.stem] and len(spread) == 5
    assert snapshot(tmp_path / "many") == snapshot(tmp_path / "one")


def test_a_preview_build_forks_nothing_while_another_thread_runs(tmp_path, monkeypatch):
    """Once the preview serves, its server's threads run beside the builds: a fork would copy
    none of them, and a lock one holds would stay held in the copy."""
    import os
    import threading

    from ..conftest import synthetic_project

    root = tmp_path / "project"
    synthetic_project(root, docs=150)
    spread = []
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # two cores, whatever the machine's
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assert Builder(load_config(root)[0], tmp_path / "out", search_index=False,
                       watch=lambda step, items, cores: spread.append(cores)).build().ok
    finally:
        stop.set()
        server.join()
    assert spread and set(spread) == {1}


def test_an_edit_that_needs_fewer_pages_of_open_data_deletes_the_others(small_pages, tmp_path):
    """The preview writes the open data's files in finish(): those an edit leaves unneeded
    (fewer annotations, fewer pages) are deleted, those it did not change are not written,
    and the folder equals a full build."""
    root = make_project(tmp_path / "project", paged_corpus())
    out = tmp_path / "out"
    builder = Builder(load_config(root)[0], out)
    assert builder.build().ok and builder.finish() == []
    pages = sorted(p.name for p in (out / "annotations").glob("page-*.jsonld"))
    assert len(pages) > 3
    before = {p.name: p.stat().st_mtime_ns for p in (out / "annotations").iterdir()}
    for notes in (root / "annotations" / "notes").iterdir():
        notes.unlink()
    result = builder.build()
    assert result.ok
    assert builder.finish() == []
    after = sorted(p.name for p in (out / "annotations").glob("page-*.jsonld"))
    assert 0 < len(after) < len(pages)
    assert not (out / "annotations" / pages[-1]).exists()
    unchanged = [p.name for p in (out / "annotations").glob("mentions*.jsonld")
                 if p.stat().st_mtime_ns == before[p.name]]
    assert unchanged  # the mentions of the glossary that no note edit changes: not written
    full = tmp_path / "full"
    assert build(load_config(root)[0], full).ok
    assert snapshot(out) == snapshot(full)
