"""What a value is kept by: a digest of what it is made of, salted with the versions of
sitegen (and of its code) and of the libraries whose output it holds, so that an upgrade
starts afresh. The salt is made on first use (reading sitegen's code takes a few tens of
milliseconds, which a command that keeps nothing need not pay).

A value of the model (a source, a term, an annotation, a passage) stands for itself by its
`fingerprint`, made once and kept with it (pickled with it, so a file loaded from the build
cache brings its annotations' fingerprints); `Fingerprint` turns the inputs of a page into
bytes that differ when they differ, each value of the model by its fingerprint."""
from __future__ import annotations

import hashlib
import io
import pickle
import sys
from importlib import metadata
from pathlib import Path

from .model import CrossRef, Event, Note, Passage, Source, Survey, Term

LIBRARIES = ("sitegen", "markdown-it-py", "mdit-py-plugins", "Jinja2", "MarkupSafe", "Pygments",
             "pagefind", "pagefind-bin")
_salt: str | None = None
_salted: tuple | None = None  # the salt, and a hash that has read it: copied for each digest


def salt() -> str:
    """The versions of what kept values depend on, and a digest of sitegen's own code (so
    that a change to it starts afresh even where the version number stays the same)."""
    global _salt
    if _salt is None:
        found = []
        for name in LIBRARIES:
            try:
                found.append(f"{name}={metadata.version(name)}")
            except metadata.PackageNotFoundError:
                found.append(f"{name}=?")
        code = hashlib.blake2b(digest_size=16)
        for path in sorted(Path(__file__).parent.rglob("*.py")):
            code.update(path.read_bytes())
        _salt = " ".join([*found, f"code={code.hexdigest()}", sys.version])
    return _salt


def digest(*parts: str | bytes) -> str:
    """A key for the parts (strings or bytes), salted."""
    global _salted
    if _salted is None or _salted[0] != salt():
        _salted = salt(), hashlib.blake2b(salt().encode(), digest_size=20)
    h = _salted[1].copy()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def fingerprint(value) -> str:
    """The digest of a model value's fields (their repr: plain values, the same every run),
    made once and kept in the value."""
    found = value.__dict__.get("_fingerprint")
    if found is None:
        found = digest(repr(value))
        object.__setattr__(value, "_fingerprint", found)
    return found


class Fingerprint:
    """Plain values (dataclasses, tuples, lists, dicts in their order, strings, numbers) as
    bytes that differ when they differ: pickled without the memo, so that two equal values
    give the same bytes whichever objects they share. The model's annotations, passages and
    sources stand for themselves by their fingerprint (thousands of pages show the same
    terms), and a survey by its key."""

    def __call__(self, value) -> bytes:
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=5)
        pickler.fast = True
        pickler.persistent_id = self._persistent
        pickler.dump(value)
        return out.getvalue()

    def _persistent(self, value):  # called for every object pickled: kept short
        kind = type(value)
        if kind in _STANDING:
            return fingerprint(value)
        return value.survey_key if kind is Survey else None


_STANDING = frozenset((Source, Term, CrossRef, Note, Event, Passage))


def pickled(value) -> bytes:
    """A value as bytes that are the same whenever it is equal: pickled without the memo,
    which would tell shared objects from equal ones."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()
