"""Which files under docs/ may be published as they are.

Everything under docs/ that is not a page, a worksheet or a shared snippet is copied into
the site untouched, so a pull request could publish anything: a link to a file on the
build machine, a notes file, an HTML page or an SVG drawing with a script in it (which
runs on the site's own address when opened, and could read patients' saved answers).
``check_asset`` says what is wrong with one such file; the build then leaves it out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kapguide.privacy import scan_text
from kapguide.svg_picture_check import svg_problems

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg"})
ASSET_SUFFIXES = IMAGE_SUFFIXES | {".pdf", ".css", ".js", ".woff", ".woff2", ".webmanifest"}
ASSET_NAMES = frozenset({"robots.txt", "CNAME", "favicon.ico"})  # CNAME: a custom domain on GitHub Pages


@dataclass(frozen=True)
class AssetProblem:
    message: str
    fix: str
    line: int | None = None


def leaves_folder(path: Path, root: Path) -> bool:
    """True when ``path`` (a symbolic link, or inside one) resolves outside ``root``."""
    try:
        real = Path(os.path.realpath(path))
        return not real.is_relative_to(Path(os.path.realpath(root)))
    except (OSError, ValueError):
        return True


def repository_root(docs_dir: Path) -> Path:
    """The repository the pages belong to: the nearest folder above docs/ holding .git, else docs/'s parent."""
    start = Path(os.path.realpath(docs_dir))
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start.parent


def check_asset(name: str, data: bytes) -> AssetProblem | None:
    """What is wrong with publishing the file ``name`` (relative to docs/) holding ``data``, or None."""
    suffix = Path(name).suffix.lower()
    base = Path(name).name
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return AssetProblem("An HTML file cannot be published as it is: it would not get the site's protections.",
                            "Write the page as a Markdown (.md) file instead.")
    if suffix not in ASSET_SUFFIXES and base not in ASSET_NAMES:
        return AssetProblem(f"'{base}' is not a page, worksheet, shared text or a known kind of asset "
                            "(images, PDF, CSS, JavaScript, fonts), so it is not published.",
                            "Remove the file, or move notes out of docs/.")
    if suffix == ".svg":
        return _svg_problem(data)
    if suffix in (".css", ".js", ".webmanifest"):
        fetches = scan_text(name, data.decode("utf-8", errors="replace"))
        if fetches:
            first = fetches[0]
            return AssetProblem(f"It loads '{first.url}' from another site, which would tell that site who reads the guide.",
                                "Save what it needs under docs/assets/ and use that path.", first.line)
    return None


def _svg_problem(data: bytes) -> AssetProblem | None:
    """The first thing that makes an SVG unsafe to publish (svg_picture_check.py), with its line."""
    problems = svg_problems(data)
    if not problems:
        return None
    first = problems[0]
    return AssetProblem(first.message, first.fix, first.line)


def logo_problem(logo: str, docs_dir: Path) -> str | None:
    """What is wrong with ``extra.clinic.logo`` (a picture inside docs/, never a web address), or None."""
    from kapguide.privacy import loads_from_elsewhere

    path = docs_dir / logo.strip()
    if loads_from_elsewhere(logo):
        return f"'{logo}' is loaded from another site, which would tell that site who reads the guide."
    if leaves_folder(path, docs_dir) or not path.is_file():
        return f"'{logo}' is not a file in docs/."
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return f"'{logo}' is not a picture (use SVG, PNG, JPEG or WebP)."
    return None
