"""Menu files: ``.nav.yml`` in docs/ and in each section folder set the order of the menu.

The menu is made by the mkdocs-awesome-nav plugin. ``docs/.nav.yml`` lists the sections with their
titles; each section's ``.nav.yml`` lists its pages by file name, in treatment order. A page that is
not listed still appears, at the end of its section (``append_unmatched``), so staff who add a page
edit nothing else.

Menu files sit under docs/, so they are content anyone can propose, and the plugin reads them with
no limits: an alias bomb hangs the build, a line naming a missing page is reported without its line,
an unknown key is ignored without a word, and a link in the menu is repeated on every page.
``check_menu_file`` reads a file first; the hook does not hand the plugin a file with a finding.
"""

from __future__ import annotations

import difflib
import posixpath
import re

import yaml

from kapguide.findings import Finding
from kapguide.frontmatter import YamlRefused, duplicate_keys, load_with_nodes, unreadable_line, unreadable_reason
from kapguide.plain_text import PLAIN_TEXT_FIX, markup_in

MENU_FILE = ".nav.yml"
RULE = "nav"
KEYS = ("nav", "title", "append_unmatched")  # the plugin knows more; these are the ones this guide uses
_PATTERN_MARKS = frozenset("*?[")
_LINK = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # https:, mailto:, javascript: ...
_ENTRY_FIX = "Each line is '- file-name.md' or '- Title: folder-name', naming a page or folder next to this file."


def menu_folder(src_uri: str) -> str | None:
    """The folder (relative to docs/, '' for docs/ itself) of a menu file, or None for any other file."""
    folder, name = posixpath.split(src_uri)
    return folder if name == MENU_FILE else None


def existing_paths(pages: list[str]) -> frozenset[str]:
    """Every page and every folder holding a page, as paths relative to docs/: what a menu line may name."""
    found = set(pages)
    for page in pages:
        folder = posixpath.dirname(page)
        while folder:
            found.add(folder)
            folder = posixpath.dirname(folder)
    return frozenset(found)


def check_menu_file(text: str, path: str, folder: str, existing: frozenset[str]) -> list[Finding]:
    """What is wrong with one menu file. ``path`` is how messages name it; ``folder`` is its folder under docs/."""
    try:
        data, node = load_with_nodes(text)
    except YamlRefused as err:
        return [err.finding(RULE, path)]
    except yaml.YAMLError as err:
        line = unreadable_line(err, text, point_at_opening=True) + 1
        opened = getattr(err, "context_mark", None)
        started = f" The part it was reading starts on line {opened.line + 1}." if opened and opened.line + 1 != line else ""
        return [Finding(RULE, path, f"The menu file could not be read: {unreadable_reason(err, 'it is not valid YAML')}."
                        + started, line=line,
                        fix="Check this line: each page is on its own line as '  - file-name.md', with spaces, not tabs.")]
    if node is None:
        return []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return [Finding(RULE, path, "The menu file must start with 'nav:' and list the pages below it.", line=1,
                        fix="Start again from another section's .nav.yml.")]
    findings = [duplicate.finding(RULE, path) for duplicate in duplicate_keys(node)]
    for key, value in node.value:
        findings += _check_key(str(key.value), value, key.start_mark.line + 1, path, folder, existing)
    return findings


def _check_key(key: str, value: yaml.Node, line: int, path: str, folder: str, existing: frozenset[str]) -> list[Finding]:
    if key == "nav":
        if not isinstance(value, yaml.SequenceNode):
            return [Finding(RULE, path, "'nav:' must be followed by a list of pages, one '- file-name.md' a line.",
                            line=line, fix=_ENTRY_FIX)]
        return [finding for item in value.value for finding in _check_entry(item, path, folder, existing)]
    if key == "title":
        return _check_title(value, path)
    if key == "append_unmatched":
        if value.tag == "tag:yaml.org,2002:bool":
            return []
        return [Finding(RULE, path, "'append_unmatched' must be true or false.", line=line,
                        fix="Write 'append_unmatched: true' (pages not listed appear at the end) or delete the line.")]
    close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
    guess = f" Did you mean '{close[0]}'?" if close else ""
    return [Finding(RULE, path, f"The menu file has a setting '{key}' that this guide does not use.{guess}", line=line,
                    fix=f"Use only {', '.join(KEYS)}; the pages go under 'nav:'.")]


def _check_entry(node: yaml.Node, path: str, folder: str, existing: frozenset[str]) -> list[Finding]:
    """One line of 'nav:': a page or folder name, or 'Title: name', or 'Title:' with a list below it."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _check_name(str(node.value), line, path, folder, existing)
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        title, value = node.value[0]
        findings = _check_title(title, path)
        if isinstance(value, yaml.ScalarNode):
            return findings + _check_name(str(value.value), line, path, folder, existing)
        if isinstance(value, yaml.SequenceNode):
            return findings + [f for item in value.value for f in _check_entry(item, path, folder, existing)]
    return [Finding(RULE, path, "This menu line is neither a page nor 'Title: page'.", line=line, fix=_ENTRY_FIX)]


def _check_title(node: yaml.Node, path: str) -> list[Finding]:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        return [Finding(RULE, path, "A menu title must be plain words.", line=node.start_mark.line + 1, fix=_ENTRY_FIX)]
    problem = markup_in(str(node.value))
    if problem:
        return [Finding("plain-text", path, f"The menu title holds {problem}; menu titles are plain text.",
                        line=node.start_mark.line + 1, fix=PLAIN_TEXT_FIX)]
    return []


def _check_name(name: str, line: int, path: str, folder: str, existing: frozenset[str]) -> list[Finding]:
    """A page or folder named on a menu line exists next to the menu file (patterns such as '*' are the plugin's)."""
    if _PATTERN_MARKS & set(name):
        return []
    if not name.strip():
        return [Finding(RULE, path, "This menu line names no page.", line=line, fix=_ENTRY_FIX)]
    if _LINK.match(name):
        return [Finding(RULE, path, f"The menu links to '{name}'; the menu names pages of this guide only.", line=line,
                        fix="Put the link in a page's text, and delete this line.")]
    if posixpath.normpath(posixpath.join(folder, name.rstrip("/"))) in existing:
        return []
    here = posixpath.dirname(path) + "/"
    nearby = sorted(posixpath.relpath(p, folder or ".") for p in existing if posixpath.dirname(p) == folder)
    close = difflib.get_close_matches(posixpath.basename(name), nearby, n=1, cutoff=0.6)
    guess = f" Did you mean '{close[0]}'?" if close else ""
    return [Finding(RULE, path, f"The menu names '{name}', but {here} has no page or folder of that name.{guess}",
                    line=line, fix=f"Write the file name as it is in {here} (without the folder), "
                                   "or delete the line if the page was removed.")]
