"""Page structure rules: headings, images, warning-sign pages, navigation and required pages.

All functions take text or plain data and return findings; none reads files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kapguide.findings import Finding, did_you_mean
from kapguide.markdown_lines import lines_outside_code
from kapguide.snippet_refs import find_snippet_refs

# Every pattern here is linear on any line: no two quantifiers can take the same characters, and a
# scan that fails stops where the next try would start ('[' for images, '(' for link targets).
HTML_HEADING = re.compile(r"<h([1-6])\b", re.I)
MD_IMAGE = re.compile(r"!\[([^\[\]]*+)\]\(([^)\s]*+)")
HTML_IMG = re.compile(r"<img\b[^>]*+>", re.I)
ALT_ATTR = re.compile(r"\balt\s*+=\s*+(\"[^\"]*+\"|'[^']*+'|[^\s>]++)", re.I)
GET_HELP_LINK = re.compile(r"\]\(([./]*+)get-help-now\.md(#[^()\s]*+)?\)")
INLINE_CODE = re.compile(r"`[^`]*+`")
WARNING_SIGNS = ("warning-signs.md", "when-to-get-help.md")  # the shared when-to-get-help texts in docs/_snippets/


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a '#' heading line, or None. Done without a regular expression.

    '## Text ##' and '## Text {#id}' give 'Text', as Python-Markdown and attr_list show it; the
    line may not start with a space, and the '#'s must be followed by a space or tab. The old
    pattern for this (\\s+(.*?)\\s*#*\\s*...) took minutes on a heading with 1,500 trailing spaces.
    """
    rest = line.lstrip("#")
    level = len(line) - len(rest)
    if not 1 <= level <= 6 or not rest[:1].isspace():
        return None
    text = rest.strip()
    if text.endswith("}"):  # an attribute list: from the first '{' after any earlier '}'
        opening = text.find("{", text.rfind("}", 0, len(text) - 1) + 1)
        if opening != -1:
            text = text[:opening].rstrip()
    return level, text.rstrip("#").strip()


def _lines_outside_code(body: str, first_line: int) -> Iterable[tuple[int, str]]:
    """Lines outside fenced code, with inline code removed too."""
    for number, line in lines_outside_code(body, first_line):
        yield number, INLINE_CODE.sub("", line) if "`" in line else line


def check_headings(body: str, first_line: int, title: object, path: str) -> list[Finding]:
    """Exactly one H1, the same text as the title; heading levels go down one step at a time."""
    findings: list[Finding] = []
    h1s: list[tuple[int, str]] = []
    previous = 0
    for number, line in _lines_outside_code(body, first_line):
        heading = atx_heading(line)
        if heading:
            level, text = heading
        else:
            html = HTML_HEADING.search(line) if "<" in line else None
            if not html:
                continue
            level, text = int(html.group(1)), ""
        if level == 1:
            h1s.append((number, text))
        elif previous and level > previous + 1:
            findings.append(Finding("heading", path, f"This heading jumps from level {previous} to level {level}.",
                                    line=number, fix=f"Use {'#' * (previous + 1)} here, or add the missing level above it."))
        elif not previous and level > 2:
            findings.append(Finding("heading", path, f"The first heading after the title is level {level}.",
                                    line=number, fix="Start the page's sections with '## '."))
        previous = level
    if not h1s:
        findings.append(Finding("heading", path, "The page has no '# ' title heading.", line=first_line,
                                fix=f"Add '# {title}' as the first line after the front matter."))
    for number, _ in h1s[1:]:
        findings.append(Finding("heading", path, "The page has more than one '# ' heading.", line=number,
                                fix="Keep one '# ' title; use '## ' for sections."))
    if h1s and isinstance(title, str) and h1s[0][1] and h1s[0][1] != title.strip():
        findings.append(Finding("heading", path, f"The '# ' heading '{h1s[0][1]}' is not the same as the title '{title}'.",
                                line=h1s[0][0], fix="Make the heading and the front matter title the same text."))
    return findings


def check_images(body: str, first_line: int, path: str) -> list[Finding]:
    """Every image describes itself for people who cannot see it."""
    findings: list[Finding] = []
    for number, line in _lines_outside_code(body, first_line):
        for match in MD_IMAGE.finditer(line):
            if not match.group(1).strip():
                findings.append(Finding("image-alt", path, f"The image '{match.group(2)}' has no description (alt text).",
                                        line=number, fix="Write what the image shows inside the brackets: ![A calm room with a chair](...)."))
        for tag in HTML_IMG.findall(line, 0, line.rfind(">") + 1):  # no '<img' after the last '>' can match
            alt = ALT_ATTR.search(tag)
            if not alt or not alt.group(1).strip("\"' "):
                findings.append(Finding("image-alt", path, "An <img> has no description (alt text).", line=number,
                                        fix='Add alt="what the image shows".'))
    return findings


def check_warning_signs_link(body: str, first_line: int, path: str, is_get_help_page: bool) -> list[Finding]:
    """A page that lists the urgent warning signs must also link to get-help-now.

    The list is shared text (docs/_snippets/warning-signs.md); an include of it is found the way
    pymdownx.snippets reads includes (kapguide.snippet_refs), with or without a line range.
    """
    if is_get_help_page or not any(name in body for name in WARNING_SIGNS):
        return []
    includes = [ref.line for ref in find_snippet_refs(body, first_line)
                if ref.path.strip().rsplit("/", 1)[-1] in WARNING_SIGNS]
    if not includes or GET_HELP_LINK.search(body):
        return []
    return [Finding("warning-signs-link", path, "This page lists the urgent warning signs but does not link to the get-help-now page.",
                    line=includes[0], fix="Add a link such as [What to do now](../get-help-now.md) in the same care card.")]


def check_nav_coverage(section_pages: Iterable[str], nav_pages: set[str], docs_prefix: str,
                       menu_in_settings: bool = False) -> list[Finding]:
    """Every page in a section folder is reachable from the navigation (listed in its folder's .nav.yml,
    or with ``menu_in_settings`` in the nav: list of mkdocs.yml)."""
    return [Finding("nav", f"{docs_prefix}{page}", "This page is not in the site navigation, so patients cannot find it.",
                    fix=_nav_fix(page, docs_prefix, menu_in_settings))
            for page in sorted(section_pages) if page not in nav_pages]


def _nav_fix(page: str, docs_prefix: str, menu_in_settings: bool) -> str:
    if menu_in_settings:
        return f"Add '{page}' under its section in the nav: list of mkdocs.yml."
    folder, name = page.rsplit("/", 1)
    return f"Add '{name}' to the nav: list of {docs_prefix}{folder}/.nav.yml, or remove the setting there that leaves it out."


def check_required_pages(required: dict[str, list[str]], existing: set[str], docs_prefix: str) -> list[Finding]:
    """Each section has the pages the settings (extra.checks.sections) require."""
    findings = []
    for folder, pages in required.items():
        for name in pages:
            uri = f"{folder}/{name}"
            if uri not in existing:
                findings.append(Finding("required-page", f"{docs_prefix}{uri}",
                                        f"The '{folder}' section must have the page '{name}', and it is missing.",
                                        fix="Restore the page, or remove it from extra.checks.sections in mkdocs.yml."))
    return findings


def check_worksheet_refs(worksheets: object, known_ids: set[str], path: str, line: int) -> list[Finding]:
    """Worksheet ids named in front matter exist."""
    if not isinstance(worksheets, list):
        return []
    choices = f"Use one of: {', '.join(sorted(known_ids))}." if known_ids else "Add the worksheet to docs/worksheets/ first."
    return [Finding("worksheet-ref", path, f"There is no worksheet with the id '{sheet}'.{did_you_mean(str(sheet), known_ids)}",
                    line=line, fix=choices)
            for sheet in worksheets if str(sheet) not in known_ids]

