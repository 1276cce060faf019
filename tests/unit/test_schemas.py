"""The shipped JSON Schemas and the loader agree: a standard validator (jsonschema) accepts
every annotation of the repository and rejects each bad example the loader rejects for
what a file holds."""
from __future__ import annotations

import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from sitegen.stages.load import parse_yaml

from ..conftest import FIXTURES, REPO

FOLDERS = {"glossary": "glossary", "crossrefs": "crossref", "notes": "notes"}


def schemas() -> dict[str, dict]:
    folder = resources.files("sitegen").joinpath("schemas")
    return {p.name: json.loads(p.read_text("utf-8")) for p in folder.iterdir()
            if p.name.endswith(".schema.json")}


def validator(name: str) -> Draft202012Validator:
    shipped = schemas()
    registry = Registry().with_resources(
        (file, Resource.from_contents(schema)) for file, schema in shipped.items())
    return Draft202012Validator(shipped[f"{name}.schema.json"], registry=registry)


def schema_of(path) -> str:
    parts = path.relative_to(path.parents[1]).parts
    return "timeline" if path.name == "timeline.yaml" else FOLDERS[parts[0]]


def data_of(path):
    located, problems = parse_yaml(path.read_text("utf-8"), path.name)
    assert problems == []
    return located.plain()  # YAML 1.2 as editors' tools read it: dates stay text


ANNOTATIONS = sorted((REPO / "annotations").rglob("*.yaml"))


@pytest.mark.parametrize("path", ANNOTATIONS, ids=[p.name for p in ANNOTATIONS])
def test_the_schemas_accept_every_annotation_of_the_repository(path):
    errors = list(validator(schema_of(path)).iter_errors(data_of(path)))
    assert errors == []


SCHEMA_CASES = ["missing-key", "unknown-key", "wrong-type", "bad-enum", "bad-occurrence"]


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_the_schemas_reject_what_the_loader_rejects(case):
    for path in (FIXTURES / "broken" / case / "annotations").rglob("*.yaml"):
        assert list(validator(schema_of(path)).iter_errors(data_of(path))), path


def test_source_front_matter_schema_rejects_the_bad_metadata_case():
    text = (FIXTURES / "broken/source-metadata/seeds/gamma.md").read_text("utf-8")
    front = text.split("---\n")[1]
    located, _ = parse_yaml(front, "gamma.md")
    assert len(list(validator("source").iter_errors(located.plain()))) == 2
