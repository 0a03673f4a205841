"""Pictures: every SVG under docs/ is safe, small and titled, every SVG shown in a page has a description,
and a hostile SVG fails the strict build with its file and line.

These tests hold on any content: they read whatever pictures and pages the guide has (a clinic may
remove or add any), and build their own small site for the hostile files.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, build_once, logged_as_problem, make_site, page, run_mkdocs
from kapguide.svg_picture_check import MAX_PICTURE_BYTES, picture_notes, svg_problems

SVG = "http://www.w3.org/2000/svg"
DOCS_SVGS = sorted((REPO / "docs").rglob("*.svg"))
NARROW_PHONE = 288  # CSS px of content on a 320px-wide phone, after the theme's margins
FONT_SIZE = re.compile(r"font-size[=:]\s*\"?(\d+(?:\.\d+)?)")


# ---------------------------------------------------------------- the checker itself

HOSTILE = {  # name: (SVG text, the line the problem is on, what the message says)
    "script": ('<svg xmlns="http://www.w3.org/2000/svg">\n<title>t</title>\n<script>alert(1)</script>\n</svg>', 3,
               "holds <script>"),
    "prefixed script": ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">\n\n<s:script>1</s:script></svg>',
                        3, "holds <script>"),
    "html inside": ('<svg xmlns="http://www.w3.org/2000/svg">\n<h:div xmlns:h="http://www.w3.org/1999/xhtml">x</h:div></svg>', 2,
                    "holds <div>"),
    "foreignObject": ('<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject/></svg>', 2, "holds <foreignObject>"),
    "handler": ('<svg xmlns="http://www.w3.org/2000/svg">\n<rect\n  onclick="alert(1)"/></svg>', 3, "has 'onclick'"),
    "javascript link": ('<svg xmlns="http://www.w3.org/2000/svg">\n<a href=" javascript:alert(1)"><text>x</text></a></svg>', 2,
                        "holds a 'javascript:' address"),
    "external href": ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
                      '<use xlink:href="https://other.example/a.svg#x"/></svg>', 2, "points to 'https://other.example/a.svg#x'"),
    "file image": ('<svg xmlns="http://www.w3.org/2000/svg">\n<image href="photo.png"/></svg>', 2, "points to 'photo.png'"),
    "style import": ('<svg xmlns="http://www.w3.org/2000/svg">\n<style>\n@import url(https://other.example/a.css);\n</style></svg>', 2,
                     "<style> loads 'https://other.example/a.css'"),
    "escaped url": ('<svg xmlns="http://www.w3.org/2000/svg"><style>\nrect { fill: \\75 rl(//other.example/p) }</style></svg>', 1,
                    "loads '//other.example/p'"),
    "url attribute": ('<svg xmlns="http://www.w3.org/2000/svg">\n\n<rect filter="url(https://other.example/f.svg#f)"/></svg>', 3,
                      "<rect filter> loads"),
    "stylesheet instruction": ('<?xml version="1.0"?>\n<?xml-stylesheet href="https://other.example/a.css"?>\n'
                               '<svg xmlns="http://www.w3.org/2000/svg"/>', 2, "<?xml-stylesheet"),
    "animated link": ('<svg xmlns="http://www.w3.org/2000/svg"><a>\n<set attributeName="href" to="#b"/></a></svg>', 2,
                      "changes a link"),
    "entities": ('<!DOCTYPE svg [\n<!ENTITY a "aaaa">\n]>\n<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', 1, "declares entities"),
    "broken": ('<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n</svg>', 3, "broken XML"),
    "not svg": ('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 1, "not an SVG drawing"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_each_unsafe_svg_is_named_with_its_line(name):
    text, line, message = HOSTILE[name]
    problems = svg_problems(text.encode())
    assert problems, name
    assert message in problems[0].message and problems[0].line == line, (name, problems)
    assert problems[0].fix


def test_a_plain_drawing_passes():
    drawing = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"><title>A dot</title>'
               '<defs><radialGradient id="g"/></defs><style>@media (prefers-reduced-motion: reduce) { .a { animation: none } }'
               '</style><circle class="a" r="4" fill="url(#g)" transform="translate(5 5)"/><use href="#g"/></svg>')
    assert svg_problems(drawing.encode()) == []
    assert picture_notes(drawing.encode()) == []


def test_a_large_or_untitled_picture_gets_a_note():
    untitled = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    assert "no <title>" in picture_notes(untitled)[0].message
    large = b'<svg xmlns="http://www.w3.org/2000/svg"><title>t</title>' + b"<!-- padding -->" * 800 + b"</svg>"
    assert len(large) > MAX_PICTURE_BYTES and "KB" in picture_notes(large)[0].message


# ---------------------------------------------------------------- the guide's own pictures


@pytest.mark.parametrize("path", DOCS_SVGS, ids=[p.relative_to(REPO).as_posix() for p in DOCS_SVGS])
def test_every_svg_under_docs_is_small_safe_and_titled(path):
    data = path.read_bytes()
    assert len(data) < MAX_PICTURE_BYTES, f"{path.name}: {len(data)} bytes"
    assert svg_problems(data) == [], path.name
    root = ET.fromstring(data)  # entities were refused above, so this reads plain XML
    assert root.tag == f"{{{SVG}}}svg"
    title = root.find(f"{{{SVG}}}title")
    assert title is not None and (title.text or "").strip(), f"{path.name}: no <title>"
    text = data.decode("utf-8").lower()
    # belt and braces: the checker above reads the same through an XML parser
    assert "<script" not in text and "foreignobject" not in text and not re.search(r"\son[a-z]+\s*=", text)


def figure_pictures(site: Path) -> list[Path]:
    """The SVG files the built pages show as figures (diagrams with a caption), however many there are."""
    found = set()
    for html_file in site.rglob("*.html"):
        for img in LexborHTMLParser(html_file.read_text(encoding="utf-8")).css("article figure img"):
            src = (img.attributes.get("src") or "").split("?")[0]
            if src.lower().endswith(".svg") and (html_file.parent / src).resolve().is_file():
                found.add((html_file.parent / src).resolve())
    return sorted(found)


def test_words_in_figures_stay_readable_on_a_narrow_phone(built_site):
    """A drawing shown as a figure has role="img" and a <desc>, and its smallest text is 16px or more when
    it is shown on a narrow phone (never wider than its own width; SVG text is 16px unless set)."""
    for path in figure_pictures(built_site):
        data = path.read_bytes()
        root = ET.fromstring(data)
        assert root.get("role") == "img" and root.find(f"{{{SVG}}}desc") is not None, path.name
        if b"<text" not in data:
            continue
        view_width = float((root.get("viewBox") or "0 0 0 0").split()[2]) or NARROW_PHONE
        shown = min(view_width, NARROW_PHONE, float(root.get("width") or view_width))
        smallest = min([float(size) for size in FONT_SIZE.findall(data.decode("utf-8"))] or [16.0])
        assert smallest * shown / view_width >= 16, (path.name, smallest, shown)


def test_every_svg_picture_in_the_built_site_has_a_description(built_site):
    """However many there are (a clinic may show none)."""
    for html_file in built_site.rglob("*.html"):
        tree = LexborHTMLParser(html_file.read_text(encoding="utf-8"))
        for img in tree.css("article img"):
            src = img.attributes.get("src") or ""
            if not src.lower().split("?")[0].endswith(".svg"):
                continue
            assert (img.attributes.get("alt") or "").strip(), f"{html_file}: <img src={src}> has no alt"
            assert (html_file.parent / src).resolve().is_file(), f"{html_file}: {src} is not in the site"


# ---------------------------------------------------------------- a hostile picture in a real strict build

BAD = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">\n  <title>Calm</title>\n'
       '  <s:script xmlns:s="http://www.w3.org/2000/svg">fetch("/")</s:script>\n</svg>\n')
OUTSIDE = ('<svg xmlns="http://www.w3.org/2000/svg">\n<title>Calm</title>\n<style>\n'
           '  @import url("https://other.example/look.css");\n</style>\n</svg>\n')
GOOD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"><title>A dot</title><circle r="4"/></svg>'
UNTITLED = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
FIGURE = ('<figure class="kap-figure" markdown="span">\n![A calm dot](assets/images/dot.svg){ width="320" height="320" }\n'
          '<figcaption>A dot.</figcaption>\n</figure>\n')


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    def build(root: Path):
        config, site = make_site(root, {
            "index.md": page("Home", FIGURE),
            "assets/images/bad.svg": BAD,
            "assets/images/outside.svg": OUTSIDE,
            "assets/images/dot.svg": GOOD,
            "assets/images/untitled.svg": UNTITLED,
            "assets/images/big.svg": GOOD.replace("</svg>", "<!-- " + "x" * MAX_PICTURE_BYTES + " --></svg>"),
        })
        return run_mkdocs(config, site)

    result, root = build_once(tmp_path_factory, "pictures-hostile", build)
    return result, root / "site"


def test_a_hostile_svg_fails_the_strict_build_with_file_and_line(hostile_build):
    result, site = hostile_build
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert logged_as_problem(result.stderr, "docs/assets/images/bad.svg:4: The SVG file holds <script>")
    assert logged_as_problem(result.stderr, "docs/assets/images/outside.svg:3: The SVG file's <style> loads "
                                            "'https://other.example/look.css'")
    assert "[unsafe-file]" in result.stderr and "Fix: " in result.stderr
    assert not (site / "assets/images/bad.svg").exists() and not (site / "assets/images/outside.svg").exists()


def test_a_safe_picture_is_published_and_notes_fail_the_strict_build_as_warnings(hostile_build):
    result, site = hostile_build
    assert (site / "assets/images/dot.svg").is_file()
    assert 'alt="A calm dot"' in (site / "index.html").read_text(encoding="utf-8")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING") and "[picture]" in line]
    assert any("docs/assets/images/untitled.svg:1: The picture has no <title>" in line for line in warnings), warnings
    assert any("docs/assets/images/big.svg: The picture is 10." in line for line in warnings), warnings
    assert not any("dot.svg" in line for line in warnings)


# ---------------------------------------------------------------- in a real browser


def pages_with_pictures(site: Path) -> list[str]:
    """URL paths of the built pages that show an SVG picture in their text (any number, or none)."""
    found = []
    for html_file in sorted(site.rglob("index.html")):
        tree = LexborHTMLParser(html_file.read_text(encoding="utf-8"))
        if any((img.attributes.get("src") or "").endswith(".svg") for img in tree.css("article img")):
            relative = html_file.parent.relative_to(site).as_posix()
            found.append("" if relative == "." else relative + "/")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pictures_render_in_light_and_dark(browser, site_url, built_site, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 360, "height": 740})
    page_tab = context.new_page()
    try:
        for path in pages_with_pictures(built_site):
            page_tab.goto(f"{site_url}/{path}", wait_until="load")
            assert page_tab.evaluate("() => document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
            images = page_tab.evaluate("""() => Promise.all([...document.querySelectorAll('article img[src$=".svg"]')]
                .map(img => img.decode().then(() => [img.src, img.naturalWidth, img.getBoundingClientRect().width],
                                              () => [img.src, 0, 0])))""")
            for src, natural, shown in images:
                assert natural > 0 and shown > 0, f"{path}: {src} did not render in {scheme}"
    finally:
        context.close()
