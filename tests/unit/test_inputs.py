"""Hostile or odd input files, table-driven: each is added to the base project and `check`
must give exactly the expected error (file, line, column, and the fix), quickly, and
never raise."""
from __future__ import annotations

import time

import pytest

from sitegen import check, load_config
from sitegen.stages.load import MAX_FILE_BYTES

from ..conftest import make_project
from sitegen.stages.validate import source_file

GLOSSARY = "annotations/glossary"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefghijk", "bcdefghijkl"))

CASES = {
    # name: (files, the error line `check` prints, or "" for none)
    "alias bomb": ({f"{GLOSSARY}/laughs.yaml": LAUGHS},
                   (f"{GLOSSARY}/laughs.yaml:6:4: error: more than 100,000 values once aliases "
                   "are expanded: remove the anchors and aliases and write each value out")),
    "alias inside its anchor": (
        {f"{GLOSSARY}/loop.yaml": "term: &a [Loop, *a]\nsummary: s\n"},
        (f"{GLOSSARY}/loop.yaml:1:7: error: values nest more than 100 levels deep (does an alias "
        "refer to the value that holds it?): remove the anchors and aliases, and flatten the lists")),
    "deep nesting": ({f"{GLOSSARY}/deep.yaml": "term: " + "[" * 500 + "]" * 500 + "\n"},
                     f"{GLOSSARY}/deep.yaml:1:"),
    "alias in front matter": (
        {"seeds/gamma.md": "---\ntitle: &t [*t]\nkind: news\n---\n\nText.\n"},
        "seeds/gamma.md:2:8: error: values nest more than 100 levels deep"),
    "python tag": ({f"{GLOSSARY}/tag.yaml": "term: !!python/object/apply:os.system [ls]\n"
                                            "summary: s\n"},
                   (f"{GLOSSARY}/tag.yaml:1:7: error: the YAML tag "
                   "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: remove it "
                   "and write the value as plain text")),
    "control character": ({f"{GLOSSARY}/ctl.yaml": "term: A\x07\nsummary: s\n"},
                          (f"{GLOSSARY}/ctl.yaml:1:8: error: the character U+0007 is not allowed "
                           "in YAML (control characters are not allowed): remove it")),
    "BOM and CRLF": ({"seeds/delta.md": b"\xef\xbb\xbf---\r\ntitle: D\r\npublisher: P\r\n"
                                        b"date: 2022\r\nkind: news\r\norigin: X\r\n---\r\n\r\n"
                                        b"The delta text\r\nspans two lines.\r\n",
                      "annotations/notes/delta.yaml": b"\xef\xbb\xbf- quote: delta text spans "
                                                      b"two\r\n  kind: context\r\n  note: n\r\n"},
                     ""),
    "not UTF-8 (source)": ({"seeds/eps.md": b"---\ntitle: E\nkind: news\n---\n\nCaf\xe9\n"},
                           ("seeds/eps.md:6:4: error: file is not valid UTF-8 (byte 0xe9 at "
                           "offset 32): save it with UTF-8 encoding")),
    "not UTF-8 (annotation)": ({f"{GLOSSARY}/csto.yaml": b"term: CSTO\nsummary: \xc3\x28\n"},
                               (f"{GLOSSARY}/csto.yaml:2:10: error: file is not valid UTF-8 (byte "
                               "0xc3 at offset 20): save it with UTF-8 encoding")),
    "over the size limit": ({f"{GLOSSARY}/big.yaml": "term: Big\nsummary: "
                             + "a" * MAX_FILE_BYTES + "\n"},
                            (f"{GLOSSARY}/big.yaml:1:1: error: file is 2,000,020 bytes, over the "
                            "limit of 2,000,000: split it into smaller files")),
    "uppercase id": ({f"{GLOSSARY}/CSTO2.yaml": "term: C2\nsummary: s\n"},
                     (f"{GLOSSARY}/CSTO2.yaml:1:1: error: term id 'CSTO2' (the file name) may hold "
                     "only lowercase letters, digits and single hyphens: rename the file to "
                     "'csto2.yaml'")),
    "dots in an id": ({"seeds/..alpha.md": "---\ntitle: A\nkind: news\n---\n\nText.\n",
                       f"{GLOSSARY}/a..b.yaml": "term: Ab\nsummary: s\n"},
                      (f"{GLOSSARY}/a..b.yaml:1:1: error: term id 'a..b' (the file name) may "
                      "hold only lowercase letters, digits and single hyphens: rename the file "
                      "to 'a-b.yaml'")),
    "slash (a subfolder)": ({f"{GLOSSARY}/x/y.yaml": "term: Y\nsummary: s\n"},
                            (f"{GLOSSARY}/x/y.yaml:1:1: error: not an annotation file the layout "
                            "knows")),
}


@pytest.mark.parametrize("files,expected", CASES.values(), ids=CASES.keys())
def test_bad_input_is_one_clear_error(tmp_path, files, expected):
    root = make_project(tmp_path / "p", files)
    started = time.perf_counter()
    result = check(load_config(root)[0])
    assert time.perf_counter() - started < 2.0  # the whole check of a small project
    errors = [str(d) for d in result.diagnostics if d.severity == "error"]
    if not expected:
        assert errors == []
        return
    assert any(e.startswith(expected) for e in errors), errors


def test_an_alias_bomb_is_refused_in_well_under_a_second():
    from sitegen.stages.load import parse_yaml

    deeper = LAUGHS + "".join(f"z{n}: &z{n} [{', '.join(['*l'] * 9)}]\n" for n in range(20))
    started = time.perf_counter()
    data, problems = parse_yaml(deeper, "x.yaml")
    assert time.perf_counter() - started < 0.2
    assert data.tag == "invalid" and len(problems) == 1


def test_crlf_and_bom_leave_no_carriage_return_in_the_values(tmp_path):
    files = {f"{GLOSSARY}/csto.yaml": b"\xef\xbb\xbfterm: CSTO\r\nsummary: |\r\n  Two\r\n  lines.\r\n"}
    result = check(load_config(make_project(tmp_path / "p", files))[0])
    assert result.corpus.terms["csto"].summary == "Two\nlines.\n"
    config = load_config(tmp_path / "p")[0]
    assert "\r" not in source_file(config, config.seeds_dir / "alpha.md").body
