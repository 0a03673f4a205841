"""Find anything that would make a patient's browser contact another host.

The guide promises patients that it requests nothing from anyone but the clinic's own
server: no fonts, analytics, CDNs or badges. This module finds every such request in a
built file or a published asset, and in the settings that would make the theme add one:

- ``scan_text``: one HTML, CSS, JS, SVG or manifest file (HTML read with a real parser,
  CSS with a real CSS tokenizer, tinycss2);
- ``check_settings``: theme and ``extra`` settings that load fonts, analytics or
  scripts from elsewhere (named by their setting, so staff know what to change).

Plain links (``<a href>``) are not requests and are allowed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kapguide.addresses import Written, as_browser_reads, read_as, shown
from kapguide.findings import Finding
from kapguide.htmlscan import line_of, scan_html

JS_FETCH = re.compile(r"(?:importScripts|fetch|import|new\s+(?:Worker|EventSource|WebSocket))\s*\(\s*['\"`]((?:https?:|wss?:)?//[^'\"`]{1,2000})", re.I)
JS_STATIC_IMPORT = re.compile(r"\bimport\b[^'\"`;]{0,300}?\bfrom\s*['\"`]((?:https?:)?//[^'\"`]{1,2000})")


@dataclass(frozen=True)
class ExternalFetch:
    path: str
    line: int
    url: str
    how: str


# A web scheme followed by anything: 'https:/host' and 'https:host' reach that host too, from a page whose own
# scheme differs (http: for https:), because a browser skips any slashes after a web scheme.
_WEB_SCHEME = re.compile(r"(?:https?|wss?|ftp):")


def is_external(url: str, written: Written = "parsed") -> bool:
    """True for an address on another host, as the browser reads it (addresses.as_browser_reads): tabs,
    line breaks and backslashes cannot hide one."""
    url = as_browser_reads(url, written).lower()
    return url.startswith("//") or bool(_WEB_SCHEME.match(url))


_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")


def loads_from_elsewhere(url: str, written: Written = "parsed") -> bool:
    """True for an address that is not a file of this site: another host, or any scheme (data:, file:...)."""
    return is_external(url, written) or bool(_SCHEME.match(as_browser_reads(url, written).lower()))


CSS_URL_FALLBACK = re.compile(r"url\(\s*['\"]?([^'\")\s]{1,2000})|@import\s+['\"]([^'\"]{1,2000})", re.I)
MAX_CSS_DEPTH = 64


def css_urls(css: str) -> list[str]:
    """Every address a stylesheet loads: url(...), @import "...", image-set("...").

    Read with tinycss2, a real CSS tokenizer, which decodes escapes (``\\9 `` is a tab) as a browser does.
    CSS it cannot read (blocks nested thousands deep, numbers too long to convert) is searched for url(
    and @import instead, its escapes decoded the same way, so nothing is missed.
    """
    import tinycss2  # loaded only when a stylesheet is not in the kept results

    try:
        tokens = tinycss2.parse_component_value_list(css, skip_comments=True)
        return _urls_in(tokens)
    except (RecursionError, ValueError, OverflowError):
        return [as_browser_reads(first or second, "css") for first, second in CSS_URL_FALLBACK.findall(css)]


def _urls_in(top: list) -> list[str]:
    """Walk the token tree without recursion (depth-limited), collecting addresses."""
    found: list[str] = []
    stack = [(top, 0)]
    while stack:
        tokens, depth = stack.pop()
        if depth > MAX_CSS_DEPTH:
            raise RecursionError("CSS nested too deep")
        after_import = False
        for token in tokens:
            kind = getattr(token, "type", "")
            if kind == "url":
                found.append(token.value)
            elif kind == "function" and token.lower_name in ("url", "src", "image-set", "-webkit-image-set"):
                found.extend(t.value for t in token.arguments if getattr(t, "type", "") in ("string", "url"))
            elif kind == "string" and after_import:
                found.append(token.value)
            children = getattr(token, "arguments", None) if kind == "function" else getattr(token, "content", None)
            if children:
                stack.append((children, depth + 1))
            if kind == "at-keyword":
                after_import = token.lower_value == "import"
            elif kind not in ("whitespace", "comment"):
                after_import = False
    return found


def scan_text(name: str, text: str) -> list[ExternalFetch]:
    """Requests to other hosts that this file would make (``name`` says what kind of file it is)."""
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".svg"):
        return _scan_markup(name, text)
    if suffix == ".css":
        return [ExternalFetch(name, _line_of_address(text, url), shown(url, None), "CSS")
                for url in css_urls(text) if is_external(url)]
    if suffix in (".js", ".mjs"):
        return [ExternalFetch(name, line_of(text, m.group(1)), m.group(1), "script")
                for pattern in (JS_FETCH, JS_STATIC_IMPORT) for m in pattern.finditer(text)]
    if suffix in (".webmanifest", ".json") and name.endswith(("manifest.json", ".webmanifest")):
        return _scan_manifest(name, text)
    return []


def _line_of_address(text: str, url: str) -> int:
    """The line of ``url`` in ``text``; for an address written with escapes or character references (``ht\\9 tps``,
    ``ht&#9;tps``), the line of what follows its last invisible character."""
    if url in text:
        return line_of(text, url)
    tail = re.split(r"[\x00-\x20\\]", url)[-1]
    return line_of(text, tail) if len(tail) >= 8 else 1


def _scan_markup(name: str, text: str) -> list[ExternalFetch]:
    page = scan_html(text)
    found = [ExternalFetch(name, _line_of_address(text, ref.url), shown(ref.url, None), f"<{ref.tag} {ref.attr}>")
             for ref in page.refs if ref.fetches and is_external(ref.url)]
    for css in page.styles:
        found += [ExternalFetch(name, _line_of_address(text, url), shown(url, None), "inline CSS")
                  for url in css_urls(css) if is_external(url)]
    for script in page.scripts:
        found += [ExternalFetch(name, line_of(text, m.group(1)), m.group(1), "inline script")
                  for m in JS_FETCH.finditer(script.text)]
    return found


def _scan_manifest(name: str, text: str) -> list[ExternalFetch]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    icons = data.get("icons", []) if isinstance(data, dict) else []
    return [ExternalFetch(name, 1, icon["src"], "manifest icon") for icon in icons
            if isinstance(icon, dict) and isinstance(icon.get("src"), str) and is_external(icon["src"])]


# ---------------------------------------------------------------- settings

SETTINGS_FILE = "mkdocs.yml"


def _setting(setting: str, message: str, fix: str, line: int | None = None) -> Finding:
    return Finding("privacy", SETTINGS_FILE, f"{setting}: {message}", line=line, fix=fix)


def addresses_in_settings(theme: dict, extra_css: list, extra_javascript: list) -> list[tuple[str, str]]:
    """(setting, address) for every file the theme loads on every page because of a setting outside ``extra``.
    The theme prints these into pages as they are, without escaping: a browser decodes &#9; and the like in
    them (so they are read with ``written="html"``)."""
    found = [(f"theme.{key}", theme[key]) for key in ("logo", "favicon") if isinstance(theme.get(key), str)]
    for setting, entries in (("extra_css", extra_css), ("extra_javascript", extra_javascript)):
        found += [(setting, entry if isinstance(entry, str) else str(getattr(entry, "path", entry))) for entry in entries or []]
    return found


def _loaded_from_elsewhere(url: str) -> str:
    return f"'{shown(url, 80)}' is loaded from another site{read_as(url, 'html')}."


def check_settings(theme: dict, extra: dict, extra_css: list, extra_javascript: list, markdown_extensions: dict,
                   setting_line: Callable[[str], int | None] = lambda setting: None) -> list[Finding]:
    """Settings that would make every page load something from another host (``setting_line``: setting -> its line)."""
    found: list[Finding] = []
    if theme.get("font") not in (False, None):
        found.append(_setting("theme.font", "loads the theme's fonts from Google, which tells Google who reads the guide.",
                              "Set 'font: false' under theme (the site then uses the device's own fonts).",
                              setting_line("theme.font")))
    for key, what in (("analytics", "sends every visit to an analytics service"),
                      ("consent", "exists only for analytics cookies, which this guide never sets"),
                      ("polyfills", "loads scripts from another site")):
        if extra.get(key):
            found.append(_setting(f"extra.{key}", f"{what}.", f"Remove extra.{key}.", setting_line(f"extra.{key}")))
    for setting, url in addresses_in_settings(theme, extra_css, extra_javascript):
        if setting.startswith("theme.") and is_external(url, "html"):
            found.append(_setting(setting, _loaded_from_elsewhere(url),
                                  "Save the file in docs/assets/images/ and give its path here.", setting_line(setting)))
        elif not setting.startswith("theme.") and loads_from_elsewhere(url, "html"):
            found.append(_setting(setting, _loaded_from_elsewhere(url),
                                  "Save the file under docs/assets/ and list its path instead.", setting_line(setting)))
    fences = (markdown_extensions.get("pymdownx.superfences") or {}).get("custom_fences") or []
    if any(isinstance(f, dict) and str(f.get("name", "")).lower() == "mermaid" for f in fences):
        found.append(_setting("markdown_extensions.pymdownx.superfences.custom_fences",
                              "a 'mermaid' fence makes the theme load its diagram script from a CDN.",
                              "Remove the mermaid fence; draw diagrams as SVG files in docs/assets/images/.",
                              setting_line("markdown_extensions")))
    return found
