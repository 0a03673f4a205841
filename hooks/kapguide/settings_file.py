"""mkdocs.yml itself: a mistake MkDocs cannot read, and menu entries written with the docs/ folder.

MkDocs reads mkdocs.yml before any hook runs, so a YAML mistake there (a missing quote, a tab, a
bad indent) ends the build with PyYAML's own words. ``check_settings_text`` reads the file the way
MkDocs does (its ``!ENV`` and ``!relative`` tags are accepted) and says where the mistake is and
what to do, for ``scripts/check_settings_file.py``, which ``make build`` and the workflows run first.

``nav_with_docs_prefix`` finds menu entries such as ``docs/preparation/index.md``: nav paths are
relative to the docs folder, so the build reports each one once and reads it without the prefix.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kapguide.findings import Finding
from kapguide.frontmatter import SAFE_LOADER, unreadable_line, unreadable_reason
from kapguide.project_files import project_root

RULE = "settings"


class _AnyTagLoader(yaml.SafeLoader):
    """A loader that accepts MkDocs' own tags (!ENV, !relative) without building their values."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def check_settings_text(text: str, path: str = "mkdocs.yml") -> list[Finding]:
    """One finding when the settings file cannot be read as YAML, naming its line; none when it can."""
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        return [Finding(RULE, path, "This line has a tab character; YAML indents with spaces only.", line=line,
                        fix="Replace the tab with spaces, lined up with the setting above.")]
    try:
        data = yaml.load(text, Loader=_AnyTagLoader)  # noqa: S506 - a SafeLoader that ignores tags
    except RecursionError:  # thousands of nested brackets: PyYAML's reader goes deeper than Python allows
        return [Finding(RULE, path, "The settings file could not be read: it is nested too deep (brackets inside "
                        "brackets).", line=_deepest_line(text),
                        fix="Check the [ and { on this line: each one must be closed, and settings need only a few "
                            "levels.")]
    except yaml.YAMLError as err:
        line = unreadable_line(err, text, point_at_opening=True) + 1
        opened = getattr(err, "context_mark", None)
        started = f" The part it was reading starts on line {opened.line + 1}." if opened and opened.line + 1 != line else ""
        return [Finding(RULE, path, f"The settings file could not be read: {unreadable_reason(err, 'it is not valid YAML')}."
                        + started,
                        line=line, fix="Check this line and the one above: each setting is 'name: value', indented "
                                       "with spaces like its neighbors; text with a colon, or a # in it, needs quotes; "
                                       "every [ or quote is closed.")]
    if not isinstance(data, dict):
        return [Finding(RULE, path, "The settings file is empty or not a list of 'name: value' settings.", line=1,
                        fix="Start again from the project's mkdocs.yml.")]
    return _inherit_problems(data.get("INHERIT"), text, path) + duplicate_settings(text, path)


def _inherit_problems(inherit: object, text: str, path: str) -> list[Finding]:
    """INHERIT must name another settings file beside this one (mkdocs.es.yml: INHERIT: mkdocs.yml): MkDocs reads it
    before any check, so a path out of the project, or a file that is not settings, would end in a traceback."""
    if inherit is None:
        return []
    line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("INHERIT:")), 1)
    folder = Path(path).resolve().parent
    target = (folder / inherit).resolve() if isinstance(inherit, str) and inherit.strip() else None
    fix = "Name the main settings file beside this one, e.g. INHERIT: mkdocs.yml."
    if target is None or Path(str(inherit)).is_absolute() or not target.is_relative_to(project_root(path)):
        return [Finding(RULE, path, f"INHERIT: '{inherit}' is not a settings file of this project.", line=line, fix=fix)]
    if target.suffix not in (".yml", ".yaml") or not target.is_file():
        return [Finding(RULE, path, f"INHERIT: '{inherit}' is not a settings file (.yml) that exists.", line=line, fix=fix)]
    return []


def duplicate_settings(text: str, path: str = "mkdocs.yml") -> list[Finding]:
    """A finding for each setting written twice in the same block. YAML keeps the last one without a word, so a
    second ``phone:`` under ``clinic:`` (or a second ``extra:`` at the end of the file) silently replaces the first."""
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except (yaml.YAMLError, RecursionError):
        return []  # check_settings_text names what cannot be read
    findings: list[Finding] = []
    stack: list[tuple[yaml.Node, str, int]] = [(root, "", 0)] if root is not None else []
    while stack:
        node, where, depth = stack.pop()
        if depth > 50:
            continue
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, f"{where}[{i}]", depth + 1) for i, child in enumerate(node.value)]
        if not isinstance(node, yaml.MappingNode):
            continue
        first_seen: dict[str, int] = {}
        for key, value in node.value:
            name = f"{where}.{key.value}" if where else str(key.value)
            line = key.start_mark.line + 1
            if name in first_seen:
                findings.append(Finding(RULE, path, f"{name} is written twice (lines {first_seen[name]} and {line}); "
                                        "only the last one counts, so the first is ignored without a word.", line=line,
                                        fix="Keep one of them: delete the other, or merge the two into one block."))
            else:
                first_seen[name] = line
            stack.append((value, name, depth + 1))
    return sorted(findings, key=lambda finding: finding.line or 0)


def _deepest_line(text: str) -> int:
    """The line (from 1) where the brackets [ and { are first nested deepest."""
    depth = deepest = 0
    line = where = 1
    for character in text:
        if character == "\n":
            line += 1
        elif character in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif character in "]}":
            depth = max(0, depth - 1)
    return where


def nav_with_docs_prefix(nav: object, docs_folder: str = "docs") -> list[str]:
    """Menu entries that start with the docs folder's name (``docs/x.md``), in menu order."""
    found: list[str] = []
    stack = [nav]
    while stack:
        item = stack.pop(0)
        if isinstance(item, str):
            if item.replace("\\", "/").startswith(f"{docs_folder}/"):
                found.append(item)
        elif isinstance(item, dict):
            stack[:0] = list(item.values())
        elif isinstance(item, list):
            stack[:0] = item
    return found


def without_docs_prefix(nav: object, docs_folder: str = "docs") -> object:
    """The menu with ``docs/`` taken off the start of each entry."""
    if isinstance(nav, str):
        prefix = f"{docs_folder}/"
        return nav[len(prefix):] if nav.replace("\\", "/").startswith(prefix) else nav
    if isinstance(nav, dict):
        return {key: without_docs_prefix(value, docs_folder) for key, value in nav.items()}
    if isinstance(nav, list):
        return [without_docs_prefix(item, docs_folder) for item in nav]
    return nav
