"""Split a Markdown file into its YAML front matter and body, safely.

Staff write front matter by hand, often in a web editor. Whatever they type,
this module returns either the parsed mapping or findings that say where the
YAML went wrong; it never raises.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import yaml

from kapguide.findings import Finding

FENCE = re.compile(r"^---\s*$")


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster


class _TextDatesLoader(_BaseLoader):
    """SafeLoader that leaves dates as text, so '2026-02-30' is reported, not raised."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_with_nodes(text: str) -> tuple[object, yaml.Node | None]:
    """Parse YAML once, keeping the node tree (for line numbers) and the plain data built from it."""
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


@dataclass
class SplitPage:
    meta: dict
    body: str
    body_start_line: int  # 1-based line number of the body's first line in the file
    meta_lines: dict[str, int] = field(default_factory=dict)  # key -> line of that key
    findings: list[Finding] = field(default_factory=list)


def decode(raw: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """Bytes to text; binary junk or a wrong encoding becomes a finding."""
    if b"\x00" in raw:
        return None, [Finding("file-encoding", path, "This file is not text (it contains binary data).",
                              fix="Replace it with a plain-text Markdown file.")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Finding("file-encoding", path, "This file is not valid UTF-8 text.", line=line,
                              fix="Save the file as UTF-8 (the default in the GitHub editor).")]


def split(text: str, path: str) -> SplitPage:
    """Separate front matter from the body. Line numbers refer to the whole file."""
    lines = text.splitlines(keepends=True)
    if not lines or not FENCE.match(lines[0]):
        return SplitPage({}, text, 1, findings=[Finding(
            "front-matter", path, "The page has no front matter.", line=1,
            fix="Start the file with a '---' line, the fields (title, description, status), then another '---' line.")])
    end = next((i for i in range(1, len(lines)) if FENCE.match(lines[i])), None)
    if end is None:
        return SplitPage({}, text, 1, findings=[Finding(
            "front-matter", path, "The front matter starts with '---' but never ends.", line=1,
            fix="Add a line with just '---' after the last field.")])
    yaml_text = "".join(lines[1:end])
    body = "".join(lines[end + 1:])
    meta, key_lines, findings = parse_yaml_mapping(yaml_text, path, first_line=2)
    return SplitPage(meta, body, end + 2, key_lines, findings)


@functools.lru_cache(maxsize=4096)
def parse_yaml_mapping(yaml_text: str, path: str, first_line: int = 1) -> tuple[dict, dict[str, int], list[Finding]]:
    """Parse YAML that must be a mapping. Returns (mapping, key -> line, findings); do not modify them."""
    try:
        data, node = load_with_nodes(yaml_text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        if "end of stream" in str(getattr(err, "problem", "")) and getattr(err, "context_mark", None):
            mark = err.context_mark  # an unclosed quote or bracket: point at where it opened
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
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
    return {str(k): v for k, v in data.items()}, key_lines, []


def yaml_node_lines(node: yaml.Node, first_line: int = 1) -> dict:
    """Map id-free paths of a composed YAML tree to line numbers (used by the worksheet model)."""
    out: dict[tuple, int] = {}

    def walk(n: yaml.Node, path: tuple) -> None:
        out[path] = first_line + n.start_mark.line
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                walk(v, path + (str(k.value),))
                out.setdefault(path + (str(k.value),), first_line + k.start_mark.line)
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, path + (i,))

    walk(node, ())
    return out
