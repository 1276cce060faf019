"""Disk to located data: every source's front matter and body, every annotation file
as a tree of values that each know their file, line and column.

Nothing here knows what a glossary term is; `validate` does. Here a file is bytes
that must be UTF-8, YAML that must parse, and a place in the layout.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..config import CONFIG_FILE, Config
from ..diagnostics import Diagnostic, Location, error
from ..files import Stamp, relative, stamp, stamps as scan
from ..model import ID

try:  # libyaml's composer is several times faster; same nodes, same marks
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as YamlLoader

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 100_000  # bounds alias expansion ("billion laughs")
MAX_DEPTH = 100  # bounds nesting, and an alias inside its own anchor
KINDS = ("glossary", "crossrefs", "notes")

_yaml_values = yaml.constructor.SafeConstructor()


@dataclass(frozen=True, eq=False)
class Located:
    """A YAML value with its place. Mappings hold Located values by key and keep each key's place.
    Compared and hashed by identity: a file loaded once is the same value until it changes."""

    value: Any
    where: Location
    tag: str = "str"  # str | int | float | bool | null | timestamp | map | seq | invalid
    keys: dict[str, Location] = field(default_factory=dict)

    def plain(self) -> Any:
        """The value with all positions dropped."""
        if self.tag == "map":
            return {k: v.plain() for k, v in self.value.items()}
        if self.tag == "seq":
            return [v.plain() for v in self.value]
        return self.value


@dataclass(frozen=True)
class RawSource:
    id: str
    path: str
    meta: Located | None  # the front matter mapping
    body: str
    body_line: int


@dataclass(frozen=True)
class Record:
    """One annotation file: its kind ('glossary', 'crossrefs', 'notes', 'timeline') and content."""

    kind: str
    id: str  # the file stem: term id, cross-reference id, noted source id, or 'timeline'
    path: str
    data: Located | None


def read_text(path: str | Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """A file's text: size-checked, UTF-8 (a BOM allowed), line endings made '\\n'."""
    with open(path, "rb") as file:
        data = file.read()
    if len(data) > MAX_FILE_BYTES:
        return None, [error(Location(rel, 1, 1), f"file is {len(data):,} bytes, over the limit of "
                            f"{MAX_FILE_BYTES:,}: split it into smaller files")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [error(Location(rel, line, col),
                            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                            f"{exc.start}): save it with UTF-8 encoding")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[Located | None, list[Diagnostic]]:
    """YAML text to a Located tree; syntax errors and forbidden tags become diagnostics."""
    try:
        node = yaml.compose(text, Loader=YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(rel, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(rel)
        context = exc.context or ""
        if context and exc.context_mark and exc.context_mark.line != getattr(mark, "line", None):
            context += f" (from line {exc.context_mark.line + 1 + line_offset}, column " \
                       f"{exc.context_mark.column + 1})"
        what = " ".join(x for x in (context, exc.problem) if x)
        return None, [error(where, f"YAML syntax error: {what}; check the indentation and quoting "
                                   "on this line or the one before")]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        at = exc.position
        where = Location(rel, text.count("\n", 0, at) + 1 + line_offset, at - text.rfind("\n", 0, at))
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return None, [error(where, f"the character U+{char:04X} is not allowed in YAML "
                                   f"({exc.reason}): remove it")]
    except yaml.YAMLError as exc:
        return None, [error(Location(rel, 1, 1), f"YAML error: {' '.join(str(exc).split())}")]
    if node is None:
        return None, []
    problem = _too_big(node, rel, line_offset) if _may_be_too_big(text) else None
    if problem:
        return Located(None, Location(rel, 1, 1), "invalid"), [problem]
    problems: list[Diagnostic] = []
    return _located(node, rel, line_offset, problems), problems


def _may_be_too_big(text: str) -> bool:
    """Whether `text` could expand past MAX_NODES or MAX_DEPTH: only with an alias ('*'),
    or if it is long, or if it has as many places where a value may open a level (a line,
    a bracket, a sequence's dash, a mapping's colon or question mark) as MAX_DEPTH. Most
    annotation files are a few short lines and need no walk over their values."""
    if "*" in text or len(text) > 10_000:
        return True
    return sum(text.count(c) for c in "\n[{-:?") >= MAX_DEPTH


def _too_big(root: yaml.Node, rel: str, offset: int) -> Diagnostic | None:
    """An error when the value, with every alias expanded, would hold more than MAX_NODES
    values or nest deeper than MAX_DEPTH (an alias inside its own anchor nests without end).
    Each distinct node is visited once, so a "billion laughs" file is refused at once."""
    done: dict[int, tuple[int, int]] = {}  # node → (values, levels) below and including it
    culprit: list[yaml.Node] = []

    def extent(node: yaml.Node, depth: int) -> tuple[int, int]:
        if id(node) in done:
            return done[id(node)]
        if depth > MAX_DEPTH:
            culprit.append(node)
            return MAX_NODES + 1, MAX_DEPTH + 1
        done[id(node)] = (MAX_NODES + 1, MAX_DEPTH + 1)  # while open: an alias back to it loops
        children = ([v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode)
                    else node.value if isinstance(node, yaml.SequenceNode) else [])
        values, levels = 1, 1
        for child in children:
            v, lv = extent(child, depth + 1)
            values, levels = values + v, max(levels, lv + 1)
            if values > MAX_NODES or levels > MAX_DEPTH:
                culprit.append(node)
                break
        done[id(node)] = values, levels
        return values, levels

    values, levels = extent(root, 1)
    if values <= MAX_NODES and levels <= MAX_DEPTH:
        return None
    mark = culprit[0].start_mark
    where = Location(rel, mark.line + 1 + offset, mark.column + 1)
    if levels > MAX_DEPTH:
        return error(where, f"values nest more than {MAX_DEPTH} levels deep (does an alias refer "
                            "to the value that holds it?): remove the anchors and aliases, and "
                            "flatten the lists")
    return error(where, f"more than {MAX_NODES:,} values once aliases are expanded: remove the "
                        "anchors and aliases and write each value out")


def _located(node: yaml.Node, rel: str, offset: int, problems: list) -> Located:
    where = Location(rel, node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    tag = node.tag.rsplit(":", 1)[-1]
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and tag not in ("map", "seq"):
        return _bad_tag(node, where, problems)
    if isinstance(node, yaml.MappingNode):
        values, keys = {}, {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            at = Location(rel, key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            if key in keys:
                problems.append(error(at, f"duplicate key '{key}' (first at line {keys[key].line}): "
                                          "remove one of them"))
                continue
            keys[key] = at
            values[key] = _located(value_node, rel, offset, problems)
        return Located(values, where, "map", keys)
    if isinstance(node, yaml.SequenceNode):
        return Located([_located(v, rel, offset, problems) for v in node.value], where, "seq")
    if tag in ("str", "timestamp", "binary") or node.style:  # quoted scalars are strings
        return Located(node.value, where, "timestamp" if tag == "timestamp" else "str")
    if tag == "bool":
        return Located(_yaml_values.construct_yaml_bool(node), where, "bool")
    if tag == "int":
        return Located(_yaml_values.construct_yaml_int(node), where, "int")
    if tag == "float":
        return Located(_yaml_values.construct_yaml_float(node), where, "float")
    if tag == "null":
        return Located(None, where, "null")
    return _bad_tag(node, where, problems)


def _bad_tag(node: yaml.Node, where: Location, problems: list) -> Located:
    problems.append(error(where, f"the YAML tag '{node.tag}' is not allowed: remove it and write "
                                 "the value as plain text"))
    return Located(None, where, "invalid")  # reported; validation skips it


def _front_matter(text: str, rel: str) -> tuple[Located | None, str, int, list[Diagnostic]]:
    """Split '---' front matter from the body; returns (meta, body, body_line, problems)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1, [error(Location(rel, 1, 1), "no front matter: start the file with a "
                                     "line '---', the metadata (title:, kind:, …), and another '---'")]
    for n in range(1, len(lines)):
        if lines[n].strip() in ("---", "..."):
            meta, problems = parse_yaml("\n".join(lines[1:n]), rel, line_offset=1)
            return meta, "\n".join(lines[n + 1:]), n + 2, problems
    return None, text, 1, [error(Location(rel, 1, 1), "front matter is not closed: add a line "
                                 "'---' after the metadata")]


def _id_problem(stem: str, rel: str, what: str) -> list[Diagnostic]:
    if ID.fullmatch(stem):
        return []
    fixed = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "name"
    return [error(Location(rel, 1, 1), f"{what} id '{stem}' (the file name) may hold only "
                                       f"lowercase letters, digits and single hyphens: rename the "
                                       f"file to '{fixed}{Path(rel).suffix}'")]


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def load_source(config: Config, path: str | Path) -> tuple[RawSource | None, list[Diagnostic]]:
    path = os.fspath(path)
    rel = relative(path, config.root).replace(os.sep, "/")
    stem = _stem(path)
    problems = _id_problem(stem, rel, "source")
    text, read_problems = read_text(path, rel)
    if text is None:
        return None, problems + read_problems
    meta, body, body_line, fm_problems = _front_matter(text, rel)
    return RawSource(stem, rel, meta, body, body_line), problems + fm_problems


def _kind_of(rel_to_annotations: str) -> str | None:
    parts = rel_to_annotations.split("/")
    if len(parts) == 2 and parts[0] in KINDS:
        return parts[0]
    if len(parts) == 1 and _stem(parts[0]) == "timeline":
        return "timeline"
    return None


def load_record(config: Config, path: str | Path) -> tuple[Record | None, list[Diagnostic]]:
    path = os.fspath(path)
    rel = relative(path, config.root).replace(os.sep, "/")
    kind = _kind_of(relative(path, config.annotations_dir).replace(os.sep, "/"))
    if kind is None:
        a = config.annotations
        return None, [error(Location(rel, 1, 1), "not an annotation file the layout knows: glossary terms "
                            f"go in {a}/glossary/<term-id>.yaml, cross-references in "
                            f"{a}/crossrefs/<id>.yaml, notes in {a}/notes/<source-id>.yaml, "
                            f"events in {a}/timeline.yaml")]
    stem = _stem(path)
    problems = _id_problem(stem, rel, {"notes": "source", "glossary": "term"}.get(kind, "file"))
    text, read_problems = read_text(path, rel)
    if text is None:
        return None, problems + read_problems
    data, yaml_problems = parse_yaml(text, rel)
    if yaml_problems and data is None:
        data = Located(None, Location(rel, 1, 1), "invalid")  # reported; not also "empty"
    return Record(kind, stem, rel, data), problems + yaml_problems


def listing(folder: Path, suffixes: tuple[str, ...], known: dict | None,
             changed: set[str] | None) -> list[tuple[str, Stamp]]:
    """The files of a folder with their stamps: scanned, or, when the paths that changed
    since the last scan are known, the last scan brought up to date with just those."""
    base = str(folder)
    if known is None or base not in known or changed is None or any(os.path.isdir(p) for p in changed):
        files = dict(scan(folder, suffixes))
    else:
        files = dict(known.get(base, {}))
        for path in changed:
            if not path.startswith(base + os.sep):
                continue
            hidden = any(part.startswith(".") for part in Path(path[len(base) + 1:]).parts)
            if path.endswith(suffixes) and not hidden and os.path.isfile(path):
                files[path] = stamp(os.stat(path))
            else:
                files.pop(path, None)
    if known is not None:
        known[base] = files
    return sorted(files.items())


def project_files(config: Config, known: dict | None = None, changed: set[str] | None = None
                  ) -> tuple[list[tuple[str, Stamp]], list[tuple[str, Stamp]], list[Diagnostic]]:
    """The source files and the annotation files of the project, with their stamps (see
    `listing` for `known` and `changed`)."""
    problems = []
    if not config.seeds_dir.is_dir():
        problems.append(error(Location(config.seeds), f"no '{config.seeds}/' folder: put the source "
                              "texts there, one Markdown file each"))
    return (listing(config.seeds_dir, (".md",), known, changed),
            listing(config.annotations_dir, (".yaml", ".yml"), known, changed), problems)


def project_pages(config: Config) -> tuple[str, str, list[Diagnostic]]:
    """The texts of the home page's opening (`intro`) and of the contributor guide."""
    problems: list[Diagnostic] = []
    if config.intro and not (config.root / config.intro).is_file():
        problems.append(error(Location(CONFIG_FILE, 1, 1), f"intro = \"{config.intro}\" names "
                              "no file: write the home page's text there, or remove the key"))
    intro = _page_text(config, config.intro, problems)
    contributing = _page_text(config, "CONTRIBUTING.md", problems)
    return intro, contributing, problems


def _page_text(config: Config, rel: str, problems: list[Diagnostic]) -> str:
    """A Markdown file of the project that becomes a page's text; '' when there is none."""
    path = config.root / rel
    if not rel or not path.is_file():
        return ""
    text, found = read_text(path, rel)
    problems += found
    return text or ""
