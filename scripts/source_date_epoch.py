"""Print the time the built site is dated with, for reproducible builds (SOURCE_DATE_EPOCH).

The time of the last commit, so that building the same commit on another day gives the same files
(MkDocs dates the sitemap with it). Without git, or outside a git checkout (a downloaded zip), the
newest modification time of the settings and the files the site is made from, which a release
archive sets to the time of its commit. The Makefile and the workflows call this script.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("mkdocs.yml", "docs", "overrides", "hooks")


def last_commit_time(root: Path) -> int | None:
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                                timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.strip()
    return int(text) if result.returncode == 0 and text.isdigit() else None


def newest_source_time(root: Path) -> int | None:
    """The newest modification time of the site's own files (not caches or compiled Python)."""
    times = []
    for name in SOURCES:
        top = root / name
        paths = [top] if top.is_file() else top.rglob("*") if top.is_dir() else []
        times += [p.stat().st_mtime for p in paths if p.is_file() and not _is_generated(p.relative_to(root))]
    return int(max(times)) if times else None


def _is_generated(path: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in path.parts)


def source_date_epoch(root: Path = ROOT) -> int:
    return last_commit_time(root) or newest_source_time(root) or int(time.time())


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    print(source_date_epoch(root))
