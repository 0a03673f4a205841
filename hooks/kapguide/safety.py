"""Safe content: pages come from pull requests, and anyone can open one.

``check_rendered_html`` looks at the HTML a page's Markdown turns into, which
catches raw HTML and attributes added through Markdown extensions alike.
Each finding points at the first source line that contains the offending text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kapguide.findings import Finding

BLOCKED_TAGS = {
    "script": "Scripts can run code in a patient's browser.",
    "iframe": "Embedded pages load content from elsewhere.",
    "object": "Embedded objects can run code or load content from elsewhere.",
    "embed": "Embedded objects can run code or load content from elsewhere.",
    "form": "A form could send a patient's answers somewhere.",
    "base": "A <base> tag changes where every link on the page goes.",
    "meta": "A <meta> tag in a page can redirect patients elsewhere.",
}
MEDIA_TAGS = {"img", "video", "audio", "source", "track", "picture", "input"}
URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "cite"}
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.I)


def _is_external(url: str) -> bool:
    from kapguide.privacy import is_external  # only for the few pages the quick scan below flags

    return is_external(url)


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, str, str]] = []  # (message, search token, fix)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKED_TAGS:
            self.problems.append((f"Raw <{tag}> is not allowed in pages. {BLOCKED_TAGS[tag]}", f"<{tag}",
                                  "Remove it. Worksheets and contact details are added by the site itself."))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append((f"The attribute '{name}' runs code when a patient uses the page.", name,
                                      "Remove the attribute."))
            if name in URL_ATTRS and SCRIPT_URL.match(value.replace("\t", "").replace("\n", "")):
                self.problems.append(("A 'javascript:' link runs code instead of opening a page.", value.split(":")[0] + ":",
                                      "Link to a page or a web address instead."))
            if tag in MEDIA_TAGS and name in ("src", "srcset", "poster") and any(
                    _is_external(part.strip().split(" ")[0]) for part in value.split(",") if part.strip()):
                self.problems.append((f"The {tag} comes from another website ({value}). Loading it would tell that "
                                      "site who reads this page.", value.split(",")[0].split(" ")[0],
                                      "Save the file in docs/assets/ and link to it there."))

    handle_startendtag = handle_starttag


def _line_of(source: str, token: str, first_line: int) -> int | None:
    lowered = token.lower()
    for offset, line in enumerate(source.splitlines()):
        if lowered in line.lower():
            return first_line + offset
    return None


# Every problem above needs one of these in the HTML; most pages have none, so the parser is skipped.
# Each pattern starts with literal text, which the regex engine finds quickly in lower-cased HTML;
# attribute patterns count only after a space (checked in might_be_unsafe, not by a slow look-behind).
RISKY_TEXT = ("javascript:", "vbscript:", "data:text/html", "&#")
RISKY_TAG = re.compile(r"<(?:script|iframe|object|embed|form|base|meta)\b")
RISKY_ATTRIBUTES = (
    re.compile(r"on[a-z]+\s*="),                                # event handlers: onclick=, onload=
    re.compile(r"src(?:set)?\s*=\s*[\"']?[^\"'>]*//"),         # media from another site
    re.compile(r"poster\s*=\s*[\"']?[^\"'>]*//"),
)


def might_be_unsafe(html: str) -> bool:
    lowered = html.lower()
    if any(text in lowered for text in RISKY_TEXT) or RISKY_TAG.search(lowered):
        return True
    return any(match.start() > 0 and lowered[match.start() - 1].isspace()
               for pattern in RISKY_ATTRIBUTES for match in pattern.finditer(lowered))


def check_rendered_html(html: str, source_body: str, first_line: int, path: str) -> list[Finding]:
    if not might_be_unsafe(html):
        return []
    finder = _Finder()
    finder.feed(html)
    finder.close()
    findings = []
    for message, token, fix in finder.problems:
        findings.append(Finding("unsafe-html", path, message, line=_line_of(source_body, token, first_line), fix=fix))
    return findings
