"""A build killed at any moment loses nothing: `sitegen build` in a subprocess is killed
(SIGKILL, no chance to clean up) while it writes; the previous site must be complete and
byte for byte as it was, and the next build must succeed and remove what the killed one
left behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import copy_project, edit, snapshot

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests

NOTE = "annotations/notes/pashinyan-csto-summit.yaml"


def sitegen_build(root: Path, out: Path) -> subprocess.Popen:
    # its own process group, so that the kill reaches the search indexer it runs too
    return subprocess.Popen([sys.executable, "-m", "sitegen", "build", "--out", str(out)],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.tmp-*"))


def built(root: Path, out: Path) -> dict[str, bytes]:
    run = sitegen_build(root, out)
    assert run.wait(timeout=120) == 0, run.stderr.read()
    return snapshot(out)


EDITED = ("A stray article", "An article the killed build would have written")


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """The project, its site, and the site before and after an edit (each built whole)."""
    base = tmp_path_factory.mktemp("atomic")
    root = copy_project(base / "project")
    edit(root / NOTE, *EDITED)
    after = built(root, base / "after")
    edit(root / NOTE, *reversed(EDITED))
    out = base / "site"
    return root, out, built(root, out), after


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.1, 0.3])
def test_a_build_killed_while_writing_leaves_the_previous_site(first, delay):
    root, out, before, after = first
    assert snapshot(out) == before
    edit(root / NOTE, *EDITED)  # the killed build writes a different site
    build = sitegen_build(root, out)
    try:
        deadline = time.monotonic() + 60
        while not leftovers(out):  # the new site is being written beside the old one
            assert build.poll() is None, "the build ended before it began to write"
            assert time.monotonic() < deadline
            time.sleep(0.001)
        time.sleep(delay)
        try:
            os.killpg(build.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it had finished
    finally:
        build.wait(timeout=30)
        edit(root / NOTE, *reversed(EDITED))
    site = snapshot(out)
    assert site == before or site == after  # whole, never a mix; `after` if the swap was done
    if delay == 0.0:
        assert site == before and build.returncode == -signal.SIGKILL
    assert built(root, out) == before  # the next build succeeds, from the same input the same bytes
    assert leftovers(out) == []  # and the killed build's folder is gone


def test_two_builds_of_the_same_input_are_byte_identical(first, tmp_path):
    root, _, before, _ = first
    assert built(root, tmp_path / "elsewhere") == before


@pytest.mark.parametrize("cached", [False, True])
def test_a_disk_error_while_pages_are_written_leaves_the_previous_site(first, monkeypatch, cached):
    """Pages go to disk as they are rendered; a write that fails halfway is an error that
    names the output, and the site is as it was, with nothing left beside it."""
    from sitegen import build, load_config
    from sitegen.engine.cache import FOLDER, Cache
    from sitegen.output.write import Filler

    root, out, before, _ = first
    edit(root / NOTE, *EDITED)
    written = []
    real = Filler.page
    limit = 1 if cached else 20  # with the cache, the edit's two pages alone are written

    def failing(self, page):
        if len(written) == limit:
            raise OSError(28, "No space left on device")
        written.append(page.url)
        real(self, page)

    monkeypatch.setattr(Filler, "page", failing)
    cache = Cache(root / FOLDER if cached else None)
    try:
        result = build(load_config(root)[0], out, cache=cache)
    finally:
        cache.close()
        edit(root / NOTE, *reversed(EDITED))
    assert not result.ok and len(written) == limit
    assert any("could not write the site" in d.message and "No space left" in d.message
               for d in result.diagnostics)
    assert snapshot(out) == before and leftovers(out) == []
