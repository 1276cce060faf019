"""Every error the contract lists, table-driven: each folder of fixtures/broken/ is the
base project with one defect, and expected.txt the exact lines `sitegen check` prints."""
from __future__ import annotations


import pytest

from sitegen import check, load_config
from sitegen.diagnostics import format_text

from ..conftest import FIXTURES, make_project, overlay

CASES = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def test_the_base_project_is_clean(tmp_path):
    result = check(load_config(make_project(tmp_path / "p"))[0])
    assert result.diagnostics == []
    assert len(result.anchors) == 4


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_project(case, tmp_path):
    root = make_project(tmp_path / "p", overlay(case))
    result = check(load_config(root)[0])
    expected = (case / "expected.txt").read_text("utf-8")
    assert expected.strip(), "a broken case must expect at least one error"
    assert format_text(result.diagnostics) == expected
    assert not result.ok


def test_all_errors_in_one_run(tmp_path):
    """Defects in several files are all reported, not just the first."""
    files = {}
    for name in ("unknown-source", "quote-ambiguous", "not-utf8"):
        files.update(overlay(FIXTURES / "broken" / name))
    files["annotations/glossary/zas2.yaml"] = files.pop("annotations/glossary/zas.yaml")
    result = check(load_config(make_project(tmp_path / "p", files))[0])
    paths = {d.where.path for d in result.diagnostics}
    assert paths == {"annotations/glossary/zas2.yaml", "annotations/crossrefs/troops.yaml",
                     "annotations/notes/beta.yaml"}
    assert len(result.diagnostics) == 3


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_github_format_names_the_same_file_and_line(case, tmp_path):
    """Each error, as a GitHub workflow command, lands on its file and line in a pull request."""
    from sitegen.diagnostics import format_github

    root = make_project(tmp_path / "p", overlay(case))
    result = check(load_config(root)[0])
    lines = format_github(result.diagnostics).splitlines()
    assert len(lines) == len(result.diagnostics)
    for line, d in zip(lines, result.diagnostics):
        path = d.where.path.replace(":", "%3A").replace(",", "%2C")
        assert line.startswith(f"::{d.severity} file={path},line={d.where.line},col={d.where.col}::")
        assert line.endswith(d.message.replace("%", "%25"))
