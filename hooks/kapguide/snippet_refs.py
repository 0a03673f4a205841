"""Shared-text includes (pymdownx.snippets): find them, check them, and drop the ones that would stop the build.

Pages pull in shared text from docs/_snippets/ with pymdownx.snippets. With ``check_paths: true``
a reference to a file that is missing, outside the snippet folders or unreadable raises
SnippetMissingError (a traceback, and no build). ``check_snippets`` reports each such reference
as a finding that names the file and line, and returns the Markdown with those lines blanked,
so the build always finishes and the finding fails it.

The syntax is read the way pymdown-extensions 13.1 reads it (pymdownx/snippets.py):

    --8<-- "file.md"            one line: any number (1 or more) of dashes each side, the path in
    --8<-- 'file.md'            single or double quotes, and nothing after the closing quote
    ;--8<-- "file.md"           escaped: shown as written (without the first ';'), not included
    --8<--                      a block: one path per line (no quotes) until the next '--8<--' line;
    file.md                     an empty path line is a blank line, a path starting with ';' is skipped
    --8<--
    file.md:1:3                 lines 1 to 3; also file.md:3 (from line 3), file.md:1:3,5:6 (two ranges)
    file.md:name                the section between '--8<-- [start:name]' and '--8<-- [end:name]'

pymdownx expands includes everywhere, fenced code too, and expands the includes inside included
files (nested); ``check_snippets`` follows both. Every scan here is linear in the length of the text.

pymdownx expands every include again wherever it stands, so shared text that includes another twice,
which includes another twice, and so on, doubles the page at each level: 21 such files make a million
copies, and the build never ends. ``check_snippets`` walks the includes of a page as pymdownx will,
before pymdownx expands anything, and stops at the first one past a bound (``MAX_NESTING`` levels,
``MAX_INCLUDES`` includes, ``MAX_INCLUDED_CHARACTERS`` of text brought in): so the walk itself is
short whatever the files hold, and that include line is left out of the page.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kapguide.findings import Finding, Severity

RULE = "snippet"
MAX_PATH_LENGTH = 1024  # no real path is longer; pymdownx's int() of a 5,000-digit line number would raise
MAX_NESTING = 3  # levels of shared text inside shared text; the guide's own shared texts include none (1 level)
MAX_INCLUDES = 50  # includes one page brings in, counting those inside shared text; the guide's pages have 1 or 2
MAX_INCLUDED_CHARACTERS = 1_000_000  # text one page brings in; the guide's shared texts are 1 or 2 KB each
EXAMPLE = '--8<-- "warning-signs.md"'

FIRST_RANGE = re.compile(r"(?::-?+[0-9]*+){1,2}+")  # ':1:3' in 'file.md:1:3,5:6'
RANGE_ITEM = re.compile(r"-?+[0-9]*+(?::-?+[0-9]*+)?+")  # '5:6' in 'file.md:1:3,5:6'
_RANGE_CHARS = frozenset(":,-0123456789")
_ITEM_START = frozenset("-0123456789:")
SECTION_SPEC = re.compile(r":[a-z][-_0-9a-z]*+", re.I)  # ':name'
SECTION_MARK = re.compile(  # '--8<-- [start:name]' anywhere in a line; ';' before the dashes escapes it
    r"(?:(?<!;)(;++)|(?<![;-]))-++8<-++[ \t]++\[[ \t]*+(start|end)[ \t]*+:[ \t]*+([a-z][-_0-9a-z]*+)[ \t]*+\]", re.I)
FENCE = re.compile(r"[ \t]*+(`{3,}+|~{3,}+)")


@dataclass(frozen=True)
class SnippetRef:
    """One include as pymdownx will read it. ``line`` is 1-based in the text that was scanned."""
    line: int
    raw: str  # the path as written, with any line range or section
    form: Literal["inline", "block"]

    @property
    def path(self) -> str:
        return split_target(self.raw)[0]


@dataclass
class _Scan:
    refs: list[SnippetRef] = field(default_factory=list)
    unclosed_block: int | None = None  # line of a block opener that is never closed
    look_alikes: list[int] = field(default_factory=list)  # lines that look like includes but are shown as text


@dataclass(frozen=True)
class _Marker:
    escaped: bool
    quoted: str | None  # the path inside the quotes; None for a block marker


# ---------- reading the syntax ----------

def _marker(line: str) -> _Marker | None:
    """An include line or block marker, as pymdownx's RE_ALL_SNIPPETS reads it; None for any other line."""
    if "8<" not in line:
        return None
    text = line[:-1] if line.endswith("\r") else line
    start = len(text) - len(text.lstrip(" \t"))
    semis = len(text) - start - len(text[start:].lstrip(";"))
    dashes_at = start + semis
    after = len(text) - len(text[dashes_at:].lstrip("-"))
    if after == dashes_at or not text.startswith("8<", after):
        return None
    rest = text[after + 2:]
    if not rest.startswith("-"):
        return None
    rest = rest.lstrip("-")
    if not rest:
        return _Marker(semis > 0, None)
    if rest[0] not in " \t":
        return None
    quoted = _quoted(rest.lstrip(" \t"))
    return _Marker(semis > 0, quoted) if quoted is not None else None


def _quoted(text: str) -> str | None:
    """The inside of '"path"' or "'path'" filling the whole text; a quote inside must be escaped with '\\'."""
    if len(text) < 3 or text[0] not in "\"'" or text[-1] != text[0]:
        return None
    inner, quote = text[1:-1], text[0]
    if "\r" in inner:
        return None
    position = inner.find(quote)
    while position != -1:
        if position == 0 or inner[position - 1] != "\\":
            return None
        position = inner.find(quote, position + 1)
    return inner


def _fence_flags(lines: list[str]) -> list[bool]:
    """For each line, whether it is part of a fenced code block (``` or ~~~, as in markdown_lines)."""
    flags, fence = [], ""
    for line in lines:
        opened = FENCE.match(line)
        if fence:
            flags.append(True)
            if line.strip().startswith(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)[:3]
            flags.append(True)
        else:
            flags.append(False)
    return flags


def _looks_like_include(line: str) -> bool:
    """A line that starts like an include ('--8<--') that pymdownx will show as written (call it for non-markers)."""
    stripped = line.lstrip(" \t")
    head = stripped.lstrip("-")
    return len(head) < len(stripped) and head.startswith("8<-") and not SECTION_MARK.match(stripped)


def _scan(lines: list[str], first_line: int = 1) -> _Scan:
    """Every include in the lines, the way pymdownx's parse_snippets walks them."""
    found = _Scan()
    block_start: int | None = None
    in_code = None
    for index, line in enumerate(lines):
        number = first_line + index
        marker = _marker(line)
        if marker is not None:
            if marker.escaped:
                continue
            if marker.quoted is None:
                block_start = number if block_start is None else None
                continue
            if block_start is None:
                found.refs.append(SnippetRef(number, marker.quoted.strip(), "inline"))
            continue  # pymdownx ignores a one-line include inside a block
        if block_start is None:
            if "8<" in line and _looks_like_include(line):
                in_code = in_code if in_code is not None else _fence_flags(lines)
                if not in_code[index]:
                    found.look_alikes.append(number)
            continue
        path = line.strip()
        if path:
            found.refs.append(SnippetRef(number, path, "block"))
    found.unclosed_block = block_start
    found.refs = [ref for ref in found.refs if not ref.raw.startswith(";")]  # commented out
    return found


def find_snippet_refs(markdown: str, first_line: int = 1) -> list[SnippetRef]:
    """Every include pymdownx.snippets will try to read, with its line (``first_line`` is the text's first line).

    Includes in fenced code count (pymdownx expands them there too); escaped (';--8<--') and
    commented-out (';file.md') ones do not. In an unclosed block every later non-empty line is a path.
    """
    return _scan(markdown.split("\n"), first_line).refs


def split_target(raw: str) -> tuple[str, str | None, str | None]:
    """'file.md:1:3' -> ('file.md', ':1:3', None); 'file.md:name' -> ('file.md', None, ':name').

    The path ends at the first ':' after which the rest is a whole line range or section name, as
    pymdownx decides. Linear on any text: a range uses only ':,-' and digits, so only the colons in
    the run of those characters at the end can start one; each comma-separated item after the first
    is checked once, from the end; and a section name has no ':', so only the last colon can start it.
    """
    start = len(raw)
    while start and raw[start - 1] in _RANGE_CHARS:
        start -= 1
    items_valid = True  # whether everything from the current comma to the end is ',item' pieces
    valid_from: dict[int, bool] = {}
    end = len(raw)
    for comma in range(len(raw) - 1, start - 1, -1):
        if raw[comma] == ",":
            first = raw[comma + 1:comma + 2]
            items_valid = items_valid and first != "" and first in _ITEM_START and bool(RANGE_ITEM.fullmatch(raw, comma + 1, end))
            valid_from[comma] = items_valid
            end = comma
    colon = raw.find(":", start)
    while colon != -1:
        comma = raw.find(",", colon)
        comma = len(raw) if comma == -1 else comma
        if (comma == len(raw) or valid_from[comma]) and FIRST_RANGE.fullmatch(raw, colon, comma):
            return raw[:colon], raw[colon:], None
        colon = raw.find(":", colon + 1)
    last = raw.rfind(":")
    if last != -1 and SECTION_SPEC.fullmatch(raw, last):
        return raw[:last], None, raw[last:]
    return raw, None, None


def line_ranges(spec: str) -> list[tuple[int | None, int | None]] | None:
    """':1:3,5:6' -> [(0, 3), (4, 6)]: slice bounds as pymdownx computes them; None when a number is only '-'."""
    ranges = []
    for item in spec[1:].split(","):
        parts = item.split(":")
        try:
            start = int(parts[0]) if parts[0] else None
            end = int(parts[1]) if len(parts) > 1 and parts[1] else None
        except ValueError:
            return None
        ranges.append((start if start is None or start < 0 else max(0, start - 1), end))
    return ranges


def _select_lines(lines: list[tuple[int, str]], ranges: list[tuple[int | None, int | None]]) -> list[tuple[int, str]]:
    """pymdownx's extract_lines: negative numbers count from the end."""
    total = len(lines)
    chosen = []
    for start, end in ranges:
        first = min(max(total + start, 0), total) if start and start < 0 else start
        last = min(max(total + 1 + end, 0), total) if end and end < 0 else end
        chosen.extend(lines[first:last])
    return chosen


def _section(lines: list[tuple[int, str]], name: str) -> list[tuple[int, str]] | None:
    """pymdownx's extract_section: the lines of section ``name``, or None when it has no start marker first."""
    chosen: list[tuple[int, str]] = []
    started = found = False
    for number, line in lines:
        mark = SECTION_MARK.search(line) if "8<-" in line else None
        if mark and not mark.group(1) and mark.group(3) == name:
            if mark.group(2).lower() == "start":
                started = found = True
                continue
            break  # its end (or an end before any start)
        if mark and not mark.group(1) and started:
            continue  # another section's marker
        if started:
            chosen.append((number, line))
    return chosen if found else None


# ---------- finding the files ----------

@dataclass(frozen=True)
class _Where:
    """Where an include points: a readable file, or the problem with it."""
    file: Path | None
    message: str = ""
    fix: str = ""


def _inside(path: str, folder: str) -> bool:
    folder = folder.rstrip(os.sep) + os.sep
    return path.startswith(folder)


def _display(path: Path | str, root: Path | None) -> str:
    """A path as staff know it: relative to the repository (or the current folder) when inside it."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is not None:
            try:
                return path.relative_to(base).as_posix()
            except ValueError:
                continue
    return path.as_posix()


def _suggestion(name: str, bases: list[Path]) -> str:
    names = []
    for base in bases:
        try:
            names += [entry.name for entry in os.scandir(base) if entry.is_file()]
        except OSError:
            continue
    guess = difflib.get_close_matches(os.path.basename(name), names, n=1)
    return f"Did you mean '{guess[0]}'? " if guess else ""


def _locate(name: str, bases: list[Path], root: Path | None) -> _Where:
    """The file an include names, searched like pymdownx (first base that has it), but also refusing
    links (symlinks) that lead outside the base folders, which pymdownx would follow."""
    folders = " or ".join(f"{_display(b, root)}/" for b in bases) or "the snippet folder"
    write_as = f"Write the file name only, as in {EXAMPLE}, and keep the file in {folders}."
    if not name:
        return _Where(None, "This shared-text line names no file.", f"Write it as {EXAMPLE}.")
    if len(name) > MAX_PATH_LENGTH or "\x00" in name:
        return _Where(None, "This shared-text line names a file that cannot exist (the name is too long or has "
                            "invisible characters).", f"Write it as {EXAMPLE}.")
    if "://" in name:
        return _Where(None, f"Shared text '{name[:80]}' is a web address; shared text must be a file in {folders}.", write_as)
    if os.path.isabs(name) or name.startswith(("/", "\\")):
        return _Where(None, f"The shared text '{name[:80]}' is an absolute path, outside {folders}.", write_as)
    climbs_out = True
    for base in bases:
        base_text = os.path.abspath(base)
        if not os.path.exists(base_text):
            continue
        if not os.path.isdir(base_text):  # a file given as a base: only that file can be named
            candidate = os.path.join(os.path.dirname(base_text), name)
            if os.path.exists(candidate) and os.path.samefile(candidate, base_text):
                return _Where(Path(base_text))
            continue
        candidate = os.path.abspath(os.path.join(base_text, name))
        if not _inside(candidate, base_text):
            continue
        climbs_out = False
        if not os.path.exists(candidate):
            continue
        if not _inside(os.path.realpath(candidate), os.path.realpath(base_text)):
            return _Where(None, f"The shared text '{name}' is a link to a file outside {folders}.",
                          f"Put the text itself in a file in {folders} instead of a link to another file.")
        if not os.path.isfile(candidate):
            return _Where(None, f"The shared text '{name}' is a folder, not a file.", write_as)
        return _Where(Path(candidate))
    if climbs_out and any(os.path.isdir(b) for b in bases):
        return _Where(None, f"The shared text '{name[:80]}' points outside {folders}.", write_as)
    return _Where(None, f"The shared text '{name}' does not exist.",
                  f"{_suggestion(name, bases)}Check the file name in {folders} (for example warning-signs.md).")


def _read(file: Path) -> list[str] | None:
    """A snippet file's lines as pymdownx reads them (UTF-8, any line ending), or None if it is not UTF-8 text."""
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n") if text else []


# ---------- checking ----------

@dataclass
class _Check:
    """One page's check: the base folders, what was already looked up, and the findings so far."""
    bases: list[Path]
    root: Path | None
    findings: list[Finding] = field(default_factory=list)
    located: dict[str, _Where] = field(default_factory=dict)
    files: dict[str, list[str] | None] = field(default_factory=dict)
    included: int = 0     # includes walked so far, nested ones too
    characters: int = 0   # text they bring in
    too_much: str = ""    # the bound passed ('more than 50 shared texts'); once set, nothing more is walked
    too_much_fix: str = ""

    def locate(self, name: str) -> _Where:
        if name not in self.located:
            self.located[name] = _locate(name, self.bases, self.root)
        return self.located[name]

    def read(self, file: Path) -> list[str] | None:
        key = str(file)
        if key not in self.files:
            self.files[key] = _read(file)
        return self.files[key]

    def bring_in(self, lines: list[tuple[int, str]]) -> bool:
        """Count one more include and the text it brings in; False once the page has passed a bound."""
        self.included += 1
        self.characters += sum(len(text) + 1 for _, text in lines)
        if self.included > MAX_INCLUDES:
            self.too_much = f"more than {MAX_INCLUDES} shared texts"
            self.too_much_fix = ("Include each shared text once, from the page itself; a shared text should not "
                                 "include others several times over.")
        elif self.characters > MAX_INCLUDED_CHARACTERS:
            self.too_much = f"more than {MAX_INCLUDED_CHARACTERS:,} characters of shared text"
            self.too_much_fix = "Keep shared text short: the few sentences several pages need, not a whole page."
        return not self.too_much

    def problem(self, path: str, line: int | None, message: str, fix: str, used_by: str = "",
                severity: Severity = "error") -> None:
        if used_by:
            fix = f"{fix} (This shared text is used by {used_by}.)"
        self.findings.append(Finding(RULE, path, message, line=line, fix=fix, severity=severity))


def _check_ref(check: _Check, ref: SnippetRef, path: str, line: int | None, stack: tuple[str, ...],
               used_by: str) -> bool:
    """Check one include and the includes in the text it brings in. True when pymdownx can read it all.

    ``path`` and ``line`` say where the include is written; ``stack`` holds the files being included
    (a file that includes itself is skipped, as pymdownx does); ``used_by`` names the page for
    includes inside shared text.
    """
    if check.too_much:
        return False  # the page already brings in too much: named once, at its include line (check_snippets)
    if len(ref.raw) > MAX_PATH_LENGTH:
        check.problem(path, line, "This shared-text line names a file that cannot exist (the name is too long).",
                      f"Write it as {EXAMPLE}.", used_by)
        return False
    name, spec, section = split_target(ref.raw)
    where = check.locate(name.strip())
    if where.file is None:
        check.problem(path, line, where.message, where.fix, used_by)
        return False
    key = os.path.realpath(where.file)
    if key in stack:
        check.problem(path, line, f"The shared text '{name}' includes itself, so this line is left out.",
                      "Remove this line.", used_by, severity="warning")
        return True
    shown = _display(where.file, check.root)
    lines = check.read(where.file)
    if lines is None:
        check.problem(path, line, f"The shared text '{name}' ({shown}) is not UTF-8 text.",
                      "Save it as UTF-8 (the default in the GitHub editor).", used_by)
        return False
    chosen = _chosen_lines(check, ref, list(enumerate(lines, 1)), spec, section, shown, path, line, used_by)
    if chosen is None or not check.bring_in(chosen):
        return False
    return _check_nested(check, chosen, shown, stack + (key,), used_by or f"{path} (line {line})")


def _chosen_lines(check: _Check, ref: SnippetRef, numbered: list[tuple[int, str]], spec: str | None,
                  section: str | None, shown: str, path: str, line: int | None,
                  used_by: str) -> list[tuple[int, str]] | None:
    """The (line, text) pairs an include brings in, or None (after a finding) when pymdownx would raise."""
    if not numbered or not (spec or section):
        return numbered  # pymdownx takes an empty file as it is, whatever the include asks for
    if section:
        chosen = _section(numbered, section[1:])
        if chosen is None:
            check.problem(path, line, f"The shared text {shown} has no section '{section[1:]}'.",
                          f"Add '--8<-- [start:{section[1:]}]' and '--8<-- [end:{section[1:]}]' lines around the "
                          f"text in {shown}, or correct the name.", used_by)
        return chosen
    ranges = line_ranges(spec or "")
    if ranges is None:
        check.problem(path, line, f"The line range in '{ref.raw[:80]}' is not valid.",
                      "Write it like warning-signs.md:1:3 (lines 1 to 3) or warning-signs.md:3 (line 3 to the end).",
                      used_by)
        return None
    chosen = _select_lines(numbered, ranges)
    if not chosen:
        lines = len(numbered) - (1 if numbered and not numbered[-1][1] else 0)  # a final newline ends a line
        check.problem(path, line, f"The line range in '{ref.raw[:80]}' selects no lines: {shown} has "
                      f"{lines} lines.", "Check the line numbers.", used_by, severity="warning")
    return chosen


def _check_nested(check: _Check, lines: list[tuple[int, str]], shown: str, stack: tuple[str, ...],
                  used_by: str) -> bool:
    """The includes inside an included file's lines; findings name that file and its lines."""
    if not any("8<" in text for _, text in lines):
        return True
    numbers = [number for number, _ in lines]
    scan = _scan([text for _, text in lines])
    if scan.refs and len(stack) >= MAX_NESTING:  # its includes would be one level more
        check.problem(shown, numbers[scan.refs[0].line - 1], f"Shared text is included inside shared text more than "
                      f"{MAX_NESTING} levels deep.", "Include the files from the page instead.", used_by)
        return False
    readable = True
    if scan.unclosed_block is not None and not _block_readable(check, scan, shown, stack):
        _unclosed(check, shown, numbers[scan.unclosed_block - 1], used_by)
        return False
    for ref in scan.refs:
        readable = _check_ref(check, ref, shown, numbers[ref.line - 1], stack, used_by) and readable
    return readable


def _block_readable(check: _Check, scan: _Scan, path: str, stack: tuple[str, ...] = ()) -> bool:
    """Whether every path of a block that is never closed can be read (then pymdownx includes them all).

    An accidental '--8<--' line turns the rest of the page into file names; one finding for the
    opener says more than one per line, so the paths are tried here without reporting them.
    """
    trial = _Check(check.bases, check.root, located=check.located, files=check.files)
    opened = scan.unclosed_block or 0
    return all(_check_ref(trial, ref, path, None, stack, "") for ref in scan.refs if ref.line > opened)


def _unclosed(check: _Check, path: str, line: int | None, used_by: str = "") -> None:
    check.problem(path, line, "This '--8<--' line starts a block of shared-text files that never ends, so every "
                  "line after it is read as a file name.",
                  "Add a line with just '--8<--' after the file names, or delete this line.", used_by)


def _page_lines(markdown_lines: list[str], markdown: str, full_text: str) -> list[int | None]:
    """The file line of each Markdown line: MkDocs hands hooks the page without its front matter."""
    if full_text.endswith(markdown):
        offset = full_text[: len(full_text) - len(markdown)].count("\n")
        return [offset + index + 1 for index in range(len(markdown_lines))]
    where: dict[str, list[int]] = {}
    for number, text in enumerate(full_text.split("\n"), 1):
        where.setdefault(text, []).append(number)
    used: dict[str, int] = {}
    numbers: list[int | None] = []
    for text in markdown_lines:  # the n-th copy of a line here is the n-th copy in the file
        seen = used.get(text, 0)
        candidates = where.get(text, [])
        numbers.append(candidates[seen] if seen < len(candidates) else None)
        used[text] = seen + 1
    return numbers


def _blank(line: str) -> str:
    """The line's indentation only: an empty line for Markdown, in the same place."""
    return line[: len(line) - len(line.lstrip(" \t"))]


def check_snippets(markdown: str, full_text: str, path: str, bases: list[Path],
                   root: Path | None = None) -> tuple[str, list[Finding]]:
    """Check every include of a page; return (the Markdown without the includes that would stop the build, findings).

    ``markdown`` is what MkDocs hands ``on_page_markdown`` (the page without its front matter),
    ``full_text`` the whole file (for line numbers), ``path`` the file as staff see it
    (docs/...), ``bases`` pymdownx.snippets' base_path folders, ``root`` the repository (files in
    messages are named relative to it; the current folder when None).

    Errors (rule "snippet"): a file that is missing, absolute, outside the base folders (also
    through a link), a folder, or not UTF-8; a missing section; an invalid line range; an unclosed
    block; and any of these inside an included file (named with that file's line). Warnings: a
    line range that selects nothing, a file that includes itself, and a line that looks like an
    include but will be shown as text. Each include that would make pymdownx raise becomes an
    empty line (its indentation kept), so the build never stops there and line numbers stay put.
    """
    if "8<" not in markdown:
        return markdown, []
    lines = markdown.split("\n")
    check = _Check(bases, root)
    file_lines = _page_lines(lines, markdown, full_text)
    scan = _scan(lines)
    blank: set[int] = set()
    if scan.unclosed_block is not None and not _block_readable(check, scan, path):
        _unclosed(check, path, file_lines[scan.unclosed_block - 1])
        blank.add(scan.unclosed_block - 1)
        lines[scan.unclosed_block - 1] = _blank(lines[scan.unclosed_block - 1])
        scan = _scan(lines)  # the lines after it are ordinary text once it is gone
    for ref in scan.refs:
        already = check.too_much
        if not _check_ref(check, ref, path, file_lines[ref.line - 1], (), ""):
            blank.add(ref.line - 1)
        if check.too_much and not already:
            check.problem(path, file_lines[ref.line - 1], f"With this include the page brings in {check.too_much} "
                          "(counting the shared texts included inside shared texts), so this include and any after "
                          "it are left out.", check.too_much_fix)
    for number in scan.look_alikes:
        check.problem(path, file_lines[number - 1], "This line looks like a shared-text include, but it will be "
                      "shown to patients as written.", f"Write it exactly as {EXAMPLE}: the file name in quotes "
                      "and nothing after it, not even a space.", severity="warning")
    findings = list(dict.fromkeys(check.findings))  # a file included several times has the same mistake each time
    if not blank:
        return markdown, findings
    return "\n".join(_blank(line) if index in blank else line for index, line in enumerate(lines)), findings
