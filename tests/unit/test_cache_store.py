"""The cache's store: new entries leave memory as they come, yet a build's entries land
whole at its commit or not at all."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sitegen.engine import cache as cache_module
from sitegen.engine.cache import Cache

VALUES = {f"key-{n}": bytes([n]) * 1000 for n in range(20)}


@pytest.fixture
def small_flush(monkeypatch):
    monkeypatch.setattr(cache_module, "FLUSH_BYTES", 2500)  # a flush every third entry


def fill(folder: Path) -> Cache:
    cache = Cache(folder)
    for key, value in VALUES.items():
        cache.put("html", key, value)
    return cache


def test_flushed_entries_are_read_back_and_leave_memory(tmp_path, small_flush):
    cache = fill(tmp_path)
    assert len(cache._new) < 3  # the others went to the store
    assert {key: cache.get("html", key) for key in VALUES} == VALUES
    assert cache.get_many("html", list(VALUES)) == VALUES
    cache.close()


@pytest.mark.parametrize("committed", [True, False])
def test_a_build_that_does_not_commit_leaves_the_last_good_cache(tmp_path, small_flush, committed):
    first = Cache(tmp_path)
    first.put("html", "old", b"kept")
    first.commit()
    first.close()
    cache = fill(tmp_path)  # a build that writes entries, then ends or is killed
    cache.get("html", "old")  # used, so a commit keeps it
    if committed:
        cache.commit()
    cache.close()
    after = Cache(tmp_path)
    found = after.get_many("html", [*VALUES, "old"])
    after.close()
    assert found == ({**VALUES, "old": b"kept"} if committed else {"old": b"kept"})


def test_a_prefetched_key_it_lacks_is_not_looked_for_until_put(tmp_path):
    cache = Cache(tmp_path)
    cache.put("text", "held", b"1")
    cache.commit()
    cache.prefetch("text", ["held", "lacking"])
    assert cache.get("text", "held") == b"1" and cache.get("text", "lacking") is None
    cache.put("text", "lacking", b"2")
    cache._flush()  # out of memory, into the store: found there, not taken as lacking
    assert cache.get("text", "lacking") == b"2"
    cache.close()


def test_a_store_of_the_older_shape_is_started_afresh(tmp_path):
    old = sqlite3.connect(tmp_path / "cache.sqlite")
    old.execute("CREATE TABLE entries (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key)) "
                "WITHOUT ROWID")
    old.execute("INSERT INTO entries VALUES ('html', 'stale', x'00')")
    old.commit()
    old.close()
    cache = fill(tmp_path)
    assert cache.get("html", "stale") is None
    cache.commit()
    cache.close()
    shape = sqlite3.connect(tmp_path / "cache.sqlite")
    tables = shape.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
    shape.close()
    assert "WITHOUT ROWID" not in tables.upper()
    again = Cache(tmp_path)  # the new shape is kept as it is
    assert again.get_many("html", list(VALUES)) == VALUES
    again.close()


PRUNES = [  # (how the second build meets the first's entries, prune, the entries after it)
    ("get", True, {"a", "new"}),
    ("get_many", True, {"a", "new"}),
    ("keep", True, {"a", "new"}),  # kept unread, for a later build
    ("get", False, {"a", "b", "c", "new"}),  # a check: it drops none
]


@pytest.mark.parametrize("use, prune, left", PRUNES)
def test_a_commit_drops_the_entries_the_build_did_not_use(tmp_path, small_flush, use, prune, left):
    first = Cache(tmp_path)
    for key in "abc":
        first.put("html", key, key.encode() * 1000)
    first.commit()
    first.close()
    cache = Cache(tmp_path)
    {"get": lambda: cache.get("html", "a"), "get_many": lambda: cache.get_many("html", ["a"]),
     "keep": lambda: cache.keep("html", ["a"])}[use]()
    cache.put("html", "new", b"n" * 3000)  # flushed into the transaction at once
    cache.commit(prune=prune)
    cache.close()
    with sqlite3.connect(tmp_path / "cache.sqlite") as db:
        assert {key for _, key in db.execute("SELECT kind, key FROM entries")} == left
