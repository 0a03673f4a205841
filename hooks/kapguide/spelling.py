"""Spelling: common misspellings, and one variant of English throughout (US or UK).

The word lists are codespell's (pinned in requirements.txt): its list of common misspellings, and
its list of British spellings with their American forms. ``extra.checks.spelling`` in mkdocs.yml
chooses the variant: ``en-US`` (the default) reports British spellings such as "colour", and
``en-GB`` reports American ones such as "color". ``off`` switches the check off.

For ``en-GB`` the list is read the other way round, leaving out American forms that are also
right in British English ("practice" the noun, "program" on a computer, a "story" in a book).
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from importlib.metadata import version

from kapguide.build_cache import kept_json, shared_cache_dir
from kapguide.findings import Finding
from kapguide.markdown_lines import NOT_PROSE, lines_outside_code

RULE = "spelling"
VARIANTS = ("en-US", "en-GB", "off")
NAMES = {"en-US": "US English", "en-GB": "UK English"}

# American forms that are also British words, so an en-GB page may use them.
ALSO_BRITISH = frozenset({
    "acknowledgment", "analog", "artifact", "artifacts", "biased", "dialog", "dialogs", "focused", "focuses",
    "focusing", "judgment", "judgments", "license", "licensed", "licenses", "licensing", "meter", "meters",
    "practice", "practices", "program", "programs", "routing", "specialties", "specialty", "stories", "story",
    "writable",
})

LISTS = ("dictionary.txt", "dictionary_en-GB_to_en-US.txt")  # in codespell_lib/data
_WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]")


def _parse(text: str) -> dict[str, list[str]]:
    """codespell's format: ``wrong->right`` or ``wrong->one, two,`` or ``wrong->one, reason``."""
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        wrong, arrow, data = line.partition("->")
        if not arrow:
            continue
        last = data.rfind(",")
        if 0 <= last < len(data.rstrip()) - 1:
            data = data[:last]  # text after the last comma is codespell's reason, not a spelling
        fixes = [fix.strip() for fix in data.split(",") if fix.strip()]
        if fixes:
            out[wrong.strip().lower()] = fixes
    return out


def _data(name: str) -> str:
    return resources.files("codespell_lib").joinpath("data", name).read_text(encoding="utf-8")


def _codespell_lists() -> dict[str, dict[str, list[str]]]:
    return {name: _parse(_data(name)) for name in LISTS}


def _all_lists(data: object) -> bool:
    return (isinstance(data, dict) and sorted(data) == sorted(LISTS) and
            all(isinstance(words, dict) and all(isinstance(fixes, list) and all(isinstance(f, str) for f in fixes)
                                                for fixes in words.values()) for words in data.values()))


@functools.lru_cache(maxsize=1)
def codespell_lists() -> dict[str, dict[str, list[str]]]:
    """codespell's two lists, read: parsed once per codespell version and kept as JSON in the machine's cache
    folder (a fifth of a second each build otherwise)."""
    path = shared_cache_dir() / f"spelling-codespell-{version('codespell')}.json"
    return kept_json(path, _codespell_lists, _all_lists)


@functools.lru_cache(maxsize=4)
def word_list(variant: str) -> dict[str, list[str]]:
    """Lower-case word -> the spellings to use instead, for pages written in ``variant``."""
    if variant not in NAMES:
        return {}
    lists = codespell_lists()
    words = dict(lists["dictionary.txt"])
    british_to_american = lists["dictionary_en-GB_to_en-US.txt"]
    if variant == "en-US":
        words.update(british_to_american)
    else:
        for british, (american, *_rest) in british_to_american.items():
            if american.lower() not in ALSO_BRITISH:
                words[american.lower()] = [*words.get(american.lower(), []), british]
    return words


def _same_case(word: str, fix: str) -> str:
    return fix[:1].upper() + fix[1:] if word[:1].isupper() else fix


def check_spelling(body: str, first_line: int, path: str, variant: str,
                   ignore: frozenset[str] = frozenset()) -> list[Finding]:
    """One finding per misspelt word (at its first line on the page); words in ``ignore`` are right as written."""
    words = word_list(variant)
    if not words:
        return []
    findings: list[Finding] = []
    seen: set[str] = set()
    for number, line in lines_outside_code(body, first_line):
        for match in _WORD.finditer(NOT_PROSE.sub(" ", line)):
            word = match.group(0).strip("'")
            key = word.lower().removesuffix("'s")
            fixes = words.get(key)
            if not fixes or key in seen or key in ignore:
                continue
            seen.add(key)
            shown = " or ".join(f'"{_same_case(word, fix)}"' for fix in fixes)
            findings.append(Finding(RULE, path, f'"{word}" is spelt differently in this guide: write {shown}.',
                                    line=number,
                                    fix=f"This guide uses {NAMES[variant]} (extra.checks.spelling in mkdocs.yml). "
                                        "If the word is right here, add it to extra.checks.spelling_ignore."))
    return findings
