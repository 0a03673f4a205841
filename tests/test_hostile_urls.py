"""Addresses and ids that look harmless as written but are not, in pages, stylesheets and settings.

A browser reads an address after removing the tabs and line breaks in it and reading '\\' as '/'
(ht<tab>tps://evil.example is https://evil.example, \\/evil.example is //evil.example); a page that
gives an element an id the site itself uses can take the place of the site's own part (the search's
help box with the crisis numbers). Each input must fail `mkdocs build --strict` with one clear
message at its own line, and nothing of it may reach the published pages. Ordinary content that
Markdown extensions make (tabbed blocks, aligned table columns) must build cleanly.

Two builds: one with every hostile input (and the tabbed-block extension switched off), one with the
good inputs; the site's own scripts are then checked in Chromium against a page a clobbering element
was put into after the build.
"""

from __future__ import annotations

import re
import shutil
import time

import pytest
from selectolax.lexbor import LexborHTMLParser
from test_hostile_inputs import GOOD, body

from conftest import build_once, make_site, page, real_config, run_mkdocs, serve_folder
from kapguide.addresses import as_browser_reads, is_disguised
from kapguide.html_sanitizer import Removed
from kapguide.privacy import check_settings
from kapguide.reserved_ids import site_ids

EVIL = "evil.example"
READS_AS = "(a browser reads it as '{}'"

# name -> (page text, expected text in the build's messages, after the page's path). Payloads via body() are on line 10.
PAGES = {
    # 1. tabs, line breaks, backslashes and control characters in an address
    "tab-in-scheme": (body(f'<img src="ht&#9;tps://{EVIL}/tab.png" alt="A calm room">'),
                      f":10: The picture 'ht\\ttps://{EVIL}/tab.png' comes from another website "
                      + READS_AS.format(f"https://{EVIL}/tab.png")),
    "newline-in-scheme": (body(f'<img src="https&#10;://{EVIL}/nl.png" alt="A calm room">'),
                          f":10: The picture 'https\\n://{EVIL}/nl.png' comes from another website "
                          + READS_AS.format(f"https://{EVIL}/nl.png")),
    "control-first": (body(f'<img src="&#1;https://{EVIL}/c0.png" alt="A calm room">'),
                      f":10: The picture '\\x01https://{EVIL}/c0.png' comes from another website"),
    "backslash-slash": (body(f'<img src="\\/{EVIL}/bs.png" alt="A calm room">'),
                        f":10: The picture '\\/{EVIL}/bs.png' comes from another website " + READS_AS.format(f"//{EVIL}/bs.png")),
    "slash-backslash": (body(f'<img src="/\\{EVIL}/sb.png" alt="A calm room">'),
                        f":10: The picture '/\\{EVIL}/sb.png' comes from another website " + READS_AS.format(f"//{EVIL}/sb.png")),
    "backslash-link": (body(f'<a href="\\/{EVIL}/page">More</a>'),
                       f":10: The address '\\/{EVIL}/page' on <a> was removed " + READS_AS.format(f"//{EVIL}/page")),
    # 2. the same through an attribute list: named readably, and MkDocs' own mangled warning is gone
    "attr-list-tab": (body(f'![A calm room](../assets/images/favicon.svg){{ src="ht&#9;tps://{EVIL}/al2.png" }}'),
                      f":10: The picture 'ht\\ttps://{EVIL}/al2.png' comes from another website "
                      + READS_AS.format(f"https://{EVIL}/al2.png")),
    # 3. ids the site's own templates and scripts use
    "heading-id": (body("## Kap search empty\n\nSome words."),
                   ":10: The attribute 'id' on <h2> was removed: the heading's id 'kap-search-empty'"),
    "heading-given-id": (body("## Search tips { #kap-page-text }\n\nSome words."),
                         ":10: The attribute 'id' on <h2> was removed: the heading's id 'kap-page-text'"),
    "fake-help-box": (body('<div id="kap-search-empty">Fake crisis box: call 555 0000</div>'),
                      ":10: The attribute 'id' on <div> was removed: 'kap-search-empty' is an id the site itself uses"),
    "fake-page-words": (body('<p id="kap-page-text">{"more_help": "Call 555 0000"}</p>'),
                        ":10: The attribute 'id' on <p> was removed: 'kap-page-text' is an id the site itself uses"),
    "theme-id": (body('<div id="__palette_0">x</div>'),
                 ":10: The attribute 'id' on <div> was removed: '__palette_0' is an id the site itself uses"),
    # 4. tabbed markup while no tabbed-block extension is on (this build switches pymdownx.tabbed off)
    "tabs-off": (body('<div class="tabbed-set" data-tabs="1:1">x</div>'),
                 ':10: Tabbed blocks (=== "Title") are not available on this site'),
    # 5. the line is the element's own, not the first line where the removed value stands
    "rel-prefetch": (page("Prefetch and links", GOOD + '\n\n<a href="../index.md" rel="prefetch">Home</a>'),
                     ":10: The attribute 'rel' on <a> was removed"),
    "input-image-type": (page("Image buttons", "The picture button.png shows where to press.\n\n"
                                               '<input type="image" src="button.png">'),
                         ":10: The attribute 'type' on <input> was removed"),
    "input-image-src": (None, ":10: The address 'button.png' on <input> was removed"),
    "td-width": (page("Table", "It takes about 50 minutes.\n\n" + GOOD + '\n\n<table><tr><td width="50">x</td></tr></table>'),
                 ":12: The attribute 'width' on <td> was removed"),
    # 6. a style kept in part is named too
    "style-url": (body(f'<table><tr><td style="text-align:left;background-image:url(https://{EVIL}/b.png)">x</td></tr></table>'),
                  f":10: The style 'background-image:url(https://{EVIL}/b.png)' on <td> was removed: only text alignment "
                  f"is allowed (colours and layout come from the site's stylesheet). It would also load 'https://{EVIL}/b.png'"),
}
PAGES["input-image-src"] = (PAGES["input-image-type"][0], PAGES["input-image-src"][1])

STYLESHEETS = {  # each file's first request to another host is named, with its line
    "assets/stylesheets/tab-escape.css": (f'body {{ color: black; }}\n.x {{ background: url("ht\\9 tps://{EVIL}/css-bg.png"); }}\n',
                                          f"docs/assets/stylesheets/tab-escape.css:2: It loads 'ht\\ttps://{EVIL}/css-bg.png'"),
    "assets/stylesheets/backslash.css": (f'.y {{ background: url("/\\\\{EVIL}/css-bs.png"); }}\n',
                                         f"docs/assets/stylesheets/backslash.css:1: It loads '/\\{EVIL}/css-bs.png'"),
}

# Settings outside extra: that make the theme load a file on every page; each is named once.
SETTINGS = {
    "theme": {"favicon": f"ht\ttps://{EVIL}/f.ico"},
    "extra_css": ["assets/stylesheets/kap.css", f"ht\ttps://{EVIL}/x.css"],
    "extra_javascript": [f"ht\ttps://{EVIL}/x.js"],
}
SETTING_MESSAGES = {
    f"{EVIL}/f.ico": f"theme.favicon: 'ht\\ttps://{EVIL}/f.ico' is loaded from another site " + READS_AS.format(f"https://{EVIL}/f.ico"),
    f"{EVIL}/x.css": f"extra_css: 'ht\\ttps://{EVIL}/x.css' is loaded from another site " + READS_AS.format(f"https://{EVIL}/x.css"),
    f"{EVIL}/x.js": f"extra_javascript: 'ht\\ttps://{EVIL}/x.js' is loaded from another site "
                    + READS_AS.format(f"https://{EVIL}/x.js"),
}


def _without_tabbed(extensions: list) -> list:
    return [e for e in extensions if not (isinstance(e, dict) and "pymdownx.tabbed" in e) and e != "pymdownx.tabbed"]


def build_hostile(root):
    pages = {"index.md": page("Home", GOOD)}
    pages.update({f"cases/{name}.md": text for name, (text, _) in PAGES.items()})
    pages.update({name: text for name, (text, _) in STYLESHEETS.items()})
    config = {**SETTINGS, "markdown_extensions": _without_tabbed(real_config()["markdown_extensions"])}
    config_path, site = make_site(root, pages, nav=["index.md", "get-help-now.md", {"Cases": sorted(
        f"cases/{name}.md" for name in PAGES)}], config=config)
    return run_mkdocs(config_path, site)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    result, root = build_once(tmp_path_factory, "hostile-urls", build_hostile)
    return result, root / "site"


def problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]


@pytest.mark.parametrize("name", PAGES)
def test_each_hostile_address_or_id_is_named_at_its_line(hostile_build, name):
    result, _ = hostile_build
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    page_path = "cases/input-image-type.md" if name == "input-image-src" else f"cases/{name}.md"
    expected = f"docs/{page_path}{PAGES[name][1]}"
    assert any(expected in line for line in problems(result.stderr)), f"{expected}\n" + "\n".join(problems(result.stderr))


def test_stylesheet_escapes_and_settings_are_named_once_each(hostile_build):
    result, _ = hostile_build
    lines = problems(result.stderr)
    for _, expected in STYLESHEETS.values():
        assert any(expected in line for line in lines), expected
    for address, expected in SETTING_MESSAGES.items():
        assert any(expected in line for line in lines), expected
        assert sum(address in line for line in lines) == 1, [line for line in lines if address in line]


def test_messages_are_readable_and_say_what_to_do(hostile_build):
    result, _ = hostile_build
    lines = problems(result.stderr)
    assert "wzxhzdk" not in result.stderr  # MkDocs' warning about the placeholder of an HTML code is not shown
    assert not [line for line in lines if re.search(r"[\x00-\x08\x0b-\x1f]", line)], "a control character printed raw"
    heading = next(line for line in lines if "cases/heading-id.md:10" in line)
    assert "Fix: Reword the heading, or give it an id of its own: write { #another-name }" in heading
    tabs = next(line for line in lines if "cases/tabs-off.md:10" in line)
    assert "pymdownx.tabbed" in tabs and "Fix: Put each tab's text under a heading of its own" in tabs
    link = next(line for line in lines if "cases/backslash-link.md:10" in line)
    assert "Fix: Write the address on one line, without tabs, and with '/'" in link


# Written here again, apart from kapguide.addresses: a web scheme or '//' first, once a browser has taken out what it
# ignores (controls and spaces at the ends, tabs and line breaks inside) and read '\' as '/'.
OFF_HOST = re.compile(rf"(?i)^(?:[a-z][a-z0-9+.-]*:)?/*{re.escape(EVIL)}")


def reaches_evil(value: str) -> bool:
    read = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).replace("\\", "/")
    return bool(OFF_HOST.match(read))


def test_nothing_of_it_is_published(hostile_build):
    _, site = hostile_build
    for html_file in site.rglob("*.html"):
        tree = LexborHTMLParser(html_file.read_text(errors="replace"))
        for node in tree.root.traverse(include_text=False):
            for name, value in node.attributes.items():
                assert not reaches_evil(value or ""), (html_file, node.tag, name, value)
        for site_id in ("kap-search-empty", "kap-page-text"):
            found = tree.css(f"#{site_id}")
            assert len(found) <= 1 and all(node.parent.tag == "body" for node in found), (html_file, site_id)
    for name in STYLESHEETS:
        assert not (site / name).exists(), name


# ---------------------------------------------------------------- good inputs

TABBED = '=== "Before"\n\n    Eat a light meal.\n\n=== "After"\n\n    Rest for an hour.'
GOOD_PAGES = {
    "index.md": page("Home", GOOD),
    "tabs.md": page("Tabs", f"{GOOD}\n\n{TABBED}\n\nAnd then:\n\n{TABBED}"),
    "aligned.md": page("Aligned table", f"{GOOD}\n\n| Day | Hours |\n|:----|------:|\n| Monday | 8 |\n\n"
                                        "## Search help { #search-help }\n\nMore words here.\n\n[Home](index.md)"),
}


def build_good(root):
    return run_mkdocs(*make_site(root, GOOD_PAGES))


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    result, root = build_once(tmp_path_factory, "good-urls", build_good)
    return result, root / "site"


def test_tabbed_blocks_and_aligned_tables_build_cleanly(good_build):
    result, site = good_build
    assert result.returncode == 0 and problems(result.stderr) == [], "\n".join(problems(result.stderr))
    tabs = LexborHTMLParser((site / "tabs" / "index.html").read_text())
    assert [s.attributes.get("data-tabs") for s in tabs.css(".tabbed-set")] == ["1:2", "2:2"]
    assert [i.attributes.get("id") for i in tabs.css(".tabbed-set input")] == ["__tabbed_1_1", "__tabbed_1_2",
                                                                               "__tabbed_2_1", "__tabbed_2_2"]
    assert [label.attributes.get("for") for label in tabs.css(".tabbed-labels label")][:2] == ["__tabbed_1_1", "__tabbed_1_2"]
    aligned = LexborHTMLParser((site / "aligned" / "index.html").read_text())
    assert [re.sub(r"[\s;]", "", c.attributes.get("style") or "") for c in aligned.css("td")] == ["text-align:left",
                                                                                              "text-align:right"]


def test_the_sites_scripts_find_their_own_elements_not_a_pages(browser, good_build, tmp_path):
    """Even with an element of the site's own id in a page (put there after the build, past the sanitizer),
    the page script reads the template's words and shows the template's "nothing found" box."""
    _, built = good_build
    site = tmp_path / "site"
    shutil.copytree(built, site)
    target = site / "aligned" / "index.html"
    fake = ('<p id="kap-page-text">{"more_help": "FAKE WORDS"}</p>'
            '<div id="kap-search-empty" hidden>FAKE BOX: call 555 0000</div>')
    target.write_text(target.read_text().replace("</h1>", "</h1>" + fake, 1))
    server, url = serve_folder(site)
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(f"{url}/aligned/", wait_until="load")
        assert tab.evaluate("KAP_TEXT.more_help") == "More help"
        moved = tab.evaluate("document.querySelector('.md-search-result #kap-search-empty').textContent")
        assert "FAKE" not in moved and "988" in moved, moved
        assert tab.evaluate("document.querySelector('article #kap-search-empty').textContent").startswith("FAKE")
    finally:
        context.close()
        server.shutdown()


# ---------------------------------------------------------------- the plain rules

def test_addresses_are_read_as_a_browser_reads_them():
    assert as_browser_reads(" \x01ht\ttps://evil.example/a\nb\r.png\x00 ") == "https://evil.example/ab.png"
    assert as_browser_reads("\\/evil.example/x?q=\\") == "//evil.example/x?q=\\"  # not in the query
    assert as_browser_reads("ht&#9;tps://e.example/", "html") == "https://e.example/"
    assert as_browser_reads("ht\\9 tps://e.example/", "css") == "https://e.example/"
    assert not is_disguised(" ../a.md ") and is_disguised("..\\a.md") and is_disguised("a\n.md")


def test_settings_the_theme_prints_as_they_are_are_read_with_their_html_codes():
    """The theme prints favicon and extra_css without escaping: &#47;&#47; is // to the browser."""
    theme = {"favicon": f"&#47;&#47;{EVIL}/f.ico", "font": False}
    found = check_settings(theme, {}, [f"ht&#9;tps://{EVIL}/x.css", "assets/stylesheets/kap.css"], [], {})
    assert [f.message for f in found] == [
        f"theme.favicon: '&#47;&#47;{EVIL}/f.ico' is loaded from another site (a browser reads it as '//{EVIL}/f.ico': "
        "it reads HTML codes such as &#9;).",
        f"extra_css: 'ht&#9;tps://{EVIL}/x.css' is loaded from another site (a browser reads it as 'https://{EVIL}/x.css': "
        "it reads HTML codes such as &#9;, it leaves out tabs and line breaks)."]


def test_the_ids_of_the_sites_own_parts_are_read_from_its_templates_and_scripts():
    from conftest import REPO

    found = site_ids([REPO / "overrides"], [REPO / "overrides", REPO / "docs" / "assets" / "javascripts"])
    assert {"kap-search-empty", "kap-page-text", "kap-worksheet-text", "kap-help-full", "__config"} <= found.ids
    assert "__palette_" in found.prefixes


def test_finding_an_elements_line_stays_fast_on_hostile_text():
    hostile = ["<td " * 10_000, "{ width" * 10_000, "](" * 20_000, "<td width=" + " " * 40_000, "# x\n" * 10_000]
    start = time.perf_counter()
    for text in hostile:
        Removed("attribute", "td", "width", "50").line_in(text)
        Removed("attribute", "h2", "id", "kap-search-empty").line_in(text)
    assert time.perf_counter() - start < 2
