"""Check an SVG picture under docs/ before it is published.

An SVG file is a small program as much as a picture. Shown in a page with ``<img>`` it is
harmless, but anyone can open the file itself at the site's own address, and then the browser
reads it as an XML document: a script in it runs there and could read patients' saved
worksheet answers, and a stylesheet or picture it names is fetched from wherever it points.

So the file is read here with a real XML parser (expat, the way the browser reads it, with
namespace prefixes resolved, so ``<x:script>`` is seen as a script) and refused when it holds:

- anything that can run code: ``<script>``, ``<foreignObject>`` (HTML inside the drawing), any
  element in the HTML namespace, ``on...=`` attributes, ``javascript:`` addresses, or an
  animation that changes a link;
- any reference to another file or site: ``href``/``xlink:href`` other than ``#a-part-of-this-file``,
  ``url(...)`` other than ``url(#...)``, ``@import``, ``<?xml-stylesheet?>`` instructions;
- entity declarations (``<!ENTITY``), which can hide content or blow up in size;
- XML the browser cannot read (it would show a broken picture).

Every problem names its line. ``picture_notes`` adds what keeps pictures quick and accessible:
a size limit and a ``<title>``. No file is ever fetched or run here.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SEP = "\x1f"  # between a namespace and a local name in expat's names
MAX_PICTURE_BYTES = 10 * 1024
CODE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"})
ANIMATIONS = frozenset({"set", "animate", "animatemotion", "animatetransform", "animatecolor"})
CSS_URL = re.compile(r"url\(\s*+['\"]?\s*+([^'\")\s]*+)", re.I)
RUNS_CODE = ("javascript:", "vbscript:", "data:text/html", "data:image/svg", "data:application")
EXPORT_AGAIN = "Export the drawing again as plain SVG, or draw it without that part."
SELF_CONTAINED = ("Keep everything the picture needs inside the file: shapes and text only, "
                  "and links only to parts of the same file (#name).")


@dataclass(frozen=True)
class SvgProblem:
    message: str
    fix: str
    line: int | None = None


class _Stop(Exception):
    """Raised inside an expat handler to end the reading at a problem that makes the rest moot."""


def _local(name: str) -> tuple[str, str]:
    namespace, _, local = name.rpartition(SEP)
    return namespace, local


def _runs_code(value: str) -> bool:
    squashed = "".join(ch for ch in value[:200] if ch > " ").lower()
    return squashed.startswith(RUNS_CODE)


def _outside_refs(css: str) -> list[str]:
    """Addresses in CSS that are not a part of the same file (url(#name)), and any @import."""
    from kapguide.privacy import css_urls  # a real CSS tokenizer: escapes cannot hide an address

    found = dict.fromkeys(css_urls(css) + CSS_URL.findall(css))
    refs = [url for url in found if not url.startswith("#")]
    if "@import" in css.lower() and not refs:
        refs.append("@import")
    return refs


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.tag_start = 0
        self.problems: list[SvgProblem] = []
        self.has_title = False
        self.depth = 0
        self.root_checked = False
        self.style_text: list[str] | None = None
        self.style_line = 0
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=SEP)
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.entity
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters

    @property
    def line(self) -> int:
        return self.parser.CurrentLineNumber

    def add(self, message: str, fix: str, line: int | None = None) -> None:
        self.problems.append(SvgProblem(message, fix, line or self.line))

    def attribute_line(self, name: str) -> int:
        """The line of the attribute ``name`` (its local name) in the element being read: a long tag spans lines."""
        end = self.data.find(b">", self.tag_start)
        pattern = re.compile(rb"[\s:]" + re.escape(name.encode("utf-8", "replace")) + rb"\s*=")
        found = pattern.search(self.data, self.tag_start, end if end >= 0 else len(self.data))
        return self.data.count(b"\n", 0, found.start() + 1) + 1 if found else self.line

    def doctype(self, name, system_id, public_id, has_internal_subset) -> None:
        if has_internal_subset:
            self.add("The SVG file declares entities (<!ENTITY or <!DOCTYPE [...]>), which can hide content.", EXPORT_AGAIN)
            raise _Stop

    def entity(self, *args) -> None:
        self.add("The SVG file declares entities (<!ENTITY), which can hide content.", EXPORT_AGAIN)
        raise _Stop

    def instruction(self, target: str, data: str) -> None:
        self.add(f"The SVG file holds the instruction <?{target} ...?>, which can load a stylesheet or program "
                 "from another file.", f"Delete that line. {EXPORT_AGAIN}")

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, local = _local(name)
        self.depth += 1
        self.tag_start = max(self.parser.CurrentByteIndex, 0)
        if not self.root_checked:
            self.root_checked = True
            if (namespace, local) != (SVG_NS, "svg"):
                self.add(f"The file's first element is <{local}>, not an SVG drawing (<svg xmlns=\"{SVG_NS}\">).",
                         EXPORT_AGAIN)
                raise _Stop
        if local.lower() in CODE_ELEMENTS or namespace == XHTML_NS:
            self.add(f"The SVG file holds <{local}>, which could run code when the picture is opened.",
                     "Export the drawing again without scripts or embedded HTML.")
        if namespace == SVG_NS and local == "title" and self.depth == 2:
            self.has_title = True
        if namespace == SVG_NS and local == "style":
            self.style_text, self.style_line = [], self.line
        for attribute, value in attributes.items():
            self.attribute(local, _local(attribute)[1], value)

    def attribute(self, tag: str, name: str, value: str) -> None:
        lowered = name.lower()
        before = len(self.problems)
        if lowered.startswith("on"):
            self.add(f"The SVG file's <{tag}> has '{name}', which runs code when the picture is opened.",
                     "Export the drawing again without scripts.")
        elif _runs_code(value):
            self.add(f"The SVG file's <{tag} {name}> holds a '{value.strip()[:11]}' address, which runs code.",
                     "Export the drawing again without scripts.")
        elif lowered == "href" and not value.strip().startswith("#"):
            self.add(f"The SVG file's <{tag} {name}> points to '{value.strip()[:80]}', outside the picture.", SELF_CONTAINED)
        elif lowered == "attributename" and tag.lower() in ANIMATIONS and value.rpartition(":")[2].lower() == "href":
            self.add(f"The SVG file's <{tag}> changes a link while it plays, which can hide where the link leads.",
                     EXPORT_AGAIN)
        elif "(" in value or "@" in value or "\\" in value:  # CSS in an attribute: style, fill, filter, mask...
            for ref in _outside_refs(value):
                self.add(f"The SVG file's <{tag} {name}> loads '{ref[:80]}', outside the picture.", SELF_CONTAINED)
        if len(self.problems) > before:
            line = self.attribute_line(name)
            self.problems[before:] = [SvgProblem(p.message, p.fix, line) for p in self.problems[before:]]

    def characters(self, text: str) -> None:
        if self.style_text is not None:
            self.style_text.append(text)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.style_text is not None and _local(name) == (SVG_NS, "style"):
            for ref in _outside_refs("".join(self.style_text)):
                self.add(f"The SVG file's <style> loads '{ref[:80]}', outside the picture.", SELF_CONTAINED,
                         self.style_line)
            self.style_text = None


def _read(data: bytes) -> _Reader:
    reader = _Reader(data)
    try:
        reader.parser.Parse(data, True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError as error:
        reader.problems.append(SvgProblem(
            f"The SVG file is broken XML ({xml.parsers.expat.errors.messages.get(error.code, 'unreadable')}), "
            "so browsers would show a broken picture.", EXPORT_AGAIN, error.lineno or None))
    if not reader.root_checked and not reader.problems:
        reader.problems.append(SvgProblem("The file holds no SVG drawing.", EXPORT_AGAIN, 1))
    return reader


def svg_problems(data: bytes) -> list[SvgProblem]:
    """What would make publishing this SVG file unsafe, each with its line; [] when it is safe."""
    return _read(data).problems


def picture_notes(data: bytes) -> list[SvgProblem]:
    """What keeps a safe SVG picture quick and accessible: under MAX_PICTURE_BYTES, with a <title>."""
    notes = []
    if len(data) > MAX_PICTURE_BYTES:
        notes.append(SvgProblem(
            f"The picture is {len(data) / 1024:.1f} KB; pictures in this guide stay under {MAX_PICTURE_BYTES // 1024} KB "
            "so pages open quickly on a phone.",
            "Simplify the drawing, or save it again without editor data (the site maintainer can help).", None))
    reader = _read(data)
    if not reader.problems and not reader.has_title:
        notes.append(SvgProblem(
            "The picture has no <title>, so screen readers cannot say what it is when it is opened on its own.",
            'Add <title>What the picture shows</title> as the first thing inside <svg>.', 1))
    return notes
