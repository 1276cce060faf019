"""What a page or a survey is made of, as bytes that tell it apart: the fingerprint the
build cache keys pages and surveys by."""
from __future__ import annotations

import io
import pickle

from .facts import Survey
from .model import CrossRef, Event, Note, Passage, Source, Term


class Fingerprint:
    """Plain values (dataclasses, tuples, lists, dicts in their order, strings, numbers) as
    bytes that differ when they differ: pickled without the memo, so that two equal values
    give the same bytes whichever objects they share. The model's annotations, passages and
    sources stand for themselves by their fingerprint (model.Fingerprinted: thousands of
    pages show the same terms), and a survey by its key."""

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
            return value.fingerprint
        return value.survey_key if kind is Survey else None


_STANDING = frozenset((Source, Term, CrossRef, Note, Event, Passage))
