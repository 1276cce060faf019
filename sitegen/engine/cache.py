"""The build cache: what earlier builds computed, on disk in `.sitegen-cache/` of the
project, keyed by the hash of what it was computed from. An unchanged source is neither
parsed nor searched for terms again, an unchanged page is not rendered again, an unchanged
site is not indexed again, and a build whose every input is unchanged writes nothing.

Every key is salted (keys.py), so an upgrade starts afresh. The store is one SQLite
file (the standard library's): reads are cheap, and a build's new entries go into one
transaction as they come (a few tens of megabytes at a time, not the whole site held in
memory), committed at the build's end, so a killed build leaves the last good cache.
Entries a build did not use are dropped then, so the cache holds one build's worth.
"""
from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path
from typing import Any

FOLDER = ".sitegen-cache"
FLUSH_BYTES = 64 << 20  # new entries held in memory before they go to the store


def _open(path: Path) -> sqlite3.Connection:
    """The store: a table of entries in the order they came, and an index of their keys.
    (A table ordered by key, WITHOUT ROWID, as before, holds each large value in the key's
    B-tree: at 10,000 sources writing a build's entries took 4.7 times as long, and a
    lookup 12 times, 70 times when it missed. A store of that shape is started afresh:
    its keys are stale anyway, salted with an older version.)"""
    db = sqlite3.connect(path, isolation_level=None)
    found = db.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()
    if found and "WITHOUT ROWID" in found[0].upper():
        db.close()
        path.unlink()
        db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT, key TEXT, value BLOB)")
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS entries_key ON entries (kind, key)")
    return db


class Cache:
    """Values by (kind, key). `Cache(None)` keeps nothing: every lookup misses."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        self._new: dict[tuple[str, str], bytes] = {}
        self._used: set[tuple[str, str]] = set()
        self._present: set[tuple[str, str]] = set()  # found in the store by this build
        self._fetched: dict[tuple[str, str], bytes] = {}  # read ahead by prefetch
        self._absent: set[tuple[str, str]] = set()  # asked for by prefetch and not held
        self._pending = 0  # bytes of the new entries held in memory
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = _open(folder / "cache.sqlite")
        except (OSError, sqlite3.Error):
            self._db = None  # an unusable cache is no cache: the build goes on without it

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, kind: str, key: str) -> bytes | None:
        if self._db is None:
            return None
        self._used.add((kind, key))
        if (kind, key) in self._new:
            return self._new[kind, key]
        if (kind, key) in self._fetched:
            return self._fetched.pop((kind, key))
        if (kind, key) in self._absent:
            return None
        try:
            row = self._db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?",
                                   (kind, key)).fetchone()
        except sqlite3.Error:
            return None
        if row:
            self._present.add((kind, key))
        return row[0] if row else None

    def get_many(self, kind: str, keys) -> dict[str, bytes]:
        """The values of those `keys` the cache holds, by key, asked in a few queries."""
        return dict(self._select(kind, keys, "key, value"))

    def prefetch(self, kind: str, keys) -> None:
        """Read the values of `keys` at once, for the `get`s to come (one each); a key it
        does not find is not looked for again."""
        wanted = set(keys)
        found = self.get_many(kind, wanted)
        self._fetched.update(((kind, key), value) for key, value in found.items())
        self._absent.update((kind, key) for key in wanted - found.keys())

    def _select(self, kind: str, keys, columns: str) -> list[tuple]:
        """Rows of `columns` (the key first) for those of `keys` the store holds. Many keys
        are found in one pass over the kind's rows, not one query each."""
        if self._db is None:
            return []
        wanted = set(keys)
        self._used.update((kind, key) for key in wanted)
        found = [(key, self._new[kind, key])[:len(columns.split(","))]
                 for key in wanted if (kind, key) in self._new]
        try:
            if len(wanted) > 50:
                rows = [row for row in self._db.execute(
                    f"SELECT {columns} FROM entries WHERE kind = ?", (kind,)) if row[0] in wanted]
            else:
                rows = self._db.execute(
                    f"SELECT {columns} FROM entries WHERE kind = ? AND key IN "
                    f"({','.join('?' * len(wanted))})", (kind, *wanted)).fetchall()
        except sqlite3.Error:
            rows = []
        self._present.update((kind, row[0]) for row in rows)
        return rows + found

    def put(self, kind: str, key: str, value: bytes) -> None:
        """Keep `value` under (kind, key), unless this build found it there already (keys
        are digests of what the value is made of: the same key, the same value)."""
        if self._db is not None and (kind, key) not in self._present:
            self._used.add((kind, key))
            self._absent.discard((kind, key))
            self._new[kind, key] = value
            self._pending += len(value)
            if self._pending > FLUSH_BYTES:
                self._flush()

    def _flush(self) -> None:
        """Move the new entries from memory into the store's open transaction (begun by the
        first flush): a large build does not hold every page twice, and the transaction
        still lands whole at `commit` or not at all."""
        db = self._db
        if db is None or not self._new:
            return
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                           [(k, key, v) for (k, key), v in self._new.items()])
            self._present.update(self._new)
        except sqlite3.Error:
            pass  # not kept: the cache is an aid, the build goes on
        self._new.clear()
        self._pending = 0

    def load(self, kind: str, key: str) -> Any:
        """The object stored under (kind, key), or None."""
        data = self.get(kind, key)
        try:
            return pickle.loads(data) if data is not None else None
        except Exception:  # a damaged entry is a miss
            return None

    def keep(self, kind: str, keys) -> None:
        """Keep these entries past this build's end without reading them: what is made of
        them may be read by a later build."""
        self._used.update((kind, key) for key in keys)

    def load_many(self, kind: str, keys) -> dict[str, Any]:
        """The objects stored under those of `keys` the cache holds, by key, read in a few
        queries and unpickled one by one (the bytes are not all held at once)."""
        found = {}
        for key, data in self._select(kind, keys, "key, value"):
            try:
                found[key] = pickle.loads(data)
            except Exception:  # a damaged entry is a miss
                continue
        return found

    def store(self, kind: str, key: str, value: Any) -> None:
        if self._db is not None:
            self.put(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def replace(self, kind: str, key: str, value: Any) -> None:
        """Store `value` under a key that is not a digest of it (so it may hold another)."""
        self._present.discard((kind, key))
        self.store(kind, key, value)

    def commit(self, prune: bool = True) -> None:
        """Write this build's new entries and (after a whole build, which asks for all it
        needs) drop the ones it did not use, in one step."""
        if self._db is None:
            return
        db = self._db
        self._flush()
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
            if prune:  # the keys read off the index, the unused ones deleted one by one
                stale = [row for row in db.execute("SELECT kind, key FROM entries")
                         if row not in self._used]
                db.executemany("DELETE FROM entries WHERE kind = ? AND key = ?", stale)
            db.execute("COMMIT")
        except sqlite3.Error:
            db.execute("ROLLBACK") if db.in_transaction else None
        self._used.clear()
        self._present.clear()
        self._fetched.clear()
        self._absent.clear()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
