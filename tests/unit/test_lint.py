"""The warnings of `check`: forms found nowhere, terms nothing leads to, forms that overlap;
they do not fail a check unless --strict."""
from __future__ import annotations

from sitegen import check, load_config

from ..conftest import sitegen


def warnings_of(root) -> list[str]:
    result = check(load_config(root)[0])
    assert result.ok
    return [f"{d.code}: {d.message}" for d in result.diagnostics if d.severity == "warning"]


def test_a_clean_layer_has_no_warnings(project):
    assert warnings_of(project()) == []


def test_an_alias_found_nowhere(project):
    root = project({"annotations/glossary/pashinyan.yaml": (
        "term: Nikol Pashinyan\naliases: [Pashinyan, Pashinian]\nsummary: PM.\nsee_also: [csto]\n")})
    assert warnings_of(root) == [
        "alias-unmatched: the alias 'Pashinian' of 'pashinyan' occurs in no source: check its "
        "spelling, or remove it"]


def test_a_term_found_nowhere_and_reached_by_nothing(project):
    root = project({"annotations/glossary/zas.yaml": "term: Stanislav Zas\nsummary: X.\n"})
    assert [w.split(":")[0] for w in warnings_of(root)] == ["term-unmatched", "term-unreached"]


def test_a_term_reached_by_a_link_is_not_unreached(project):
    root = project({"annotations/glossary/zas.yaml": "term: Stanislav Zas\nsummary: X.\n",
                    "annotations/glossary/csto.yaml": (
                        "term: CSTO\naliases: [Collective Security Treaty Organization]\n"
                        "summary: An alliance led by [its secretary](term:zas).\n")})
    assert [w.split(":")[0] for w in warnings_of(root)] == ["term-unmatched"]


def test_forms_that_overlap(project):
    root = project({"annotations/glossary/security.yaml": (
        "term: CSTO leaders\nsummary: Y.\nsee_also: [csto]\n")})
    # a form that holds another whole ("CSTO" in "CSTO leaders") is nesting, not overlap
    assert [w for w in warnings_of(root) if w.startswith("forms-overlap")] == []
    root = project({"annotations/glossary/met.yaml": "term: met on Monday\nsummary: Y.\n",
                    "annotations/glossary/monday.yaml": "term: Monday. The\nsummary: Z.\n"})
    assert any(w.startswith("forms-overlap: 'met on Monday' (met) and 'Monday. The' (monday)")
               for w in warnings_of(root))


def test_strict_fails_on_warnings(project):
    root = project({"annotations/glossary/zas.yaml": "term: Stanislav Zas\nsummary: X.\n"})
    assert sitegen("check", cwd=root).returncode == 0
    run = sitegen("check", "--strict", cwd=root)
    assert run.returncode == 1 and "warning: 'zas' matches nowhere" in run.stderr


def test_a_strict_build_with_a_warning_writes_nothing(project, tmp_path):
    root = project({"annotations/glossary/zas.yaml": "term: Stanislav Zas\nsummary: X.\n"})
    out = tmp_path / "out"
    run = sitegen("build", "--strict", "--out", str(out), cwd=root)
    assert run.returncode == 1 and "warning: 'zas' matches nowhere" in run.stderr
    assert f"nothing written (--strict); {out} is as it was" in run.stderr
    assert not out.exists()
    assert sitegen("build", "--out", str(out), cwd=root).returncode == 0  # a warning alone
    assert (out / "glossary/zas/index.html").is_file()
