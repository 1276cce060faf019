"""Located data to the typed model: every file checked against its schema on its own
(`source_file`, `record_file`: a file's results depend on nothing else, so they are kept by
its content and made on any core), then every reference between files (source ids, term
ids, duplicate ids) checked across the corpus (`assemble`).
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from ..config import Config
from ..diagnostics import Diagnostic, Location, error
from .load import Located, RawSource, Record, load_record, load_source
from ..model import CrossRef, Event, Note, Passage, Selector, Source, Term
from .schema import check, describe, schema_for
from ..dialect import markdown
from ..keys import fingerprint

EMPTY_FILE = {
    "glossary": "a glossary term needs at least 'term:' and 'summary:'",
    "crossrefs": "a cross-reference needs 'relation:', 'note:' and two or more 'passages:'",
    "notes": "a notes file is a list of notes, each '- quote: …' with 'kind:' and 'note:'",
    "timeline": "the timeline is a list of events, each '- date: …' with 'title:' and 'passages:'",
}


def _text(node: Located | None) -> str:
    if node is None or node.value is None:
        return ""
    return str(node.value)


def _strings(node: Located | None) -> tuple[str, ...]:
    return tuple(_text(item) for item in node.value) if node is not None else ()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Where a link in Markdown may lead: the web, mail, a relative path, or another page of the
# site (the last three, render.SITE_LINKS). Anything else (javascript:, data:, vbscript:,
# file:, …) is an error, however it is written.
LINK_SCHEMES = ("http", "https", "mailto", "term", "crossref", "source")
MARKDOWN_FIELDS = ("summary", "body", "note")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_every_link = markdown()
_every_link.validateLink = lambda url: True  # see the links markdown-it would drop as text too


def link_scheme(url: str) -> str:
    """The scheme a browser could take from `url` however it is disguised (character
    references, percent-encoding, case, white space or control characters); '' if none."""
    for _ in range(3):
        url = html.unescape(unquote(url))
    url = re.sub(r"[\x00-\x20\x7f]+", "", url).lower()
    m = _SCHEME.match(url)
    return m.group(1) if m else ""


# Where a link's destination can start: after "](" or "]:" (and white space), or after "<"
# (an autolink, or a destination in angle brackets). Every link markdown-it finds starts at
# one of these, so when none of them names a scheme outside LINK_SCHEMES, none of the links
# does, and a text full of ordinary links needs no parse.
_CANDIDATE = re.compile(r"(?:\]\(|\]:)(?=\s*(<[^>\n]*|[^\s)>]*))|<(?=([^>\n]*))")  # may overlap


def _candidate_schemes(text: str) -> set[str]:
    """The schemes of every place a link could lead from, read as link_scheme reads them
    (backslash escapes dropped, as markdown-it drops them); '' where there is none."""
    return {link_scheme((inline or auto).lstrip("<").replace("\\", ""))
            for inline, auto in _CANDIDATE.findall(text)} - {""}


def bad_links(text: str) -> list[tuple[int, str, str]]:
    """(line in `text`, 0-based; the link; its scheme) for each link or image of the
    Markdown `text` that leads anywhere but LINK_SCHEMES or a relative path."""
    if not any(scheme not in LINK_SCHEMES for scheme in _candidate_schemes(text)):
        return []  # no link can lead anywhere else: no need to parse
    return parsed_bad_links(text)


def parsed_bad_links(text: str) -> list[tuple[int, str, str]]:
    """bad_links, always by parsing `text`."""
    found = []
    for token in _every_link.parse(text):
        line = token.map[0] if token.map else 0
        for child in token.children or ():
            line += child.type in ("softbreak", "hardbreak")
            url = child.attrGet("href" if child.type == "link_open" else "src")
            if child.type in ("link_open", "image") and url is not None:
                scheme = link_scheme(str(url))
                if scheme and scheme not in LINK_SCHEMES:
                    found.append((line, str(url), scheme))
    return found


def _link_error(where: Location, what: str, url: str, scheme: str) -> Diagnostic:
    shown = url if len(url) <= 60 else url[:57] + "..."
    return error(where, f"the link '{shown}' in {what} uses '{scheme}:', which is not allowed: "
                        "link to an http:, https: or mailto: address, a relative path, or "
                        "term:, crossref: or source:, or remove the link", code="link-scheme")


def _link_problems(data: Located) -> list[Diagnostic]:
    """Links in a file's Markdown fields (summary, body, note) that lead where they may not."""
    problems = []
    for item in data.value if data.tag == "seq" else [data]:
        for key in MARKDOWN_FIELDS if item.tag == "map" else ():
            node = item.value.get(key)
            if node is not None and node.tag == "str":
                problems += [_link_error(node.where, f"'{key}'", url, scheme)
                             for _, url, scheme in bad_links(node.value)]
    return problems


def _source(raw: RawSource) -> tuple[Source | None, list[Diagnostic]]:
    if raw.meta is None:
        return None, []  # the loader said why
    problems = check(raw.meta, schema_for("source"), describe(schema_for("source")))
    if problems or raw.meta.tag != "map":
        return None, problems
    problems = [_link_error(Location(raw.path, raw.body_line + line, 1), "the text", url, scheme)
                for line, url, scheme in bad_links(raw.body)]
    m = raw.meta.value
    return Source(
        id=raw.id, path=raw.path, title=_text(m.get("title")), publisher=_text(m.get("publisher")),
        author=_text(m.get("author")), date=_text(m.get("date")), kind=_text(m.get("kind")),
        origin=_text(m.get("origin")), url=_text(m.get("url")),
        body_line=raw.body_line, where=Location(raw.path, 1, 1),
    ), problems


def _passage(node: Located, source: str = "") -> Passage:
    m = node.value
    return Passage(
        source=_text(m.get("source")) or source,
        selector=Selector(quote=_text(m["quote"]), prefix=_text(m.get("prefix")),
                          suffix=_text(m.get("suffix")),
                          occurrence=int(m["occurrence"].value) if "occurrence" in m else 0),
        where=m["quote"].where,
    )


def _checked(record: Record) -> tuple[Located | None, list[Diagnostic]]:
    """The record's data if it passes its schema, with the problems it has."""
    if record.data is not None and record.data.tag == "invalid":
        return None, []  # the loader said why
    if record.data is None or record.data.tag == "null":
        return None, [error(Location(record.path, 1, 1),
                            f"file is empty: {EMPTY_FILE[record.kind]}")]
    schema = schema_for(record.kind)
    problems = check(record.data, schema, describe(schema))
    return (None if problems else record.data), problems


def _places(data: Located) -> dict[str, Location]:
    """Where each alias and see_also id of a term file is written, for messages about them."""
    m = data.value
    places = {_text(m["term"]).strip(): m["term"].where}
    for key in ("aliases", "see_also"):
        for item in m[key].value if key in m else ():
            places.setdefault(_text(item), item.where)
    return places


def _term(record: Record, data: Located) -> Term:
    m = data.value
    return Term(
        id=record.id, name=_text(m["term"]).strip(), aliases=_strings(m.get("aliases")),
        case_sensitive=bool(m["case_sensitive"].value) if "case_sensitive" in m else True,
        summary=_text(m["summary"]), body=_text(m.get("body")), see_also=_strings(m.get("see_also")),
        where=data.where, sort=_text(m.get("sort")).strip(),
    )


def _crossref(record: Record, data: Located) -> CrossRef:
    m = data.value
    note = _text(m["note"])
    return CrossRef(id=record.id, relation=_text(m["relation"]), note=note,
                    passages=tuple(_passage(p) for p in m["passages"].value), where=data.where,
                    title=" ".join(_text(m.get("title")).split()) or first_sentence(note))


TITLE_CHARS = 90  # of a note's first sentence, when it stands for a title


def first_sentence(text: str) -> str:
    """The first sentence of Markdown `text` as plain words, without its full stop, cut at a
    word (with an ellipsis) when long: what names a cross-reference that has no title."""
    tokens = _plain.parse(text)
    inline = next((t for t in tokens if t.type == "inline"), None)
    words = " ".join("".join(c.content if c.type in ("text", "code_inline") else " "
                             if c.type in ("softbreak", "hardbreak") else ""
                             for c in inline.children or ()).split()) if inline else ""
    found = re.match(r"(.+?[.!?])(?=\s|$)", words)
    sentence = (found.group(1) if found else words).removesuffix(".")
    if len(sentence) <= TITLE_CHARS:
        return sentence
    cut = sentence[:TITLE_CHARS]
    return (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(",;:") + "…"


_plain = markdown()


def _notes(record: Record, data: Located) -> list[Note]:
    notes = []
    for n, item in enumerate(data.value, 1):
        m = item.value
        notes.append(Note(id=_text(m.get("id")) or f"{record.id}-{n}", source=record.id,
                          kind=_text(m["kind"]), note=_text(m["note"]),
                          passage=_passage(item, record.id), where=item.where))
    return notes


def _events(data: Located) -> list[Event]:
    events = []
    for item in data.value:
        m = item.value
        date, title = _text(m["date"]), _text(m["title"])
        events.append(Event(id=_text(m.get("id")) or slug(f"{date} {title}"), date=date,
                            title=title, passages=tuple(_passage(p) for p in m["passages"].value),
                            where=item.where))
    return events


SITE_LINK = re.compile(r"\]\((term|crossref|source):([^)#\s]*)")


def written_links(item) -> list[tuple[Location, str, str]]:
    text = item.summary + item.body if isinstance(item, Term) else getattr(item, "note", "")
    return [(item.where, kind, target) for kind, target in SITE_LINK.findall(text)]


class SourceFile(NamedTuple):
    """A source file checked: the source (None if it has a problem), its problems, its id
    if it could be read at all (even with bad metadata, it exists), and its text."""

    source: Source | None
    problems: list[Diagnostic]
    id: str | None
    body: str = ""


class RecordFile(NamedTuple):
    """An annotation file checked on its own: its kind, its id (the file stem), its
    annotations (terms, a cross-reference, notes or events), where its term's forms are
    written, the links its Markdown has, and its problems."""

    kind: str
    id: str
    path: str
    items: list
    places: dict[str, Location]
    links: list[tuple[Location, str, str]]
    problems: list[Diagnostic]


def source_file(config: Config, path: str | Path) -> SourceFile:
    raw, problems = load_source(config, path)
    if raw is None:
        return SourceFile(None, problems, None)
    source, found = _source(raw)
    if source is not None:
        fingerprint(source)  # made here, on the core that loads the file, and kept with it
    return SourceFile(source, problems + found, raw.id, raw.body)


def record_file(config: Config, path: str | Path) -> RecordFile:
    """An annotation file loaded and checked; of no kind (and no items) if the layout does
    not know it or it cannot be read."""
    record, problems = load_record(config, path)
    if record is None:
        return RecordFile("", "", os.path.relpath(path, config.root).replace(os.sep, "/"), [], {}, [],
                          problems)
    return check_record(record, problems)


def _refused(node: Located) -> bool:
    """Whether the loader refused a value inside (a tag it does not allow: reported)."""
    if node.tag == "map":
        return any(_refused(v) for v in node.value.values())
    if node.tag == "seq":
        return any(_refused(v) for v in node.value)
    return node.tag == "invalid"


def check_record(record: Record, problems: list[Diagnostic]) -> RecordFile:
    """One file's annotations, where its term's forms are written, the links its Markdown
    has, and its problems: all of it from this file alone."""
    data, found = _checked(record)
    problems = problems + found
    if data is None or _refused(data):  # a value the loader refused is reported
        return RecordFile(record.kind, record.id, record.path, [], {}, [], problems)
    problems += _link_problems(data)
    places = {}
    if record.kind == "glossary":
        items, places = [_term(record, data)], _places(data)
    elif record.kind == "crossrefs":
        items = [_crossref(record, data)]
    elif record.kind == "notes":
        items = _notes(record, data)
    else:
        items = _events(data)
    for item in items:
        fingerprint(item)  # made here, on the core that loads the file, and kept with it
    return RecordFile(record.kind, record.id, record.path, items, places,
                      [link for item in items for link in written_links(item)], problems)
