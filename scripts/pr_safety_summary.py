"""Pull-request summary, first section: changes that could weaken the checks or the site's protections.

Run by .github/workflows/pull-request.yml as
    python scripts/pr_safety_summary.py origin/<base branch>
It prints Markdown for the job summary: the changed files whose changes a reviewer must read
with care (settings, the top-level menu, hooks, templates, workflows, scripts), and the changed lines of mkdocs.yml.
Prints nothing when none of them changed. Suggested CODEOWNERS entries: README.md ("Protect the checks").
"""

from __future__ import annotations

import subprocess
import sys

PROTECTED = ("mkdocs.yml", "docs/.nav.yml", "hooks/", "overrides/", ".github/", "scripts/", "requirements.txt",
             "requirements-test.txt", "constraints.txt", "Makefile")


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def summary(base: str) -> str:
    changed = [name for name in _git("diff", "--name-only", f"{base}...HEAD").splitlines()
               if name.startswith(PROTECTED)]
    if not changed:
        return ""
    out = ["> [!WARNING]",
           "> **This pull request changes settings or code that the safety checks depend on.** "
           "Read these changes before merging:", ">"]
    out += [f"> - `{name}`" for name in changed]
    if "mkdocs.yml" in changed:
        lines = [line for line in _git("diff", "--unified=0", f"{base}...HEAD", "--", "mkdocs.yml").splitlines()
                 if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
        out += ["", "<details><summary>Changed lines of mkdocs.yml</summary>", "", "```diff", *lines, "```", "</details>"]
    return "\n".join(out) + "\n\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/pr_safety_summary.py BASE_REF")
    sys.stdout.write(summary(sys.argv[1]))
