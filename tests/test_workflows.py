"""The GitHub Actions workflows: valid against the published workflow schema, and doing what the README says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML reads the key `on` as true
    return data


def readme_test_command() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return next(line.split("#")[0].strip() for line in text.splitlines() if line.startswith("make test"))


def test_workflows_match_the_github_workflow_schema():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", *files],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: pull_request\njobs:\n  a:\n    steps:\n      - run: make test\n")  # no runs-on
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(broken)],
                            capture_output=True, text=True)
    assert result.returncode != 0


def test_pull_request_workflow_builds_tests_reports_and_uploads():
    workflow = load("pull-request.yml")
    assert "pull_request" in workflow["on"]
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "make build" in runs
    assert readme_test_command() in runs
    assert any("GITHUB_STEP_SUMMARY" in run and "build-report/report.md" in run for run in runs)
    uploads = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact")]
    assert any(step["with"]["path"] == "site/" for step in uploads)
    test_step = next(step for step in steps if step.get("run") == readme_test_command())
    assert test_step["env"]["CI"] == "true"


def test_deploy_workflow_publishes_to_pages_from_main():
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    build_steps = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make build" for step in build_steps)
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") for step in build_steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_every_uses_is_pinned_to_a_version():
    for path in WORKFLOWS.glob("*.yml"):
        for job in load(path.name)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert "@v" in step["uses"] or "@" in step["uses"] and len(step["uses"].split("@")[1]) == 40, step


def test_every_checkout_leaves_no_token_in_the_clone():
    """The build reads the content of a pull request: no credential may sit in .git/config while it runs."""
    checkouts = [step for path in WORKFLOWS.glob("*.yml") for job in load(path.name)["jobs"].values()
                 for step in job.get("steps", []) if step.get("uses", "").startswith("actions/checkout")]
    assert checkouts
    assert all((step.get("with") or {}).get("persist-credentials") is False for step in checkouts), checkouts


def test_pull_request_summary_starts_with_changes_that_could_weaken_the_checks(tmp_path):
    """The real script on a real git history: a changed hook and mkdocs.yml are listed, a page edit is not."""
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})

    (tmp_path / "docs").mkdir()
    (tmp_path / "hooks").mkdir()
    (tmp_path / "mkdocs.yml").write_text("extra:\n  checks:\n    disable: []\n")
    (tmp_path / "hooks" / "checks_hook.py").write_text("x = 1\n")
    (tmp_path / "docs" / "p.md").write_text("a\n")
    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-qm", "base")
    git("checkout", "-q", "-b", "pr")
    (tmp_path / "docs" / "p.md").write_text("b\n")
    script = REPO / "scripts" / "pr_safety_summary.py"
    git("commit", "-qam", "page only")
    quiet = subprocess.run([sys.executable, str(script), "main"], cwd=tmp_path, capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == ""
    (tmp_path / "mkdocs.yml").write_text("extra:\n  checks:\n    disable: [unsafe-html]\n")
    (tmp_path / "hooks" / "checks_hook.py").write_text("x = 2\n")
    git("commit", "-qam", "weaken")
    loud = subprocess.run([sys.executable, str(script), "main"], cwd=tmp_path, capture_output=True, text=True)
    assert loud.stdout.startswith("> [!WARNING]")
    assert "`hooks/checks_hook.py`" in loud.stdout and "`mkdocs.yml`" in loud.stdout
    assert "+    disable: [unsafe-html]" in loud.stdout and "docs/p.md" not in loud.stdout


def test_pull_request_workflow_writes_the_safety_summary_before_the_build():
    workflow = yaml.safe_load((REPO / ".github/workflows/pull-request.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    summary = next(i for i, run in enumerate(runs) if "pr_safety_summary.py" in run)
    build = next(i for i, run in enumerate(runs) if run == "make build")
    assert summary < build and steps[0]["with"]["fetch-depth"] == 0


def test_workflows_date_the_build_with_the_last_commit_before_building():
    """Reproducible builds (tests/test_reproducible.py): SOURCE_DATE_EPOCH from scripts/source_date_epoch.py."""
    for name, job in (("pull-request.yml", "check"), ("deploy.yml", "build")):
        runs = [step.get("run", "") for step in load(name)["jobs"][job]["steps"]]
        dated = next(i for i, run in enumerate(runs) if "SOURCE_DATE_EPOCH=$(python scripts/source_date_epoch.py)" in run
                     and "GITHUB_ENV" in run)
        assert dated < runs.index("make build"), name


def test_pull_request_workflow_builds_with_properdocs_strict():
    """The second engine (tests/test_engines.py) builds every pull request too, after the reports are uploaded."""
    steps = load("pull-request.yml")["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "make build-properdocs" in runs
    assert runs.index("make build-properdocs") > max(i for i, s in enumerate(steps) if "upload-artifact" in s.get("uses", ""))
    dry_run = subprocess.run(["make", "-n", "-C", str(REPO), "-o", ".venv/.test-deps", "build-properdocs"],
                             capture_output=True, text=True, timeout=60)
    assert dry_run.returncode == 0, dry_run.stderr
    assert "properdocs build --strict" in dry_run.stdout
