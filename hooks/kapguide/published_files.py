"""Which files under docs/ may be published as they are, and which links under it may be followed.

Everything under docs/ that is not a page, a worksheet or a shared snippet is copied into
the site untouched, so a pull request could publish anything: a link to a file on the
build machine, a notes file, an HTML page, a script, or an SVG drawing with a script in it
(which runs on the site's own address when opened, and could read patients' saved answers).
``check_asset`` says what is wrong with one such file; the build then leaves it out. The
site's own scripts live with the theme (overrides/assets/javascripts/), which staff do not edit.

MkDocs follows every symbolic link under docs/ (os.walk with followlinks=True) before any hook
sees a file: a link to ../.git/config would be published as it is, a link to its own folder makes
the walk go round (and with two such links, never end), a link to ../.. walks the whole disk, and
a link to nothing stops the build with a traceback. A link must lead to a file or folder inside
docs/ itself. ``docs_folder_problem`` and ``folder_link_problems`` find what MkDocs would follow
while it lists the pages, so the build can stop before that; ``link_problem`` says what is wrong
with one file, which the build then leaves out before any hook reads it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kapguide.privacy import scan_text
from kapguide.project_files import GIT_FOLDER, inside
from kapguide.svg_picture_check import svg_problems

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg"})
ASSET_SUFFIXES = IMAGE_SUFFIXES | {".pdf", ".css", ".woff", ".woff2", ".webmanifest"}
SCRIPT_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".wasm"})
ASSET_NAMES = frozenset({"robots.txt", "CNAME", "favicon.ico"})  # CNAME: a custom domain on GitHub Pages


@dataclass(frozen=True)
class AssetProblem:
    message: str
    fix: str
    line: int | None = None


@dataclass(frozen=True)
class LinkProblem:
    link: str     # the link, relative to the folder searched (assets/loop)
    message: str  # "This is a link to ..."
    fix: str


def leaves_folder(path: Path, root: Path) -> bool:
    """True when ``path`` (a symbolic link, or inside one) resolves outside ``root`` (or into a .git folder there)."""
    try:
        return not inside(path, root)
    except (OSError, ValueError):
        return True


def docs_folder_problem(folder: Path, project: Path) -> str | None:
    """What is wrong with ``folder`` as a folder of pages (docs_dir): it must be a folder of the project itself,
    not a link (which could lead anywhere: the build would publish what it finds there)."""
    if os.path.islink(folder):
        return f"'{folder.name}' is a link to '{os.readlink(folder)}'; the pages must be in a folder of the project itself"
    if not inside(folder, project):
        return f"'{folder}' is not a folder inside the project (or it is inside {GIT_FOLDER})"
    return None


def link_problem(path: Path, folder: Path, project: Path) -> str | None:
    """Why ``path`` (a file or folder under ``folder``, the pages) may not be published or followed when it is a
    link or reached through one: "This is a link to ..."; None when it stays inside ``folder``."""
    target = f" ('{os.readlink(path)}')" if path.is_symlink() else ""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return f"This is a link to a file that does not exist{target}"
    except OSError:
        return f"This is a link{target} that leads back to itself (a loop of links)"
    kind = "folder" if stat.S_ISDIR(info.st_mode) else "file"
    real, real_project = Path(os.path.realpath(path)), Path(os.path.realpath(project))
    if not real.is_relative_to(real_project):
        return f"This is a link to a {kind} outside the repository{target}"
    if GIT_FOLDER in real.relative_to(real_project).parts:
        return (f"This is a link to a {kind} inside {GIT_FOLDER}, the repository's own files (on a build server "
                f"they can hold its access token){target}")
    if not inside(path, folder):
        return f"This is a link to a {kind} outside {folder.name}/{target}"
    if kind == "folder" and Path(os.path.realpath(path.parent)).is_relative_to(real):
        return f"This is a link to the folder that holds it{target}, so that folder would hold itself again and again"
    return None


def folder_link_problems(folder: Path, project: Path, under: str = "") -> list[LinkProblem]:
    """The links to folders in ``folder`` (or in its subfolder ``under``) that MkDocs may not follow: each must lead
    to a folder inside ``folder`` that neither holds the link (a loop) nor holds another folder link (links
    followed through links can go round too). MkDocs follows every one while it lists the pages, before any hook
    runs, so these must stop the build first. Links to files are checked file by file (``link_problem``)."""
    problems: list[LinkProblem] = []
    followed: list[Path] = []
    for where, folders, _ in os.walk(folder / under):  # without following links: each link is seen once
        folders.sort()
        for link in (Path(where) / name for name in folders if os.path.islink(Path(where) / name)):
            message = link_problem(link, folder, project)
            if message:
                problems.append(_folder_link(link, folder, message))
            else:
                followed.append(link)
    for link in followed:
        holds = [other for other in followed if other != link
                 and (Path(os.path.realpath(other.parent)) / other.name).is_relative_to(os.path.realpath(link))]
        if holds:
            problems.append(_folder_link(link, folder, f"This is a link to a folder ('{os.readlink(link)}') that holds "
                                                       f"another folder link ({holds[0].relative_to(folder).as_posix()}); "
                                                       "the build follows one folder link at most"))
    return problems


def _folder_link(link: Path, folder: Path, message: str) -> LinkProblem:
    return LinkProblem(link.relative_to(folder).as_posix(), message,
                       "Replace the link with the folder itself (a copy of it), or remove the link.")


def check_asset(name: str, data: bytes) -> AssetProblem | None:
    """What is wrong with publishing the file ``name`` (relative to docs/) holding ``data``, or None."""
    suffix = Path(name).suffix.lower()
    base = Path(name).name
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return AssetProblem("An HTML file cannot be published as it is: it would not get the site's protections.",
                            "Write the page as a Markdown (.md) file instead.")
    if suffix in SCRIPT_SUFFIXES:
        return AssetProblem(f"'{base}' is a script. Scripts are not published from docs/: a script there could read "
                            "the answers patients save on their device, or send them to another site.",
                            "Remove the file. The site's own scripts are in overrides/assets/javascripts/, which the "
                            "site maintainers look after.")
    if suffix not in ASSET_SUFFIXES and base not in ASSET_NAMES:
        return AssetProblem(f"'{base}' is not a page, worksheet, shared text or a known kind of asset "
                            "(images, PDF, CSS, fonts), so it is not published.",
                            "Remove the file, or move notes out of docs/.")
    if suffix == ".svg":
        return _svg_problem(data)
    if suffix in (".css", ".webmanifest"):
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


def logo_problem(logo: str, docs_dir: Path, shared: tuple[Path, str] | None = None) -> str | None:
    """What is wrong with ``extra.clinic.logo`` (a picture inside docs/, never a web address), or None.

    ``shared``: in another language's build, the main language's docs folder and the folder of it that build
    publishes too (assets/: site_hook._add_shared_assets), where the logo usually is."""
    from kapguide.privacy import loads_from_elsewhere

    if loads_from_elsewhere(logo):
        return f"'{logo}' is loaded from another site, which would tell that site who reads the guide."
    folder = docs_dir
    if shared and not (docs_dir / logo.strip()).is_file() and logo.strip().startswith(shared[1] + "/"):
        folder = shared[0]
    path = folder / logo.strip()
    if leaves_folder(path, folder) or not path.is_file():
        hint = " (write the path inside docs/, without 'docs/')" if logo.strip().startswith("docs/") else ""
        return f"'{logo}' is not a file in docs/{hint}."
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return f"'{logo}' is not a picture (use SVG, PNG, JPEG or WebP)."
    return None
