"""The one allow-list for HTML that comes from content: pages, snippets and worksheet instructions.

Pages and worksheets come from pull requests, and anyone can open one. Their Markdown may
hold raw HTML, so the HTML it turns into goes through nh3 (the Python binding of Ammonia,
an allow-list sanitizer) before it is published. Only the tags and attributes that this
site's Markdown extensions produce are kept (see ``PAGE_POLICY``); links may use only
http(s), mailto, tel and sms addresses or relative paths.

``sanitize`` returns the clean HTML and what the sanitizer removed, so the build can tell
staff exactly what was wrong (a silently changed page would hide the mistake). What was
removed is worked out by reading the HTML before and after with a real parser
(selectolax) and comparing the elements and attributes each holds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import nh3
from markupsafe import escape

from kapguide.findings import Finding
from kapguide.privacy import loads_from_elsewhere

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
# Ids and names the theme's own script looks up: content must not take them over.
RESERVED_IDS = frozenset({"__config", "__drawer", "__search", "__consent", "__analytics", "__md_scope"})


@dataclass(frozen=True)
class Policy:
    """What a kind of content may contain."""
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]  # tag (or "*") -> attribute names
    attribute_prefixes: frozenset[str] = frozenset()
    style_properties: frozenset[str] = frozenset()


_TEXT_TAGS = {"p", "br", "hr", "wbr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub",
              "sup", "code", "kbd", "samp", "var", "q", "cite", "abbr", "dfn", "time", "span", "a", "blockquote",
              "ul", "ol", "li", "dl", "dt", "dd"}

# Everything abbr, admonition, attr_list, md_in_html, tables, def_list, toc, pymdownx.details,
# superfences (code highlighting), tabbed, tasklist and snippets produce.
PAGE_POLICY = Policy(
    tags=frozenset(_TEXT_TAGS | {
        "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "aside", "header", "footer", "nav",
        "figure", "figcaption", "details", "summary", "pre", "img", "picture", "table", "caption", "colgroup",
        "col", "thead", "tbody", "tfoot", "tr", "th", "td", "input", "label",
    }),
    attributes={
        "*": frozenset({"class", "id", "title", "lang", "dir", "role"}),
        "a": frozenset({"href", "hreflang"}),
        "img": frozenset({"src", "alt", "width", "height", "loading"}),
        "ol": frozenset({"start", "reversed", "type"}),
        "th": frozenset({"colspan", "rowspan", "scope", "style"}),
        "td": frozenset({"colspan", "rowspan", "style"}),
        "col": frozenset({"span"}),
        "colgroup": frozenset({"span"}),
        "details": frozenset({"open"}),
        "time": frozenset({"datetime"}),
        "input": frozenset({"type", "name", "checked", "disabled"}),  # tabbed (radio) and tasklist (checkbox)
        "label": frozenset({"for"}),
    },
    attribute_prefixes=frozenset({"aria-"}),
    style_properties=frozenset({"text-align"}),  # Markdown tables align columns this way
)

# Worksheet instructions: a few paragraphs, lists and links.
INSTRUCTIONS_POLICY = Policy(
    tags=frozenset(_TEXT_TAGS),
    attributes={"a": frozenset({"href"}), "abbr": frozenset({"title"}), "ol": frozenset({"start"})},
)

_INPUT_TYPES = frozenset({"checkbox", "radio"})


@dataclass(frozen=True)
class Removed:
    """One thing the sanitizer took out: what it was, and text to find it in the source."""
    what: str      # "element" | "attribute"
    tag: str
    attribute: str = ""
    value: str = ""

    @property
    def search_tokens(self) -> tuple[str, ...]:
        """Texts to look for in the source, best first, to find the line this came from."""
        if self.tag == "nesting":
            return ("<",)
        if self.what == "element":
            return (f"<{self.tag}",)
        value = self.value.strip()
        return tuple(t for t in (value[:40], value[:8], f"{self.attribute}=", self.attribute) if t)

    def describe(self) -> str:
        if self.tag == "nesting":
            return (f"The page's HTML leaves about {self.value} elements open (more than {MAX_UNCLOSED}); "
                    "it is shown as plain text.")
        if self.what == "element":
            reason = DANGEROUS_TAGS.get(self.tag, "This site's pages cannot use it.")
            return f"The HTML element <{self.tag}> was removed. {reason}"
        if self.attribute.startswith("on"):
            return f"The attribute '{self.attribute}' on <{self.tag}> was removed: it runs code when a patient uses the page."
        if self.attribute in ("src", "srcset") and loads_from_elsewhere(self.value):
            return (f"The picture '{_visible(self.value[:60])}' comes from another website: loading it would tell that site "
                    "who reads this page.")
        if self.attribute in ("href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster"):
            shown = _visible(self.value if len(self.value) <= 60 else self.value[:57] + "...")
            return (f"The address '{shown}' on <{self.tag}> was removed: pages may link only to web pages "
                    "(http, https), email, phone numbers or files of this guide.")
        if self.attribute == "style":
            return f"The style on <{self.tag}> was removed: only text alignment is allowed (colours and layout come from the site's stylesheet)."
        return f"The attribute '{self.attribute}' on <{self.tag}> was removed: this site's pages cannot use it."


def _visible(text: str) -> str:
    """Text for a message, with invisible control characters shown as codes (\\r, \\n, \\x00)."""
    return "".join(ch if ch >= " " else repr(ch)[1:-1] for ch in text)


DANGEROUS_TAGS = {
    "script": "Scripts could run code in a patient's browser and read their saved answers.",
    "iframe": "It would load a page from somewhere else.",
    "object": "Embedded objects can run code or load content from elsewhere.",
    "embed": "Embedded objects can run code or load content from elsewhere.",
    "form": "A form could send a patient's answers somewhere.",
    "base": "It changes where every link on the page goes.",
    "meta": "It can send patients to another site.",
    "link": "It would load a file, possibly from another site.",
    "style": "Styles come from the site's stylesheet; a style block can load files from other sites.",
    "svg": "Drawings can carry scripts; save the picture as a file in docs/assets/images/ and use ![description](...).",
    "math": "It is not supported on this site.",
}


@dataclass
class Sanitized:
    html: str
    removed: list[Removed] = field(default_factory=list)


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "name", "for") and value in RESERVED_IDS:
        return None
    if attribute in ("src", "srcset") and any(loads_from_elsewhere(part.strip().split(" ")[0])
                                              for part in value.split(",") if part.strip()):
        return None  # images are files of the guide: loading one from elsewhere tells that site who reads the page
    if element == "input" and attribute == "type" and value.lower() not in _INPUT_TYPES:
        return None
    return value


def clean(html: str, policy: Policy = PAGE_POLICY) -> str:
    """The HTML with everything outside ``policy`` removed (elements keep their text; scripts and styles do not)."""
    return nh3.clean(
        html,
        tags=set(policy.tags),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in policy.attributes.items()},
        attribute_filter=_attribute_filter,
        strip_comments=False,  # a worksheet page's form goes where its placeholder comment is
        link_rel=None,
        generic_attribute_prefixes=set(policy.attribute_prefixes) or None,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(policy.style_properties) or None,
    )


def text_only(html: str) -> str:
    """The text of an HTML snippet, escaped, with every tag removed (for headings in the table of contents)."""
    return nh3.clean(html, tags=set(), clean_content_tags={"script", "style"}, attributes={}, strip_comments=True)


def _inventory(html: str) -> tuple[Counter, dict[tuple[str, str], list[str]]]:
    """Elements (by tag) and attributes (by tag and name, with their values) in an HTML fragment."""
    from selectolax.lexbor import LexborHTMLParser  # loaded only when a page is not in the kept results

    tree = LexborHTMLParser(f"<body>{html}</body>")
    elements: Counter = Counter()
    attributes: dict[tuple[str, str], list[str]] = {}
    root = tree.body
    if root is None:
        return elements, attributes
    for node in root.traverse(include_text=False):
        tag = node.tag or ""
        if node is root or tag.startswith("-"):
            continue
        elements[tag] += 1
        for name, value in node.attributes.items():
            attributes.setdefault((tag, name), []).append(value or "")
    return elements, attributes


# Elements opened and never closed make HTML parsers slow (each new element searches the open ones):
# 16,000 unclosed <div> take seconds. No page of this guide needs more than a few dozen.
MAX_UNCLOSED = 1000
_OPEN_TAG = re.compile(r"<(?!(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b)[a-zA-Z]")


def _unclosed(html: str) -> int:
    return len(_OPEN_TAG.findall(html)) - html.count("</")


def too_deeply_nested(html: str) -> bool:
    """True for markup that leaves so many elements open that parsing it would be slow."""
    return _unclosed(html) > MAX_UNCLOSED


def sanitize(html: str, policy: Policy = PAGE_POLICY) -> Sanitized:
    """Clean ``html`` and list what was removed (empty when the HTML was already within the policy)."""
    if too_deeply_nested(html):
        return Sanitized(escape(html), [Removed("element", "nesting", value=str(_unclosed(html)))])
    cleaned = clean(html, policy)
    if "<" not in html:
        return Sanitized(cleaned)
    before_elements, before_attributes = _inventory(html)
    after_elements, after_attributes = _inventory(cleaned)
    removed = [Removed("element", tag) for tag, count in sorted(before_elements.items())
               if count > after_elements.get(tag, 0)]
    gone_tags = {r.tag for r in removed}
    for (tag, name), values in sorted(before_attributes.items()):
        if tag in gone_tags:
            continue
        kept = list(after_attributes.get((tag, name), []))
        if len(kept) >= len(values):
            continue
        for value in values:
            if value in kept:
                kept.remove(value)
            elif name == "style" and kept:
                kept.pop()  # kept, with its allowed properties only
            else:
                removed.append(Removed("attribute", tag, name, value))
    return Sanitized(cleaned, removed)


REMOVED_FIX = "Remove it. Pictures go in docs/assets/images/; worksheets and contact details are added by the site itself."


def removal_findings(removed: list[tuple[str, list[str] | tuple[str, ...]]], source: str, path: str) -> list[Finding]:
    """One ``unsafe-html`` finding per (message, texts to find its line) the sanitizer removed from a page."""
    return [Finding("unsafe-html", path, message, line=first_line(source, tokens), fix=REMOVED_FIX)
            for message, tokens in removed]


def first_line(text: str, tokens: list[str] | tuple[str, ...]) -> int | None:
    """The first line of ``text`` holding one of ``tokens`` (tried in order, ignoring case), or None."""
    lines = text.lower().splitlines()
    for token in (t.lower() for t in tokens if t):
        found = next((n for n, line in enumerate(lines, 1) if token in line), None)
        if found:
            return found
    return None
