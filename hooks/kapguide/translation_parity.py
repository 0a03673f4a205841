"""Translations that keep step with the main language's pages (rule ``translation``).

When the guide has more than one language (``extra.languages``), each other language's folder
(``docs-es/``) holds the same pages and worksheets as the main one (``docs/``), by path: a page
``docs/x.md`` is ``docs-es/x.md``, a worksheet ``docs/worksheets/x.yml`` is ``docs-es/worksheets/x.yml``,
and each shared text in ``docs/_snippets/`` has its own translation there too. ``check_translation``
names every file without its counterpart, both ways.

Two translated pages must give the same safety text and the same clinic rules: the same shared-text
includes (``--8<-- "warning-signs.md"``, by name) and the same ``{{ treatment.* }}`` tokens, as many
times. A missing one is named at the start of the section that should hold it (the sections are
matched by their order on the page); an extra one at its own line.

Each translation records which version of its English page it was checked against: its front matter
holds ``source_hash``, the first 12 hex digits of the SHA-256 of the English page's body (the front
matter left out, every run of white space made one space, so a rewrapped line is no change). A worksheet,
whose top-level settings the worksheet model reads, holds it as a comment line, ``# source_hash: ...``,
and its hash leaves out its review lines (status, reviewed, review_due, reviewed_by). When the English
page changes, the translation's hash no longer matches and the build says so, with the new one.
``scripts/translation_hashes.py`` prints or writes the current hashes.

The build of each other language runs these checks (it knows both folders); the main build need not.
Plain module: no MkDocs; the hook gives it the folders and MkDocs' ``exclude_docs``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kapguide.findings import Finding
from kapguide.frontmatter import split
from kapguide.markdown_lines import lines_outside_code
from kapguide.snippet_refs import find_snippet_refs
from kapguide.structure import atx_heading

RULE = "translation"
HASH_FIELD = "source_hash"
HASH_LENGTH = 12
WORKSHEETS = "worksheets"
SHARED_FOLDERS = ("_snippets",)  # shared text: a file of its own in each language, included by name
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}  # as staff read them in messages
TOKEN = re.compile(r"\{\{\s*treatment\.([A-Za-z0-9_]+)\s*\}\}")
WORKSHEET_HASH_LINE = re.compile(r"^(?:#[ \t]*)?source_hash:[ \t]*([^\s#]*)[ \t]*$", re.M)
PAGE_HASH_LINE = re.compile(r"source_hash:[ \t]*([\"']?)([^\s\"'#]*)\1[ \t]*(?:#.*)?$")
WORKSHEET_REVIEW_LINE = re.compile(r"^(?:status|reviewed|review_due|reviewed_by):.*$", re.M)


def _name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _digest(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def page_hash(text: str) -> str:
    """The hash of a page's body: its front matter left out, white space made single."""
    return _digest(split(text, "").body)


def worksheet_hash(text: str) -> str:
    """The hash of a worksheet: its review lines and any source_hash line left out, white space made single."""
    return _digest(WORKSHEET_REVIEW_LINE.sub("", WORKSHEET_HASH_LINE.sub("", text)))


def is_worksheet(relative: str) -> bool:
    parts = relative.split("/")
    return len(parts) == 2 and parts[0] == WORKSHEETS and parts[1].endswith(".yml")


def source_hash(path: Path, relative: str) -> str:
    """The hash a translation of the main-language file ``path`` (``relative`` in its folder) records."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    return worksheet_hash(text) if is_worksheet(relative) else page_hash(text)


def recorded_hash(text: str, relative: str) -> tuple[str | None, int | None]:
    """The source_hash a translation holds (None when it has none), and its line."""
    if is_worksheet(relative):
        match = WORKSHEET_HASH_LINE.search(text)
        return (match.group(1) or "", text.count("\n", 0, match.start()) + 1) if match else (None, None)
    parsed = split(text, relative)
    line = parsed.meta_lines.get(HASH_FIELD)
    if HASH_FIELD not in parsed.meta or line is None:
        return None, None
    # read as written: YAML would make a hash of digits only a number ("000000000000" is 0)
    written = PAGE_HASH_LINE.match(text.splitlines()[line - 1])
    return (written.group(2) if written else str(parsed.meta[HASH_FIELD])), line


@dataclass(frozen=True)
class LanguageFiles:
    """A language folder's files that need a counterpart, by path inside the folder."""
    pages: frozenset[str]       # Markdown pages
    worksheets: frozenset[str]  # worksheets/<id>.yml
    shared: frozenset[str]      # _snippets/<name>.md

    def all(self) -> frozenset[str]:
        return self.pages | self.worksheets | self.shared


def language_files(folder: Path, excluded: Callable[[str], bool] = lambda _path: False,
                   shared_folders: Iterable[str] = SHARED_FOLDERS) -> LanguageFiles:
    """The pages, worksheets and shared texts in ``folder``; ``excluded`` (MkDocs' exclude_docs) leaves out
    files that are not published, such as templates/. Hidden files and folders are never counted."""
    shared_folders = tuple(shared_folders)
    pages, worksheets, shared = set(), set(), set()
    if folder.is_dir():
        for path in folder.rglob("*"):
            relative = path.relative_to(folder).as_posix()
            if not path.is_file() or any(part.startswith(".") for part in relative.split("/")):
                continue
            if relative.split("/")[0] in shared_folders:
                if relative.endswith(".md"):
                    shared.add(relative)
            elif is_worksheet(relative):
                worksheets.add(relative)
            elif relative.endswith(".md") and not excluded(relative):
                pages.add(relative)
    return LanguageFiles(frozenset(pages), frozenset(worksheets), frozenset(shared))


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def check_translation(main_docs: Path, docs: Path, code: str, root: Path, main_code: str = "en",
                      excluded: Callable[[str], bool] = lambda _path: False,
                      shared_folders: Iterable[str] = SHARED_FOLDERS) -> list[Finding]:
    """Every way ``docs`` (language ``code``) is out of step with ``main_docs`` (``main_code``)."""
    shared_folders = tuple(shared_folders)
    main = language_files(main_docs, excluded, shared_folders)
    here = language_files(docs, excluded, shared_folders)
    findings: list[Finding] = []
    for relative in sorted(main.all() - here.all()):
        findings.append(_missing(main_docs / relative, docs / relative, relative, code, root, shared_folders))
    for relative in sorted(here.all() - main.all()):
        shown = _display(docs / relative, root)
        findings.append(Finding(RULE, shown, f"There is no {_name(main_code)} file {_display(main_docs / relative, root)} "
                                f"for this {_name(code)} one.",
                                fix="Give it the same folder and file name as the file it translates, or remove it."))
    for relative in sorted((main.pages | main.worksheets) & (here.pages | here.worksheets)):
        findings += _check_pair(main_docs / relative, docs / relative, relative, (main_code, code), root)
    return findings


def _missing(original: Path, translation: Path, relative: str, code: str, root: Path,
             shared_folders: tuple[str, ...]) -> Finding:
    kind = "worksheet" if is_worksheet(relative) else "shared text" if relative.split("/")[0] in shared_folders \
        else "page"
    fix = f"Add {_display(translation, root)}, in {_name(code)}"
    if kind != "shared text":
        line = f"# {HASH_FIELD}: {source_hash(original, relative)}" if kind == "worksheet" else \
            f"{HASH_FIELD}: {source_hash(original, relative)}"
        fix += f", with the line '{line}' at its top" if kind == "worksheet" else f", with '{line}' in its front matter"
    return Finding(RULE, _display(original, root), f"This {kind} has no {_name(code)} version: "
                   f"{_display(translation, root)} does not exist.", fix=fix + ".")


def _check_pair(original: Path, translation: Path, relative: str, codes: tuple[str, str], root: Path) -> list[Finding]:
    """A page or worksheet and its translation: the source_hash, and for pages the same includes and tokens."""
    shown, source_shown = _display(translation, root), _display(original, root)
    try:
        source = original.read_text(encoding="utf-8-sig")
        text = translation.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # a file that is not text has its own message (rule file-encoding)
    findings = _hash_findings(source, text, relative, shown, source_shown, codes)
    if not is_worksheet(relative):
        findings += _same_parts(split(source, source_shown), split(text, shown), shown,
                                f"The {_name(codes[0])} page {source_shown}")
    return findings


def _hash_findings(source: str, text: str, relative: str, shown: str, source_shown: str,
                   codes: tuple[str, str]) -> list[Finding]:
    worksheet = is_worksheet(relative)
    kind = "worksheet" if worksheet else "page"
    expected = worksheet_hash(source) if worksheet else page_hash(source)
    recorded, line = recorded_hash(text, relative)
    written = f"# {HASH_FIELD}: {expected}" if worksheet else f"{HASH_FIELD}: {expected}"
    if recorded is None:
        where = "as a line at the top of the worksheet" if worksheet else "to its front matter"
        return [Finding(RULE, shown, f"This translation has no {HASH_FIELD}, so the build cannot tell when "
                        f"{source_shown} changes.", line=1, severity="warning",
                        fix=f"Check that it says the same as {source_shown}, then add '{written}' {where}.")]
    if recorded != expected:
        return [Finding(RULE, shown, f"The {_name(codes[0])} {kind} {source_shown} changed since this translation was "
                        f"checked ({HASH_FIELD} {recorded or '(empty)'} ≠ {expected}).", line=line, severity="warning",
                        fix=f"Check the {_name(codes[1])} {kind} says the same, then set {written}.")]
    return []


def _headings(body: str, first_line: int) -> list[int]:
    return [number for number, line in lines_outside_code(body, first_line) if atx_heading(line)]


def _section_start(line: int, headings: list[int], other_headings: list[int], other_first: int) -> int:
    """The line in the other page where the section holding ``line`` starts (the same heading, by order)."""
    index = sum(1 for heading in headings if heading <= line)
    if index and len(headings) == len(other_headings):
        return other_headings[index - 1]
    return other_first


def _includes(body: str, first_line: int) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for ref in find_snippet_refs(body, first_line):
        found.setdefault(ref.path, []).append(ref.line)
    return found


def _tokens(body: str, first_line: int) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for number, line in lines_outside_code(body, first_line):
        for match in TOKEN.finditer(line):
            found.setdefault(match.group(1), []).append(number)
    return found


def _same_parts(original, translation, shown: str, source: str) -> list[Finding]:
    """The same shared texts and clinic-rule tokens, as many times, in both pages."""
    findings: list[Finding] = []
    main_headings = _headings(original.body, original.body_start_line)
    headings = _headings(translation.body, translation.body_start_line)
    kinds = (
        (_includes, lambda name: f'the shared text --8<-- "{name}"', "Add it at the same place as in the original "
         "page, so that patients get the same safety text."),
        (_tokens, lambda name: f"the clinic's rule {{{{ treatment.{name} }}}}", "Add it at the same place as in the "
         "original page, on a line of its own with a blank line before it."),
    )
    for find, describe, fix in kinds:
        main_found = find(original.body, original.body_start_line)
        found = find(translation.body, translation.body_start_line)
        for name in sorted(set(main_found) | set(found)):
            wanted, present = main_found.get(name, []), found.get(name, [])
            for line in wanted[len(present):]:
                at = _section_start(line, main_headings, headings, translation.body_start_line)
                findings.append(Finding(RULE, shown, f"{source} has {describe(name)} at line {line}; this section "
                                        "of the translation does not.", line=at, fix=fix))
            for line in present[len(wanted):]:
                findings.append(Finding(RULE, shown, f"This page has {describe(name)}, which {source[0].lower()}"
                                        f"{source[1:]} does not.", line=line,
                                        fix="Remove it, or add it to the original page too: the two pages must say the "
                                            "same."))
    return sorted(findings, key=lambda f: (f.line or 0, f.message))


# ---------- recording the hashes (scripts/translation_hashes.py) ----------

def translations(main_docs: Path, docs: Path) -> list[tuple[str, str]]:
    """(path inside the folder, the source_hash it should hold) for each page and worksheet of ``docs`` that
    has its original in ``main_docs``."""
    main, here = language_files(main_docs), language_files(docs)
    pairs = sorted((main.pages | main.worksheets) & (here.pages | here.worksheets))
    return [(relative, source_hash(main_docs / relative, relative)) for relative in pairs]


def with_source_hash(text: str, relative: str, value: str) -> str | None:
    """``text`` with its source_hash set to ``value``: the one line changed, or one line added (a page: at the
    end of its front matter; a worksheet: a comment after its status line, or at its top). None for a page
    without front matter."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if is_worksheet(relative):
        found = WORKSHEET_HASH_LINE.search(text)
        if found:
            prefix = found.group(0)[:found.group(0).index("source_hash:")]
            return text[:found.start()] + f"{prefix}{HASH_FIELD}: {value}" + text[found.end():]
        status = next((i for i, line in enumerate(lines) if line.startswith("status:")), None)
        at = status + 1 if status is not None else 0
        if at and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += newline
        return "".join(lines[:at] + [f"# {HASH_FIELD}: {value}{newline}"] + lines[at:])
    if not lines or lines[0].lstrip("\ufeff").rstrip("\r\n") != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") in ("---", "...")), None)
    if end is None:
        return None
    field = next((i for i in range(1, end) if lines[i].startswith(f"{HASH_FIELD}:")), None)
    if field is not None:
        lines[field] = f"{HASH_FIELD}: {value}{newline}"
    else:
        lines.insert(end, f"{HASH_FIELD}: {value}{newline}")
    return "".join(lines)
