"""Files the settings name: found inside the project, read only as far as a short list needs.

Content is untrusted, mkdocs.yml included. A setting that names a file (``extra.search.words``,
``extra.checks.plain_words``) could otherwise make the build read any file on the machine and publish
its words in the search index or print them in the log (``/tmp/secret.yml``), or read without end
(``/dev/zero``, a named pipe). So such a file must be named relative to the settings file, stay inside
the project (``project_root``: no absolute path, no ``..`` or link that leads out of it, nothing inside
``.git``), be a regular file of at most ``MAX_LIST_BYTES``, and be UTF-8 text.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kapguide.findings import Finding
from kapguide.frontmatter import decode

MAX_LIST_BYTES = 1_000_000  # the shipped word lists are about 20 KB; a list is never read past this
GIT_FOLDER = ".git"  # the repository's own files (its config can hold a CI job's token): never read or written


def project_root(settings_file: str | Path, cwd: str | Path | None = None) -> Path:
    """The project: the nearest folder at or above the settings file's folder that holds ``.git`` (the repository,
    where a second clinic's settings such as examples/uk-clinic/mkdocs.yml name ../../docs); without one (a
    downloaded zip), the current folder when it holds the settings file, else the settings file's folder."""
    folder = Path(os.path.realpath(Path(settings_file).parent))
    for candidate in (folder, *folder.parents):
        if (candidate / GIT_FOLDER).exists():
            return candidate
    here = Path(os.path.realpath(cwd if cwd is not None else Path.cwd()))
    return here if folder.is_relative_to(here) else folder


def inside(path: str | Path, folder: str | Path) -> bool:
    """Whether ``path``, with every link followed, is ``folder`` or inside it, and not inside a .git folder there."""
    real, base = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return real.is_relative_to(base) and GIT_FOLDER not in real.relative_to(base).parts


def named_file(value: str | None, default: str, settings_dir: Path, root: Path) -> tuple[Path | None, str]:
    """The file a setting names (``default`` when it names none), relative to the settings file's folder, and
    what is wrong with reading it ('' when nothing is). The path is None when there is nothing to read: the
    name is refused, or the setting names no file and the default one is not there."""
    name = value if value else default
    if "\x00" in name or len(name) > 1024:
        return None, "the name is too long or has invisible characters, so no such file can exist."
    if os.path.isabs(name) or name.startswith(("/", "\\")):
        return None, f"'{name}' is an absolute path; the build reads only files inside the project."
    path = settings_dir / name
    if not value and not os.path.lexists(path):
        return None, ""
    if not inside(path, root):
        return None, f"'{name}' {_outside(settings_dir, name, root)}; the build reads only the project's own files."
    return path, ""


def _outside(settings_dir: Path, name: str, root: Path) -> str:
    """Where a name that is not inside the project leads, for the message."""
    real_root = Path(os.path.realpath(root))
    if Path(os.path.realpath(settings_dir / name)).is_relative_to(real_root):
        return f"is inside {GIT_FOLDER}, the repository's own files"
    written = Path(os.path.normpath(Path(os.path.realpath(settings_dir)) / name))
    return "is a link to a file outside the project" if written.is_relative_to(real_root) else "is outside the project"


def read_list_file(path: Path, shown_as: str, limit: int = MAX_LIST_BYTES) -> tuple[str | None, list[Finding]]:
    """The text of a short list (a regular file of at most ``limit`` bytes of UTF-8, read no further than that),
    or a finding naming ``shown_as`` (and the line of a byte that is not UTF-8). OSError when it cannot be opened,
    for instance when it is not there."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a named pipe opens without waiting for a writer
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None, [Finding("settings", shown_as, "This is not a plain file (it is a folder, a device or a pipe).",
                              fix="Name a .yml file saved in the project.")]
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        return None, [Finding("settings", shown_as, f"This file is larger than {limit // 1_000_000} MB; a list of words "
                              "is a few pages at most, so the build does not read it.",
                              fix="Keep one line for each word or phrase, and move anything else out of the file.")]
    return decode(data, shown_as)
