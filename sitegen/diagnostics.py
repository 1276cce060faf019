"""Problems found in a project, where they are, and how they are printed.

Every stage returns its findings as `Diagnostic` values instead of raising, so one
run reports everything. The three formats are the contract's: GNU-style text,
GitHub workflow commands, and JSON for tools.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Iterable, Literal, NamedTuple

Severity = Literal["error", "warning"]


class Location(NamedTuple):
    """A place in a project file: path relative to the project root, 1-based line and column.
    A named tuple: a large corpus has hundreds of thousands, made on other cores and sent
    back, and tuples travel several times faster than dataclasses."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"


@dataclass(frozen=True)
class Diagnostic:
    where: Location
    message: str
    severity: Severity = "error"
    code: str = ""  # a stable name for tools, e.g. "quote-not-found"
    proposal: str = ""  # the text the message proposes, ready to paste

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


def error(where: Location, message: str, code: str = "", proposal: str = "") -> Diagnostic:
    return Diagnostic(where, message, "error", code, proposal)


def warning(where: Location, message: str, code: str = "") -> Diagnostic:
    return Diagnostic(where, message, "warning", code)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def suggest(word: str, choices: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file and position, duplicates dropped, so output is stable."""
    return sorted(set(diagnostics), key=lambda d: (d.where, d.severity, d.message))


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(f"{d}\n" for d in diagnostics)


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        w = d.where
        props = [f"file={_github_escape(w.path, prop=True)}"]
        if w.line:
            props += [f"line={w.line}", f"col={w.col or 1}"]
        lines.append(f"::{d.severity} {','.join(props)}::{_github_escape(d.message)}\n")
    return "".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    diagnostics = list(diagnostics)
    items = [
        {**d.where._asdict(), "severity": d.severity, "message": d.message,
         **({"code": d.code} if d.code else {}), **({"proposal": d.proposal} if d.proposal else {})}
        for d in diagnostics
    ]
    report = {
        "errors": sum(i["severity"] == "error" for i in items),
        "warnings": sum(i["severity"] == "warning" for i in items),
        "diagnostics": items,
        # quotes the texts no longer hold, each with the passage that replaces it: what a
        # reviewer of a text edit looks at first
        "drift": [{**d.where._asdict(), "proposal": d.proposal} for d in diagnostics
                  if d.code == "quote-not-found"],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": format_text, "github": format_github, "json": format_json}
