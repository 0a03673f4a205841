"""Where a build keeps its results between builds, and where it writes its report.

By default both live in the project: ``<root>/.cache`` and ``<root>/<extra.checks.report_dir>``.
Two environment variables move them, so that a build can run without touching the project's own
folders (the test suite gives every build its own temporary folders this way):

  KAP_GUIDE_CACHE_DIR    the folder for kept results (page checks, link checks, security, PDFs)
  KAP_GUIDE_REPORT_DIR   the folder for the build report and the nginx headers
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

CACHE_ENV = "KAP_GUIDE_CACHE_DIR"
REPORT_ENV = "KAP_GUIDE_REPORT_DIR"


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
