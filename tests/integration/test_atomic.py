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

from .test_incremental import copy_project, edit, snapshot

NOTE = "annotations/notes/pashinyan-csto-summit.yaml"


def sitegen_build(root: Path, out: Path) -> subprocess.Popen:
    # its own process group, so that the kill reaches the search indexer it runs too
    return subprocess.Popen([sys.executable, "-m", "sitegen", "build", "--out", str(out)],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.tmp-*"))


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    base = tmp_path_factory.mktemp("atomic")
    root = copy_project(base / "project")
    out = base / "site"
    run = sitegen_build(root, out)
    assert run.wait(timeout=120) == 0, run.stderr.read()
    return root, out, snapshot(out)


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.1, 0.3])
def test_a_build_killed_while_writing_leaves_the_previous_site(first, delay):
    root, out, before = first
    assert snapshot(out) == before
    edit(root / NOTE, "A stray article", f"An article killed at {delay}")  # a different site
    build = sitegen_build(root, out)
    try:
        deadline = time.monotonic() + 60
        while not leftovers(out):  # the new site is being written beside the old one
            assert build.poll() is None, "the build ended before it began to write"
            assert time.monotonic() < deadline
            time.sleep(0.001)
        time.sleep(delay)
        finished = build.poll() is not None
        os.killpg(build.pid, signal.SIGKILL)
    finally:
        build.wait(timeout=30)
    if finished:  # too late to kill: then it is the new site, whole
        pytest.skip(f"the build finished within {delay} s of starting to write")
    assert snapshot(out) == before  # complete, and byte for byte the previous site
    edit(root / NOTE, f"An article killed at {delay}", "A stray article")
    again = sitegen_build(root, out)
    assert again.wait(timeout=120) == 0, again.stderr.read()
    assert leftovers(out) == []  # the killed build's folder is gone
    assert snapshot(out) == before  # the same input builds the same bytes


def test_two_builds_of_the_same_input_are_byte_identical(first, tmp_path):
    root, _, before = first
    other = tmp_path / "elsewhere"
    run = sitegen_build(root, other)
    assert run.wait(timeout=120) == 0, run.stderr.read()
    assert snapshot(other) == before
