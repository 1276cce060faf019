"""The command line as an editor runs it: a real subprocess, its output and exit code."""
from __future__ import annotations

import pytest

import json
import subprocess
import sys
from pathlib import Path

from ..conftest import FIXTURES, sitegen
from ..conftest import overlay

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests


def broken(project, *cases: str) -> Path:
    files = {}
    for case in cases:
        files.update(overlay(FIXTURES / "broken" / case))
    return project(files)


def test_check_clean_project_exits_0(project):
    run = sitegen("check", cwd=project())
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def test_check_prints_gnu_errors_and_exits_1(project):
    root = broken(project, "unknown-source", "quote-ambiguous")
    run = sitegen("check", cwd=root)
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith("annotations/crossrefs/troops.yaml:7:12: error: unknown source "
                               "'betta'")
    assert lines[1].startswith("annotations/notes/beta.yaml:1:10: error: quote is ambiguous")
    assert lines[-1] == "2 errors, 0 warnings"
    assert "Traceback" not in run.stderr


def test_check_format_github(project):
    run = sitegen("check", "--format", "github", cwd=broken(project, "unknown-key"))
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "::error file=annotations/glossary/zas.yaml,line=2,col=1::unknown key 'sumary' in "
        "glossary term. Did you mean 'summary'? Allowed keys: term, aliases, case_sensitive, "
        "summary, body, sort, see_also"]


def test_check_format_json(project):
    run = sitegen("check", "--format", "json", cwd=broken(project, "yaml-syntax"))
    assert run.returncode == 1
    report = json.loads(run.stdout)
    assert report["errors"] == 1 and report["warnings"] == 0
    [item] = report["diagnostics"]
    assert (item["path"], item["line"], item["col"], item["severity"]) == \
        ("annotations/glossary/zas.yaml", 4, 1, "error")
    assert item["message"].startswith("YAML syntax error")


def test_build_reports_and_keeps_old_output(project, tmp_path):
    root = project()
    ok = sitegen("build", "--out", str(tmp_path / "out"), cwd=root)
    assert ok.returncode == 0, ok.stderr
    assert "built 10 pages" in ok.stderr  # 9 of the contract and /search/
    (root / "annotations/glossary/csto.yaml").write_bytes(b"term: CSTO\nsummary: \xff\n")
    bad = sitegen("build", "--out", str(tmp_path / "out"), cwd=root)
    assert bad.returncode == 1
    assert "annotations/glossary/csto.yaml:2:10: error: file is not valid UTF-8" in bad.stderr
    assert "nothing written" in bad.stderr
    assert (tmp_path / "out/glossary/csto/index.html").is_file()


def test_found_from_a_subfolder_and_with_root_option(project):
    root = project()
    assert sitegen("check", cwd=root / "annotations" / "glossary").returncode == 0
    assert sitegen("-C", str(root), "check", cwd=root.parent).returncode == 0


def test_a_broken_config_is_an_error_not_a_traceback(project):
    root = project({"pyproject.toml": "[tool.sitegen]\ntitle = 'x'\ntheme = 3\nouput = 'x'\n"})
    run = sitegen("check", cwd=root)
    assert run.returncode == 1
    assert run.stderr.splitlines()[:2] == [
        "pyproject.toml:3:1: error: 'theme' in [tool.sitegen] must be a string, got int: write "
        "theme = \"…\"",
        "pyproject.toml:4:1: error: unknown key 'ouput' in [tool.sitegen]. Did you mean "
        "'output'? Known keys: title, description, base_url, theme, seeds, annotations, output, "
        "repo_url, intro"]


def test_a_text_edit_that_breaks_a_quote_is_reported_as_drift_with_a_fix(project):
    root = project()
    alpha = root / "seeds/alpha.md"
    alpha.write_text(alpha.read_text("utf-8").replace("dispatched 100 soldiers",
                                                      "dispatched a hundred soldiers"), "utf-8")
    run = sitegen("check", "--format", "json", cwd=root)
    assert run.returncode == 1
    [drift] = json.loads(run.stdout)["drift"]
    assert (drift["path"], drift["line"]) == ("annotations/notes/alpha.yaml", 1)
    assert "soldiers" in drift["proposal"]
    note = root / "annotations/notes/alpha.yaml"
    note.write_text(note.read_text("utf-8").replace("100 soldiers", drift["proposal"]), "utf-8")
    assert sitegen("check", cwd=root).returncode == 0  # the proposal, pasted in, anchors


def test_build_timings_name_every_stage(project, tmp_path):
    run = sitegen("build", "--timings", "--out", str(tmp_path / "out"), cwd=project())
    assert run.returncode == 0, run.stderr
    lines = [line.split() for line in run.stderr.splitlines() if line.startswith("  ")]
    assert [line[0] for line in lines] == ["load", "validate", "survey", "link", "render",
                                          "write", "search"]
    peaks = [int(line[4].replace(",", "")) for line in lines]  # the process's peak so far, in MB
    assert all(line[5:] == ["MB", "peak"] for line in lines) and peaks == sorted(peaks)
    assert 10 < peaks[0] < 10_000


def test_a_build_tells_how_each_stage_goes(project, tmp_path):
    from sitegen import build, check, load_config

    config = load_config(project())[0]
    seen: dict[str, list[tuple[int, int]]] = {}
    result = build(config, tmp_path / "out",
                   progress=lambda stage, done, total: seen.setdefault(stage, []).append((done, total)))
    assert result.ok
    assert list(seen) == ["load", "survey", "render", "data", "search"]
    for stage, told in seen.items():  # from none to all, never back
        assert told[0][0] == 0 and told[-1][0] == told[-1][1], stage
        assert [done for done, _ in told] == sorted(done for done, _ in told), stage
    assert seen["load"][-1][1] == 7 and seen["survey"][-1][1] == 2  # files; sources
    data = [p.url for p in result.site.pages if p.url.endswith(".jsonld")]
    assert data == ["annotations.jsonld", "annotations/mentions.jsonld"]  # one for each collection
    assert seen["render"][-1][1] == len(result.site.pages) - 2 and seen["data"][-1][1] == 2
    assert seen["search"][-1][1] == 4  # two sources' documents, two terms'
    heard = []
    assert check(config, progress=lambda stage, done, total: heard.append(stage)).ok
    assert set(heard) == {"load", "survey"}


def on_a_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run the command line with its output on a pseudo-terminal, as in a shell: its exit
    code and all it wrote there."""
    import os
    import pty

    leader, follower = pty.openpty()
    run = subprocess.Popen([sys.executable, "-m", "sitegen", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                           stdout=follower, stderr=follower)
    os.close(follower)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end is closed: the command is done
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return run.wait(timeout=300), seen.decode("utf-8", "replace")


def test_a_long_build_on_a_terminal_shows_each_stage_with_its_rate(tmp_path):
    from ..conftest import synthetic_project

    root = tmp_path / "project"
    synthetic_project(root, docs=150)
    code, shown = on_a_terminal("build", "--out", str(tmp_path / "out"), cwd=root)
    assert code == 0, shown
    lines = shown.split("\r\x1b[K")  # each status replaces the one before
    statuses = [line for line in lines if line.startswith("sitegen: ") and " of " in line]
    stages = list(dict.fromkeys(line.split()[1] for line in statuses))
    assert stages == ["loading", "surveying", "rendering", "writing", "indexing"]
    for verb, noun in (("loading", "files"), ("surveying", "sources"), ("rendering", "pages"),
                       ("indexing", "search documents")):
        last = [line for line in statuses if line.startswith(f"sitegen: {verb} ")][-1]
        done, total = last.split()[2], last.split()[4]
        assert done == total and f" {noun} (" in last and last.endswith("/s)"), last
    assert [line for line in statuses if "surveying" in line][-1].startswith(
        "sitegen: surveying 150 of 150 sources (")
    assert lines[-1].startswith("sitegen: built ")  # the status wiped for the result
    assert "\x1b[K" not in lines[-1]

    code, shown = on_a_terminal("check", "--no-cache", cwd=root)  # the cache would survey nothing
    assert code == 0, shown
    assert "sitegen: surveying 150 of 150 sources (" in shown and "rendering" not in shown
    assert shown.endswith("\r\x1b[K") or "warning" in shown.split("\r\x1b[K")[-1]


def test_a_build_into_a_log_shows_no_status_line(project, tmp_path):
    run = sitegen("build", "--out", str(tmp_path / "out"), cwd=project())
    assert run.returncode == 0, run.stderr
    assert "\r" not in run.stderr and "\x1b" not in run.stderr
    assert run.stderr.startswith("sitegen: built 10 pages into ")


def test_a_theme_that_cannot_render_the_site_is_an_error_before_anything_is_written(
        project, tmp_path):
    """A template the site needs that the theme lacks, or one Jinja2 cannot parse, is named
    by `check` and by `build` at its file (and line), with what to do; never a traceback."""
    root = project()
    templates = root / "themes/default/templates"
    out = tmp_path / "out"
    assert sitegen("build", "--out", str(out), cwd=root).returncode == 0
    (templates / "_body.html").unlink()
    (templates / "base.html").write_text(
        (templates / "base.html").read_text("utf-8") + '{% include "footer.html" %}\n', "utf-8")
    (templates / "term.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{% if %}\n"
                                         "{% endblock %}\n", "utf-8")
    for command in (["check"], ["build", "--out", str(out)]):
        run = sitegen(*command, cwd=root)
        assert run.returncode == 1, run.stderr
        assert "Traceback" not in run.stderr
        lines = run.stderr.splitlines()
        assert "themes/default/templates: error: the theme has no template '_body.html' " \
               "(source.html uses it): add it (the default theme's is a start), or choose " \
               "another theme" in lines
        assert "themes/default/templates: error: the theme has no template 'footer.html' " \
               "(base.html uses it): add it, or choose another theme" in lines
        assert any(line.startswith("themes/default/templates/term.html:3:1: error: template "
                                   "syntax error:") for line in lines)
    assert "nothing written" in run.stderr
    assert (out / "glossary/csto/index.html").is_file()  # the last site is as it was
