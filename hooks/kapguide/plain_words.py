"""Plain words: medical or formal words a page should say in everyday words (rule ``plain-words``).

The list is a YAML file of ``hard word: plain words`` (``plain-words.yml`` beside mkdocs.yml, or the
file named by ``extra.checks.plain_words``), so a clinic can add its own. A page may still use a
hard word when it explains it: in brackets right after it ("emesis (being sick)"), or as the
word being named ("the medical word for this is "emesis"", or "(emesis)" after the plain words).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kapguide.findings import Finding
from kapguide.markdown_lines import NOT_PROSE, lines_outside_code

RULE = "plain-words"


def load_plain_words(path: Path, shown_as: str) -> tuple[dict[str, str], list[Finding]]:
    """The list in ``path`` (hard word -> plain words); a finding naming ``shown_as`` when it cannot be used."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError:
        return {}, [Finding("settings", "mkdocs.yml", f"extra.checks.plain_words: the file {shown_as} was not found.",
                            fix="Correct the file name, or remove the setting to use plain-words.yml.")]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return {}, [Finding(RULE, shown_as, "The list of plain words could not be read.",
                            line=mark.line + 1 if mark else None, fix="Write one 'hard word: plain words' per line.")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Finding(RULE, shown_as, "The list of plain words must be 'hard word: plain words' lines.", line=1,
                            fix="Write one 'hard word: plain words' per line.")]
    words = {str(hard).strip(): str(plain).strip() for hard, plain in data.items()
             if isinstance(plain, (str, int, float)) and str(hard).strip() and str(plain).strip()}
    return words, []


def _pattern(words: dict[str, str]) -> re.Pattern | None:
    if not words:
        return None
    names = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.IGNORECASE)


def _explained(line: str, start: int, end: int) -> bool:
    """The hard word is explained or named: '(' right after it, or a quote or '(' right before it."""
    before, after = line[:start].rstrip(), line[end:].lstrip()
    return after.startswith("(") or before.endswith(("(", '"', "“", "'"))


def check_plain_words(body: str, first_line: int, path: str, words: dict[str, str]) -> list[Finding]:
    """A warning at the first use of each hard word on the page that is not explained there."""
    pattern = _pattern(words)
    if pattern is None:
        return []
    lookup = {hard.lower(): plain for hard, plain in words.items()}
    findings: list[Finding] = []
    seen: set[str] = set()
    for number, line in lines_outside_code(body, first_line):
        prose = NOT_PROSE.sub(lambda m: " " * len(m.group(0)), line)
        for match in pattern.finditer(prose):
            hard = match.group(1)
            if hard.lower() in seen or _explained(prose, match.start(), match.end()):
                continue
            seen.add(hard.lower())
            findings.append(Finding(RULE, path, f"'{hard}' is a hard word for many readers: write '{lookup[hard.lower()]}'.",
                                    line=number, severity="warning",
                                    fix="Use the plain words, or explain the word in brackets right after it. "
                                        "The list is plain-words.yml."))
    return findings
