"""Where a build keeps its results between builds, and where it writes its report.

By default both live in the project: ``<root>/.cache`` and ``<root>/<extra.checks.report_dir>``.
Two environment variables move them, so that a build can run without touching the project's own
folders (the test suite gives every build its own temporary folders this way):

  KAP_GUIDE_CACHE_DIR    the folder for kept results (page checks, link checks, security, PDFs)
  KAP_GUIDE_REPORT_DIR   the folder for the build report and the nginx headers

Data made only from the installed libraries and fonts (never from the guide's content: the syllable counts
of syllable_counts.py, the spelling lists of spelling.py, the worksheet fields' font of worksheet_fonts.py) is
kept for the whole machine in ``shared_cache_dir``, outside the project, so that nothing a pull request adds can
stand in for it (``kept_json`` keeps such data as JSON, checked when it is read):

  KAP_GUIDE_SHARED_CACHE  that folder; else $XDG_CACHE_HOME/kap-guide or ~/.cache/kap-guide

The worksheet PDFs are kept in extra.worksheets.cache_dir (``worksheet_cache_folder`` checks it is a
folder the build may prune), under KAP_GUIDE_CACHE_DIR when that is set.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

Data = TypeVar("Data")

CACHE_ENV = "KAP_GUIDE_CACHE_DIR"
SHARED_ENV = "KAP_GUIDE_SHARED_CACHE"
REPORT_ENV = "KAP_GUIDE_REPORT_DIR"
WORKSHEET_CACHE = ".cache/worksheets"  # extra.worksheets.cache_dir when it is not set


def _folder_from(name: str, environ: Mapping[str, str] | None) -> Path | None:
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return Path(value) if value else None


def cache_override(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder KAP_GUIDE_CACHE_DIR names, or None when it is not set."""
    return _folder_from(CACHE_ENV, environ)


def cache_dir(root: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The folder for results kept between builds: KAP_GUIDE_CACHE_DIR, else ``<root>/.cache``."""
    return cache_override(environ) or root / ".cache"


def report_dir(root: Path, setting: str, environ: Mapping[str, str] | None = None) -> Path:
    """The folder for the build report: KAP_GUIDE_REPORT_DIR, else ``setting`` (extra.checks.report_dir) under root."""
    return _folder_from(REPORT_ENV, environ) or root / setting


def worksheet_cache_folder(value: object, root: Path, docs_dir: Path, site_dir: Path,
                           kept_under: Path | None = None) -> tuple[Path, str | None]:
    """The folder the worksheet PDFs are kept in between builds, and what is wrong with the one asked for.

    The build deletes old PDFs from this folder, so it must be a folder the build owns: inside the
    project, but not the project itself, nor docs/ or the built site (or a folder holding them).
    With ``kept_under`` (KAP_GUIDE_CACHE_DIR), a relative folder is kept under it instead of the project.
    """
    base = kept_under or root
    default = base / WORKSHEET_CACHE
    if not isinstance(value, str) or not value.strip():
        return default, "must be a folder name, such as .cache/worksheets."
    folder = Path(os.path.realpath(root / value))
    real_root = Path(os.path.realpath(root))
    if not folder.is_relative_to(real_root) or folder == real_root:
        return default, f"'{value}' is not a folder inside the project."
    for other, what in ((docs_dir, "the pages (docs/)"), (site_dir, "the built site")):
        other = Path(os.path.realpath(other))
        if folder.is_relative_to(other) or other.is_relative_to(folder):
            return default, f"'{value}' would mix the kept PDFs with {what}."
    if kept_under is not None and not Path(value).is_absolute():
        return kept_under / folder.relative_to(real_root), None
    return folder, None


def shared_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder for data made from installed libraries and fonts only: KAP_GUIDE_SHARED_CACHE, else the user's
    cache folder (never inside the project)."""
    env = os.environ if environ is None else environ
    chosen = _folder_from(SHARED_ENV, env)
    if chosen:
        return chosen
    base = env.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "kap-guide"


def kept_json(path: Path, make: Callable[[], Data], valid: Callable[[object], bool]) -> Data:
    """The data kept as JSON in ``path`` (under ``shared_cache_dir``) when it can be read and is ``valid``; else
    the data ``make`` gives, written there for the next build. A folder that cannot be written only means the
    data is made again next time. The file is read as JSON, never as code."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if data is not None and valid(data):
        return data
    made = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(made, separators=(",", ":"), sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return made
