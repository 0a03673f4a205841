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

from kapguide.html_sanitizer import too_deeply_nested
from kapguide.htmlscan import scan_html
from kapguide.privacy import scan_text

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg"})
ASSET_SUFFIXES = IMAGE_SUFFIXES | {".pdf", ".css", ".js", ".woff", ".woff2", ".webmanifest"}
ASSET_NAMES = frozenset({"robots.txt", "CNAME", "favicon.ico"})  # CNAME: a custom domain on GitHub Pages
SVG_BLOCKED_TAGS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"})


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
        return _svg_problem(data.decode("utf-8", errors="replace"))
    if suffix in (".css", ".js", ".webmanifest"):
        fetches = scan_text(name, data.decode("utf-8", errors="replace"))
        if fetches:
            first = fetches[0]
            return AssetProblem(f"It loads '{first.url}' from another site, which would tell that site who reads the guide.",
                                "Save what it needs under docs/assets/ and use that path.", first.line)
    return None


def _svg_problem(text: str) -> AssetProblem | None:
    lowered = text.lower()
    if "<!entity" in lowered:
        return AssetProblem("The SVG file declares entities (<!ENTITY), which can hide content.",
                            "Export the drawing again as plain SVG.")
    if too_deeply_nested(text):
        return AssetProblem("The SVG file nests more than a thousand elements inside each other.",
                            "Export the drawing again, simplified.")
    page = scan_html(text)
    blocked = next((tag for tag in SVG_BLOCKED_TAGS if f"<{tag}" in lowered), None)
    if blocked or page.scripts:
        return AssetProblem(f"The SVG file holds <{blocked or 'script'}>, which could run code when the picture is opened.",
                            "Export the drawing again without scripts or embedded HTML.")
    if page.handlers:
        tag, attribute, _ = page.handlers[0]
        return AssetProblem(f"The SVG file's <{tag}> has '{attribute}', which runs code when the picture is opened.",
                            "Export the drawing again without scripts.")
    if page.script_urls:
        tag, attribute, _ = page.script_urls[0]
        return AssetProblem(f"The SVG file's <{tag} {attribute}> holds a 'javascript:' address.",
                            "Export the drawing again without scripts.")
    fetches = scan_text("drawing.svg", text)
    if fetches:
        return AssetProblem(f"The SVG file loads '{fetches[0].url}' from another site.",
                            "Embed the picture or font in the file, or save it under docs/assets/.", fetches[0].line)
    return None


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
