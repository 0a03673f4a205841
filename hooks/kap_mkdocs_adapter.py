"""Shared glue between the plain ``kapguide`` modules and MkDocs.

Each hook file logs through its own plugin logger; this module turns findings
into log lines (and GitHub annotations under GitHub Actions), keeps the
findings of the current build for the build report, and stops a build that
has errors. It is the only place besides the hook files that imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import sys
import time
import weakref
from pathlib import Path

from kapguide.findings import Finding
from kapguide.pagemeta import ReviewSettings, review_settings
from kapguide.settings_lines import setting_lines
from kapguide.site_settings import SiteSettings, read_site_settings

STATE: dict = {"findings": [], "command": "build", "timings": {}, "disabled": frozenset(), "unset_settings": []}


def start_build(command: str | None = None) -> None:
    """Forget the previous build's findings (mkdocs serve rebuilds in one process)."""
    STATE["findings"] = []
    STATE["timings"] = {}
    STATE["unset_settings"] = []  # clinic settings left for the team to fill in (hooks/kapguide/treatment.py)
    if command:
        STATE["command"] = command


def start_build_once(config: object) -> None:
    """``start_build`` for the first hook that sees this build's settings; later hooks keep its findings.

    Every hook calls this from its on_config, whatever their order: a build has its own settings
    object (mkdocs serve reads the settings again for each rebuild)."""
    current = STATE.get("config")
    if current is not None and current() is config:
        return
    start_build()
    STATE["config"] = weakref.ref(config)


def settings_for(config, log: logging.Logger) -> SiteSettings:
    """The guide's settings for this build (``extra`` in mkdocs.yml), read once: the first hook to ask
    reads them and reports their mistakes; later hooks get the same object."""
    cached = STATE.get("settings")
    if cached is not None and cached[0]() is config:
        return cached[1]
    settings = read_site_settings(config.extra, setting_lines(config.config_file_path), dict(os.environ))
    STATE["settings"] = (weakref.ref(config), settings)
    switch_off_rules(settings.checks.disabled)
    report(settings.findings, log)
    return settings


def review_rules(config, log: logging.Logger) -> ReviewSettings:
    """``extra.review`` as the review rules for pages and worksheets, counted from today (``today()``)."""
    return review_settings(settings_for(config, log).review.model_dump(), today())


def hooks_enabled() -> bool:
    """KAP_GUIDE_HOOKS=off builds the site without the checks and worksheets (for benchmarks)."""
    return os.environ.get("KAP_GUIDE_HOOKS", "on").strip().lower() not in ("off", "0", "false", "no")


def switch_off_unless_enabled(namespace: dict) -> None:
    """Remove a hook file's event handlers when hooks are switched off, so MkDocs never calls them."""
    if hooks_enabled():
        return
    for name in [n for n in namespace if n.startswith("on_") and callable(namespace[n])]:
        del namespace[name]


def timed(label: str):
    """Add the time spent in a hook event to STATE["timings"][label] (shown in the build report)."""

    def wrap(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                STATE["timings"][label] = STATE["timings"].get(label, 0.0) + time.perf_counter() - start
        return run

    return wrap


def today() -> dt.date:
    """Today's date, or KAP_GUIDE_TODAY (YYYY-MM-DD) so tests and reports can fix it."""
    fixed = os.environ.get("KAP_GUIDE_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def relative(path: str | Path, root: str | Path) -> str:
    """A path relative to the repository root, as staff see it in GitHub."""
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def switch_off_rules(rules: frozenset[str]) -> None:
    """Rules named in extra.checks.disable: their findings are not reported (the protections stay)."""
    STATE["disabled"] = frozenset(rules)


def report(findings: list[Finding], log: logging.Logger) -> None:
    """Log each finding of a rule that is switched on; errors and warnings both fail `mkdocs build --strict`."""
    for finding in findings:
        if finding.rule in STATE["disabled"]:
            continue
        STATE["findings"].append(finding)
        if finding.severity == "error":
            log.error(finding.text())
        else:
            log.warning(finding.text())
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(finding.github_annotation(), file=sys.stdout, flush=True)


def errors() -> list[Finding]:
    return [f for f in STATE["findings"] if f.severity == "error"]
