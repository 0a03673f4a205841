"""Read a built HTML file once, with a real HTML parser (selectolax), the way a browser would.

Everything in the project that looks at HTML (the link check, the privacy gate, the
final check of every page) reads it through ``scan_html``: addresses the page fetches
or links to, ids, inline styles and scripts, and event-handler attributes. Quotes,
character references (``java&#13;script:``) and odd spacing are resolved by the parser,
exactly as in a browser, so they cannot hide anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Attributes the browser fetches as soon as the page loads (or on a click, for ping).
FETCH_ATTRS: dict[str, tuple[str, ...]] = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "script": ("src",),
    "image": ("href", "xlink:href"),     # SVG
    "use": ("href", "xlink:href"),       # SVG
    "feimage": ("href", "xlink:href"),   # SVG
}
FETCH_ANYWHERE = ("background", "ping")  # <body background>, <table background>, <a ping>
# Attributes that only navigate when a patient follows them.
LINK_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "form": ("action",),
    "button": ("formaction",),
}
FETCHING_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "preconnect",
                           "dns-prefetch", "modulepreload", "manifest", "mask-icon", "prerender"})
EXECUTABLE_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/ecmascript"})


@dataclass(frozen=True)
class UrlRef:
    tag: str
    attr: str
    url: str
    fetches: bool   # the browser loads it by itself (not a link a patient follows)
    rel: str = ""
    other_language: bool = False  # hreflang: the same page in the guide's other language, a site built on its own


@dataclass(frozen=True)
class InlineScript:
    type: str
    text: str

    @property
    def runs(self) -> bool:
        return self.type.strip().lower() in EXECUTABLE_SCRIPT_TYPES


@dataclass
class ScannedHtml:
    refs: list[UrlRef] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    styles: list[str] = field(default_factory=list)     # CSS from <style> elements and style="" attributes
    scripts: list[InlineScript] = field(default_factory=list)
    handlers: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, code) of on...= attributes
    script_urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value) running code
    refresh: list[str] = field(default_factory=list)   # <meta http-equiv=refresh> contents
    base: list[str] = field(default_factory=list)      # <base href>


def line_of(text: str, needle: str) -> int:
    """The 1-based line where ``needle`` first stands in ``text`` (1 when it is not there)."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def runs_code(value: str) -> bool:
    """A URL that runs code instead of loading something (as the browser reads it: spaces and controls removed)."""
    if ":" not in value:
        return False
    squashed = "".join(ch for ch in value[:200] if ch > " ").lower()
    return squashed.startswith(("javascript:", "vbscript:", "data:text/html", "data:image/svg", "data:application"))


def _add_refs(result: ScannedHtml, tag: str, attr: str, value: str, fetches: bool, rel: str = "",
              other_language: bool = False) -> None:
    urls = srcset_urls(value) if attr == "srcset" else [value.strip()]
    result.refs.extend(UrlRef(tag, attr, url, fetches, rel, other_language) for url in urls if url)


def scan_html(text: str) -> ScannedHtml:
    from selectolax.lexbor import LexborHTMLParser  # loaded only when a page must be read

    result = ScannedHtml()
    tree = LexborHTMLParser(text)
    if tree.root is None:
        return result
    for node in tree.root.traverse(include_text=False):
        tag = (node.tag or "").lower()
        if tag.startswith("-"):
            continue
        attrs = {name.lower(): (value or "") for name, value in node.attributes.items()}
        if attrs.get("id"):
            result.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            result.ids.add(attrs["name"])
        for name, value in attrs.items():
            if name.startswith("on"):
                result.handlers.append((tag, name, value))
            elif name in ("href", "src", "xlink:href", "action", "formaction", "data", "values", "to", "from", "by",
                          "poster", "background") and runs_code(value):
                result.script_urls.append((tag, name, value))
        if attrs.get("style"):
            result.styles.append(attrs["style"])
        rel = attrs.get("rel", "").lower()
        if tag == "link" and "href" in attrs:
            _add_refs(result, tag, "href", attrs["href"], bool(set(rel.split()) & FETCHING_RELS), rel, "hreflang" in attrs)
        for attr in FETCH_ATTRS.get(tag, ()):
            if attr in attrs:
                _add_refs(result, tag, attr, attrs[attr], True)
        for attr in FETCH_ANYWHERE:
            if attr in attrs:
                _add_refs(result, tag, attr, attrs[attr], True)
        for attr in LINK_ATTRS.get(tag, ()):
            if attr in attrs:
                _add_refs(result, tag, attr, attrs[attr], False, other_language="hreflang" in attrs)
        if tag == "style":
            result.styles.append(node.text(deep=True))
        elif tag == "script" and "src" not in attrs:
            result.scripts.append(InlineScript(attrs.get("type", ""), node.text(deep=True)))
        elif tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            result.refresh.append(attrs.get("content", ""))
        elif tag == "base":
            result.base.append(attrs.get("href", ""))
    return result
