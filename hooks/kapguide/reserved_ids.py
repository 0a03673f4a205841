"""The ids the site's own templates and scripts use, which no page may give to its own elements.

A page's HTML is part of the same document as the site's own parts. When a page holds an element
with an id the site uses (``kap-search-empty``, ``kap-page-text``), ``getElementById`` can find the
page's element first ("DOM clobbering"): the search would show the page's fake box instead of the
real one with the clinic's crisis numbers, or the site's script would read the page's text as its
own words. So the sanitizer (html_sanitizer.py) refuses such ids, and these ids are read from the
templates and scripts themselves, so that a new id in a template is protected without a list kept
by hand.

- templates (``*.html``): every ``id="..."``; an id made in the template (``id="__palette_{{ n }}"``)
  reserves what is written before its ``{{`` as the start of an id;
- scripts (``*.js``): every ``getElementById("...")`` and every ``#id`` in ``querySelector("...")``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TEMPLATE_ID = re.compile(r"""\sid\s*=\s*["']([^"'<>\n]{1,200})["']""")
SCRIPT_BY_ID = re.compile(r"""getElementById\(\s*["']([^"'\s]{1,200})["']\s*\)""")
SCRIPT_SELECTOR = re.compile(r"""querySelector(?:All)?\(\s*(?:"([^"]{1,300})"|'([^']{1,300})')\s*\)""")
SELECTOR_ID = re.compile(r"#([A-Za-z_][\w-]{0,200})")
MADE_IN_TEMPLATE = ("{{", "{%")


@dataclass(frozen=True)
class SiteIds:
    """Ids the site's own parts use: whole ids, and the starts of ids its templates make."""
    ids: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()


def ids_in_template(text: str) -> SiteIds:
    ids: set[str] = set()
    prefixes: set[str] = set()
    for value in TEMPLATE_ID.findall(text):
        made = min((value.find(mark) for mark in MADE_IN_TEMPLATE if mark in value), default=-1)
        if made < 0 and not any(ch.isspace() for ch in value):
            ids.add(value)
        elif made > 0:
            prefixes.add(value[:made])  # id="{{ path }}" (made whole by the template) reserves no start
    return SiteIds(frozenset(ids), frozenset(prefixes))


def ids_in_script(text: str) -> frozenset[str]:
    found = set(SCRIPT_BY_ID.findall(text))
    for double_quoted, single_quoted in SCRIPT_SELECTOR.findall(text):
        found.update(SELECTOR_ID.findall(double_quoted or single_quoted))
    return frozenset(found)


def _files(folders: Iterable[Path], pattern: str) -> list[Path]:
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob(pattern) if path.is_file())


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def site_ids(template_folders: Iterable[Path], script_folders: Iterable[Path]) -> SiteIds:
    """Every id the templates under ``template_folders`` and the scripts under ``script_folders`` use."""
    ids: set[str] = set()
    prefixes: set[str] = set()
    for path in _files(template_folders, "*.html"):
        found = ids_in_template(_read(path))
        ids |= found.ids
        prefixes |= found.prefixes
    for path in _files(script_folders, "*.js"):
        ids |= ids_in_script(_read(path))
    return SiteIds(frozenset(ids), frozenset(prefixes))
