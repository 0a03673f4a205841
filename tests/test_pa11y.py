"""A second, independent accessibility checker: pa11y with HTML_CodeSniffer (WCAG 2 AA) on every page.

axe-core (test_browser.py) and HTML_CodeSniffer are written separately, with rules of their own, so one can
catch what the other lets through. pa11y is pinned in tests/a11y/package-lock.json and installed by `make test` (npm ci); it drives the
system Chromium, the same one the browser tests use (none is downloaded). One Node process checks every
page of the built site, a few at a time (tests/a11y/pa11y-site.js)."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse

import pytest

from conftest import CHROMIUM_ARGS, REPO, chromium_or_skip, site_pages, skip_here_fail_in_ci, squash

A11Y = REPO / "tests" / "a11y"
RUNNER = A11Y / "pa11y-site.js"
# Pages checked at once in the one browser (one tab each): on two cores, three keep both busy while a page loads.
CONCURRENCY = 3
# A page made to fail (a form without a submit button, H32.2): if pa11y finds nothing on it, the checker
# itself is broken, and "no errors" on the site would mean nothing.
CANARY = "data:text/html," + urllib.parse.quote(
    '<!doctype html><html lang="en"><head><title>Canary</title></head><body><main>'
    '<form><label>Name <input type="text" name="name"></label></form></main></body></html>')
CANARY_CODE = "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"


def node_or_skip() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        skip_here_fail_in_ci("Node.js and npm are required in CI for the pa11y check: install Node.js 20 or newer.",
                             "Node.js or npm not found, so the pa11y check is skipped: install Node.js 20 or newer "
                             "and run `make test`.")
    assert (A11Y / "node_modules" / "pa11y").is_dir(), (
        "pa11y is not installed: run `make test` (or `npm ci --ignore-scripts` in tests/a11y).")
    return str(node)


def run_pa11y(urls: list[str], schemes: list[str]) -> dict:
    request = {"urls": urls, "chromium": chromium_or_skip(), "args": CHROMIUM_ARGS, "schemes": schemes,
               "concurrency": CONCURRENCY}
    result = subprocess.run([node_or_skip(), str(RUNNER)], input=json.dumps(request), cwd=A11Y, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, f"pa11y did not run (exit {result.returncode}):\n{result.stderr[-4000:]}"
    return json.loads(result.stdout)


def readable(pages: list[dict], base: str) -> str:
    """One entry per error: its code, where (selector), which pages, pa11y's message and the element. An error
    of a template shows on every page: it is listed once, with the pages."""
    found: dict[tuple[str, str, str, str], list[str]] = {}
    contexts = {}
    for page in sorted(pages, key=lambda page: page["url"]):
        for issue in page["issues"]:
            if issue["type"] == "error":
                key = (page["scheme"], issue["code"], issue["selector"], issue["message"])
                found.setdefault(key, []).append(page["url"].removeprefix(base) or "(home page)")
                contexts[key] = squash(issue["context"] or "")
    entries = []
    for (scheme, code, selector, message), where in found.items():
        shown = ", ".join(where[:6]) + (f" and {len(where) - 6} more" if len(where) > 6 else "")
        entries.append(f"{code} [{scheme}]\n    on {len(where)} page(s): {shown}\n    at {selector}\n"
                       f"    {message}\n    {contexts[(scheme, code, selector, message)]}")
    return "\n".join(entries)


def test_every_page_has_no_pa11y_htmlcs_errors(site_url, built_site, record_property):
    """0 errors from HTML_CodeSniffer (WCAG2AA) on every page and the 404 page, in the default (light) scheme.

    Only the light scheme: HTML_CodeSniffer reads computed colours, so dark could differ only in contrast, which
    axe already checks on every page in both schemes (test_browser.py); in dark it finds nothing more today and
    would double the time. Warnings and notices (things to check by hand) are not counted."""
    base = site_url + "/"
    urls = [base + path for path in site_pages(built_site)] + [base + "404.html"]
    report = run_pa11y([CANARY, *urls], ["light"])
    by_url = {page["url"]: page for page in report["pages"]}
    assert sorted(by_url) == sorted([CANARY, *urls]), "pa11y did not report on every page"

    canary_codes = {issue["code"] for issue in by_url.pop(CANARY)["issues"] if issue["type"] == "error"}
    assert canary_codes == {CANARY_CODE}, f"pa11y did not find the known error on the canary page: {canary_codes}"

    failing = [page for page in by_url.values() if any(issue["type"] == "error" for issue in page["issues"])]
    record_property("pa11y_figures", f"pa11y (HTML_CodeSniffer, WCAG2AA): {len(urls)} pages in "
                                     f"{report['seconds']:.1f} s, {CONCURRENCY} at a time")
    assert not failing, (f"pa11y found errors on {len(failing)} of {len(urls)} pages:\n"
                         + readable(failing, base))


@pytest.mark.parametrize("ci", ["", "true"])
def test_without_node_the_check_is_skipped_here_and_fails_in_ci(monkeypatch, ci):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", ci)
    outcome = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(outcome, match="Node.js"):
        node_or_skip()
