"""The bundled project, built for real: every page of the contract for every source, term
and cross-reference, markers on every source page, and every link resolving."""
from __future__ import annotations


import pytest

from sitegen import build, check, load_config
from sitegen.engine.cache import Cache

from ..conftest import REPO, source_texts
from ..sitecheck import broken_links, duplicate_ids


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled") / "site"
    result = build(load_config(REPO)[0], out)
    assert [str(d) for d in result.diagnostics if d.severity == "error"] == []
    return result, out


def test_check_is_clean():
    assert [str(d) for d in check(load_config(REPO)[0]).diagnostics if d.severity == "error"] == []


def test_the_five_sources_and_the_fixed_terms(bundled):
    result, _ = bundled
    assert set(result.corpus.sources) == {
        "pashinyan-csto-summit", "eurasianet-armenians-dim-view",
        "kremlin-csc-session-transcript", "trend-analysts-illegal",
        "armenian-troops-in-kazakhstan"}
    assert {"csto", "44-day-war", "article-4"} <= set(result.corpus.terms)


def test_every_page_of_the_contract_exists(bundled):
    result, out = bundled
    pages = ["index.html", "glossary/index.html", "timeline/index.html", "crossrefs/index.html"]
    pages += [f"sources/{s}/index.html" for s in result.corpus.sources]
    pages += [f"glossary/{t}/index.html" for t in result.corpus.terms]
    pages += [f"crossrefs/{x}/index.html" for x in result.corpus.crossrefs]
    missing = [p for p in pages if not (out / p).is_file()]
    assert missing == []


def test_every_source_page_carries_term_and_crossref_markers(bundled):
    result, out = bundled
    for source in result.corpus.sources:
        html = (out / f"sources/{source}/index.html").read_text("utf-8")
        assert "data-term=" in html, source
        assert "data-crossref=" in html, source
        assert 'id="p-1"' in html, source


def test_every_annotation_appears_on_its_pages(bundled):
    """No annotation silently fails to show: each passage's marker is on its source page."""
    result, out = bundled
    pages = {s: (out / f"sources/{s}/index.html").read_text("utf-8")
             for s in result.corpus.sources}
    for x in result.corpus.crossrefs.values():
        for p in x.passages:
            assert f'data-crossref="{x.id}" id="x-{x.id}"' in pages[p.source], (x.id, p.source)
    for n in result.corpus.notes.values():
        assert f'id="n-{n.id}"' in pages[n.source] and f'id="note-{n.id}"' in pages[n.source]
    for e in result.corpus.events.values():
        for p in e.passages:
            assert f'data-event="{e.id}"' in pages[p.source]


def test_the_transcript_is_read_as_speaker_turns():
    turns = source_texts(load_config(REPO)[0])["kremlin-csc-session-transcript"].turns
    speakers = {t.speaker for t in turns}
    assert {"Nikol Pashinyan", "Kassym-Jomart Tokayev", "Stanislav Zas", "Alexander Lukashenko",
            "Vladimir Putin", "Emomali Rahmon", "Akylbek Japarov"} <= speakers
    assert turns[0].label == "Prime Minister of Armenia Nikol Pashinyan"


def test_links_and_ids(bundled):
    _, out = bundled
    assert broken_links(out) == []
    for page in out.rglob("*.html"):
        assert duplicate_ids(page) == [], page


def test_compare_view_marks_the_words_that_differ_in_same_statement_pairs(bundled):
    result, out = bundled
    page = (out / "crossrefs/zas-family/index.html").read_text("utf-8")
    assert page.count('class="passage"') == 2
    # "fulfill our mission as a family" against "accomplish our tasks as one family"
    assert '<mark class="diff">fulfill</mark>' in page
    assert '<mark class="diff">accomplish</mark>' in page
    assert '<mark class="diff">family</mark>' not in page
    contradicts = (out / "crossrefs/troop-figures/index.html").read_text("utf-8")
    assert 'class="diff"' not in contradicts


def test_passages_shown_elsewhere_say_who_said_them(bundled):
    _, out = bundled
    term = (out / "glossary/article-4/index.html").read_text("utf-8")
    assert '<span class="speaker-name">Vladimir Putin:</span>' in term
    timeline = (out / "timeline/index.html").read_text("utf-8")
    assert '<span class="speaker-name">Stanislav Zas</span>, in <cite>Session of CSTO' in timeline
    assert "President of Russia · Russia" in timeline


def test_the_contributor_page_has_highlighted_examples(bundled):
    _, out = bundled
    page = (out / "contribute/index.html").read_text("utf-8")
    assert "<h1>Contributing annotations</h1>" in page
    assert page.count("<pre") >= 4 and 'style="color' in page  # Pygments' colours
    assert 'href="../contribute/"' in (out / "glossary/index.html").read_text("utf-8")


def test_parallel_and_serial_builds_are_identical(tmp_path, monkeypatch):
    """Loading, surveying and rendering on forked workers gives the very files a build in
    one process gives (the bundled site is small: every stage is made to fork)."""
    from sitegen.engine import workers as fan
    from sitegen.engine.runner import Runner
    monkeypatch.setattr(fan, "MIN_ITEMS", 2)
    spread = []

    def watch(step, items, cores):
        if cores > 1:
            spread.append(step)

    serial, parallel, cached = tmp_path / "serial", tmp_path / "parallel", tmp_path / "cached"
    assert build(load_config(REPO)[0], serial, runner=Runner(workers=1, watch=watch)).ok
    assert spread == []
    assert build(load_config(REPO)[0], parallel, runner=Runner(workers=2, watch=watch)).ok
    assert spread == ["file", "survey", "page"]  # each on this process and a forked worker
    # with the cache, the open data is made from it in this process while the workers render
    store = Cache(tmp_path / "cache")
    assert build(load_config(REPO)[0], cached, runner=Runner(cache=store, workers=2)).ok
    store.close()
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()  # noqa: E731
                          for p in sorted(root.rglob("*")) if p.is_file()}
    assert files(serial) == files(parallel) == files(cached)


def test_a_build_that_puts_long_parts_aside_writes_the_same_site(tmp_path, monkeypatch):
    """A large project's surveys keep their long parts (bodies, passages in context, each
    term's first mention, search documents, open-data targets) in a spill file, read back
    by the workers that render: the same files as a build that holds them."""
    from sitegen.engine import publish
    from sitegen.engine import workers as fan
    from sitegen.engine.runner import Runner
    from sitegen.engine.spill import Spill
    monkeypatch.setattr(fan, "MIN_ITEMS", 2)
    held, spilled = tmp_path / "held", tmp_path / "spilled"
    assert build(load_config(REPO)[0], held, workers=2).ok
    monkeypatch.setattr(publish, "SPILL_FROM", 1)
    runner = Runner(workers=2)
    assert build(load_config(REPO)[0], spilled, runner=runner).ok
    stash = runner.parts.stash
    assert isinstance(stash, Spill) and stash._end > 0  # the parts went to the spill file
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()  # noqa: E731
                          for p in sorted(root.rglob("*")) if p.is_file()}
    assert files(held) == files(spilled)
