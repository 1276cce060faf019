"""Editors' tools from the command line: `quote`, `new` and `schema`."""
from __future__ import annotations

import json

import yaml

from sitegen import check, load_config
from sitegen.stages.load import parse_yaml
from sitegen.stages.schema import check as check_schema
from sitegen.stages.schema import schema_for

from ..conftest import sitegen


def test_quote_of_unique_words_prints_a_passage_that_anchors(project):
    root = project()
    run = sitegen("quote", "alpha", "Pashinyan dispatched 100 soldiers", cwd=root)
    assert run.returncode == 0, run.stderr
    assert run.stdout == '- source: alpha\n  quote: "Pashinyan dispatched 100 soldiers"\n'


def test_quote_of_repeated_words_proposes_a_prefix_or_suffix_that_anchors(project):
    root = project()
    run = sitegen("quote", "alpha", "CSTO", cwd=root)
    assert run.returncode == 0, run.stderr
    passages = yaml.safe_load(run.stdout)
    assert len(passages) == 2 and all({"prefix", "suffix"} & set(p) for p in passages)
    # pasted into a cross-reference, each proposal anchors, on a different place
    for passage in passages:
        (root / "annotations/crossrefs/pasted.yaml").write_text(yaml.safe_dump({
            "relation": "context", "note": "x",
            "passages": [passage, {"source": "beta", "quote": "Good morning"}]}), "utf-8")
        result = check(load_config(root)[0])
        assert result.ok, [str(d) for d in result.diagnostics]


def test_quote_of_missing_words_lists_the_closest_passages_and_exits_1(project):
    run = sitegen("quote", "alpha", "Pashinyan sent 100 soldiers to Kazakhstan", cwd=project())
    assert run.returncode == 1
    assert run.stdout == ""
    assert "not found in alpha" in run.stderr
    assert "line 11 (82% alike): dispatched 100 soldiers to Kazakhstan." in run.stderr


def test_quote_in_an_unknown_source(project):
    run = sitegen("quote", "alfa", "anything", cwd=project())
    assert run.returncode == 1 and "Did you mean 'alpha'?" in run.stderr


def test_new_writes_each_kind_from_a_template_and_refuses_to_overwrite(project):
    root = project()
    for kind, name, path in (("term", "lake-sevan", "annotations/glossary/lake-sevan.yaml"),
                             ("crossref", "new-pair", "annotations/crossrefs/new-pair.yaml"),
                             ("note", "beta", "annotations/notes/beta.yaml")):
        run = sitegen("new", kind, name, cwd=root)
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == path
        data, problems = parse_yaml((root / path).read_text("utf-8"), path)
        assert problems == []
        schema = {"term": "glossary", "crossref": "crossrefs", "note": "notes"}[kind]
        assert check_schema(data, schema_for(schema), "x") == []  # it has the required keys
        again = sitegen("new", kind, name, cwd=root)
        assert again.returncode == 1 and "exists already" in again.stderr
    assert sitegen("new", "note", "gamma", cwd=root).returncode == 1


def test_schema_prints_the_shipped_schema(project):
    run = sitegen("schema", "glossary", cwd=project())
    assert run.returncode == 0
    schema = json.loads(run.stdout)
    assert schema["required"] == ["term", "summary"] and schema == schema_for("glossary")
