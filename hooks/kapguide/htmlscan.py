"""Read the links, sources and ids out of a built HTML file (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "script": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "form": ("action",),
}


@dataclass(frozen=True)
class UrlRef:
    tag: str
    attr: str
    url: str
    line: int
    rel: str = ""


@dataclass
class ScannedHtml:
    refs: list[UrlRef] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    styles: list[tuple[int, str]] = field(default_factory=list)  # (line, css) from <style> and style=""
    scripts: list[tuple[int, str]] = field(default_factory=list)  # (line, js) of inline <script>


def srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ScannedHtml()
        self._in: str | None = None
        self._start_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {k: (v or "") for k, v in attrs}
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.result.ids.add(values[key])
        for attr in URL_ATTRS.get(tag, ()):
            if attr not in values:
                continue
            urls = srcset_urls(values[attr]) if attr == "srcset" else [values[attr].strip()]
            for url in urls:
                self.result.refs.append(UrlRef(tag, attr, url, line, values.get("rel", "").lower()))
        if values.get("style"):
            self.result.styles.append((line, values["style"]))
        if tag in ("style", "script") and not values.get("src"):
            self._in, self._start_line = tag, line

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.result.styles.append((self._start_line, data))
        elif self._in == "script":
            self.result.scripts.append((self._start_line, data))


def scan_html(text: str) -> ScannedHtml:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.result
