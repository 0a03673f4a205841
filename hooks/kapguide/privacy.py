"""Find anything in the built site that would make a browser contact another host.

The guide promises patients that it requests nothing from anyone but the
clinic's own server: no fonts, analytics, CDNs or badges. ``scan_site`` reads
every built HTML, CSS, JS and web manifest file and lists each URL a browser
would fetch that points elsewhere. Plain links (``<a href>``) are not fetches
and are allowed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kapguide.htmlscan import scan_html

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)", re.I)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]([^'\"]+)", re.I)
JS_FETCH = re.compile(r"(?:importScripts|fetch|import|new\s+(?:Worker|EventSource|WebSocket))\s*\(\s*['\"`]((?:https?:|wss?:)?//[^'\"`]+)", re.I)
JS_STATIC_IMPORT = re.compile(r"\bimport\b[^'\"`;]*?from\s*['\"`]((?:https?:)?//[^'\"`]+)")
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "preconnect",
                 "dns-prefetch", "modulepreload", "manifest", "mask-icon"}
TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".webmanifest", ".json"}


@dataclass(frozen=True)
class ExternalFetch:
    path: str
    line: int
    url: str
    how: str


def is_external(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http://", "https://", "//", "ws://", "wss://", "ftp://"))


def _css_urls(css: str) -> list[str]:
    return CSS_URL.findall(css) + CSS_IMPORT.findall(css)


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def scan_text(name: str, text: str) -> list[ExternalFetch]:
    found: list[ExternalFetch] = []
    suffix = Path(name).suffix.lower()
    if suffix == ".html":
        page = scan_html(text)
        for ref in page.refs:
            fetches = ref.tag != "a" and ref.tag != "area" and ref.tag != "form"
            if ref.tag == "link":
                fetches = bool(set(ref.rel.split()) & FETCHING_RELS)
            if fetches and is_external(ref.url):
                found.append(ExternalFetch(name, ref.line, ref.url, f"<{ref.tag} {ref.attr}>"))
        for line, css in page.styles:
            found += [ExternalFetch(name, line, u, "inline CSS") for u in _css_urls(css) if is_external(u)]
        for line, js in page.scripts:
            found += [ExternalFetch(name, line, m.group(1), "inline script") for m in JS_FETCH.finditer(js)]
    elif suffix == ".css":
        for pattern in (CSS_URL, CSS_IMPORT):
            for match in pattern.finditer(text):
                if is_external(match.group(1)):
                    found.append(ExternalFetch(name, _line_of(text, match.start()), match.group(1), "CSS"))
    elif suffix in (".js", ".mjs"):
        for pattern in (JS_FETCH, JS_STATIC_IMPORT):
            for match in pattern.finditer(text):
                found.append(ExternalFetch(name, _line_of(text, match.start()), match.group(1), "script"))
    elif suffix in (".webmanifest", ".json") and name.endswith(("manifest.json", ".webmanifest")):
        try:
            data = json.loads(text)
        except ValueError:
            return found
        for icon in data.get("icons", []) if isinstance(data, dict) else []:
            src = icon.get("src", "") if isinstance(icon, dict) else ""
            if is_external(src):
                found.append(ExternalFetch(name, 1, src, "manifest icon"))
    return found


def scan_site(site_dir: Path) -> list[ExternalFetch]:
    found: list[ExternalFetch] = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += scan_text(str(path.relative_to(site_dir)), text)
    return found
