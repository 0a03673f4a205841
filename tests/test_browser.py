"""The built site in a real browser (headless Chromium driven by Playwright), the way patients use it."""

from __future__ import annotations

import io
import json
import time
from urllib.parse import quote, urlsplit

import pytest
from pypdf import PdfReader

from conftest import (
    REPO,
    a_page,
    line_hrefs,
    once_per_run,
    parse_netlify_headers,
    parsed_page,
    pdf_text,
    real_config,
    site_pages,
    skip_here_fail_in_ci,
    squash,
    visit_each,
)
from kapguide.clinic import load_clinic
from kapguide.worksheet_model import load_worksheet

CLINIC, _ = load_clinic(real_config()["extra"])
SCREENSHOTS = REPO / "tests" / "screenshots"
SHEETS = {p.stem: load_worksheet(p.read_text(encoding="utf-8"), str(p))[0]
          for p in sorted((REPO / "docs" / "worksheets").glob("*.yml"))}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def existing(site, paths) -> list[str]:
    """The URL paths among ``paths`` (sample pages) that this guide still has: a clinic may remove any page."""
    return [path for path in paths if (site / path / "index.html").is_file()]



# ---------------------------------------------------------------- one visit of every page
# Every page is loaded once, in a desktop browser that prefers dark colours, from a server sending the site's own
# security headers; that one load serves several tests. In the dark scheme the page shows at first, axe runs the
# WCAG 2.2 AA rules that read colours. Then the page's own light/dark switch is clicked, as a patient would: in
# light, axe runs every WCAG 2.2 AA rule, and the same tab, narrowed to a phone's size, gives the phone layout.
# All along the visit records what leaves the site, cookies and policy violations. axe-core is added to every
# page from the start by the browser.

# In the dark scheme only the colours change, so there axe runs the WCAG 2.2 AA rules that read colours.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SCHEME = "document.body.getAttribute('data-md-color-scheme')"
# The theme keeps the scheme a patient chose in the browser's storage, under "<site folder>.__palette".
FORGET_SCHEME = """for (const key of Object.keys(localStorage)) {
    if (key.endsWith('.__palette')) localStorage.removeItem(key);
}"""


def axe_findings(page, address: str, rules: list[str] | None = None) -> list[str]:
    """What axe-core finds against WCAG 2.2 AA on the loaded page (every rule, or only ``rules``), one entry per
    page with violations."""
    from axe_playwright_python.base import AxeResults

    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    # Only the violations leave the page: the whole result (every rule that passed) is about 40 KB a run.
    results = AxeResults(page.evaluate("o => axe.run(document, o).then(r => ({violations: r.violations}))", options))
    if not results.violations_count:
        return []
    return [f"{address}\n{results.generate_snapshot()}\n" +
            "\n".join(f"  {v['id']}: {n['target']} {n.get('failureSummary', '')[:200]}"
                      for v in results.response["violations"] for n in v["nodes"][:3])]


def new_context_with_axe(browser, **options):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(**options)
    context.add_init_script(Axe().axe_script)
    return context


# ---------------------------------------------------------------- the second checker
# HTML_CodeSniffer (WCAG2AA: the rules pa11y runs) is written apart from axe-core, with rules of its own, so one can
# catch what the other lets through. It is pinned in tests/a11y/package-lock.json (`make test` runs `npm ci` there)
# and runs in the visit of every page, in light, right after axe, and on the 404 page.
HTMLCS_FILE = REPO / "tests" / "a11y" / "node_modules" / "@pa11y" / "html_codesniffer" / "build" / "HTMLCS.js"
# A page made to fail (a form without a submit button, H32.2): if HTML_CodeSniffer finds nothing on it, the checker
# itself is broken, and "no errors" on the site would mean nothing.
CANARY = "data:text/html," + quote(
    '<!doctype html><html lang="en"><head><title>Canary</title></head><body><main>'
    '<form><label>Name <input type="text" name="name"></label></form></main></body></html>')
CANARY_CODE = "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"
# Errors only (warnings and notices are things to check by hand), each with a selector and the start of its element.
HTMLCS_ERRORS = """() => new Promise((done, failed) => {
    const where = e => {
        const parts = [];
        for (; e && e.nodeType === 1 && parts.length < 6; e = e.parentElement) {
            if (e.id) { parts.unshift('#' + CSS.escape(e.id)); break; }
            const same = e.parentElement ? [...e.parentElement.children].filter(c => c.tagName === e.tagName) : [e];
            parts.unshift(e.tagName.toLowerCase() + (same.length > 1 ? `:nth-of-type(${same.indexOf(e) + 1})` : ''));
        }
        return parts.join(' > ');
    };
    HTMLCS.process('WCAG2AA', document, () => done(HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => (
        {code: m.code, message: m.msg, selector: where(m.element),
         context: m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 200) : ''}))),
        () => failed(new Error('HTML_CodeSniffer could not load WCAG2AA')), 'en');
})"""


def htmlcs_or_skip() -> None:
    """HTML_CodeSniffer's script, installed by `make test`; without it the check is skipped here and fails in CI."""
    if not HTMLCS_FILE.is_file():
        skip_here_fail_in_ci(f"HTML_CodeSniffer is required in CI: run `make test` with Node.js 20 or newer ({HTMLCS_FILE} "
                             "is missing).",
                             "HTML_CodeSniffer is not installed, so its check is skipped: install Node.js 20 or newer "
                             "and run `make test` (or `npm ci --ignore-scripts` in tests/a11y).")


def htmlcs_errors(page, address: str) -> list[dict]:
    return [{"url": address, **found} for found in page.evaluate(HTMLCS_ERRORS)]


@pytest.fixture(scope="module")
def every_page_visit(browser, built_site, tmp_path_factory) -> dict:
    """Every page in both schemes, a search, and a worksheet being filled in (see above). Made once per test run,
    by whichever worker first runs a test that reads it."""
    return once_per_run(tmp_path_factory, "every-page-visit", lambda _: visit_every_page(browser, built_site))[0]


def served_with_security_headers(site):
    """A real static server for ``site`` that sends the site's own _headers with every answer, and its address."""
    from conftest import QuietHandler, serve_folder

    headers = security_headers_of(site)

    class WithHeaders(QuietHandler):
        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

    return serve_folder(site, WithHeaders)


def requests_leaving(context, site_url) -> list[str]:
    """Requests to anywhere but the site, recorded from now on (blob: and data: stay in the browser); each page
    also keeps what its Content-Security-Policy blocked in ``window.__csp``."""
    context.add_init_script("""window.__csp = []; document.addEventListener('securitypolicyviolation',
        e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));""")
    host, outside = urlsplit(site_url).netloc, []
    context.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).netloc != host and
               not r.url.startswith(("data:", "blob:")) else None)
    return outside


def switch_scheme(tab, to: str) -> None:
    """Click the page's own light/dark switch (the one shown), then wait until the page shows scheme ``to``."""
    tab.click("[data-md-component=palette] label:not([hidden])")
    tab.wait_for_selector(f"body[data-md-color-scheme='{to}']", state="attached", timeout=5000)


def visit_every_page(browser, built_site) -> dict:
    server, url = served_with_security_headers(built_site)
    # With reduced motion the theme has no transitions (as a patient who asks for it sees it), so a check right after
    # the scheme is switched reads the colours the page settles on. Otherwise a link in a closed <details> block,
    # which is not drawn, starts its colour change only when a checker reads it, and is read halfway.
    context = new_context_with_axe(browser, color_scheme="dark", reduced_motion="reduce")
    outside = requests_leaving(context, url)
    # Each page opens as on a first visit, as the browser prefers: the scheme chosen on the page before is forgotten.
    context.add_init_script(FORGET_SCHEME)
    with_htmlcs = HTMLCS_FILE.is_file()
    if with_htmlcs:
        context.add_init_script(path=HTMLCS_FILE)
    console: list[str] = []
    context.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    pages = site_pages(built_site)
    axe: dict[str, list[str]] = {"light": [], "dark": []}
    schemes: dict[str, set[str]] = {"light": set(), "dark": set()}
    violations, layout, htmlcs, htmlcs_seconds = [], [], [], 0.0
    addresses = [f"{url}/{path}" for path in pages] + [f"{url}/404.html"]
    try:
        for address, tab in visit_each(context, addresses + [f"{url}/?q=sleep"]):
            if address.endswith("?q=sleep"):
                tab.wait_for_selector(".md-search-result__item")
            else:
                schemes["dark"].add(tab.evaluate(SCHEME))  # the browser prefers dark and nothing was chosen yet
                axe["dark"] += axe_findings(tab, address, COLOUR_RULES)
                switch_scheme(tab, "default")
                schemes["light"].add(tab.evaluate(SCHEME))
                axe["light"] += axe_findings(tab, address)
                if with_htmlcs:
                    started = time.perf_counter()
                    htmlcs += htmlcs_errors(tab, address)
                    htmlcs_seconds += time.perf_counter() - started
                path = address.removeprefix(f"{url}/")
                layout += phone_problems(path, on_a_phone(tab))
            violations += [f"{address}: {v}" for v in tab.evaluate("window.__csp")]
        page = context.new_page()
        if with_htmlcs:
            page.goto(CANARY)
            canary = sorted({found["code"] for found in htmlcs_errors(page, CANARY)})
        page.goto(f"{url}/{a_page(built_site, 'worksheets/mood-tracker/', 'worksheets')}", wait_until="networkidle")
        page.fill("textarea, input[type=text]", "Test answer")
        violations += page.evaluate("window.__csp")
        page.emulate_media(color_scheme="light")  # a browser that prefers light shows the light scheme at first
        page.goto(f"{url}/")
        light_browser = page.evaluate(SCHEME)
        cookies = context.cookies()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    checked = {"base": f"{url}/", "pages": len(addresses), "errors": htmlcs, "canary": canary,
               "seconds": htmlcs_seconds} if with_htmlcs else None
    return {"pages": pages, "outside": outside, "cookies": cookies, "violations": violations, "console": console,
            "axe": axe, "schemes": {name: sorted(found) for name, found in schemes.items()},
            "light_browser": light_browser, "layout": layout, "htmlcs": checked}


# What a patient on a phone sees before scrolling, measured in the page.
PHONE = {"width": 375, "height": 667}
PHONE_LAYOUT = """() => {
    const shown = e => e && e.offsetParent !== null ? e.getBoundingClientRect() : null;
    const whole = r => r !== null && r.top >= 0 && r.bottom <= innerHeight;
    const bar = shown(document.querySelector('.kap-help__bar'));
    const card = shown(document.querySelector('.kap-help'));  // the full card (get-help page): its start is enough
    const small = [...document.querySelectorAll('article p, article li, article td, article label')]
        .filter(e => e.offsetParent !== null && e.textContent.trim())
        .filter(e => parseFloat(getComputedStyle(e).fontSize) < 16).length;
    return { width: document.documentElement.scrollWidth, small,
             help: bar ? whole(bar) : card !== null && card.top >= 0 && card.top + 80 <= innerHeight,
             title: whole(shown(document.querySelector('article h1'))), lang: document.documentElement.lang };
}"""


def on_a_phone(tab) -> dict:
    """The loaded page's layout at a phone's size (375 x 667 CSS px), then the tab back at its own size."""
    size = tab.viewport_size
    tab.set_viewport_size(PHONE)
    tab.evaluate("window.scrollTo(0, 0)")
    measured = tab.evaluate(PHONE_LAYOUT)
    if size and size != PHONE:
        tab.set_viewport_size(size)
    return measured


def phone_problems(path: str, layout: dict) -> list[str]:
    problems = []
    if layout["width"] > PHONE["width"]:
        problems.append(f"/{path} scrolls sideways ({layout['width']}px)")
    if layout["small"]:
        problems.append(f"/{path} has {layout['small']} text elements under 16px")
    if not layout["help"]:
        problems.append(f"/{path} help is not on the first screen")
    if not layout["title"]:
        problems.append(f"/{path} the page title is not on the first screen")
    return problems


def security_headers_of(site) -> dict[str, str]:
    return parse_netlify_headers((site / "_headers").read_text())


# ---------------------------------------------------------------- privacy

def test_no_request_leaves_the_site_and_no_cookie_is_set(every_page_visit):
    assert "" in every_page_visit["pages"], "the home page was not visited"
    assert every_page_visit["outside"] == []
    assert every_page_visit["cookies"] == []


# ---------------------------------------------------------------- accessibility

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_wcag_22_aa(scheme, every_page_visit):
    """Every page shows the dark scheme at first in a browser that prefers dark, and the light one once its switch
    is clicked (a browser that prefers light shows light at first); axe finds nothing in either."""
    assert every_page_visit["schemes"][scheme] == ["slate" if scheme == "dark" else "default"]
    assert every_page_visit["light_browser"] == "default"
    assert not every_page_visit["axe"][scheme], "\n".join(every_page_visit["axe"][scheme])


def readable(errors: list[dict], base: str) -> str:
    """One entry per error: its code, where (selector), which pages, HTML_CodeSniffer's message and the element. An
    error of a template shows on every page: it is listed once, with the pages."""
    found: dict[tuple[str, str, str], list[str]] = {}
    contexts = {}
    for error in sorted(errors, key=lambda error: error["url"]):
        key = (error["code"], error["selector"], error["message"])
        found.setdefault(key, []).append(error["url"].removeprefix(base) or "(home page)")
        contexts[key] = squash(error["context"])
    entries = []
    for (code, selector, message), where in found.items():
        shown = ", ".join(where[:6]) + (f" and {len(where) - 6} more" if len(where) > 6 else "")
        entries.append(f"{code}\n    on {len(where)} page(s): {shown}\n    at {selector}\n    {message}\n"
                       f"    {contexts[(code, selector, message)]}")
    return "\n".join(entries)


def test_every_page_has_no_html_codesniffer_errors(every_page_visit, record_property):
    """0 errors from HTML_CodeSniffer (WCAG2AA) on every page and the 404 page, in the light scheme, and the known
    error on a page made to fail. Only light: HTML_CodeSniffer reads computed colours, so dark could differ only in
    contrast, which axe checks on every page in both schemes. Warnings and notices (things to check by hand) are not
    counted."""
    checked = every_page_visit["htmlcs"]
    if checked is None:
        htmlcs_or_skip()
    assert checked["canary"] == [CANARY_CODE], f"HTML_CodeSniffer did not find the known error: {checked['canary']}"
    assert checked["pages"] == len(every_page_visit["pages"]) + 1, "HTML_CodeSniffer did not check every page"
    record_property("htmlcs_figures", f"HTML_CodeSniffer (WCAG2AA): {checked['pages']} pages in "
                                      f"{checked['seconds']:.1f} s, in the visit of every page")
    pages = {error["url"] for error in checked["errors"]}
    assert not checked["errors"], (f"HTML_CodeSniffer found errors on {len(pages)} of {checked['pages']} pages:\n"
                                   + readable(checked["errors"], checked["base"]))


@pytest.mark.parametrize("ci", ["", "true"])
def test_without_html_codesniffer_the_check_is_skipped_here_and_fails_in_ci(monkeypatch, tmp_path, ci):
    monkeypatch.setitem(globals(), "HTMLCS_FILE", tmp_path / "HTMLCS.js")
    monkeypatch.setenv("CI", ci)
    outcome = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(outcome, match="Node.js"):
        htmlcs_or_skip()


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {href: e.getAttribute('href') || '', cls: e.className || '', tag: e.tagName,
                outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")


def test_crisis_links_and_search_are_reachable_by_keyboard_with_visible_focus(context, site_url, built_site):
    page = context.new_page()
    page.goto(f"{site_url}/{a_page(built_site, 'in-session/right-after/')}")
    reached_search = reached_crisis = False
    for _ in range(60):
        page.keyboard.press("Tab")
        now = focused(page)
        if "md-search__input" in now["cls"] or (now["tag"] == "LABEL" and "md-search" in now["cls"]):
            reached_search = True
        if now["href"].startswith(("tel:", "sms:")):
            reached_crisis = True
            assert now["outline"] != "none" and now["width"] >= 2, now
        if now["tag"] in ("A", "BUTTON", "INPUT"):
            assert now["outline"] != "none" and now["width"] >= 1, now
        if reached_search and reached_crisis:
            break
    assert reached_crisis, "no tel:/sms: link reached with Tab"
    assert reached_search, "search not reached with Tab"


def test_enter_in_search_with_no_match_and_on_the_colour_switch_sends_no_form(context, site_url, built_site):
    """Enter in the search box when nothing matches does nothing (no form is sent: the CSP would block it and
    report a violation), and Enter on the light/dark switch still switches (overrides/partials/search.html and
    palette.html)."""
    console: list[str] = []
    context.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page = context.new_page()
    address = f"{site_url}/{a_page(built_site, 'in-session/right-after/')}"
    page.goto(address)
    page.focus("input.md-search__input")
    page.keyboard.type("qqzzxq")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url == address and console == [], (page.url, console)
    before = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page.focus(f"[data-md-component=palette] input[data-md-color-scheme={before}]")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url == address and console == [], (page.url, console)
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") != before


def test_touch_targets_are_at_least_24_css_px(browser, site_url, built_site):
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    for path in ("", a_page(built_site, "in-session/right-after/"), a_page(built_site, "worksheets/mood-tracker/", "worksheets")):
        page.goto(f"{site_url}/{path}")
        small = page.evaluate("""() => [...document.querySelectorAll(
              '.kap-help a, .kap-help__bar-link, .kap-ws__actions .md-button, .kap-ws-scale__point span, .kap-ws-checklist input, .md-header__button, .kap-cards__link')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24)
            .map(([h, r]) => `${h} ${Math.round(r.width)}x${Math.round(r.height)}`)""")
        assert small == [], (path, small)
    ctx.close()


@pytest.mark.parametrize("width, height", [(375, 667), (844, 390)])  # a phone upright, and on its side
def test_crisis_numbers_are_44_css_px_and_a_phone_shows_the_help_bar_and_the_title(browser, site_url, built_site,
                                                                                     width, height):
    """The numbers a patient in crisis taps (the help bar, and the card "More help" opens) are at least 44 px, as
    the platforms' own guidelines ask; on a phone held either way the help bar, not the full card, is at the top,
    so the page's title is on the first screen."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto(f"{site_url}/{a_page(built_site, 'in-session/right-after/')}")
    assert page.locator(".kap-help__bar").is_visible() and page.locator(".kap-help__full").is_hidden()
    title = page.locator("h1").first.bounding_box()
    assert title and title["y"] < height, title
    page.locator(".kap-help__toggle").tap()
    small = page.evaluate("""() => [...document.querySelectorAll('.kap-help__bar-link, .kap-help__lines a')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([h, r]) => `${h} ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    ctx.close()
    assert small == [], small


def test_a_rating_cell_with_something_other_than_0_to_10_says_what_to_write(browser, site_url, built_site):
    sheets = [sheet for sheet in SHEETS.values() if any(any(field.rating_columns) for field in sheet.fields
                                                       if getattr(field, "rating_columns", None))]
    if not sheets:
        pytest.skip("no worksheet of this guide has a 0 to 10 column")
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(f"{site_url}/worksheets/{sheets[0].id}/")
    cell = page.locator(".kap-ws-cell--number").first
    hint = page.locator(f"#{cell.get_attribute('aria-describedby')}")
    cell.fill("12")
    assert hint.is_visible() and "0" in hint.inner_text() and "10" in hint.inner_text()
    cell.fill("7")
    assert hint.is_hidden()
    ctx.close()


# ---------------------------------------------------------------- printing

def print_pdf(page, paper: str) -> PdfReader:
    page.emulate_media(media="print")
    return PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))


CHROME_TEXT = ("Search", "Table of contents", "Switch to dark mode", "Skip to content")


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_worksheet_pages_print_within_their_limit_without_site_chrome(context, site_url, paper):
    page = context.new_page()
    for sheet_id, sheet in SHEETS.items():
        page.goto(f"{site_url}/worksheets/{sheet_id}/")
        reader = print_pdf(page, paper)
        text = pdf_text(reader)
        assert len(reader.pages) <= sheet.pages, (sheet_id, paper, len(reader.pages))
        assert squash(sheet.title) in text
        for f in sheet.fields:
            assert squash(f.label) in text, (sheet_id, f.label)
        assert squash(CLINIC.contact_line()) in text and squash(CLINIC.crisis_line_text()) in text
        for chrome in CHROME_TEXT + ("Clear my answers", "Download the PDF", "Draft:"):
            assert chrome not in text, (sheet_id, chrome)


def test_content_pages_print_without_navigation_and_with_collapsed_blocks_open(context, site_url, built_site):
    page = context.new_page()
    sample = existing(built_site, ["", "preparation/what-is-kap/", "in-session/right-after/",
                                   "difficult-sessions/feeling-worse/", "between-sessions/ups-and-downs/", "get-help-now/"])
    with_details = [path for path in site_pages(built_site)
                    if parsed_page(built_site / path / "index.html").select_one("article details")]
    if with_details and not set(sample) & set(with_details):
        sample.append(with_details[0])
    saw_details = False
    for path in sample:
        page.goto(f"{site_url}/{path}")
        hidden = page.eval_on_selector_all("article details", "els => els.map(d => d.querySelector(':scope > :not(summary)')?.textContent.trim().slice(0, 40))")
        reader = print_pdf(page, "Letter")
        text = pdf_text(reader)
        for chrome in CHROME_TEXT:
            assert chrome not in text, (path, chrome)
        assert "Need help now?" in text and CLINIC.phone in text
        nav_titles = ["Between sessions", "When a session is hard"] if path.startswith("preparation") else []
        for title in nav_titles:
            assert title not in text, (path, title)
        for snippet in hidden:
            if snippet:
                saw_details = True
                assert squash(snippet) in text, (path, snippet)
    assert saw_details or not with_details, "the sample should include a collapsed block"


# ---------------------------------------------------------------- worksheets on screen

def fill_every_field(page, sheet) -> dict:
    """Fill one field of each kind on the page; return name -> expected value."""
    values = {}
    for f in sheet.fields:
        name = f"{sheet.id}.{f.id}"
        if f.kind == "lines":
            page.fill(f'textarea[name="{name}"]', "Breathe slowly and rest")
            values[name] = "Breathe slowly and rest"
        elif f.kind == "short":
            page.fill(f'input[name="{name}"]', "Call my sister")
            values[name] = "Call my sister"
        elif f.kind == "date":
            page.fill(f'input[name="{name}"]', "2026-05-04")
            values[name] = "2026-05-04"
        elif f.kind == "scale":
            page.click(f'input[name="{name}"][value="{f.max - 1}"] + span')
            values[name] = str(f.max - 1)
        elif f.kind == "checklist":
            page.check(f'input[name="{name}.1"]', force=True)
            values[f"{name}.1"] = True
        elif f.kind == "grid":
            page.fill(f'input[name="{name}.r1c1"]', "7")
            values[f"{name}.r1c1"] = "7"
        elif f.kind == "contacts":
            page.fill(f'input[name="{name}.1"]', "Dr Lee 555 0100")
            values[f"{name}.1"] = "Dr Lee 555 0100"
    return values


def read_values(page, names) -> dict:
    return page.evaluate("""(names) => Object.fromEntries(names.map(n => {
        const els = [...document.querySelectorAll(`[name="${n}"]`)];
        const el = els.find(e => e.type !== 'radio') || els.find(e => e.checked);
        if (!el) return [n, null];
        return [n, el.type === 'checkbox' ? el.checked : el.value]; }))""", list(names))


def sheets_covering_every_kind() -> list:
    chosen, kinds = [], set()
    for sheet in SHEETS.values():
        new = {f.kind for f in sheet.fields} - kinds - {"heading"}
        if new:
            chosen.append(sheet)
            kinds |= new
    assert {"lines", "short", "date", "scale", "checklist", "grid", "contacts"} <= kinds
    return chosen


def test_answers_stay_on_the_device_survive_reload_print_and_clear(context, site_url):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for sheet in sheets_covering_every_kind():
        page.goto(f"{site_url}/worksheets/{sheet.id}/", wait_until="networkidle")
        requests.clear()
        expected = fill_every_field(page, sheet)
        page.wait_for_timeout(200)
        assert requests == [], f"filling in made requests: {requests}"
        stored = json.loads(page.evaluate(f"localStorage.getItem('/kap-guide:worksheet:{sheet.id}')"))
        assert stored == expected
        page.reload()  # the page's script puts the saved answers back before the page has loaded
        assert read_values(page, expected) == expected, sheet.id
        text = pdf_text(print_pdf(page, "Letter"))
        for value in expected.values():
            if isinstance(value, str) and not value.isdigit() and "-" not in value:
                assert value in text, (sheet.id, value)
        page.emulate_media(media="screen")
        page.click(".kap-ws__clear")
        assert page.evaluate(f"localStorage.getItem('/kap-guide:worksheet:{sheet.id}')") is None
        cleared = read_values(page, expected)
        assert all(v in ("", False, None) for v in cleared.values()), cleared
        assert "cleared" in page.inner_text(".kap-ws__status")
        page.reload()
        assert all(v in ("", False, None) for v in read_values(page, expected).values())


# ---------------------------------------------------------------- answers patients can trust

MY_ANSWERS = "worksheets/my-answers/"
WEEKLY = [s for s in SHEETS.values() if s.keeps_weeks and any(True in f.rating_columns for f in s.fields if f.kind == "grid")]
CONTACT_SHEETS = [s for s in SHEETS.values() if any(f.kind == "contacts" for f in s.fields)]


def storage_key(sheet_id: str) -> str:
    return f"/kap-guide:worksheet:{sheet_id}"


def stored(page, sheet_id: str, weeks: bool = False):
    raw = page.evaluate("key => localStorage.getItem(key)", storage_key(sheet_id) + (":weeks" if weeks else ""))
    return None if raw is None else json.loads(raw)


def saved_keys(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.includes('kap-guide:worksheet:'))")


def clear_and_undo(page, sheet, expires: bool) -> dict:
    """On a worksheet page: Clear is far from Print; fill in every kind of field, clear, and undo (and, with
    ``expires``, see that Undo goes after a while). Returns the answers, as they are kept."""
    apart = page.evaluate("""() => { const p = document.querySelector('.kap-ws__print'), c = document.querySelector('.kap-ws__clear');
        const fields = document.querySelector('.kap-ws__fields');
        return {siblings: p.parentElement === c.parentElement,
                afterFields: !!(fields.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING),
                gap: c.getBoundingClientRect().top - p.getBoundingClientRect().bottom}; }""")
    assert not apart["siblings"] and apart["afterFields"] and apart["gap"] >= 100, (sheet.id, apart)
    expected = fill_every_field(page, sheet)
    page.click(".kap-ws__clear")
    assert stored(page, sheet.id) is None
    assert all(v in ("", False, None) for v in read_values(page, expected).values())
    undo = page.locator(".kap-ws__undo")
    assert undo.is_visible() and "cleared" in page.inner_text(".kap-ws__status")
    box = undo.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert page.evaluate("document.activeElement.classList.contains('kap-ws__undo')"), "Undo should take the focus"
    page.clock.fast_forward(5_000)
    undo.click()
    assert read_values(page, expected) == expected, sheet.id
    assert stored(page, sheet.id) == expected
    if expires:
        page.click(".kap-ws__clear")
        page.clock.fast_forward(11_000)
        assert not undo.is_visible(), "Undo is offered for a while, not for ever"
        assert stored(page, sheet.id) is None
        fill_every_field(page, sheet)
    return expected


def test_mood_tracker_fits_a_phone_and_keeps_past_weeks_shown_with_a_chart(browser, site_url):
    if not WEEKLY:
        pytest.skip("no worksheet of this guide has a grid of 0-10 ratings")
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    outside = requests_leaving(ctx, site_url)
    page = ctx.new_page()
    for sheet in WEEKLY:
        grid = next(f for f in sheet.fields if f.kind == "grid" and True in f.rating_columns)
        base = f"{sheet.id}.{grid.id}"
        page.goto(f"{site_url}/worksheets/{sheet.id}/")
        layout = page.evaluate("""() => ({page: document.documentElement.scrollWidth,
            wraps: [...document.querySelectorAll('.kap-ws-grid-wrap')].filter(w => w.scrollWidth > w.clientWidth).length,
            off: [...document.querySelectorAll('.kap-ws-grid input')].filter(i => { const r = i.getBoundingClientRect();
                 return r.left < 0 || r.right > 375; }).length})""")
        assert layout == {"page": 375, "wraps": 0, "off": 0}, (sheet.id, layout)
        keypads = page.eval_on_selector_all(f'[name^="{base}.r"]', "els => els.map(e => [e.inputMode, e.pattern])")
        ratings = [c for c, rating in enumerate(grid.rating_columns) if rating]
        assert all(keypads[c] == ["numeric", "[0-9]|10"] for c in ratings), keypads[:len(grid.columns)]
        weeks = []
        for week in range(2):
            values = {}
            for r in range(1, len(grid.rows) + 1):
                for c, rating in enumerate(grid.rating_columns, 1):
                    if rating:
                        values[f"{base}.r{r}c{c}"] = str((r * (week + 1) + c) % 11)
                        page.fill(f'input[name="{base}.r{r}c{c}"]', values[f"{base}.r{r}c{c}"])
            weeks.append(values)
            assert stored(page, sheet.id) == values
            if week == 0:
                page.click(".kap-ws__new-week")
                assert stored(page, sheet.id) is None and all(v == "" for v in read_values(page, values).values())
                assert [w["answers"] for w in stored(page, sheet.id, weeks=True)] == [values]
                assert page.locator(".kap-ws__weeks").is_visible()
        page.goto(f"{site_url}/{MY_ANSWERS}")
        section = page.locator(f'[data-kap-answers-sheet="{sheet.id}"]')
        headings = section.locator("h3").all_inner_texts()
        assert headings[0] == "This week" and len(headings) == 2 and headings[1].startswith("Past week"), headings
        shown = section.locator(".kap-answers__now dd").all_inner_texts(), section.locator(".kap-answers__weeks dd").all_inner_texts()
        assert shown == (list(weeks[1].values()), list(weeks[0].values()))
        chart = section.locator("figure.kap-answers__chart svg[role=img]")
        assert chart.is_visible() and chart.get_attribute("aria-label")
        assert chart.locator("polyline").count() == sum(grid.rating_columns)
        assert section.locator(".kap-answers__table tbody tr").count() == 2
        assert section.locator(".kap-answers__summary").inner_text().strip()
        assert page.evaluate("window.__csp") == []
    ctx.close()
    assert outside == []


def answers_file(worksheets: dict) -> dict:
    return {"format": "kap-guide-answers", "version": 1, "saved": "2026-06-01T10:00:00Z", "worksheets": worksheets}


def load_file(page, name: str, content: str) -> str:
    page.evaluate("document.querySelector('[data-kap-my-answers] .kap-ws__status-text').textContent = ''")
    page.set_input_files(".kap-answers__file", files=[{"name": name, "mimeType": "application/json", "buffer": content.encode()}])
    for _ in range(100):
        text = page.inner_text("[data-kap-my-answers] .kap-ws__status-text")
        if text:
            return text
        page.wait_for_timeout(20)
    raise AssertionError(f"no message after loading {name}")


def test_clear_can_be_undone_and_my_answers_shows_saves_deletes_loads_and_refuses_hostile_files(browser, site_url, tmp_path):
    context = new_context_with_axe(browser)
    outside = requests_leaving(context, site_url)
    page = context.new_page()
    page.clock.install()
    expected = {}
    for n, sheet in enumerate(sheets_covering_every_kind()):
        page.goto(f"{site_url}/worksheets/{sheet.id}/")
        expected[sheet.id] = clear_and_undo(page, sheet, expires=n == 0)
    for sheet in CONTACT_SHEETS:  # the clinic's and crisis lines' numbers can be tapped, as the settings give them
        page.goto(f"{site_url}/worksheets/{sheet.id}/")
        hrefs = set(page.eval_on_selector_all(".kap-ws a[href^='tel:'], .kap-ws a[href^='sms:']", "els => els.map(e => e.getAttribute('href'))"))
        lines = [CLINIC.phone_line, *([CLINIC.after_hours] if CLINIC.after_hours else []), *CLINIC.crisis_lines]
        assert hrefs == {line.tel_href for line in lines if "call" in line.ways} | {line.sms_href for line in lines if "text" in line.ways}
    page.goto(f"{site_url}/{MY_ANSWERS}")
    assert not page.locator(".kap-answers__empty").is_visible()
    assert "only in this browser on this device" in page.inner_text("article")
    for sheet_id, values in expected.items():
        section = page.locator(f'[data-kap-answers-sheet="{sheet_id}"]')
        text = section.inner_text()
        assert squash(SHEETS[sheet_id].title) in squash(text)
        for value in values.values():
            assert (value if isinstance(value, str) else "Yes") in text, (sheet_id, value)
    for sheet in CONTACT_SHEETS:
        if sheet.id in expected:  # a number the patient saved can be tapped too
            assert page.locator(f'[data-kap-answers-sheet="{sheet.id}"] a[href="tel:5550100"]').count() == 1
    assert axe_findings(page, MY_ANSWERS) == []

    with page.expect_download() as download:
        page.click(".kap-answers__save")
    path = tmp_path / "answers.json"
    download.value.save_as(path)
    assert {k: v["answers"] for k, v in json.loads(path.read_text())["worksheets"].items()} == expected

    page.click(".kap-answers__delete")
    assert saved_keys(page), "Delete everything asks first"
    page.click(".kap-answers__delete-yes")
    assert saved_keys(page) == [] and page.locator(".kap-answers__empty").is_visible()
    assert "loaded" in load_file(page, "answers.json", path.read_text())
    assert {sheet_id: stored(page, sheet_id) for sheet_id in expected} == expected

    sheet = next(s for s in SHEETS.values() if any(f.kind == "lines" for f in s.fields))
    name = f"{sheet.id}.{next(f for f in sheet.fields if f.kind == 'lines').id}"
    before = {key: page.evaluate("k => localStorage.getItem(k)", key) for key in saved_keys(page)}
    refused = {"not-json.json": "<script>window.__hit = 1</script>", "list.json": "[]",
               "other.json": json.dumps({"format": "something else", "worksheets": {}}),
               "nested.json": json.dumps(answers_file({sheet.id: {"answers": {name: {"html": "<b>x</b>"}}}})),
               "number.json": json.dumps(answers_file({sheet.id: {"answers": {name: 5}}})),
               "weeks.json": json.dumps(answers_file({sheet.id: {"weeks": "<img src=x>"}}))}
    for file_name, content in refused.items():
        assert "not a file of saved answers" in load_file(page, file_name, content), file_name
        assert {key: page.evaluate("k => localStorage.getItem(k)", key) for key in saved_keys(page)} == before, file_name
    hostile = ['<img src=x onerror="window.__hit=1">', "<script>window.__hit=1</script>"]
    assert "loaded" in load_file(page, "hostile.json", json.dumps(answers_file({sheet.id: {"answers": {name: hostile[0] + hostile[1]}}})))
    section = page.locator(f'[data-kap-answers-sheet="{sheet.id}"]')
    assert hostile[0] + hostile[1] in section.inner_text()
    assert page.locator(".kap-answers img, .kap-answers script, .kap-answers b").count() == 0
    assert page.evaluate("window.__hit") is None and page.evaluate("window.__csp") == []
    page.click(".kap-ws__undo")  # loading a file can be undone: the answers from before are back
    assert {key: page.evaluate("k => localStorage.getItem(k)", key) for key in saved_keys(page)} == before
    page.goto(f"{site_url}/worksheets/{sheet.id}/")
    assert page.evaluate("window.__hit") is None
    context.close()
    assert outside == []


# ---------------------------------------------------------------- phones

def test_phone_layout_every_page(every_page_visit):
    """Every page at a phone's size (measured in the visit of every page, in the same tab once axe has run in
    light): no sideways scrolling, text of at least 16px, and the help bar and the page's title wholly on the first
    screen."""
    assert "" in every_page_visit["pages"]
    assert every_page_visit["layout"] == [], "\n".join(every_page_visit["layout"])


def test_more_help_opens_the_full_card_on_a_phone(browser, site_url, built_site):
    """The help bar's "More help" opens and closes the full card, by touch and by keyboard."""
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(f"{site_url}/{a_page(built_site, 'in-session/right-after/')}")
    toggle, full = page.locator(".kap-help__toggle"), page.locator(".kap-help__full")
    assert full.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    toggle.tap()
    assert full.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    clinic = load_clinic(real_config()["extra"])[0]
    assert all(full.locator(f'a[href="{href}"]').count() for line in clinic.crisis_lines for href in line_hrefs(line))
    toggle.focus()
    page.keyboard.press("Space")
    assert full.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    ctx.close()


@pytest.mark.parametrize("width, columns", [(375, 1), (1280, 2)])
def test_home_page_section_cards_sit_in_a_grid_without_overlap(browser, site_url, built_site, width, columns):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.goto(f"{site_url}/")
    boxes = page.eval_on_selector_all(".kap-cards__card", "cards => cards.map(c => c.getBoundingClientRect().toJSON())")
    area = page.eval_on_selector(".kap-cards__list", "l => l.getBoundingClientRect().toJSON()")
    ctx.close()
    if not boxes:
        pytest.skip("this guide's home page shows no section cards")
    lefts = sorted({round(b["left"]) for b in boxes})
    assert len(lefts) == min(columns, len(boxes)), (width, lefts)
    for i, a in enumerate(boxes):
        assert area["left"] - 1 <= a["left"] and a["right"] <= area["right"] + 1, (width, a, area)
        for b in boxes[i + 1:]:
            apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            assert apart, ("cards overlap", width, a, b)


# ---------------------------------------------------------------- screenshots

def test_screenshots_for_reviewers(browser, site_url, built_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {"home": "", "content": a_page(built_site, "in-session/right-after/"),
             "worksheet": a_page(built_site, "worksheets/mood-tracker/", "worksheets")}
    for device, options in {"desktop": {"viewport": {"width": 1280, "height": 900}},
                            "phone": {"viewport": {"width": 375, "height": 667}, "is_mobile": True,
                                      "device_scale_factor": 2}}.items():
        ctx = browser.new_context(**options)
        page = ctx.new_page()
        for name, path in shots.items():
            page.goto(f"{site_url}/{path}", wait_until="networkidle")
            target = SCREENSHOTS / f"{name}-{device}.png"
            page.screenshot(path=str(target))
            assert target.stat().st_size > 10_000
        ctx.close()


# ---------------------------------------------------------------- security headers

def test_site_served_with_its_security_headers_reports_no_csp_violation(built_site, every_page_visit):
    headers = security_headers_of(built_site)
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert {"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"} <= set(headers)
    found = every_page_visit["violations"] + every_page_visit["console"]
    assert found == [], found
