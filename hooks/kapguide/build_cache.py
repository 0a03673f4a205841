"""Where a build keeps its results between builds, and where it writes its report.

By default both live in the project: ``<root>/.cache`` and ``<root>/<extra.checks.report_dir>``.
The build writes into these folders, and the settings are untrusted, so ``owned_folder`` refuses a folder
outside the project or among what is published (report_dir: /tmp/anywhere, or site/rep). Two environment
variables move them, set by whoever runs the build, never by a pull request, so that a build can run without
touching the project's own folders (the test suite gives every build its own temporary folders this way):

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

from kapguide.project_files import GIT_FOLDER

Data = TypeVar("Data")

CACHE_ENV = "KAP_GUIDE_CACHE_DIR"
SHARED_ENV = "KAP_GUIDE_SHARED_CACHE"
REPORT_ENV = "KAP_GUIDE_REPORT_DIR"
WORKSHEET_CACHE = ".cache/worksheets"  # extra.worksheets.cache_dir when it is not set
DEFAULT_REPORT_DIR = "build-report"    # extra.checks.report_dir when it is not set (or may not be used)


def _folder_from(name: str, environ: Mapping[str, str] | None) -> Path | None:
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return Path(value) if value else None


def cache_override(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder KAP_GUIDE_CACHE_DIR names, or None when it is not set."""
    return _folder_from(CACHE_ENV, environ)


def cache_dir(root: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The folder for results kept between builds: KAP_GUIDE_CACHE_DIR, else ``<root>/.cache``."""
    return cache_override(environ) or root / ".cache"


def report_dir(folder: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The folder for the build report: KAP_GUIDE_REPORT_DIR, else ``folder`` (extra.checks.report_dir, checked by
    ``owned_folder``)."""
    return _folder_from(REPORT_ENV, environ) or folder


def owned_folder(value: object, root: Path, apart: list[tuple[Path, str]], kept: str) -> tuple[Path | None, str]:
    """The folder ``value`` names (relative to ``root``, the settings file's folder) when the build may write
    ``kept`` there, else None and why not: it must be inside the project but not the project itself, outside .git,
    and neither inside nor holding any folder of ``apart`` (folder, what it is: the pages, the built site)."""
    if not isinstance(value, str) or not value.strip():
        return None, "must be a folder name, such as .cache/worksheets."
    folder = Path(os.path.realpath(root / value))
    real_root = Path(os.path.realpath(root))
    if not folder.is_relative_to(real_root) or folder == real_root or GIT_FOLDER in folder.relative_to(real_root).parts:
        return None, f"'{value}' is not a folder inside the project."
    for other, what in apart:
        other = Path(os.path.realpath(other))
        if folder.is_relative_to(other) or other.is_relative_to(folder):
            return None, f"'{value}' would mix {kept} with {what}."
    return folder, ""


def worksheet_cache_folder(value: object, root: Path, docs_dir: Path, site_dir: Path,
                           kept_under: Path | None = None) -> tuple[Path, str | None]:
    """The folder the worksheet PDFs are kept in between builds, and what is wrong with the one asked for.

    The build deletes old PDFs from this folder, so it must be a folder the build owns (``owned_folder``): not
    docs/ or the built site. With ``kept_under`` (KAP_GUIDE_CACHE_DIR), a relative folder is kept under it
    instead of the project.
    """
    default = (kept_under or root) / WORKSHEET_CACHE
    folder, problem = owned_folder(value, root, [(docs_dir, "the pages (docs/)"), (site_dir, "the built site")],
                                   "the kept PDFs")
    if folder is None:
        return default, problem
    if kept_under is not None and isinstance(value, str) and not Path(value).is_absolute():
        return kept_under / folder.relative_to(os.path.realpath(root)), None
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
