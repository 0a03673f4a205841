"""Pictures: every SVG under docs/ (and each language's docs-xx/) is safe, small and titled, every SVG shown
in a page has a description, a hostile SVG fails the strict build with its file and line, and a picture drawn
again in another language keeps the original's size with every word inside the drawing.

These tests hold on any content: they read whatever pictures and pages the guide has (a clinic may
remove or add any), and build their own small site for the hostile files.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, build_once, logged_as_problem, make_site, page, run_all_languages, run_mkdocs
from kapguide.svg_picture_check import MAX_PICTURE_BYTES, picture_notes, svg_problems

SVG = "http://www.w3.org/2000/svg"
LANGUAGE_DOCS = sorted(REPO.glob("docs-*"))  # each other language's pages and own pictures (docs-es/, ...)
DOCS_SVGS = sorted((REPO / "docs").rglob("*.svg")) + [path for docs in LANGUAGE_DOCS for path in sorted(docs.rglob("*.svg"))]
PICTURES = "assets/images/pictures"
# A picture drawn again with another language's words: (the original in docs/, its counterpart in docs-xx/).
COUNTERPARTS = [(REPO / "docs" / PICTURES / path.name, path)
                for docs in LANGUAGE_DOCS for path in sorted((docs / PICTURES).glob("*.svg"))
                if (REPO / "docs" / PICTURES / path.name).is_file()]
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


def _smallest_font_size(data: bytes) -> float:
    return min([float(size) for size in FONT_SIZE.findall(data.decode("utf-8"))] or [16.0])


def _words(root: ET.Element) -> list[str]:
    return [" ".join("".join(text.itertext()).split()) for text in root.iter(f"{{{SVG}}}text")]


@pytest.mark.parametrize("original, counterpart", COUNTERPARTS,
                         ids=[counterpart.relative_to(REPO).as_posix() for _, counterpart in COUNTERPARTS])
def test_a_picture_drawn_again_in_another_language_keeps_the_originals_size(original, counterpart):
    """The pages of every language show a picture at the original's width and height, so the copy keeps its
    viewBox, width and height, has its own description, and its words are no smaller than the original's."""
    mine, theirs = ET.fromstring(counterpart.read_bytes()), ET.fromstring(original.read_bytes())
    for attribute in ("viewBox", "width", "height", "role", "aria-labelledby"):
        assert mine.get(attribute) == theirs.get(attribute), (counterpart.name, attribute)
    assert (mine.findtext(f"{{{SVG}}}desc") or "").strip(), f"{counterpart.name}: no <desc>"
    assert _smallest_font_size(counterpart.read_bytes()) >= _smallest_font_size(original.read_bytes()), counterpart.name
    assert _words(mine) != _words(theirs), f"{counterpart.name} has the original's words: translate them or delete the copy"


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


# ---------------------------------------------------------------- every word inside its drawing, in a browser

LANGUAGE_PICTURES = [path for docs in [REPO / "docs", *LANGUAGE_DOCS] for path in sorted((docs / PICTURES).glob("*.svg"))]
PICTURE_HOST = "http://pictures.test/"  # answered by the test itself (context.route), never fetched
MEASURE_TEXTS = r"""() => {
  const root = document.documentElement;
  const toDrawing = root.getScreenCTM().inverse();
  const box = element => {
    const r = element.getBoundingClientRect();
    const [a, b] = [[r.left, r.top], [r.right, r.bottom]].map(([x, y]) => new DOMPoint(x, y).matrixTransform(toDrawing));
    return [a.x, a.y, b.x, b.y];
  };
  const shown = element => {
    for (let e = element; e instanceof Element; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
    }
    return true;
  };
  const view = root.viewBox.baseVal;
  return {
    view: [view.x, view.y, view.x + view.width, view.y + view.height],
    shapes: [...root.querySelectorAll('rect, circle, ellipse')]
      .filter(e => !e.closest('defs') && getComputedStyle(e).fill !== 'none').map(e => ({tag: e.tagName, box: box(e)})),
    texts: [...root.querySelectorAll('text')].map(e => ({
      words: e.textContent.replace(/\s+/g, ' ').trim(), box: box(e), shown: shown(e), length: e.getComputedTextLength()})),
  };
}"""


def _inside(inner: list[float], outer: list[float], slack: float = 0.5) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def text_problems(drawing: dict) -> list[str]:
    """What is wrong with the words of one measured drawing (MEASURE_TEXTS): a text outside the drawing, a text
    that starts in a box or circle (its middle is in it) but runs out of it, and two shown texts on each other."""
    problems = []
    view = drawing["view"]
    holders = [shape for shape in drawing["shapes"] if not _inside(view, shape["box"])]  # not the card behind it all
    for number, text in enumerate(drawing["texts"]):
        left, top, right, bottom = text["box"]
        if text["length"] <= 0:
            problems.append(f"'{text['words']}' was not drawn")
        if not _inside(text["box"], view):
            problems.append(f"'{text['words']}' goes outside the drawing: {[round(v) for v in text['box']]}")
        middle = ((left + right) / 2, (top + bottom) / 2)
        for shape in holders:
            x0, y0, x1, y1 = shape["box"]
            if x0 <= middle[0] <= x1 and y0 <= middle[1] <= y1 and not _inside(text["box"], shape["box"]):
                problems.append(f"'{text['words']}' runs out of its <{shape['tag']}> {[round(v) for v in shape['box']]}")
        for other in drawing["texts"][number + 1:]:
            if text["shown"] and other["shown"] and _overlap(text["box"], other["box"]):
                problems.append(f"'{text['words']}' and '{other['words']}' are drawn on each other")
    return problems


def test_a_text_outside_its_box_or_on_another_is_found():
    drawing = {"view": [0, 0, 320, 100], "shapes": [{"tag": "rect", "box": [0, 0, 320, 100]},
                                                   {"tag": "rect", "box": [10, 10, 110, 40]}],
               "texts": [{"words": "Una caja", "box": [20, 15, 130, 35], "shown": True, "length": 110},
                         {"words": "Otra", "box": [100, 30, 330, 50], "shown": True, "length": 230},
                         {"words": "Oculta", "box": [100, 30, 150, 50], "shown": False, "length": 50}]}
    assert text_problems(drawing) == ["'Una caja' runs out of its <rect> [10, 10, 110, 40]",
                                      "'Una caja' and 'Otra' are drawn on each other",
                                      "'Otra' goes outside the drawing: [100, 30, 330, 50]"]
    assert text_problems({**drawing, "texts": drawing["texts"][2:]}) == []


def test_every_word_of_every_language_s_pictures_fits_its_drawing(browser):
    """All the pictures, each language's copies with the originals, in one page of Chromium with motion reduced
    (so nothing moves): each text measured in the font it is drawn in (text_problems)."""
    if not LANGUAGE_PICTURES:
        pytest.skip("this guide has no pictures")
    files = {PICTURE_HOST + path.relative_to(REPO).as_posix(): path for path in LANGUAGE_PICTURES}
    context = browser.new_context(reduced_motion="reduce")
    context.route(PICTURE_HOST + "**", lambda route: route.fulfill(path=files[route.request.url], content_type="image/svg+xml")
                  if route.request.url in files else route.abort())
    tab = context.new_page()
    try:
        tab.set_content("".join(f'<iframe src="{url}" width="320" height="440"></iframe>' for url in files))
        measured = {frame.url: frame.evaluate(MEASURE_TEXTS) for frame in tab.frames if frame.url in files}
    finally:
        context.close()
    assert set(measured) == set(files)
    problems = [f"{files[url].relative_to(REPO)}: {problem}" for url, drawing in measured.items()
                for problem in text_problems(drawing)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- another language's own copy of a picture

SPANISH_DOT = GOOD.replace("A dot", "Un punto")
SPANISH_FIGURE = FIGURE.replace("A calm dot", "Un punto tranquilo").replace("A dot.", "Un punto.")


@pytest.fixture(scope="module")
def spanish_pictures_build(tmp_path_factory):
    """A guide in English and Spanish: the Spanish pages have their own copy of dot.svg, an unsafe picture and
    an untitled one; built as `make build` builds it."""
    def build(root: Path):
        config, site = make_site(root, {"index.md": page("Home", FIGURE), "assets/images/dot.svg": GOOD},
                                 extra={"languages": ["en", "es"]})
        spanish = {"index.md": page("Inicio", SPANISH_FIGURE),
                   "get-help-now.md": page("Pida ayuda ahora", "Si está en peligro, llame a una línea de crisis."),
                   "assets/images/dot.svg": SPANISH_DOT, "assets/images/bad.svg": BAD, "assets/images/untitled.svg": UNTITLED}
        for name, text in spanish.items():
            (root / "docs-es" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs-es" / name).write_text(text, encoding="utf-8")
        config.with_name("mkdocs.es.yml").write_text(
            "INHERIT: mkdocs.yml\ndocs_dir: docs-es\nsite_dir: site/es\ntheme:\n  language: es\n"
            "extra:\n  checks:\n    spelling: 'off'\n", encoding="utf-8")
        return run_all_languages(config, site)

    result, root = build_once(tmp_path_factory, "pictures-spanish", build)
    return result, root / "site"


def test_a_languages_own_picture_is_published_in_place_of_the_shared_one_and_checked(spanish_pictures_build):
    result, site = spanish_pictures_build
    assert (site / "index.html").is_file() and "Traceback" not in result.stderr
    assert (site / "assets/images/dot.svg").read_text(encoding="utf-8") == GOOD
    assert (site / "es/assets/images/dot.svg").read_text(encoding="utf-8") == SPANISH_DOT
    assert 'alt="Un punto tranquilo"' in (site / "es/index.html").read_text(encoding="utf-8")
    # the Spanish build checks the Spanish pictures as the English one checks docs/, naming the Spanish file
    assert result.returncode != 0
    assert logged_as_problem(result.stderr, "docs-es/assets/images/bad.svg:4: The SVG file holds <script>")
    assert not (site / "es/assets/images/bad.svg").exists()
    assert any("docs-es/assets/images/untitled.svg:1: The picture has no <title>" in line and "[picture]" in line
               for line in result.stderr.splitlines() if line.startswith("WARNING"))
