"""Reproducible builds: the same commit builds the same files on any day.

The Makefile and the workflows set SOURCE_DATE_EPOCH to the last commit's time
(scripts/source_date_epoch.py); MkDocs dates the sitemap with it. The clinical review date check
(KAP_GUIDE_TODAY, or the real date) does not follow it: it decides which warnings a build gives,
never what a page says.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build_today
from kapguide.frontmatter import split

SCRIPT = REPO / "scripts" / "source_date_epoch.py"
PROJECT = ("mkdocs.yml", "plain-words*.yml", "search-words*.yml", "mkdocs.*.yml", "docs", "docs-*", "overrides", "hooks")
FAKE_CLOCKS = ("2031-03-04 10:00:00", "2029-07-08 23:30:00")  # two other days, hours apart too
SITE_URL = "https://guide.example.org/"  # only when the settings have none, so that the sitemap lists pages


def source_date_epoch(root: Path = REPO, env: dict | None = None) -> int:
    result = subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True, timeout=60,
                            env=env)
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def fake_clock(when: str) -> dict:
    """Environment variables that make a process see the system clock at ``when`` (libfaketime)."""
    libfaketime = pytest.importorskip("libfaketime")
    try:
        _, preload = libfaketime.get_reload_information()
    except RuntimeError as problem:
        pytest.skip(str(problem))
    env = {**preload, "FAKETIME": f"@{when}"}
    probe = subprocess.run([sys.executable, "-c", "import datetime; print(datetime.datetime.now().isoformat())"],
                           capture_output=True, text=True, env={**os.environ, **env}, timeout=60)
    if not probe.stdout.startswith(when[:10]):
        message = f"libfaketime does not work on this machine (it printed {probe.stdout!r} {probe.stderr!r})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return env


def front_matter_dates(docs: Path) -> set[dt.date]:
    """The dates in the pages' front matter and the worksheets' review fields (every docs folder of the project)."""
    dates = set()
    for folder in (docs, *sorted(docs.parent.glob("docs-*"))):
        for path in folder.rglob("*.md"):
            meta = split(path.read_text(encoding="utf-8", errors="replace"), str(path)).meta or {}
            dates |= {value for value in meta.values() if isinstance(value, dt.date)}
            dates |= {dt.date.fromisoformat(v) for v in meta.values() if isinstance(v, str) and _is_iso_date(v)}
        for path in folder.rglob("*.yml"):
            dates |= {dt.date.fromisoformat(found) for found in re.findall(r"^\s*(?:reviewed|review_due):\s*['\"]?(\d{4}-\d{2}-\d{2})",
                                                                           path.read_text(encoding="utf-8", errors="replace"), re.M)
                      if _is_iso_date(found)}
    return dates


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def another_today(first: dt.date, docs: Path) -> dt.date:
    """A later day on which every page's review dates give the same verdicts as on ``first``
    (no page's `reviewed` or `review_due` date lies between the two), so that both strict builds pass."""
    dates = front_matter_dates(docs)
    day = first + dt.timedelta(days=1)
    while any(first <= d <= day for d in dates):
        day += dt.timedelta(days=1)
    return day


def copy_project(target: Path) -> Path:
    """The project's files without its caches, so that every worksheet PDF is made again."""
    target.mkdir(parents=True, exist_ok=True)
    for source in [path for pattern in PROJECT for path in sorted(REPO.glob(pattern))]:
        name = source.name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        else:
            shutil.copy2(source, target / name)
    config = target / "mkdocs.yml"
    if not (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("site_url"):
        config = target / "with-site-url.yml"
        config.write_text(f"INHERIT: mkdocs.yml\nsite_url: {SITE_URL}\n", encoding="utf-8")
    return config


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_days(tmp_path_factory) -> tuple[int, list[Path]]:
    """Two cold builds of the real site, each on another (fake) day with its own review date, and the same
    SOURCE_DATE_EPOCH (the one the Makefile sets); returns it and the two built sites."""
    epoch = source_date_epoch()
    todays = [dt.date.fromisoformat(build_today(REPO / "mkdocs.yml"))]  # the day the other real-site builds use
    todays.append(another_today(todays[0], REPO / "docs"))
    builds = []
    for index, (clock, today) in enumerate(zip(FAKE_CLOCKS, todays)):
        root = tmp_path_factory.mktemp(f"day{index}")
        config = copy_project(root)
        env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
        env.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch), "KAP_GUIDE_TODAY": today.isoformat(),
                    **fake_clock(clock)})
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(root / "site")]
        builds.append((root / "site", subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                                       stderr=subprocess.STDOUT, text=True)))
    for _, process in builds:
        output, _ = process.communicate(timeout=900)
        assert process.returncode == 0, output
    return epoch, [site for site, _ in builds]


def test_two_days_build_the_same_files_byte_for_byte(two_days):
    """Every file of the site is the same, worksheet PDFs, search index and sitemap included. Nothing is left out."""
    _, sites = two_days
    first, second = (files_of(site) for site in sites)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"these files differ between the two days: {differ}"
    assert any(name.endswith(".pdf") for name in first), "no worksheet PDF was built"


def test_sitemap_is_dated_with_source_date_epoch(two_days):
    """MkDocs dates the sitemap with the day of SOURCE_DATE_EPOCH (UTC): each <lastmod> and the gzip header."""
    epoch, sites = two_days
    day = dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    sitemap = (sites[0] / "sitemap.xml").read_text(encoding="utf-8")
    lastmods = [line.strip()[len("<lastmod>"):-len("</lastmod>")] for line in sitemap.splitlines() if "<lastmod>" in line]
    assert lastmods and set(lastmods) == {day.isoformat()}
    compressed = (sites[0] / "sitemap.xml.gz").read_bytes()
    midnight = dt.datetime.combine(day, dt.time(), dt.UTC)
    assert int.from_bytes(compressed[4:8], "little") == int(midnight.timestamp())  # the gzip header's MTIME
    assert gzip.decompress(compressed).decode("utf-8") == sitemap


def test_source_date_epoch_is_the_last_commit_or_else_the_newest_file(tmp_path):
    """In a git checkout: the last commit's time. Without git (a downloaded zip): the newest of the site's files."""
    for name in PROJECT:
        path = tmp_path / name
        if name.endswith(".yml"):
            path.write_text("site_name: x\n")
        else:
            (path / "a").mkdir(parents=True)
            (path / "a" / "page.md").write_text("text\n")
    os.utime(tmp_path / "docs" / "a" / "page.md", (1_700_000_000, 1_700_000_000))
    for path in [tmp_path / "mkdocs.yml", tmp_path / "overrides" / "a" / "page.md", tmp_path / "hooks" / "a" / "page.md"]:
        os.utime(path, (1_600_000_000, 1_600_000_000))
    cache = tmp_path / "hooks" / "__pycache__" / "x.pyc"  # written by every build, so not a source
    cache.parent.mkdir()
    cache.write_bytes(b"")
    no_git = {**os.environ, "PATH": str(tmp_path / "no-programs-here")}
    assert source_date_epoch(tmp_path, env=no_git) == 1_700_000_000
    git_env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_COMMITTER_DATE": "2025-01-02T03:04:05Z"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=tmp_path, check=True, capture_output=True, env=git_env)
    assert source_date_epoch(tmp_path) == int(dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC).timestamp())


@pytest.mark.parametrize("target", ["build", "serve", "test"])
def test_make_exports_the_source_date_epoch_to_build_serve_and_test(tmp_path, target):
    """The Makefile's own recipes, with stand-ins for the programs they run that print what they were given."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for program in ("mkdocs", "python", "ruff", "mypy"):
        stand_in = venv / "bin" / program
        stand_in.write_text('#!/bin/sh\necho "SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH"\n')
        stand_in.chmod(stand_in.stat().st_mode | stat.S_IEXEC)
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env["KAP_CHROMIUM"] = shutil.which("true") or "/bin/true"  # make test: no browser install for this
    result = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "-o", f"{venv}/.site-deps",
                             "-o", f"{venv}/.test-deps", target, f"VENV={venv}", "SITE_CONFIG=mkdocs.yml"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SOURCE_DATE_EPOCH={source_date_epoch()}" in result.stdout.splitlines()
