"""Split a Markdown file into its YAML front matter and body, safely.

Staff write front matter by hand, often in a web editor. Whatever they type,
this module returns either the parsed mapping or findings that say where the
YAML went wrong; it never raises. The same loader reads worksheet files.

YAML in content files is plain 'name: value' data, so some YAML features are
refused before anything is built: anchors and aliases (&name, *name; they can
expand a few lines into billions of items or loop forever), tags (!!python/...,
!anything) and nesting deeper than MAX_DEPTH. A key written twice is reported.

``decode`` gives text with '\\n' line endings (MkDocs' own front matter reader
knows no other), and ``source_for_mkdocs`` the text to hand MkDocs, with refused
front matter emptied so MkDocs never builds it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from kapguide.findings import Finding

MAX_DEPTH = 32  # front matter needs 3 levels, worksheets 4; libyaml crashes the whole process near 30,000
ANCHORS_MESSAGE = "YAML anchors and aliases (&name, *name) are not allowed in pages and worksheets."
_ANCHOR_FIX = "Write the value out in full where it is needed, and remove the '&' and '*' names."
ALLOWED_TAGS = frozenset({"tag:yaml.org,2002:str"})  # '!!str 1.0' is harmless; every other tag is refused
MAX_NUMBER_LENGTH = 100  # longer whole numbers are refused: Python will not turn a huge one back into text
_SCAN_TRIGGERS = ("&", "*", "!")  # only texts with one of these (or much nesting) pay for the event scan
_NESTING_MARKS = "[{-?:"  # every level of nesting starts with one of these characters


# yaml.SafeLoader with libyaml when the machine has it: the same reading, many times faster. Every YAML file the
# hooks read goes through it.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDatesLoader(SAFE_LOADER):
    """SafeLoader that leaves dates as text, so '2026-02-30' is reported, not raised."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlRefused(yaml.YAMLError):
    """YAML that PyYAML could read but that is not allowed here, or that it cannot read safely.

    ``line`` counts from 0 at the first line of the YAML text, like PyYAML's marks.
    """

    def __init__(self, message: str, line: int, fix: str) -> None:
        super().__init__(message)
        self.message, self.line, self.fix = message, line, fix

    def finding(self, rule: str, path: str, first_line: int = 1) -> Finding:
        return Finding(rule, path, self.message, line=first_line + self.line, fix=self.fix)


def _show_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _may_nest_deeper_than(text: str, depth: int) -> bool:
    """A cheap upper bound: each level of nesting needs one of '[{-?:', so few of them means shallow YAML."""
    return sum(text.count(mark) for mark in _NESTING_MARKS) > depth


def _refuse_unsafe_structure(text: str) -> None:
    """Raise YamlRefused for anchors, aliases, tags or deep nesting, before anything is built from them.

    An alias can repeat a whole tree (a few lines expand to billions of items) or point back into
    itself (an endless loop), and thousands of nested brackets crash libyaml's composer. PyYAML's
    events show all of these without building anything, in linear time. YAML with none of '&*!'
    and few nesting characters (most front matter) cannot have any of them and skips the scan.
    """
    if not any(mark in text for mark in _SCAN_TRIGGERS) and not _may_nest_deeper_than(text, MAX_DEPTH):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_TextDatesLoader):
        line = event.start_mark.line
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(f"{ANCHORS_MESSAGE[:-1]}: this line uses '*{event.anchor}'.", line, _ANCHOR_FIX)
        if getattr(event, "anchor", None):
            raise YamlRefused(f"{ANCHORS_MESSAGE[:-1]}: this line sets '&{event.anchor}'.", line, _ANCHOR_FIX)
        tag = getattr(event, "tag", None)
        if tag and tag not in ALLOWED_TAGS:
            raise YamlRefused(f"YAML tags such as '{_show_tag(tag)}' are not allowed in pages and worksheets.", line,
                              f"Remove '{_show_tag(tag)}' and write the value as plain text (in quotes if it has a colon).")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlRefused(f"The YAML is nested more than {MAX_DEPTH} levels deep.", line,
                                  "Check the brackets and indentation on this line; the template needs only a few levels.")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """Every scalar in a composed tree, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield current
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in reversed(current.value) for n in reversed(pair))


def _unreadable_value_line(node: yaml.Node) -> int:
    """The line of the first value that cannot be built (e.g. a 5,000-digit number), or 0 if none is found."""
    constructor = _TextDatesLoader("")
    try:
        for scalar in _scalars(node):
            try:
                constructor.construct_object(scalar)
            except Exception:  # noqa: BLE001 - the point is to find the value that raised
                return scalar.start_mark.line
    finally:
        constructor.dispose()
    return 0


def _refuse_long_numbers(node: yaml.Node) -> None:
    """Refuse a number too long to be shown again: Python cannot turn it back into text (ValueError).

    '0x' and 'ff' repeated, or '1:2:3:...' (YAML 1.1 base 60), read as one huge whole number. Only
    texts longer than the limit are looked at; a shorter one cannot hold such a number.
    """
    for scalar in _scalars(node):
        if scalar.tag == "tag:yaml.org,2002:int" and len(scalar.value) > MAX_NUMBER_LENGTH:
            raise YamlRefused(f"The YAML could not be read: a number on this line has more than {MAX_NUMBER_LENGTH} "
                              "characters.", scalar.start_mark.line, "Put the value in quotes to keep it as text.")


def load_with_nodes(text: str) -> tuple[object, yaml.Node | None]:
    """Parse YAML once, keeping the node tree (for line numbers) and the plain data built from it.

    Raises yaml.YAMLError for YAML that cannot be read (a MarkedYAMLError names where) and
    YamlRefused for YAML that is not allowed or cannot be read safely. Nothing else escapes:
    PyYAML can raise ValueError, RecursionError and more on hostile text, and those become
    YamlRefused with the line where it can be found.
    """
    _refuse_unsafe_structure(text)
    loader = _TextDatesLoader(text)
    node = None
    try:
        node = loader.get_single_node()
        if node is not None and len(text) > MAX_NUMBER_LENGTH:
            _refuse_long_numbers(node)
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError:
        raise
    except Exception as err:  # noqa: BLE001 - hostile text must become a message, never a traceback
        line = _unreadable_value_line(node) if node is not None else 0
        raise YamlRefused("The YAML could not be read: the value on this line could not be understood.", line,
                          "Put the value in quotes to keep it as text, or correct it.") from err
    finally:
        loader.dispose()


@dataclass(frozen=True)
class DuplicateKey:
    """A key written again in one mapping; lines count from 0 at the first line of the YAML text."""
    key: str
    first: int
    repeat: int
    count: int = 2  # this is the key's count-th appearance

    def finding(self, rule: str, path: str, first_line: int = 1) -> Finding:
        first, repeat = first_line + self.first, first_line + self.repeat
        if self.count == 2:
            where = f"twice (lines {first} and {repeat})" if first != repeat else f"twice on line {first}"
            message = f"'{self.key}' appears {where}; the second one wins today."
        else:
            message = f"'{self.key}' appears {self.count} times (first on line {first}, again on line {repeat}); the last one wins today."
        return Finding(rule, path, message, line=repeat, fix=f"Keep one '{self.key}' and delete the other.")


def duplicate_keys(node: yaml.Node | None) -> list[DuplicateKey]:
    """Each key that appears again in the same mapping (top level or nested), in file order.

    PyYAML keeps the last value without a word, so a second 'title:' silently replaces the first.
    """
    found: list[DuplicateKey] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        if not isinstance(current, yaml.MappingNode):
            continue
        seen: dict[tuple[str, str], list[int]] = {}
        for key, value in current.value:
            stack += [key, value]
            if not isinstance(key, yaml.ScalarNode):
                continue
            lines = seen.setdefault((key.tag, key.value), [])
            lines.append(key.start_mark.line)
            if len(lines) > 1:
                found.append(DuplicateKey(key.value, lines[0], lines[-1], len(lines)))
    return sorted(found, key=lambda d: (d.repeat, d.key))


@dataclass
class SplitPage:
    meta: dict
    body: str
    body_start_line: int  # 1-based line number of the body's first line in the file
    meta_lines: dict[str, int] = field(default_factory=dict)  # key -> line of that key
    findings: list[Finding] = field(default_factory=list)


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line endings become '\\n', the only one MkDocs' front matter reader knows."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """Bytes to text with '\\n' line endings and no byte order mark; binary junk or a wrong encoding becomes a finding."""
    if b"\x00" in raw:
        return None, [Finding("file-encoding", path, "This file is not text (it contains binary data).",
                              fix="Replace it with a plain-text Markdown file.")]
    try:
        return normalise_newlines(raw.decode("utf-8-sig")), []
    except UnicodeDecodeError as err:
        before = raw[: err.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        return None, [Finding("file-encoding", path, "This file is not valid UTF-8 text.", line=before.count(b"\n") + 1,
                              fix="Save the file as UTF-8 (the default in the GitHub editor).")]


def _is_fence(line: str) -> bool:
    """A '---' line, trailing spaces allowed."""
    return line.rstrip() == "---"


def split(text: str, path: str) -> SplitPage:
    """Separate front matter from the body. Line numbers refer to the whole file."""
    lines = text.splitlines(keepends=True)
    if not lines or not _is_fence(lines[0]):
        return SplitPage({}, text, 1, findings=[Finding(
            "front-matter", path, "The page has no front matter.", line=1,
            fix="Start the file with a '---' line, the fields (title, description, status), then another '---' line.")])
    end = next((i for i in range(1, len(lines)) if _is_fence(lines[i])), None)
    if end is None:
        return SplitPage({}, text, 1, findings=[Finding(
            "front-matter", path, "The front matter starts with '---' but never ends.", line=1,
            fix="Add a line with just '---' after the last field.")])
    yaml_text = "".join(lines[1:end])
    body = "".join(lines[end + 1:])
    meta, key_lines, findings = parse_yaml_mapping(yaml_text, path, first_line=2)
    return SplitPage(meta, body, end + 2, key_lines, findings)


def _mkdocs_front_matter(text: str) -> tuple[int, int] | None:
    """(start, end) of the YAML that MkDocs itself will read, found the way its meta.YAML_RE finds it.

    MkDocs takes a first line '---', then everything up to the first later line that is '---' or
    '...' (spaces or tabs after it allowed) and is followed by a newline. That is not always what
    ``split`` takes (it ignores '...'), so the text MkDocs will parse is found here on its terms.
    """
    first_end = text.find("\n")
    if not text.startswith("---") or first_end == -1 or text[3:first_end].strip(" \t"):
        return None
    start = position = first_end + 1
    while True:
        line_end = text.find("\n", position)
        if line_end == -1:
            return None
        if position > start and text[position:line_end].rstrip(" \t") in ("---", "..."):
            return start, position
        position = line_end + 1


def source_for_mkdocs(text: str) -> str:
    """The page text to hand MkDocs: unchanged, unless the front matter MkDocs would read is refused here.

    MkDocs parses front matter itself, with libyaml, after the checks have read the page: an alias
    loop or alias bomb then reaches every hook that walks ``page.meta``, and deep nesting crashes the
    whole process before any message is shown. When ``load_with_nodes`` refuses that YAML, its lines
    are replaced by '{}' and empty lines: MkDocs reads an empty mapping, the body keeps its line
    numbers, and the finding from ``split`` still fails the build.
    """
    found = _mkdocs_front_matter(text) if text.startswith("---") else None
    if found is None:
        return text
    start, end = found
    front = text[start:end]
    if not any(mark in front for mark in _SCAN_TRIGGERS) and not _may_nest_deeper_than(front, MAX_DEPTH):
        return text  # no anchors, aliases, tags or deep nesting: nothing here that MkDocs' own reading cannot take
    try:
        load_with_nodes(front)
    except YamlRefused:
        return text[:start] + "{}" + "\n" * text.count("\n", start, end) + text[end:]
    except yaml.YAMLError:
        return text  # MkDocs catches its own reading errors and shows the page without front matter
    return text


def unreadable_line(err: yaml.YAMLError, text: str, point_at_opening: bool = False) -> int:
    """Where PyYAML stopped, counted from 0 at the text's first line (0 when it does not say).

    With ``point_at_opening``, an unclosed quote or bracket ("end of stream") points at where it opened.
    """
    if isinstance(err, yaml.reader.ReaderError):  # a control character: PyYAML gives its position, not a line
        return text[: max(0, err.position)].count("\n")
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if point_at_opening and "end of stream" in str(getattr(err, "problem", "")) and getattr(err, "context_mark", None):
        mark = err.context_mark
    return mark.line if mark is not None else 0


def unreadable_reason(err: yaml.YAMLError, default: str) -> str:
    """PyYAML's short description of what it could not read."""
    reason = getattr(err, "problem", None) or getattr(err, "reason", None) or str(err)
    return (str(reason).splitlines() or [default])[0][:200] or default


@functools.lru_cache(maxsize=4096)
def parse_yaml_mapping(yaml_text: str, path: str, first_line: int = 1) -> tuple[dict, dict[str, int], list[Finding]]:
    """Parse YAML that must be a mapping. Returns (mapping, key -> line, findings); do not modify them.

    Never raises. Refused YAML (anchors, aliases, tags, deep nesting) and unreadable YAML give no
    mapping and one finding; a key written twice gives the mapping PyYAML built (the second value
    wins) and a finding for each repeat.
    """
    try:
        data, node = load_with_nodes(yaml_text)
    except YamlRefused as err:
        return {}, {}, [err.finding("yaml", path, first_line)]
    except yaml.YAMLError as err:
        line = first_line + unreadable_line(err, yaml_text, point_at_opening=True)
        problem = unreadable_reason(err, "it is not valid YAML")
        return {}, {}, [Finding("yaml", path, f"The YAML could not be read: {problem}.", line=line,
                                fix="Check this line: each field is 'name: value', lists use '- ' at the start, "
                                    "and text with a colon needs quotes.")]
    if data is None:
        return {}, {}, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return {}, {}, [Finding("yaml", path, "The YAML must be a list of 'name: value' fields.", line=first_line,
                                fix="Write one field per line, like 'title: Getting ready'.")]
    key_lines = {}
    for key_node, _value in node.value:
        key_lines[str(key_node.value)] = first_line + key_node.start_mark.line
    findings = [duplicate.finding("yaml", path, first_line) for duplicate in duplicate_keys(node)]
    return {str(k): v for k, v in data.items()}, key_lines, findings


def yaml_node_lines(node: yaml.Node, first_line: int = 1) -> dict:
    """Map id-free paths of a composed YAML tree to line numbers (used by the worksheet model)."""
    out: dict[tuple, int] = {}
    stack: list[tuple[yaml.Node, tuple]] = [(node, ())]
    while stack:  # a loop, not recursion: the tree's depth is bounded, but a loop never needs the bound
        current, path = stack.pop()
        out.setdefault(path, first_line + current.start_mark.line)
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                out.setdefault(path + (str(key.value),), first_line + key.start_mark.line)
                stack.append((value, path + (str(key.value),)))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((value, path + (i,)) for i, value in enumerate(current.value))
    return out
