"""The whole bundled site through the real checkers: the Nu Html Checker on every page,
axe-core (WCAG 2.1 AA) and the console in Chromium, and lychee on every link and fragment,
as run by the workplace's site-audit tool."""
from __future__ import annotations

import os
import subprocess

import pytest

from sitegen import build, load_config

from ..conftest import REPO
from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser
AUDIT = REPO.parent / "shared" / "tools" / "site-audit" / "site-audit"


def test_site_audit_passes_on_every_page_type(tmp_path):
    if not AUDIT.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"site-audit is missing: expected it at {AUDIT.relative_to(REPO.parent)}")
        pytest.skip("site-audit is not beside this repository (../shared/tools/site-audit)")
    site = tmp_path / "site"
    assert build(load_config(REPO)[0], site).ok
    report = ARTIFACTS / "audit-report"
    run = subprocess.run([str(AUDIT), str(site), "--out", str(report), "--pages", "40"],
                         capture_output=True, text=True, timeout=900)
    summary = run.stdout[-3000:] + run.stderr[-2000:]
    assert run.returncode == 0, summary
    assert "4 passed, 0 failed" in run.stdout
