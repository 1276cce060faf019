"""The build cache (.sitegen-cache/): a warm build equals a cold one byte for byte, and
each kind of input change re-renders exactly the pages that show it."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from sitegen import build, check, keys, load_config
from sitegen.build import cores
from sitegen.engine.runner import Runner
from sitegen.engine import cache as cache_module
from sitegen.engine.cache import FOLDER, Cache
from sitegen.urls import source as source_url
from sitegen.urls import term as term_url

from ..conftest import make_project, previewing
from ..sitecheck import indexed_pages
from ..conftest import paged_corpus
from ..conftest import copy_project, edit, snapshot

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests

SUMMIT = "pashinyan-csto-summit"
TRANSCRIPT = "kremlin-csc-session-transcript"
TREND = "trend-analysts-illegal"
DATA = "annotations.jsonld"


def cached_build(root: Path, out: Path, watch=None):
    """A build with the project's cache; `watch` hears what each step makes afresh."""
    cache = Cache(root / FOLDER)
    try:
        result = build(load_config(root)[0], out, runner=Runner(cache=cache, workers=cores(), watch=watch))
    finally:
        cache.close()
    assert result.ok, result.diagnostics
    return result


def surveyed_into(found: list):
    """A watcher that adds to `found` the id of each source surveyed afresh."""
    return lambda step, items, cores: found.extend(job.source.id for job in items) \
        if step == "survey" else None


def rendered(result) -> set[str]:
    """The pages a cached build rendered afresh, but for the few lists it always renders."""
    keyed = {p.url for p in result.site.pages if p.url.startswith(("sources/", "glossary/",
                                                                  "crossrefs/"))
             and p.url not in ("glossary/", "crossrefs/")} | {DATA}
    return {p.url for p in result.site.pages if p.url not in result.site.reused} & keyed


@pytest.fixture
def warm(tmp_path: Path):
    """The bundled project, built once into a warm cache; and how to rebuild it and compare
    the result with a cold build of the same files."""
    root = copy_project(tmp_path / "project")
    first = cached_build(root, tmp_path / "site")

    def again():
        result = cached_build(root, tmp_path / "site")
        cold = build(load_config(root)[0], tmp_path / "cold")
        assert cold.ok
        assert snapshot(tmp_path / "site") == snapshot(tmp_path / "cold")
        return result

    return root, first, again


def test_a_warm_build_with_nothing_changed_writes_nothing(warm, tmp_path):
    root, first, again = warm
    assert not first.site.reused  # the first build rendered everything
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*")}
    result = again()
    assert result.up_to_date and result.pages == first.pages
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*")} == before


def test_a_site_changed_by_hand_is_written_again_from_the_cache(warm, tmp_path):
    root, first, again = warm
    page = tmp_path / "site" / "glossary" / "csto" / "index.html"
    page.write_text("tampered", "utf-8")
    (tmp_path / "site" / "timeline" / "index.html").unlink()
    entry = tmp_path / "site" / "pagefind" / "pagefind-entry.json"
    entry.write_text("{}", "utf-8")
    result = again()  # equal to a cold build: both pages and the search index are back
    assert not result.up_to_date and "tampered" not in page.read_text("utf-8")
    assert entry.read_text("utf-8") != "{}"
    assert cached_build(root, tmp_path / "site").up_to_date  # and known to be as written


def test_an_edit_that_keeps_the_size_and_time_stamp_is_seen(warm):
    """The inputs' key is kept by the files' stamps; an edit of the same length whose time
    stamp is then set back still changes the change time, so the file is read again."""
    root, first, again = warm
    note = root / "annotations" / "notes" / f"{SUMMIT}.yaml"
    text, times = note.read_text("utf-8"), note.stat()
    note.write_text(text.replace("note: The", "note: THE", 1), "utf-8")
    os.utime(note, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert note.stat().st_size == times.st_size and note.stat().st_mtime_ns == times.st_mtime_ns
    result = again()  # equal to a cold build of the edited file
    assert not result.up_to_date and source_url(SUMMIT) in rendered(result)


def test_a_build_with_nothing_changed_loads_none_of_the_stages(tmp_path):
    """The answer "up to date" comes before the parser, the templates and the YAML loader
    are even imported: most of a small site's warm build would be those imports."""
    root = copy_project(tmp_path / "project")
    cached_build(root, root / "site")
    probe = ("import sys\nfrom sitegen.cli import main\ncode = main(['build'])\n"
             "print(code, sorted(m for m in ('sitegen.stages.text', 'markdown_it', 'jinja2', 'yaml',"
             " 'sitegen.stages.theme') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True,
                         text=True, timeout=120)
    assert "is up to date" in run.stderr, run.stderr
    assert run.stdout.split() == ["0", "[]"]
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    run = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True,
                         text=True, timeout=300)
    assert "built" in run.stderr and "'sitegen.stages.text'" in run.stdout  # the probe sees them


def test_a_note_edit_rerenders_its_source_page(warm):
    root, first, again = warm
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    assert rendered(again()) == {source_url(SUMMIT), DATA}


def test_an_edit_indexes_again_only_the_search_parts_of_the_pages_it_changed(tmp_path, monkeypatch):
    """With the index in parts, a note edit re-indexes the part of its source's page alone;
    the site still equals a cold build (of the same parts) byte for byte."""
    from sitegen.output import search
    monkeypatch.setattr(search, "PART_PAGES", 4)
    indexed = []

    def indexing(step, members, cores):  # a part of the index and the documents in it
        if step.startswith("search "):
            indexed.append((step[len("search "):], tuple(sorted(members))))

    root = copy_project(tmp_path / "project")
    cached_build(root, tmp_path / "site", indexing)
    site = tmp_path / "site"
    groups = search.parts(indexed_pages(site))
    assert len(groups) > 2 and sorted(b for b, _ in indexed) == sorted(groups)
    indexed.clear()
    before = {p.relative_to(site).as_posix(): p.stat().st_ino
              for p in (site / search.BUNDLE).rglob("*") if p.is_file()}
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    cached_build(root, site, indexing)
    page = f"sources/{SUMMIT}/index.html"
    assert [(b, m) for b, m in indexed] == [(b, tuple(m)) for b, m in groups.items() if page in m]
    # the other parts are the very files of the last build, linked, not copies
    after = {p.relative_to(site).as_posix(): p.stat().st_ino
             for p in (site / search.BUNDLE).rglob("*") if p.is_file()}
    for bundle in groups:
        files = [f for f in after if search._in(f, bundle) and not f.endswith(search.PARTS)]
        linked = all(after[f] == before.get(f) for f in files)
        assert linked == (bundle not in dict(indexed)), bundle
    assert build(load_config(root)[0], tmp_path / "cold").ok
    assert snapshot(site) == snapshot(tmp_path / "cold")
    # again, now from the spare folder, which holds the first build's index: set right
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Twice. ")
    cached_build(root, site)
    assert build(load_config(root)[0], tmp_path / "cold-2").ok
    assert snapshot(site) == snapshot(tmp_path / "cold-2")
    # fewer parts: those the site no longer has leave no file behind
    monkeypatch.setattr(search, "PART_PAGES", 1000)
    for word in ("Thrice. ", "Four times. "):
        edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", f"note: {word}")
        cached_build(root, site)
    assert not (site / search.BUNDLE / "part-1").exists()
    assert build(load_config(root)[0], tmp_path / "cold-3").ok
    assert snapshot(site) == snapshot(tmp_path / "cold-3")


def test_a_checkout_after_incremental_builds_finds_every_search_part_in_the_cache(tmp_path, monkeypatch):
    """A part linked from the last site's index is still the cache's: a new checkout with
    the cache restored, after builds that linked most parts, re-indexes only the part of the
    page its edit changed."""
    from sitegen.output import search
    monkeypatch.setattr(search, "PART_PAGES", 4)
    indexed = []

    def indexing(step, members, cores):
        if step.startswith("search "):
            indexed.append(step[len("search "):])

    root = copy_project(tmp_path / "project")
    cached_build(root, tmp_path / "site")
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    cached_build(root, tmp_path / "site", indexing)  # the other parts linked, not read
    groups = search.parts(indexed_pages(tmp_path / "site"))
    page = f"sources/{SUMMIT}/index.html"
    [part] = [b for b, members in groups.items() if page in members]
    assert indexed == [part] and len(groups) > 2
    checkout = copy_project(tmp_path / "checkout")
    shutil.copytree(root / FOLDER, checkout / FOLDER)
    edit(checkout / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Twice. ")
    indexed.clear()
    cached_build(checkout, tmp_path / "deployed", indexing)
    assert indexed == [part]
    assert build(load_config(checkout)[0], tmp_path / "cold").ok
    assert snapshot(tmp_path / "deployed") == snapshot(tmp_path / "cold")


def test_unchanged_files_stay_the_same_files_and_a_touched_one_is_written(warm, tmp_path):
    """A warm build links what it did not change from the site it replaces (the same file,
    not a copy), writes what changed, and writes again a file someone touched."""
    root, first, again = warm
    site = tmp_path / "site"
    same, touched = site / "glossary" / "csto" / "index.html", site / "timeline" / "index.html"
    before = {p.relative_to(site): p.stat().st_ino for p in site.rglob("*.html")}
    touched.write_text(touched.read_text("utf-8") + " ", "utf-8")
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    again()
    after = {p.relative_to(site): p.stat().st_ino for p in site.rglob("*.html")}
    assert after[same.relative_to(site)] == before[same.relative_to(site)]
    changed = {p for p in after if after[p] != before.get(p)}
    assert changed == {Path("sources", SUMMIT, "index.html"), touched.relative_to(site)}
    assert not touched.read_text("utf-8").endswith(" ")


def test_a_build_starts_from_the_site_the_last_one_replaced(warm, tmp_path):
    """The site a build replaces is kept as a spare in the cache folder, and the next build
    changes it into the new site instead of making every folder again: after two edits the
    folders are those of the first site, and the site equals a cold build."""
    root, first, again = warm
    site = tmp_path / "site"
    folders = {p.relative_to(site): p.stat().st_ino for p in site.rglob("*") if p.is_dir()}
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    again()
    assert (root / FOLDER / "spare" / "sources").is_dir()
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Twice. ")
    again()
    now = {p.relative_to(site): p.stat().st_ino for p in site.rglob("*") if p.is_dir()}
    assert now[Path("sources")] == folders[Path("sources")]


def test_a_spare_folder_tampered_with_is_not_trusted(warm, tmp_path):
    """Whatever is found in the spare is replaced, not written through: a link planted there
    leads the build nowhere outside the site, and a changed file is not kept."""
    root, first, again = warm
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    again()
    spare = root / FOLDER / "spare"
    outside = tmp_path / "outside"
    outside.mkdir()
    (spare / "timeline" / "index.html").write_text("stale", "utf-8")
    page = spare / "glossary" / "csto"
    shutil.rmtree(page)
    page.symlink_to(outside, target_is_directory=True)
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Twice. ")
    again()  # equal to a cold build
    assert list(outside.iterdir()) == []


def test_only_the_edited_file_is_parsed_again(warm):
    """What the loader made of a file is kept by the file's content: after a note edit, the
    next build parses that one file, and no source or other annotation file."""
    root, first, again = warm
    parsed = []

    def loading(step, items, cores):
        parsed.extend(Path(job.path).relative_to(root).as_posix() for job in items if step == "file")

    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    cached_build(root, root.parent / "site", loading)
    assert parsed == [f"annotations/notes/{SUMMIT}.yaml"]


def test_only_the_sources_an_edit_touches_are_surveyed_again(warm):
    """A source's survey (its text parsed, its passages found, its terms looked for, its
    page's body made) is kept by what it is made of: a note edit surveys the noted source
    again, a source edit that source, a summary edit none."""
    root, first, again = warm
    surveyed = []
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    cached_build(root, root.parent / "site", surveyed_into(surveyed))
    assert surveyed == [SUMMIT]
    surveyed.clear()
    edit(root / "seeds" / f"{TREND}.md", "\n\n", "\n\nA new paragraph.\n\n")
    cached_build(root, root.parent / "site", surveyed_into(surveyed))
    assert surveyed == [TREND]
    surveyed.clear()
    edit(root / "annotations" / "glossary" / "csto.yaml", "  The Collective", "  Edited. The Collective")
    cached_build(root, root.parent / "site", surveyed_into(surveyed))
    assert surveyed == []


def test_a_cache_flushed_as_it_fills_gives_the_same_sites(tmp_path, monkeypatch):
    """New entries go to the store a few at a time during a build: the builds after are
    the same as with everything held until the end."""
    monkeypatch.setattr(cache_module, "FLUSH_BYTES", 20_000)
    root = copy_project(tmp_path / "project")
    first = cached_build(root, tmp_path / "site")
    assert cached_build(root, tmp_path / "site").up_to_date
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    assert rendered(cached_build(root, tmp_path / "site")) == {source_url(SUMMIT), DATA}
    assert first.ok and build(load_config(root)[0], tmp_path / "cold").ok
    assert snapshot(tmp_path / "site") == snapshot(tmp_path / "cold")


def test_a_term_edit_rerenders_where_the_term_shows(warm):
    root, first, again = warm
    edit(root / "annotations" / "glossary" / "csto.yaml", "  The Collective", "  Edited. The Collective")
    mentioned = {source_url(s) for s in first.links.mentions["csto"]}
    see_also = {term_url(t.id) for t in first.corpus.terms.values() if "csto" in t.see_also}
    shown = {url for url in previewing(first, "csto") if url not in ("", "timeline/", "crossrefs/")}
    assert rendered(again()) == mentioned | see_also | shown | {term_url("csto"), DATA}


def test_a_source_edit_rerenders_the_pages_that_show_its_text(warm):
    root, first, again = warm
    path = root / "seeds" / f"{TREND}.md"
    text = path.read_text("utf-8")
    body_word = text.split("\n---\n", 1)[1].split()[5]
    edit(path, f" {body_word} ", f" {body_word} {body_word} ")
    shows = {source_url(TREND)}
    shows |= {term_url(t) for t, sources in first.links.mentions.items() if TREND in sources}
    for x in first.corpus.crossrefs.values():
        if any(p.source == TREND for p in x.passages):
            shows |= {f"crossrefs/{x.id}/"} | {source_url(p.source) for p in x.passages}
    # those whose content changed (a term page whose first mention's words are the same is
    # the same page); the site equals a cold build
    assert {source_url(TREND), DATA} <= rendered(again()) <= shows | {DATA}


def test_a_template_edit_rerenders_the_pages_that_use_it(warm):
    root, first, again = warm
    edit(root / "themes" / "default" / "templates" / "crossref.html", "</h1>", "</h1>\n")
    crossrefs = {f"crossrefs/{x}/" for x in first.corpus.crossrefs}
    assert rendered(again()) == crossrefs


def _pages(result) -> set[str]:
    return {p.url for p in result.site.pages}


def test_a_config_edit_rerenders_everything(warm):
    root, first, again = warm
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    assert len(again().site.reused) > 80  # what an edit leaves as it was is linked, not made
    edit(root / "pyproject.toml", 'title = "', 'title = "Edited: ')
    result = again()
    assert result.site.reused == frozenset() and len(_pages(result)) > 80


def test_another_sitegen_version_starts_afresh(warm, monkeypatch):
    root, first, again = warm
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    assert len(again().site.reused) > 80
    edit(root / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: Edited. ", "note: ")
    monkeypatch.setattr(keys, "_salt", keys.salt() + " sitegen=next")
    result = again()
    assert not result.up_to_date and result.site.reused == frozenset() and len(_pages(result)) > 80


def test_the_command_line_uses_the_cache_and_can_do_without(tmp_path):
    root = copy_project(tmp_path / "project")

    def sitegen(*args: str) -> str:
        run = subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=root,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        return run.stderr

    assert "built" in sitegen("build")
    assert (root / FOLDER / "cache.sqlite").is_file()
    assert "is up to date" in sitegen("build")
    assert "built" in sitegen("build", "--no-cache")  # not up to date: built from scratch
    assert "built" in sitegen("build", "--out", str(tmp_path / "elsewhere"))
    assert snapshot(tmp_path / "elsewhere") == snapshot(root / "site")


def test_a_fresh_checkout_with_the_cache_restored_builds_what_a_cold_build_does(warm, tmp_path):
    """As the deploy workflow builds: a new checkout (every file's time stamp new, no site
    yet) with the last build's cache. Only the edited note's source is surveyed again, and
    the site is byte for byte that of a cold build."""
    root, first, again = warm
    checkout = copy_project(tmp_path / "checkout")
    shutil.copytree(root / FOLDER, checkout / FOLDER)
    edit(checkout / "annotations" / "notes" / f"{SUMMIT}.yaml", "note: ", "note: Edited. ")
    surveyed = []
    result = cached_build(checkout, tmp_path / "deployed", surveyed_into(surveyed))
    assert surveyed == [SUMMIT] and not result.up_to_date
    assert rendered(result) == {source_url(SUMMIT), DATA}  # the rest, the pages the cache kept
    assert build(load_config(checkout)[0], tmp_path / "cold").ok
    assert snapshot(tmp_path / "deployed") == snapshot(tmp_path / "cold")


def test_a_kept_page_changed_in_place_is_rendered_again(warm, tmp_path):
    """The cache keeps the pages as the very files of the site: one edited there by hand
    is no longer the page kept, and a build without that site renders it again."""
    root, first, again = warm
    page = tmp_path / "site" / "sources" / TREND / "index.html"
    with open(page, "ab") as file:  # in place: the file the cache holds too
        file.write(b"<!-- edited by hand -->")
    result = cached_build(root, tmp_path / "elsewhere")
    assert rendered(result) == {source_url(TREND)}
    assert build(load_config(root)[0], tmp_path / "cold").ok
    assert snapshot(tmp_path / "elsewhere") == snapshot(tmp_path / "cold")
    pages = root / FOLDER / "pages"
    assert len(os.listdir(pages)) == len({p.key for p in result.site.pages})  # one build's


def test_a_pull_requests_cached_check_reports_what_an_uncached_check_does(warm, tmp_path):
    """As the check workflow checks a pull request: a new checkout with the deploy's cache
    restored and one file changed, here to a quote that is not in its source. Only that
    file's source is surveyed again (the rest is the build's surveys), and the command
    line's cached check prints exactly what a check without the cache prints."""
    root, first, again = warm
    checkout = copy_project(tmp_path / "checkout")
    shutil.copytree(root / FOLDER, checkout / FOLDER)
    edit(checkout / "annotations" / "notes" / f"{SUMMIT}.yaml", '"Stansilav Zas"', '"Stanislav Zaz"')
    surveyed, loaded = [], []

    def watch(step, items, cores):
        surveyed_into(surveyed)(step, items, cores)
        loaded.extend(Path(job.path).name for job in items) if step == "file" else None

    built = entries(checkout)
    cache = Cache(checkout / FOLDER)
    try:
        cached = check(load_config(checkout)[0], Runner(cache=cache, workers=cores(), watch=watch))
    finally:
        cache.close()
    assert surveyed == [SUMMIT] and loaded == [f"{SUMMIT}.yaml"]
    assert any("quote not found" in d.message for d in cached.diagnostics)

    def checked(*args: str) -> str:
        run = subprocess.run([sys.executable, "-m", "sitegen", "check", "--format", "json", *args],
                             cwd=checkout, capture_output=True, text=True, timeout=300)
        assert run.returncode == 1, run.stderr  # the quote is an error
        return run.stdout

    assert checked() == checked("--no-cache") == checked()
    assert "quote not found" in checked()
    assert entries(checkout) > built  # the check's own added, none of the build's dropped


def entries(root: Path) -> set[tuple[str, str]]:
    """The (kind, key) of every entry of a project's build cache."""
    with closing(sqlite3.connect(root / FOLDER / "cache.sqlite")) as db:
        return set(db.execute("SELECT kind, key FROM entries"))


def open_data_files(site: Path) -> dict[str, int]:
    """Each file of the open data (site-relative) and its inode."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino
            for p in (site / "annotations.jsonld", *(site / "annotations").iterdir())}


def holding(site: Path, text: str) -> set[str]:
    """The files of the open data whose JSON holds `text`."""
    return {name for name in open_data_files(site) if text in (site / name).read_text("utf-8")}


@pytest.fixture
def paged_warm(small_pages, tmp_path):
    """A project whose open data fills many pages, built once into a warm cache; its notes
    and the one file of the open data that holds each; and how to edit a note, build again
    and tell which files of the open data were written (the site checked against a cold
    build, byte for byte)."""
    root = make_project(tmp_path / "project", paged_corpus())
    site = tmp_path / "site"
    first = cached_build(root, site)
    notes = sorted(first.corpus.notes.values(), key=lambda n: n.id)
    pages = {n.id: holding(site, f'#note-{n.id}"') for n in notes}
    assert all(len(found) == 1 and found != {"annotations.jsonld"} for found in pages.values())
    assert len(open_data_files(site)) > 20
    runs = []

    def edit_and_build(note) -> set[str]:
        before = open_data_files(site)
        edit(root / "annotations" / "notes" / f"{note.source}.yaml", f"note: {note.note}",
             f"note: Edited {len(runs)}. {note.note}")
        result = cached_build(root, site)
        after = open_data_files(site)
        assert after.keys() == before.keys()
        cold = tmp_path / f"cold-{len(runs)}"
        runs.append(cold)
        assert build(load_config(root)[0], cold).ok
        assert snapshot(site) == snapshot(cold)
        assert {p.url for p in result.site.pages if p.url not in result.site.reused
                and p.url.endswith(".jsonld")} == {f for f in after if after[f] != before[f]}
        return {f for f in after if after[f] != before[f]}

    return notes, pages, edit_and_build


def test_a_note_edit_rewrites_only_the_open_data_page_that_holds_it(paged_warm):
    """With the open data in many pages, a note edit writes again the one page that holds
    the note; every other file is the very file of the last build (a hard link)."""
    notes, pages, edit_and_build = paged_warm
    assert edit_and_build(notes[0]) == pages[notes[0].id]


def test_the_open_data_files_a_build_linked_are_linked_by_the_next_one_too(paged_warm):
    notes, pages, edit_and_build = paged_warm
    other = next(n for n in notes if pages[n.id] != pages[notes[0].id])
    edit_and_build(notes[0])
    assert edit_and_build(other) == pages[other.id]
