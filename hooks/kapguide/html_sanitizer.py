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

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import nh3
from markupsafe import escape

from kapguide.addresses import is_disguised, read_as, shown
from kapguide.findings import Finding
from kapguide.privacy import css_urls, is_external, loads_from_elsewhere

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset"})
ID_ATTRIBUTES = frozenset({"id", "name", "for"})  # what an element can be found by (getElementById, forms, labels)
# The theme (Material for MkDocs) names every element its script looks up with two underscores first:
# __config, __drawer, __search, __palette_0, __nav_1... Content must not take any of them over.
THEME_ID_PREFIX = "__"
# The Markdown extensions that make tabbed blocks (=== "Title"); their markup is allowed only when one is on.
TABBED_EXTENSIONS = ("pymdownx.tabbed", "pymdownx.blocks.tab")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class Policy:
    """What a kind of content may contain."""
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]  # tag (or "*") -> attribute names
    attribute_prefixes: frozenset[str] = frozenset()
    style_properties: frozenset[str] = frozenset()
    # (tag, attribute) -> a pattern the whole value must match (attributes with a few known values only)
    attribute_values: Mapping[tuple[str, str], str] = field(default_factory=dict)
    reserved_ids: frozenset[str] = frozenset()     # ids the site's own templates and scripts use
    reserved_id_prefixes: tuple[str, ...] = ()     # ... and the beginnings of ids the theme uses
    allowed_ids: str = ""  # a pattern for ids that start with a reserved prefix but are content's own (the tabs')

    def reserves(self, value: str) -> bool:
        """True for an id (or name, or label target) that belongs to the site itself, not to a page."""
        if value in self.reserved_ids:
            return True
        return value.startswith(self.reserved_id_prefixes) and not (self.allowed_ids and _fullmatch(self.allowed_ids, value))

    def allows_value(self, tag: str, attribute: str, value: str) -> bool:
        pattern = self.attribute_values.get((tag, attribute))
        return pattern is None or _fullmatch(pattern, value)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Everything the policy allows, as stable text: kept sanitizer results are reused only under the same policy."""
        return repr((sorted(self.tags), sorted((k, sorted(v)) for k, v in self.attributes.items()),
                     sorted(self.attribute_prefixes), sorted(self.style_properties), sorted(self.attribute_values.items()),
                     sorted(self.reserved_ids), self.reserved_id_prefixes, self.allowed_ids))


@functools.lru_cache(maxsize=64)
def _pattern(text: str) -> re.Pattern:
    return re.compile(text, re.I)


def _fullmatch(pattern: str, value: str) -> bool:
    return _pattern(pattern).fullmatch(value) is not None


_TEXT_TAGS = {"p", "br", "hr", "wbr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub",
              "sup", "code", "kbd", "samp", "var", "q", "cite", "abbr", "dfn", "time", "span", "a", "blockquote",
              "ul", "ol", "li", "dl", "dt", "dd"}

# What pymdownx.tabbed (and pymdownx.blocks.tab) add around tabbed blocks, exactly:
#   <div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1"
#   name="__tabbed_1" type="radio"><div class="tabbed-labels"><label for="__tabbed_1_1">First</label>...
# Everything but data-tabs is allowed on any page; data-tabs only as "set:count", and the __tabbed_ ids.
TABBED_VALUES = {("div", "data-tabs"): r"[0-9]{1,6}:[0-9]{1,6}"}
TABBED_IDS = r"__tabbed_[0-9]{1,6}(?:_[0-9]{1,6})?"
_INPUT_TYPES = {("input", "type"): "checkbox|radio"}  # tabbed (radio) and tasklist (checkbox)


def page_policy(site_ids: Iterable[str] = (), site_id_prefixes: Iterable[str] = (), tabbed: bool = True) -> Policy:
    """The policy for pages: ``site_ids`` are the ids the site's own templates and scripts use, and
    ``site_id_prefixes`` the starts of the ids they make (reserved_ids.site_ids); ``tabbed``: whether a
    tabbed-block extension is on (TABBED_EXTENSIONS)."""
    return Policy(
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
            "input": frozenset({"type", "name", "checked", "disabled"}),
            "label": frozenset({"for"}),
            **({"div": frozenset({"data-tabs"})} if tabbed else {}),
        },
        attribute_prefixes=frozenset({"aria-"}),
        style_properties=frozenset({"text-align"}),  # Markdown tables align columns this way
        attribute_values={**_INPUT_TYPES, **(TABBED_VALUES if tabbed else {})},
        reserved_ids=frozenset(site_ids),
        reserved_id_prefixes=(THEME_ID_PREFIX, *sorted(site_id_prefixes)),
        allowed_ids=TABBED_IDS if tabbed else "",
    )


# Everything abbr, admonition, attr_list, md_in_html, tables, def_list, toc, pymdownx.details,
# superfences (code highlighting), tabbed, tasklist and snippets produce.
PAGE_POLICY = page_policy()

# Worksheet instructions: a few paragraphs, lists and links.
INSTRUCTIONS_POLICY = Policy(
    tags=frozenset(_TEXT_TAGS),
    attributes={"a": frozenset({"href"}), "abbr": frozenset({"title"}), "ol": frozenset({"start"})},
)


@dataclass(frozen=True)
class Removed:
    """One thing the sanitizer took out: what it was, and what is needed to say where it was and why."""
    what: str      # "element" | "attribute"
    tag: str
    attribute: str = ""
    value: str = ""
    reason: str = ""   # "reserved-id" | "tabs-off" | "" (the attribute or element is not allowed)
    detail: str = ""   # for a style kept in part: the declarations taken out of it

    @property
    def search_tokens(self) -> tuple[str, ...]:
        """Texts to look for in the source, best first (for callers that only have texts; ``line_in`` finds
        the element itself)."""
        if self.tag == "nesting":
            return ("<",)
        if self.what == "element":
            return (f"<{self.tag}",)
        value = self.value.strip()
        return tuple(t for t in (value[:40], value[:8], f"{self.attribute}=", self.attribute) if t)

    def line_in(self, source: str) -> int | None:
        """The line of the Markdown ``source`` where this element, or the element with this attribute, is written."""
        if self.tag == "nesting":
            return first_line(source, ("<",))
        if self.what == "element":
            return _line_of_first(source, [_start_tag(self.tag)])
        found = _line_of_first(source, _attribute_patterns(self.tag, self.attribute, self.value))
        if found is None and self.tag in HEADINGS and self.attribute == "id":
            found = _heading_line(source, self.value)
        if found is None and len(self.value.strip()) >= MIN_SEARCHED_VALUE:
            found = first_line(source, (self.value.strip()[:40],))
        return found

    def describe(self) -> str:
        if self.tag == "nesting":
            return (f"The page's HTML leaves about {self.value} elements open (more than {MAX_UNCLOSED}); "
                    "it is shown as plain text.")
        if self.what == "element":
            reason = DANGEROUS_TAGS.get(self.tag, "This site's pages cannot use it.")
            return f"The HTML element <{self.tag}> was removed. {reason}"
        if self.reason == "reserved-id":
            return self._describe_reserved_id()
        if self.reason == "tabs-off":
            return (f"Tabbed blocks (=== \"Title\") are not available on this site, so their markup "
                    f"('{self.attribute}' on <{self.tag}>) was removed: neither {' nor '.join(TABBED_EXTENSIONS)} "
                    "is in markdown_extensions in mkdocs.yml.")
        if self.attribute.startswith("on"):
            return f"The attribute '{self.attribute}' on <{self.tag}> was removed: it runs code when a patient uses the page."
        if self.attribute in ("src", "srcset") and loads_from_elsewhere(self.value):
            return (f"The picture '{shown(self.value)}' comes from another website{read_as(self.value)}: loading it would "
                    "tell that site who reads this page.")
        if self.attribute in URL_ATTRIBUTES and is_disguised(self.value):
            return (f"The address '{shown(self.value)}' on <{self.tag}> was removed{read_as(self.value)}: an address "
                    "must read the same to staff and to browsers.")
        if self.attribute in ("href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster"):
            return (f"The address '{shown(self.value)}' on <{self.tag}> was removed: pages may link only to web pages "
                    "(http, https), email, phone numbers or files of this guide.")
        if self.attribute == "style":
            return self._describe_style()
        return f"The attribute '{self.attribute}' on <{self.tag}> was removed: this site's pages cannot use it."

    def _describe_reserved_id(self) -> str:
        what = (f"the heading's id '{shown(self.value)}' (made from its words, or given with {{ #... }})"
                if self.tag in HEADINGS and self.attribute == "id" else f"'{shown(self.value)}'")
        return (f"The attribute '{self.attribute}' on <{self.tag}> was removed: {what} is an id the site itself uses "
                "for one of its own parts (its templates and scripts look the part up by it), so the page could take "
                "that part's place, such as the search's help box with the crisis numbers.")

    def _describe_style(self) -> str:
        what = f"The style '{shown(self.detail)}'" if self.detail else "The style"
        message = (f"{what} on <{self.tag}> was removed: only text alignment is allowed (colours and layout come from "
                   "the site's stylesheet).")
        elsewhere = next((url for url in css_urls(self.detail or self.value) if is_external(url)), None)
        if elsewhere:
            message += f" It would also load '{shown(elsewhere)}' from another website."
        return message

    @property
    def fix(self) -> str:
        if self.reason == "reserved-id" and self.tag in HEADINGS:
            return ("Reword the heading, or give it an id of its own: write { #another-name } at the end of the "
                    "heading's line.")
        if self.reason == "reserved-id":
            return "Give the element another id (or name), or none."
        if self.reason == "tabs-off":
            return ("Put each tab's text under a heading of its own instead, or ask the site maintainer to add "
                    "pymdownx.tabbed to markdown_extensions.")
        picture_from_elsewhere = self.attribute in ("src", "srcset") and loads_from_elsewhere(self.value)
        if self.attribute in URL_ATTRIBUTES and is_disguised(self.value) and not picture_from_elsewhere:
            return ("Write the address on one line, without tabs, and with '/' (never '\\'): a link to a page's .md "
                    "file, relative to this page, or a full https:// address.")
        return REMOVED_FIX


# Where a removed attribute is written in a page's Markdown source. Each pattern is linear on any text: a try
# that fails stops at the next '<' or '>' (an HTML tag) or '{', '}' or line end (an attribute list).
MIN_SEARCHED_VALUE = 12  # shorter values (50, prefetch) are too likely to stand elsewhere on the page too


def _start_tag(tag: str) -> str:
    return rf"<{re.escape(tag)}(?![\w-])"


def _attribute_patterns(tag: str, attribute: str, value: str) -> list[str]:
    """Patterns for the element, best first: raw HTML with this value, an attribute list { ... } with it, a
    Markdown link or image to it; then raw HTML or an attribute list with this attribute, whatever its value."""
    name = rf"(?<![\w:-]){re.escape(attribute)}"
    html_tag = rf"{_start_tag(tag)}[^<>]*?{name}"
    attr_list = rf"\{{[^{{}}\n]*?{name}"
    patterns = []
    written = value.strip()[:40]
    if written:
        equals = rf"\s*+=\s*+[\"']?{re.escape(written)}"
        patterns += [html_tag + equals, attr_list + equals]
        if attribute in URL_ATTRIBUTES:
            patterns.append(rf"\]\(\s*+<?{re.escape(written)}")
        if attribute == "id":
            patterns.append(rf"\{{[^{{}}\n]*?#{re.escape(written)}(?![\w-])")
    return patterns + [rf"{html_tag}(?![\w-])", rf"{attr_list}\s*+="]


def _line_of_first(source: str, patterns: list[str]) -> int | None:
    """The line of the first place in ``source`` that the first matching pattern finds, or None."""
    for pattern in patterns:
        found = _pattern(pattern).search(source)
        if found:
            return source.count("\n", 0, found.start()) + 1
    return None


def _heading_line(source: str, heading_id: str) -> int | None:
    """The line of the '#' heading whose id, made from its words as the toc extension makes it, is ``heading_id``."""
    from markdown.extensions.toc import slugify

    from kapguide.structure import atx_heading

    for number, line in enumerate(source.splitlines(), 1):
        heading = atx_heading(line) if line.startswith("#") else None
        if heading and slugify(heading[1], "-") == heading_id:
            return number
    return None


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


def _kept_value(policy: Policy, element: str, attribute: str, value: str) -> str | None:
    """The value nh3 keeps for an allowed attribute, or None to remove the attribute."""
    if attribute in ID_ATTRIBUTES and policy.reserves(value):
        return None
    if attribute in URL_ATTRIBUTES and _disguised_or_elsewhere(attribute, value):
        return None
    return value if policy.allows_value(element, attribute, value) else None


def _disguised_or_elsewhere(attribute: str, value: str) -> bool:
    """An address a browser reads otherwise than it is written, or a picture from elsewhere: pictures are
    files of the guide, and loading one from elsewhere tells that site who reads the page."""
    addresses = [part.strip().split(" ")[0] for part in value.split(",") if part.strip()] if attribute == "srcset" else [value]
    return any(is_disguised(address) or (attribute != "href" and loads_from_elsewhere(address)) for address in addresses)


def clean(html: str, policy: Policy = PAGE_POLICY) -> str:
    """The HTML with everything outside ``policy`` removed (elements keep their text; scripts and styles do not)."""
    return nh3.clean(
        html,
        tags=set(policy.tags),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in policy.attributes.items()},
        attribute_filter=functools.partial(_kept_value, policy),
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
        if name == "style" and len(kept) == len(values):
            removed += _styles_cut(tag, values, kept)  # each element kept its style, with its allowed properties only
            continue
        if len(kept) >= len(values):
            continue
        for value in values:
            if value in kept:
                kept.remove(value)
            elif name == "style" and kept:
                kept.pop()  # kept, with its allowed properties only
            else:
                removed.append(Removed("attribute", tag, name, value, reason=_reason(policy, tag, name, value)))
    return Sanitized(cleaned, removed)


def _reason(policy: Policy, tag: str, attribute: str, value: str) -> str:
    """Why an attribute went, when it is more than 'not allowed': an id of the site's own, or tabs switched off."""
    if attribute in ID_ATTRIBUTES and policy.reserves(value):
        return "reserved-id"
    if (tag, attribute) in TABBED_VALUES and (tag, attribute) not in policy.attribute_values:
        return "tabs-off"
    return ""


# One declaration of a style attribute: a name, then a value that may hold (...) or quotes. Linear: each part
# of the value starts with a character the others cannot start with.
_DECLARATION = re.compile(r"([-\w]++)\s*+:\s*+((?:[^;(\"']++|\([^)]*+\)?|\"[^\"]*+\"?|'[^']*+'?)*+)")


def _styles_cut(tag: str, before: list[str], after: list[str]) -> list[Removed]:
    """A style the sanitizer kept in part (only its allowed properties): what it took out of each, so staff
    see it (elements in the same order before and after)."""
    cut = []
    for written, kept in zip(before, after):
        kept_names = {name.lower() for name, _ in _DECLARATION.findall(kept)}
        dropped = "; ".join(f"{name}:{value.strip()}" for name, value in _DECLARATION.findall(written)
                            if name.lower() not in kept_names)
        if dropped:
            cut.append(Removed("attribute", tag, "style", written, detail=dropped))
    return cut


REMOVED_FIX = "Remove it. Pictures go in docs/assets/images/; worksheets and contact details are added by the site itself."


def removal_findings(removed: Sequence[Removed | tuple[str, Sequence[str]]], source: str, path: str) -> list[Finding]:
    """One ``unsafe-html`` finding for each thing the sanitizer removed from a page, at its line in ``source``.
    An item is a ``Removed``, or (message, texts to find its line) for callers that kept only those."""
    findings = []
    for item in removed:
        if isinstance(item, Removed):
            findings.append(Finding("unsafe-html", path, item.describe(), line=item.line_in(source), fix=item.fix))
        else:
            message, tokens = item
            findings.append(Finding("unsafe-html", path, message, line=first_line(source, tokens), fix=REMOVED_FIX))
    return findings


def first_line(text: str, tokens: Sequence[str]) -> int | None:
    """The first line of ``text`` holding one of ``tokens`` (tried in order, ignoring case), or None."""
    lines = text.lower().splitlines()
    for token in (t.lower() for t in tokens if t):
        found = next((n for n, line in enumerate(lines, 1) if token in line), None)
        if found:
            return found
    return None
