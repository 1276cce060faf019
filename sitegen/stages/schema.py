"""The annotation schemas (JSON Schema files in sitegen/schemas/) and the checker that
applies them to located YAML, so every problem names its file, line and column.

The JSON files are the single source of truth: editors' tools read the same files.
The checker knows the subset of JSON Schema they use: type, enum, required, properties,
additionalProperties, items, minItems, minLength, minimum, pattern, $ref.
"""
from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, error, suggest

if TYPE_CHECKING:
    from .load import Located

KINDS = {  # the kinds of file, by the name the layout and `sitegen schema` use
    "glossary": "glossary",
    "crossrefs": "crossref",
    "notes": "notes",
    "timeline": "timeline",
    "source": "source",
    "passage": "passage",
}

TYPE_NAMES = {
    "string": "text", "array": "a list", "object": "a mapping of keys to values",
    "boolean": "true or false", "integer": "a whole number", "number": "a number",
    "null": "empty",
}
TAG_TYPES = {  # which schema types a YAML value may stand for
    "str": {"string"}, "timestamp": {"string"}, "int": {"integer"},
    "float": {"number"}, "bool": {"boolean"}, "null": {"null"}, "map": {"object"},
    "seq": {"array"},
}
TAG_NAMES = {
    "str": "text", "timestamp": "a date", "int": "a number", "float": "a number",
    "bool": "true/false", "null": "empty", "map": "a mapping", "seq": "a list",
}
PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "ids hold only lowercase letters, digits and single hyphens",
    "^https?://": "it must start with http:// or https://",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema by file stem ('glossary', 'crossref', 'passage', …), as shipped in the package."""
    text = resources.files("sitegen").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def schema_text(kind: str) -> str:
    """A kind's schema as shipped: the JSON file editors' tools read."""
    return resources.files("sitegen").joinpath(f"schemas/{KINDS[kind]}.schema.json").read_text("utf-8")


def schema_for(kind: str) -> dict[str, Any]:
    return load_schema(KINDS[kind])


def describe(schema: dict, default: str = "value") -> str:
    """What a schema's values are called in messages: its title without 'sitegen '."""
    return _resolve(schema).get("title", default).removeprefix("sitegen ")


def _resolve(schema: dict) -> dict:
    ref = schema.get("$ref")
    return load_schema(ref.removesuffix(".schema.json")) if ref else schema


def check(node: Located, schema: dict, what: str, key: str = "") -> list[Diagnostic]:
    """Every way `node` fails `schema`; `what` names the thing for messages ('glossary term')."""
    schema = _resolve(schema)
    if node.tag == "invalid":
        return []  # already reported by the loader
    label = f"'{key}'" if key else what
    allowed = schema.get("type")
    allowed = {allowed} if isinstance(allowed, str) else set(allowed or ())
    if "enum" in schema:
        if node.tag in ("str", "int", "float", "bool") and node.value in schema["enum"]:
            return []
        choices = ", ".join(map(str, schema["enum"]))
        got = node.value if node.tag != "null" else ""
        return [error(node.where, f"{label} must be one of {choices}; got '{got}'."
                                  f"{suggest(str(got), map(str, schema['enum']))}")]
    if allowed and not (TAG_TYPES[node.tag] & allowed):
        return [error(node.where, _type_message(label, allowed, node))]
    if node.tag == "map":
        return _check_map(node, schema, what)
    if node.tag == "seq":
        return _check_seq(node, schema, what, label)
    return _check_scalar(node, schema, label)


def _type_message(label: str, allowed: set[str], node: Located) -> str:
    want = " or ".join(TYPE_NAMES[t] for t in sorted(allowed) if t != "null")
    message = f"{label} must be {want}, not {TAG_NAMES[node.tag]}"
    if allowed == {"array"} and node.tag in ("str", "timestamp", "int"):
        value = str(node.value)
        if "\n" in value or len(value) > 60:  # a diagnostic is one line
            return f"{message}: write it as a list, one '- item' per line"
        return f"{message}: write it as a list, [{value}], or one '- item' per line"
    if "string" in allowed and node.tag == "bool":
        return f"{message}: YAML reads {str(node.value).lower()} and yes/no as true/false; " \
               "put the text in quotes"
    if allowed == {"boolean"}:
        return f"{message}: write true or false, without quotes"
    if "string" in allowed and node.tag in ("int", "float"):
        return f"{message}: put it in quotes, \"{node.value}\", to make it text"
    if "string" in allowed and node.tag == "null":
        return f"{message}: write the value after the colon"
    if "string" in allowed and node.tag in ("map", "seq"):
        return f"{message}: put text holding ': ' or starting with '[' or '-' in quotes"
    return message


def _check_map(node: Located, schema: dict, what: str) -> list[Diagnostic]:
    problems = []
    props = schema.get("properties", {})
    unknown = [k for k in node.value if k not in props] \
        if schema.get("additionalProperties") is False else []
    typos = {k: difflib.get_close_matches(k, props, n=1, cutoff=0.6) for k in unknown}
    for name in schema.get("required", ()):
        if name not in node.value and not any(name in close for close in typos.values()):
            hint = props.get(name, {}).get("description", "")
            problems.append(error(node.where, f"{what} is missing the required key '{name}': add "
                                              f"'{name}: …'" + (f" — {hint}" if hint else "")))
    for name, value in node.value.items():
        if name in props:
            problems += check(value, props[name], what, name)
    for name in unknown:
        close = f" Did you mean '{typos[name][0]}'?" if typos[name] else ""
        problems.append(error(node.keys[name], f"unknown key '{name}' in {what}.{close} "
                                               f"Allowed keys: {', '.join(props)}"))
    return problems


def _check_seq(node: Located, schema: dict, what: str, label: str) -> list[Diagnostic]:
    problems = []
    least = schema.get("minItems", 0)
    if len(node.value) < least:
        problems.append(error(node.where, f"{label} needs at least {least} "
                                          f"item{'s' * (least > 1)}, has {len(node.value)}"))
    items = schema.get("items")
    if items:
        for item in node.value:
            problems += check(item, items, describe(items, what))
    return problems


def _check_scalar(node: Located, schema: dict, label: str) -> list[Diagnostic]:
    value = node.value
    if node.tag == "null":
        return []
    if isinstance(value, str):
        if len(value.strip()) < schema.get("minLength", 0):
            return [error(node.where, f"{label} is empty: write the value after the colon")]
        pattern = schema.get("pattern")
        if pattern and not re.search(pattern, value):
            hint = PATTERN_HINTS.get(pattern, schema.get("description", ""))
            return [error(node.where, f"{label} '{value}' is not valid: {hint}")]
    if isinstance(value, int) and not isinstance(value, bool) and "minimum" in schema:
        if value < schema["minimum"]:
            return [error(node.where, f"{label} must be {schema['minimum']} or more, got {value}")]
    return []
