"""Where the long parts of a build's surveys are kept (model.Survey): a source's facts, its
page's body, its search document and its open-data targets, about 60 KB a source, held in
one place and fetched for the pages that need them.

`Held` keeps bytes as they are (the preview, a small build). `Spill` puts them in a
temporary file that is already unlinked, so nothing is left behind, and reads them back by
position: a large build's parts (over half a gigabyte at 10,000 sources) are not held in
memory, and the render workers forked later read them through the same file. `Parts`
fetches a survey's parts wherever they are, the build cache included (a warm build reads
there only the parts of the pages it renders).
"""
from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import replace
from typing import NamedTuple

from ..model import Found, Mentions, Survey


class Ref(NamedTuple):
    """Where a survey's long part is kept when it is not in memory: in the spill file
    (`at`, `length`), or in the build cache (`kind`, `key`)."""

    at: int = -1
    length: int = 0
    kind: str = ""
    key: str = ""


class Held:
    """Keeps bytes in memory: the reference is the bytes."""

    def put(self, data: bytes) -> object:
        return data

    def get(self, ref: object) -> bytes:
        return ref  # type: ignore[return-value]

    def close(self) -> None:
        pass


class Spill(Held):
    """Keeps bytes in an unlinked temporary file: the reference is a Ref (at, length)."""

    def __init__(self, folder: str | os.PathLike | None = None) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)  # unlinked: nothing stays behind
        self._fd = self._file.fileno()
        self._end = 0

    def put(self, data: bytes) -> object:
        at = self._end
        view = memoryview(data)
        while view:
            written = os.pwrite(self._fd, view, self._end)
            view = view[written:]
            self._end += written
        return Ref(at, len(data))

    def get(self, ref: object) -> bytes:
        if not isinstance(ref, Ref):
            return ref  # type: ignore[return-value]
        return os.pread(self._fd, ref.length, ref.at)

    def close(self) -> None:
        self._file.close()


class Parts:
    """A build's surveys' long parts, wherever they are: in the survey, in `stash`, or in
    the build `cache` (a Ref with a kind). What the cache holds is read in the building
    process: `prepare` reads ahead what forked workers will need."""

    def __init__(self, stash: Held | None = None, cache=None) -> None:
        self.stash = stash or Held()
        self.cache = cache
        self._read: dict[Ref, bytes] = {}  # what was read of the cache
        self._pid = os.getpid()

    def aside(self, result, long: tuple[str, ...]):
        """The result with its `long` parts put aside in the stash, if it keeps them apart
        (a survey made for a check has no page parts: nothing to put aside)."""
        if not isinstance(self.stash, Spill) or getattr(result, "body", None) is None:
            return result
        return replace(result, **{part: self.stash.put(getattr(result, part)) for part in long})

    def found(self, survey: Survey, passage) -> Found:
        """An anchored passage of the survey's source in context: one run of its facts."""
        place = survey.placed[passage]
        return pickle.loads(self._run(survey.facts, place.at, place.length))

    def body(self, survey: Survey) -> bytes:
        return self._bytes(survey.body)

    def search(self, survey: Survey) -> bytes:
        return self._bytes(survey.search)

    def targets(self, survey: Survey, term_id: str) -> bytes:
        run = survey.runs.get(term_id)
        return b"" if run is None else self._run(survey.targets, run.at, run.length)

    def first(self, survey: Survey, term_id: str) -> Mentions:
        """A term's mentions in the source: how many, and the first in context."""
        run = survey.runs[term_id]
        return pickle.loads(self._run(survey.firsts, run.first_at, run.first_length))

    def _run(self, ref, start: int, length: int) -> bytes:
        if isinstance(ref, Ref) and not ref.kind:  # read just that run of the spill file
            return self.stash.get(Ref(ref.at + start, length))
        return self._bytes(ref)[start:start + length]

    def prepare(self, surveys, facts: bool = True, bodies: bool = False) -> None:
        """Read ahead from the cache the facts (and the bodies) of `surveys`, for processes
        forked next, which cannot read the cache."""
        for survey in surveys:
            for ref in (survey.facts, survey.firsts) if facts else ():
                if isinstance(ref, Ref) and ref.kind:
                    self._bytes(ref)
            if bodies and isinstance(survey.body, Ref) and survey.body.kind:
                self._bytes(survey.body)

    def _bytes(self, ref) -> bytes:
        if isinstance(ref, Ref) and ref.kind:
            found = self._read.get(ref)
            if found is None:
                found = self._read[ref] = self._fetch(ref)
            return found
        return self.stash.get(ref)

    def _fetch(self, ref: Ref) -> bytes:
        if not ref.kind:
            return self.stash.get(ref)
        if os.getpid() != self._pid or self.cache is None:
            raise RuntimeError(f"a survey's {ref.kind} was not read ahead for this process")
        data = self.cache.get(ref.kind, ref.key)
        if data is None:
            raise OSError(f"the build cache lost a survey's {ref.kind}: build with --no-cache")
        return data
