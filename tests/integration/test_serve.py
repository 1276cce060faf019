"""`sitegen serve` as an editor runs it: a real server in a subprocess, edits on disk, and
what the server answers; a broken file never stops it; Ctrl-C leaves nothing behind."""
from __future__ import annotations

import pytest

import os
import signal
import socket
import subprocess
import sys
import time


from ..conftest import copy_project, edit, free_port, get, start, status, wait_for

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests





def test_an_edit_is_served_a_broken_file_is_shown_and_ctrl_c_cleans_up(served):
    root, url, process, temp = served
    page = url + "sources/pashinyan-csto-summit/"
    assert "A stray article" in get(page)[1]
    assert '/__sitegen/preview.js' in get(page)[1]
    assert len(list(temp.iterdir())) == 1  # the preview's temporary folder

    edit(root / "annotations/notes/pashinyan-csto-summit.yaml", "A stray article", "An extra article")
    wait_for(lambda: "An extra article" in get(page)[1])

    (root / "annotations/glossary/broken.yaml").write_text("term: [Broken\n", "utf-8")
    errors = wait_for(lambda: status(url))
    assert errors[0].startswith("annotations/glossary/broken.yaml:2:1: error: YAML syntax error")
    assert get(page)[0] == 200 and "An extra article" in get(page)[1]  # the last good page

    (root / "annotations/glossary/broken.yaml").unlink()
    wait_for(lambda: status(url) == [])

    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=15)
    assert process.returncode == 0, output
    assert "Traceback" not in output
    assert "annotations/glossary/broken.yaml:2:1: error: YAML syntax error" in output
    assert list(temp.iterdir()) == []  # no temporary folder left behind


def test_a_template_the_theme_lacks_is_shown_and_mended_without_a_restart(served):
    root, url, process, _ = served
    page = url + "sources/pashinyan-csto-summit/"
    note = root / "themes/default/templates/_body.html"
    kept = note.read_text("utf-8")
    note.unlink()
    errors = wait_for(lambda: status(url))
    assert errors == ["themes/default/templates: error: the theme has no template '_body.html' "
                      "(source.html uses it): add it (the default theme's is a start), or "
                      "choose another theme"]
    assert get(page)[0] == 200 and "A stray article" in get(page)[1]  # the last good page
    note.write_text(kept.replace('class="note-head"', 'class="note-head mended"'), "utf-8")
    wait_for(lambda: status(url) == [] and "note-head mended" in get(page)[1])
    assert process.poll() is None


def test_a_project_that_never_built_still_serves_the_problems(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "annotations/notes/trend-analysts-illegal.yaml").write_text("- quote: nowhere\n", "utf-8")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", str(port)],
                               cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert "could not be built" in wait_for(lambda: get(url)[1], timeout=30)
        assert any("missing the required key 'kind'" in e for e in status(url))
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert process.returncode == 0


def test_ctrl_c_stops_a_preview_started_as_a_background_job(tmp_path):
    """A shell starts background jobs with SIGINT ignored, and programs inherit that; the
    preview still stops on it, and cleans up."""
    _, temp, process, url = start(
        tmp_path, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        wait_for(lambda: get(url)[0] == 200, timeout=30)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output
    assert list(temp.iterdir()) == []


def test_a_busy_port_is_an_error_not_a_traceback(tmp_path):
    root = copy_project(tmp_path / "project")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "sitegen", "serve", "--port", str(port)],
                             cwd=root, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_first_build_on_a_terminal_shows_each_stage_then_a_rebuild_shows_none(tmp_path):
    """The preview's first build of a large project keeps the status line `build` keeps;
    a rebuild, done in a blink, prints its one line."""
    import pty
    import select

    from ..conftest import synthetic_project

    root = tmp_path / "project"
    synthetic_project(root, docs=150)
    temp = tmp_path / "tmp"
    temp.mkdir()
    leader, follower = pty.openpty()
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", str(port)],
                               cwd=root, env={**os.environ, "TMPDIR": str(temp)},
                               stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    shown = bytearray()

    def read_until(words: bytes, since: int = 0, timeout: float = 60) -> str:
        """What the command wrote after `since` bytes, once `words` are there."""
        deadline = time.monotonic() + timeout
        while words not in shown[since:]:
            assert time.monotonic() < deadline, shown.decode("utf-8", "replace")
            if select.select([leader], [], [], 0.2)[0]:
                shown.extend(os.read(leader, 65536))
        return shown[since:].decode("utf-8", "replace")

    try:
        first = read_until(b"serving http://")
        assert "sitegen: surveying 150 of 150 sources (" in first
        assert "sitegen: rendering " in first
        lines = first.split("\r\x1b[K")
        assert lines[-1].lstrip().startswith("sitegen: ") and " rebuilt in " in lines[-1]
        before = len(shown)
        note = next((root / "annotations" / "notes").glob("*.yaml"))
        edit(note, "note: ", "note: Edited. ")
        again = read_until(b" rebuilt in ", since=before, timeout=30)
        assert "\x1b[K" not in again and "surveying" not in again
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        os.close(leader)
