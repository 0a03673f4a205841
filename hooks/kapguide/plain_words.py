"""Plain words: medical or formal words a page should say in everyday words (rule ``plain-words``).

The list is a YAML file of ``hard word: plain words`` (``plain-words.yml`` beside mkdocs.yml, or the
file named by ``extra.checks.plain_words``), so a clinic can add its own. Each language has its own
list: the pages of another language than the main one use ``plain-words.<code>.yml`` (Spanish:
``plain-words.es.yml``) unless their settings file names another.

A page may still use a hard word when it explains it the first time: in brackets right after it
("emesis (being sick)"), as the word being named (in quotes or bold: 'the medical word for this is
"emesis"', 'This is called **dissociation**', or "(emesis)" after the plain words), or defined right
after it ("**Dissociation:** feeling...", Spanish "La disociación es sentir...", "... quiere decir ...").
After that the page may use it freely. Headings are not checked: the text under a heading explains it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kapguide.findings import Finding
from kapguide.frontmatter import YamlRefused, load_with_nodes
from kapguide.markdown_lines import NOT_PROSE, lines_outside_code
from kapguide.project_files import read_list_file

RULE = "plain-words"
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


DEFAULT_LIST = "plain-words.yml"


def default_list(language: str, main_language: str) -> str:
    """The list a language's pages use when the settings name none: plain-words.yml, plain-words.es.yml."""
    return DEFAULT_LIST if language == main_language else f"plain-words.{language}.yml"


def load_plain_words(path: Path, shown_as: str, settings_file: str = "mkdocs.yml",
                     default: str = DEFAULT_LIST) -> tuple[dict[str, str], list[Finding]]:
    """The list in ``path`` (hard word -> plain words); a finding naming ``shown_as`` when it cannot be used. The
    file is read no further than a list needs (project_files.read_list_file): never /dev/zero without end."""
    try:
        text, problems = read_list_file(path, shown_as)
    except OSError:
        return {}, [Finding("settings", settings_file, f"extra.checks.plain_words: the file {shown_as} was not found.",
                            fix=f"Correct the file name, or remove the setting to use {default}.")]
    return plain_words_in(text, shown_as) if text is not None else ({}, problems)


def plain_words_in(text: str, shown_as: str) -> tuple[dict[str, str], list[Finding]]:
    """The list in ``text``, the file ``shown_as`` (hard word -> plain words); a finding when it cannot be used."""
    try:
        data, _ = load_with_nodes(text)  # refuses anchors, tags and deep nesting
    except YamlRefused as refused:
        return {}, [refused.finding(RULE, shown_as)]
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


NAMED_BEFORE = ("(", '"', "“", "'", "«", "*", "_")  # '(emesis)', '"emesis"', '**dissociation**'
EXPLAINED_AFTER = ("(", ":")  # 'emesis (being sick)', '**Dissociation:** feeling...'
DEFINED_AFTER = {"en": ("means ",), "es": ("es ", "quiere decir ", "significa ")}  # 'La disociación es sentir...'


def _in_quotes(before: str) -> bool:
    """The text before a word leaves a quotation open: the word is part of a name being quoted."""
    return (before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")
            or before.rfind("«") > before.rfind("»"))


def _explained(line: str, start: int, end: int, language: str = "en") -> bool:
    """The hard word is explained or named where it stands (see the module's notes)."""
    before, after = line[:start].rstrip(), line[end:].lstrip("*_ ")
    return (after.startswith(EXPLAINED_AFTER) or after.lower().startswith(DEFINED_AFTER.get(language, ()))
            or before.endswith(NAMED_BEFORE) or _in_quotes(before))


def check_plain_words(body: str, first_line: int, path: str, words: dict[str, str],
                      list_name: str = DEFAULT_LIST, language: str = "en") -> list[Finding]:
    """A warning at the first use of each hard word on the page, unless it is explained there; once explained,
    the page may use it again. Headings are left out: a heading names what the text under it explains."""
    pattern = _pattern(words)
    if pattern is None:
        return []
    lookup = {hard.lower(): plain for hard, plain in words.items()}
    findings: list[Finding] = []
    seen: set[str] = set()
    for number, line in lines_outside_code(body, first_line):
        if HEADING.match(line):
            continue
        prose = NOT_PROSE.sub(lambda m: " " * len(m.group(0)), line)
        for match in pattern.finditer(prose):
            hard = match.group(1)
            if hard.lower() in seen:
                continue
            seen.add(hard.lower())
            if _explained(prose, match.start(), match.end(), language):
                continue
            findings.append(Finding(RULE, path, f"'{hard}' is a hard word for many readers: write '{lookup[hard.lower()]}'.",
                                    line=number, severity="warning",
                                    fix=f"Use the plain words, or explain the word in brackets right after it. "
                                        f"The list is {list_name}."))
    return findings
