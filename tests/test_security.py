"""Untrusted content: payloads planted in every field never run, nothing leaves the host, and each
protection (escaping, sanitizing, the page's own CSP) holds on its own, in a real browser."""

from __future__ import annotations

import shutil

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from conftest import (
    CACHE_ENV,
    QuietHandler,
    a_page,
    build_once,
    make_site,
    page,
    parse_netlify_headers,
    run_mkdocs,
    serve_folder,
    wait_for_search_results,
)

MARK = "window.__pwned=(window.__pwned||0)+1"
PAYLOAD = f'"><img src=x onerror="{MARK}"><script>{MARK}</script></title><svg onload="{MARK}">'
OFF_HOST = "https://evil.example/steal"
ALL_RULES_OFF = ["unsafe-html", "plain-text", "privacy", "unsafe-file", "front-matter", "heading", "reading-grade",
                 "long-sentence", "long-paragraph", "link", "contact-link", "review", "worksheet", "nav", "image-alt"]

BODY = ("You can read this short page in a minute. It is calm and plain.\n\n"
        f'<img src="{OFF_HOST}.png" alt="x">\n\n'
        f'<a href="javascript:{MARK}">Tap here</a> <a href="{OFF_HOST}" ping="{OFF_HOST}">Link</a>\n\n'
        f'<p style="background:url({OFF_HOST}.css)">Styled</p>\n\n'
        f'<details ontoggle="{MARK}" open><summary>More</summary>Text</details>\n\n'
        f'[Click](index.md){{ onclick="{MARK}" }}\n\n'
        f"<script>{MARK}</script>\n")

WORKSHEET = {
    "id": "planted", "title": f"Sheet {PAYLOAD}", "section": "in-session", "purpose": f"Purpose {PAYLOAD}",
    "instructions": f'Read this. <img src="{OFF_HOST}.png" onerror="{MARK}"> <link rel="attachment" href="file:///etc/hostname">',
    "pages": 1,
    "fields": [{"kind": "lines", "id": "one", "label": f"Label {PAYLOAD}", "help": f"Help {PAYLOAD}", "lines": 2},
               {"kind": "checklist", "id": "two", "label": "Tick", "items": [f"Item {PAYLOAD}"]}],
}


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    """A site with a payload in every field staff can edit, built with every check switched off."""
    result, root = build_once(tmp_path_factory, "planted", build_planted_site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "site"


def build_planted_site(root):
    pages = {
        "index.md": page(f"Home {PAYLOAD}", BODY, subtitle=f"Sub {PAYLOAD}", keywords=[f"key {PAYLOAD}"]),
        "p.md": page(f"Page {PAYLOAD}", BODY, description=f"Desc {PAYLOAD}", status="approved", reviewed="2026-01-02",
                     review_due="2026-12-01", reviewed_by=f"Lead {PAYLOAD}"),
        "worksheets/planted.yml": yaml.safe_dump(WORKSHEET, sort_keys=False),
    }
    extra = {"checks": {"disable": ALL_RULES_OFF},
             "clinic": {"name": f"Clinic {PAYLOAD}", "phone": "+1 555 010 0199", "email": f"a@b.example{PAYLOAD}",
                        "address": f"Street {PAYLOAD}", "opening_hours": f"Hours {PAYLOAD}",
                        "after_hours": {"label": f"Nurse {PAYLOAD}", "number": "+1 555 010 0142"},
                        "crisis_lines": [{"label": f"Line {PAYLOAD}", "number": "988", "ways": ["call", "text"],
                                          "note": f"Note {PAYLOAD}"}]}}
    config, site = make_site(root, pages, nav=[{f"Home {PAYLOAD}": "index.md"}, {f"Section {PAYLOAD}": ["p.md"]},
                                               "get-help-now.md"],
                             extra=extra, config={"site_name": f"Site {PAYLOAD}", "copyright": f"Copy {PAYLOAD}",
                                                  "site_description": f"About {PAYLOAD}"})
    return run_mkdocs(config, site)


PLANTED_PAGES = ["", "p/", "get-help-now/", "worksheets/", "worksheets/planted/", "404.html"]


def test_planted_values_appear_only_as_text(planted_site):
    """Escaping and sanitizing: no element or attribute a payload tried to add exists in any built page."""
    for path in PLANTED_PAGES:
        html = (planted_site / (path + "index.html" if not path.endswith(".html") else path)).read_text()
        tree = LexborHTMLParser(html)
        for node in tree.root.traverse(include_text=False):
            attrs = node.attributes
            assert not any(name.startswith("on") for name in attrs), (path, node.tag, attrs)
            assert not any("evil.example" in (value or "") and name != "href" for name, value in attrs.items()), (path, attrs)
            if node.tag == "script":
                assert "src" in attrs or attrs.get("type") == "application/json", (path, node.html)
            assert node.tag not in ("svg", "iframe") or "md-" in (node.parent.attributes.get("class") or ""), path
        assert "javascript:" not in html.lower(), path
    home = (planted_site / "index.html").read_text()
    assert "Clinic &quot;&gt;&lt;img src=x onerror" in home or "Clinic &#34;&gt;&lt;img src=x onerror" in home


def _watch(page, origin: str) -> tuple[list[str], list[str]]:
    off_host: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: off_host.append(r.url) if not r.url.startswith((origin, "data:")) else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return off_host, dialogs


def _handler_with_headers(site):
    """A static file handler that sends the site's own _headers (as Netlify or Cloudflare Pages would)."""
    headers = parse_netlify_headers((site / "_headers").read_text())

    class WithHeaders(QuietHandler):
        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

    return WithHeaders


@pytest.mark.parametrize("hosting", ["no headers (GitHub Pages)", "with _headers"])
def test_payloads_in_every_field_never_run_and_nothing_leaves_the_host(browser, planted_site, hosting):
    """Served with no security headers at all, and with the site's _headers: nothing runs, nothing is fetched elsewhere."""
    handler = _handler_with_headers(planted_site) if hosting == "with _headers" else None
    server, url = serve_folder(planted_site, handler)
    context = browser.new_context()
    try:
        page = context.new_page()
        off_host, dialogs = _watch(page, url)
        for path in PLANTED_PAGES:
            page.goto(f"{url}/{path}", wait_until="load")
            page.wait_for_timeout(100)
            assert page.evaluate("window.__pwned") is None, path
        for query in ("onerror", "Page"):  # search results show page titles and text as HTML
            page.goto(f"{url}/?q={query}")
            wait_for_search_results(page)
            page.wait_for_timeout(300)
            assert page.evaluate("window.__pwned") is None, query
        page.goto(f"{url}/p/", wait_until="load")
        page.click("text=Tap here")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None
        assert off_host == [] and dialogs == []
    finally:
        context.close()
        server.shutdown()


def test_the_page_policy_alone_stops_a_script_that_got_into_a_page(browser, built_site, tmp_path):
    """The CSP meta tag holds on its own: a script added to a built page after the build does not run."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    path = a_page(built_site, "preparation/", ".")
    target = site / path / "index.html"
    html = target.read_text()
    target.write_text(html.replace("</h1>", f"</h1><script>{MARK}</script><img src=x onerror=\"{MARK}\">", 1))
    server, url = serve_folder(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{url}/{path}", wait_until="networkidle")
        assert page.evaluate("window.__pwned") is None
        assert violations, "the browser did not report the blocked script"
        assert page.locator(".md-search__input").count() == 1  # the theme's own scripts still ran
    finally:
        context.close()
        server.shutdown()


def test_published_pages_carry_the_policy_and_no_inline_script(built_site):
    for html_file in sorted(built_site.rglob("*.html")):
        tree = LexborHTMLParser(html_file.read_text())
        policy = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
        assert policy is not None, html_file
        assert "script-src 'self';" in policy.attributes["content"] + ";", html_file
        assert "unsafe-inline" not in policy.attributes["content"]
        inline = [n for n in tree.css("script") if "src" not in n.attributes
                  and n.attributes.get("type") != "application/json"]
        assert inline == [], html_file
    headers = (built_site / "_headers").read_text()
    assert "frame-ancestors 'none'" in headers and "sha256-" not in headers


def test_two_guides_on_one_address_keep_their_own_answers(browser, built_site, tmp_path):
    """Two sites under one origin (e.g. two projects on one *.github.io) never read each other's answers."""
    for name in ("clinic-a", "clinic-b"):
        shutil.copytree(built_site, tmp_path / name)
    server, url = serve_folder(tmp_path)
    context = browser.new_context()
    try:
        page = context.new_page()
        sheet = a_page(built_site, "worksheets/safety-plan/", "worksheets")
        page.goto(f"{url}/clinic-a/{sheet}", wait_until="networkidle")
        first = page.locator(".kap-ws textarea, .kap-ws input[type=text]").first
        first.fill("Only for clinic A")
        page.wait_for_timeout(200)
        page.goto(f"{url}/clinic-b/{sheet}", wait_until="networkidle")
        assert page.locator(".kap-ws textarea, .kap-ws input[type=text]").first.input_value() == ""
        keys = page.evaluate("Object.keys(localStorage)")
        assert any(key.startswith("/clinic-a/") for key in keys) and not any(key.startswith("/clinic-b/kap") for key in keys)
    finally:
        context.close()
        server.shutdown()


def test_kept_security_results_are_reused_only_for_the_same_content_and_code(tmp_path):
    from kapguide.kept_results import KeptResults

    kept = KeptResults(tmp_path / "security.json")
    assert kept.get("page", "<p>a</p>") is None
    kept.put("page", "<p>a</p>", {"html": "<p>a</p>", "removed": []})
    kept.save()
    again = KeptResults(tmp_path / "security.json")
    assert again.get("page", "<p>a</p>") == {"html": "<p>a</p>", "removed": []}
    assert again.get("page", "<p>b</p>") is None and again.get("final", "<p>a</p>") is None
    again.save()  # only what this build used is kept
    assert KeptResults(tmp_path / "security.json").get("page", "<p>a</p>") is not None


def test_warm_build_still_reports_and_removes_unsafe_html(tmp_path):
    """Kept results never hide a problem: the second build reports the same removal and publishes the same clean page."""
    config, site = make_site(tmp_path, {"index.md": page("Home", "You can rest here. <img src=x onerror=alert(1) alt=x>")})
    kept = {CACHE_ENV: str(tmp_path / "kept")}  # the builds share one cache folder
    runs = [run_mkdocs(config, site, env=kept) for _ in range(2)]
    for result in runs:
        assert result.returncode != 0 and "The attribute 'onerror' on <img> was removed" in result.stderr
    assert "onerror" not in (site / "index.html").read_text().split("<article")[1].split("</article>")[0].replace("&lt;", "")
    assert (tmp_path / "kept" / "security.json").is_file()


def test_worksheet_pdfs_read_only_their_own_template_files(tmp_path):
    """WeasyPrint's fetcher refuses files elsewhere on the build machine, file: and web addresses, and reports them."""
    from pypdf import PdfReader

    from kapguide.worksheet_pdf import render

    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=do-not-publish")
    html = (f'<p>Hi</p><img src="{secret}"><a rel="attachment" href="file://{secret}">x</a>'
            '<link rel="attachment" href="/proc/self/environ"><div style="background:url(https://x.example/b.png)">y</div>'
            '<img src="pdf.css">')
    data, pages, refused = render(html)
    assert pages == 1
    assert f"file://{secret}" in refused and "https://x.example/b.png" in refused
    assert any("environ" in url for url in refused)
    assert b"do-not-publish" not in data and b"EmbeddedFile" not in data
    (tmp_path / "out.pdf").write_bytes(data)
    assert "Hi" in PdfReader(tmp_path / "out.pdf").pages[0].extract_text()


def test_pdf_cache_refuses_folders_it_does_not_own_and_prunes_only_its_own_files(tmp_path):
    from kapguide.build_cache import worksheet_cache_folder
    from kapguide.worksheet_pdf import prune_cache

    root = tmp_path
    docs, site = root / "docs", root / "site"
    for value in ("docs", ".", "..", "/tmp", "site", "docs/worksheets", ""):
        folder, problem = worksheet_cache_folder(value, root, docs, site)
        assert problem and folder == root / ".cache/worksheets", value
    folder, problem = worksheet_cache_folder(".cache/pdfs", root, docs, site)
    assert problem is None and folder == (root / ".cache/pdfs").resolve()
    folder.mkdir(parents=True)
    mine = folder / "0123456789abcdef0123-old.pdf"
    mine.write_bytes(b"%PDF")
    (folder / "0123456789abcdef0123-old.pdf.pages").write_text("1")
    notes = folder / "notes.md"
    notes.write_text("keep me")
    prune_cache(folder, [])
    assert not mine.exists() and notes.exists()
