"""Content and link checks: each rule on a broken input (module call and strict build), and the real site clean."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from conftest import (
    BILLION_LAUGHS,
    CACHE_ENV,
    REPO,
    build_once,
    built_menu,
    logged_as_problem,
    make_site,
    page,
    run_mkdocs,
    sanitize_page,
)
from kapguide.checksettings import load_check_settings
from kapguide.findings import Finding
from kapguide.frontmatter import split
from kapguide.links import PageSource, check_site, check_site_cached
from kapguide.menu_files import check_menu_file, existing_paths
from kapguide.pagecheck import PageCheckCache, PageCheckSettings, check_page
from kapguide.pagemeta import check_meta
from kapguide.readability import check_reading, measure
from kapguide.structure import (
    check_headings,
    check_images,
    check_nav_coverage,
    check_required_pages,
    check_warning_signs_link,
    check_worksheet_refs,
)

TODAY = dt.date(2026, 6, 1)


def rules_and_lines(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.rule, f.line) for f in findings]


# ---------- front matter ----------

def test_malformed_yaml_is_reported_with_its_line():
    parsed = split("---\ntitle: Fine\ndescription: [unclosed\nstatus: draft\n---\n# Fine\n", "docs/a.md")
    assert parsed.meta == {}
    assert rules_and_lines(parsed.findings) == [("yaml", 4)]
    assert "could not be read" in parsed.findings[0].message


@pytest.mark.parametrize("text, message, line", [
    ("", "no front matter", 1),
    ("# Just a heading\n", "no front matter", 1),
    ("---\ntitle: x\n", "never ends", 1),
    ("---\n- a list\n---\n", "must be a list of 'name: value' fields", 2),
])
def test_missing_or_unfinished_front_matter(text, message, line):
    findings = split(text, "docs/a.md").findings
    assert len(findings) == 1 and message in findings[0].message and findings[0].line == line


def meta_findings(yaml_text: str, **options) -> list[Finding]:
    parsed = split(f"---\n{yaml_text}---\n# T\n", "docs/p.md")
    assert not parsed.findings
    return check_meta(parsed.meta, "docs/p.md", parsed.meta_lines, today=TODAY, **options)


def test_required_fields_wrong_types_and_typos_are_named_with_lines():
    findings = meta_findings("title: [not, text]\nstatus: finished\nreveiwed: 2026-01-01\nkeywords: {a: 1}\n")
    messages = {(f.line, f.message.split(".")[0]) for f in findings}
    assert (2, "'title' must be text") in messages
    assert (3, "status is 'finished'; it must be 'draft' or 'approved'") in messages
    assert (4, "Unknown front matter field 'reveiwed'") in messages
    assert (5, "'keywords' must be a list of words") in messages
    assert any("no 'description'" in f.message for f in findings)
    typo = next(f for f in findings if "reveiwed" in f.message)
    assert typo.fix == "Did you mean 'reviewed'?"


def test_approved_page_needs_real_ordered_review_dates_and_a_reviewer():
    findings = meta_findings("title: T\ndescription: D.\nstatus: approved\nreviewed: 2026-02-30\n"
                             "review_due: 2025-01-01\n")
    text = [f.message for f in findings]
    assert "An approved page needs 'reviewed_by'." in text
    assert "'reviewed' is '2026-02-30', which is not a real date." in text
    ordered = meta_findings("title: T\ndescription: D.\nstatus: approved\nreviewed: 2026-03-01\n"
                            "review_due: 2026-02-01\nreviewed_by: Clinical lead\n")
    assert [(f.rule, f.line) for f in ordered if f.rule == "review"] == [("review", 6)]


def test_overdue_review_is_a_warning_by_default_and_an_error_when_chosen():
    yaml_text = "title: T\ndescription: D.\nstatus: approved\nreviewed: 2025-01-01\nreview_due: 2026-01-01\nreviewed_by: Lead\n"
    warn = [f for f in meta_findings(yaml_text) if f.rule == "review-overdue"]
    error = [f for f in meta_findings(yaml_text, overdue_severity="error") if f.rule == "review-overdue"]
    assert [(f.severity, f.line) for f in warn] == [("warning", 6)]
    assert [f.severity for f in error] == ["error"]
    assert not [f for f in meta_findings(yaml_text.replace("2026-01-01", "2026-09-01")) if f.rule == "review-overdue"]


def test_draft_fails_only_when_approval_is_required():
    yaml_text = "title: T\ndescription: D.\nstatus: draft\n"
    assert meta_findings(yaml_text) == []
    assert rules_and_lines(meta_findings(yaml_text, require_approved=True)) == [("review", 4)]


# ---------- structure ----------

def test_headings_one_h1_matching_title_and_no_skipped_levels():
    body = "# Other title\n\n## Fine\n\n#### Skipped\n\n```\n# not a heading in code\n```\n\n# Second\n"
    findings = check_headings(body, 10, "The title", "docs/p.md")
    assert rules_and_lines(findings) == [("heading", 14), ("heading", 20), ("heading", 10)]
    assert "not the same as the title" in findings[2].message
    assert check_headings("Text only\n", 5, "T", "docs/p.md")[0].message == "The page has no '# ' title heading."
    assert check_headings("# T\n\n## A\n\n### B\n\n## C\n", 1, "T", "p") == []


def test_images_need_alt_text():
    body = "# T\n\n![](../assets/a.png)\n\n![A calm room](../assets/b.png)\n\n<img src=\"c.png\">\n"
    assert rules_and_lines(check_images(body, 6, "docs/p.md")) == [("image-alt", 8), ("image-alt", 12)]


def test_page_listing_warning_signs_must_link_to_get_help_now():
    body = '# T\n\n!!! care "Call"\n    --8<-- "warning-signs.md"\n'
    assert rules_and_lines(check_warning_signs_link(body, 5, "docs/p.md", False)) == [("warning-signs-link", 8)]
    assert check_warning_signs_link(body + "\n    [Get help](../get-help-now.md)\n", 5, "p", False) == []
    assert check_warning_signs_link(body, 5, "docs/get-help-now.md", True) == []


def test_nav_coverage_required_pages_and_worksheet_ids():
    nav = check_nav_coverage(["preparation/a.md", "preparation/b.md"], {"preparation/a.md"}, "docs/")
    assert [(f.rule, f.path) for f in nav] == [("nav", "docs/preparation/b.md")]
    required = check_required_pages({"preparation": ["index.md", "gone.md"]}, {"preparation/index.md"}, "docs/")
    assert [(f.rule, f.path) for f in required] == [("required-page", "docs/preparation/gone.md")]
    refs = check_worksheet_refs(["mood-tracker", "no-such"], {"mood-tracker"}, "docs/p.md", 6)
    assert [(f.rule, f.line) for f in refs] == [("worksheet-ref", 6)] and "no-such" in refs[0].message


# ---------- safe content ----------

@pytest.mark.parametrize("source, message", [
    ("<script>alert(1)</script>", "<script> was removed"),
    ('<iframe src="https://example.com"></iframe>', "<iframe> was removed"),
    ('<object data="x.swf"></object>', "<object> was removed"),
    ('<embed src="x.swf">', "<embed> was removed"),
    ('<form action="https://collect.example"><input name="a"></form>', "<form> was removed"),
    ('<a href="#" onclick="steal()">Click</a>', "'onclick' on <a> was removed"),
    ('<a href="javascript:alert(1)">Click</a>', "'javascript:alert(1)' on <a> was removed"),
    ('<img src="https://tracker.example/pixel.gif" alt="pixel">', "comes from another website"),
    ('<video src="//cdn.example/v.mp4"></video>', "<video> was removed"),
])
def test_unsafe_html_is_removed_and_named_with_its_line(source, message):
    markdown = f"# Title\n\nSome text.\n\n{source}\n"
    html, findings = sanitize_page(f"<h1>Title</h1><p>Some text.</p>{source}", markdown, "docs/p.md")
    assert findings and message in findings[0].message, findings
    assert findings[0].rule == "unsafe-html" and findings[0].line == 5
    assert "steal" not in html and "<script" not in html and "tracker.example" not in html and "javascript" not in html


def test_safe_html_and_code_examples_pass_unchanged():
    html = '<p>Text <a href="../x/">link</a></p><pre><code>&lt;script&gt;</code></pre><img src="../a.png" alt="A">'
    clean, findings = sanitize_page(html, "", "docs/p.md")
    assert findings == [] and clean == html


# ---------- plain language ----------

def test_reading_level_long_sentences_and_paragraphs():
    hard = ("Notwithstanding considerable interindividual variability, pharmacological augmentation "
            "necessitates comprehensive multidisciplinary consideration of contraindications.")
    long_sentence = " ".join(["You can rest"] * 10) + "."
    body = f"# T\n\n{hard}\n\n{long_sentence}\n\n| table | ignored |\n|---|---|\n| {hard} | x |\n"
    level = measure(body, 5)
    assert level.score > 8
    findings = check_reading(level, "docs/p.md", 5, max_grade=8, max_sentence_words=25, max_paragraph_words=20)
    assert ("reading-grade", 5) in rules_and_lines(findings)
    assert ("long-sentence", 9) in rules_and_lines(findings)
    assert ("long-paragraph", 9) in rules_and_lines(findings)
    easy = measure("# T\n\nYou can rest now. Your team is here.\n\n- Drink water\n- Sleep well\n", 1)
    assert easy.score <= 3 and easy.words == 12


def test_reading_measure_ignores_headings_code_tables_and_links():
    body = ("# A very long heading with many complicated polysyllabic terminological words\n\n"
            "```\nnotwithstanding considerable interindividual variability\n```\n\n"
            "Read [the page about considerable interindividual variability](https://x.example/long/url) now.\n")
    level = measure(body, 1)
    assert level.words == 8  # only the link text and the sentence words count
    assert all("heading" not in s.text for s in level.sentences)


# ---------- results kept between builds ----------

def test_page_results_are_reused_only_for_the_same_text_settings_and_rules(tmp_path):
    broken = page("P", "Text here.\n\n### Deep\n\nMore text.", reviewd="2026-01-01")
    settings = PageCheckSettings(today=TODAY, known_worksheets=frozenset({"mood-tracker"}))
    fresh = check_page(broken, "docs/p.md", "p.md", settings)
    assert {f.rule for f in fresh.findings} == {"front-matter", "heading"}

    path = tmp_path / "page-checks.json"
    first = PageCheckCache(tmp_path)
    assert first.check(broken, "docs/p.md", "p.md", settings) == fresh and first.hits == 0
    first.save()
    again = PageCheckCache(tmp_path)
    assert again.check(broken, "docs/p.md", "p.md", settings) == fresh and again.hits == 1
    # Any change to the text, the file's path or a setting that shapes the findings checks the page again.
    again.check(broken.replace("More text", "Other text"), "docs/p.md", "p.md", settings)
    again.check(broken, "docs/q.md", "q.md", settings)
    again.check(broken, "docs/p.md", "p.md", PageCheckSettings(today=TODAY, known_worksheets=frozenset()))
    again.check(broken, "docs/p.md", "p.md", PageCheckSettings(today=dt.date(2027, 1, 1),
                                                               known_worksheets=frozenset({"mood-tracker"})))
    assert again.hits == 1
    again.save()
    assert len(json.loads(path.read_text())) == 5  # only results used by the last build are kept
    # Reading grades of reused pages are kept too: a new day re-checks pages without recounting syllables.
    assert len(json.loads((tmp_path / "reading-grades.json").read_text())) == 2

    path.write_text("{not json", encoding="utf-8")
    assert PageCheckCache(tmp_path).check(broken, "docs/p.md", "p.md", settings) == fresh


def test_link_results_are_reused_until_the_built_site_changes(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="missing/">dead</a>\n', encoding="utf-8")
    cache = tmp_path / "link-check.json"
    sources = {"index.html": PageSource("docs/index.md", "[dead](missing/)", '<a href="missing/">dead</a>')}
    first, kept = check_site_cached(site, sources, cache)
    second, kept_again = check_site_cached(site, sources, cache)
    assert (kept, kept_again) == (False, True)
    assert second.findings == first.findings and [f.where() for f in first.findings] == ["docs/index.md:1"]
    (site / "missing").mkdir()
    (site / "missing" / "index.html").write_text("<p>Here now.</p>", encoding="utf-8")
    fixed, kept = check_site_cached(site, sources, cache)
    assert not kept and fixed.findings == []


# ---------- settings ----------

def test_check_settings_defaults_tuning_and_mistakes():
    settings, findings = load_check_settings({"checks": {"reading": {"max_grade": 6}, "disable": ["long-paragraph"]}})
    assert settings.max_grade == 6 and not settings.enabled("long-paragraph") and findings == []
    _, bad = load_check_settings({"checks": {"reading": {"max_grade": "easy"}, "disable": ["no-such-rule"]}})
    assert {f.message for f in bad} == {"extra.checks.reading.max_grade must be a positive number.",
                                        "extra.checks.disable names an unknown rule 'no-such-rule'."}
    on, _ = load_check_settings({}, {"KAP_CHECK_EXTERNAL": "1"})
    assert on.check_external


def test_findings_become_github_annotations():
    finding = Finding("link", "docs/a.md", "Broken: 100%", line=7, fix="Fix it.")
    assert finding.github_annotation() == "::error file=docs/a.md,line=7,title=link::Broken: 100%25 Fix: Fix it."
    assert finding.text() == "docs/a.md:7: Broken: 100% Fix: Fix it. [link]"


# ---------- built-site links ----------

def test_link_check_on_built_html(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (site / "doc.pdf").write_bytes(b"%PDF")
    (site / "index.html").write_text(
        '<a href="a/">ok</a>\n<a href="a/#here">ok</a>\n<a href="a/#gone">bad fragment</a>\n'
        '<a href="missing/">dead</a>\n<link rel="stylesheet" href="style.css">\n<a href="doc.pdf">pdf</a>\n'
        '<a href="tel:+1 555">bad phone</a>\n<a href="tel:988">ok</a>\n<a href="mailto:nobody">bad mail</a>\n'
        '<a href="https://example.org/">external</a>\n<a href="/abs/">absolute</a>\n<img srcset="a.png 1x, doc.pdf 2x">\n',
        encoding="utf-8")
    report = check_site(site)
    found = sorted((f.rule, f.line) for f in report.findings)
    import kapguide.links as links_module
    monkeypatch.setattr(links_module, "PARALLEL_FROM", 1)
    parallel = check_site(site, workers=2)
    assert sorted((f.rule, f.line) for f in parallel.findings) == found and parallel.checked == report.checked
    assert found == [("contact-link", 7), ("contact-link", 9), ("link", 4), ("link", 5), ("link", 11), ("link", 12),
                     ("link-fragment", 3)]
    assert all(f.path == "site/index.html" and "template or hook" in f.message for f in report.findings)
    assert list(report.external) == ["https://example.org/"]


# ---------- whole builds ----------

GOOD = "You can read this page in a minute. It is calm and plain."

BROKEN_SITES = {
    "malformed yaml": ({"p.md": "---\ntitle: P\ndescription: 'unclosed\nstatus: draft\n---\n# P\n\nText.\n"},
                       "docs/p.md:3: The YAML could not be read"),
    "binary junk": ({"p.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"}, "docs/p.md: This file is not text"),
    "bad utf-8": ({"p.md": b"---\ntitle: P\n---\n# P\n" + b"caf\xe9\n"}, "docs/p.md:5: This file is not valid UTF-8"),
    "empty file": ({"p.md": ""}, "docs/p.md:1: The page has no front matter"),
    "unknown field": ({"p.md": page("P", GOOD, keywrds=["a"])}, "docs/p.md:5: Unknown front matter field 'keywrds'"),
    "title mismatch": ({"p.md": page("P", GOOD).replace("# P", "# Another")}, "docs/p.md:6: The '# ' heading 'Another'"),
    "skipped heading": ({"p.md": page("P", GOOD + "\n\n### Deep\n\nMore text here.")}, "docs/p.md:10: This heading jumps"),
    "unsafe script": ({"p.md": page("P", GOOD + "\n\n<script>alert(1)</script>\n")}, "docs/p.md:10: The HTML element <script> was removed"),
    "event handler via attr_list": ({"p.md": page("P", "[Click](index.md){ onclick=\"steal()\" }\n")},
                                    "docs/p.md:8: The attribute 'onclick' on <a> was removed"),
    "external image": ({"p.md": page("P", GOOD + "\n\n![Logo](https://cdn.example/logo.png)\n")},
                       "docs/p.md:10: The picture 'https://cdn.example/logo.png' comes from another website"),
    "image without alt": ({"p.md": page("P", GOOD + "\n\n![](../assets/x.png)\n")}, "docs/p.md:10: The image"),
    "dead raw html link": ({"p.md": page("P", GOOD + '\n\n<a href="../nowhere/">Nowhere</a>\n')},
                           "docs/p.md:10: The link '../nowhere/' leads to a page or file that does not exist"),
    "bad phone link": ({"p.md": page("P", GOOD + "\n\n[Call us](tel:call-me)\n")}, "docs/p.md:10: 'tel:call-me'"),
    "missing snippet": ({"p.md": page("P", GOOD + '\n\n--8<-- "warning-sings.md"\n')},
                        "docs/p.md:10: The shared text 'warning-sings.md' does not exist"),
    "warning signs without get-help link": ({"p.md": page("P", GOOD + '\n\n!!! care "Call"\n    --8<-- "warning-signs.md"\n')},
                                            "docs/p.md:11: This page lists the urgent warning signs"),
    "hard to read": ({"p.md": page("P", "Notwithstanding considerable interindividual variability, pharmacological "
                                        "augmentation necessitates comprehensive multidisciplinary deliberation.")},
                     "docs/p.md:6: The reading grade is"),
    "long sentence": ({"p.md": page("P", " ".join(["You can rest and breathe"] * 6) + ".")},
                      "docs/p.md:8: This sentence has 30 words"),
}


def broken_page(name: str) -> str:
    """The file each broken page of BROKEN_SITES is written to in the shared build, beside index.md as p.md was."""
    return name.replace(" ", "-") + ".md"


def build_broken_pages(root):
    pages = {"index.md": page("Home", GOOD)}
    pages.update({broken_page(name): files["p.md"] for name, (files, _) in BROKEN_SITES.items()})
    section = {"preparation/index.md": page("Prep", GOOD), "preparation/extra.md": page("Extra", GOOD)}
    nav = ["get-help-now.md", *pages, "preparation/index.md"]  # preparation/extra.md is left out
    return run_mkdocs(*make_site(root, {**pages, **section}, nav=nav,
                                 extra={"checks": {"sections": {"preparation": ["index.md", "what-is-kap.md"]}}}))


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    """One strict build holding every broken page of BROKEN_SITES, each in a file of its own, and a section
    with a page left out of the nav and a required page missing."""
    return build_once(tmp_path_factory, "broken-pages", build_broken_pages)[0]


@pytest.mark.parametrize("name", BROKEN_SITES)
def test_strict_build_fails_with_file_and_line_and_no_traceback(name, broken_build):
    expected = BROKEN_SITES[name][1].replace("docs/p.md", f"docs/{broken_page(name)}")
    assert broken_build.returncode != 0, name
    assert logged_as_problem(broken_build.stderr, expected), broken_build.stderr
    assert "Traceback" not in broken_build.stderr + broken_build.stdout


def test_kept_results_still_fail_the_build_until_the_page_is_fixed(fixture_site):
    broken = page("P", GOOD + '\n\n<a href="../nowhere/">Nowhere</a>\n').replace("# P", "# Another")
    config, site = fixture_site({"index.md": page("Home", GOOD), "p.md": broken})
    kept = {CACHE_ENV: str(config.parent / "kept")}  # the builds share one cache folder
    runs = [run_mkdocs(config, site, env=kept) for _ in range(2)]
    for result in runs:  # the second build reuses the kept page and link results
        assert result.returncode != 0
        assert "docs/p.md:6: The '# ' heading 'Another'" in result.stderr
        assert "docs/p.md:10: The link '../nowhere/' leads to a page or file that does not exist" in result.stderr
    assert (config.parent / "kept" / "page-checks.json").is_file()
    assert (config.parent / "kept" / "link-check.json").is_file()
    assert not (config.parent / ".cache").exists(), "the cache folder of the environment is used instead"
    (config.parent / "docs" / "p.md").write_text(page("P", GOOD), encoding="utf-8")
    assert run_mkdocs(config, site, env=kept).returncode == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_preview_server_reports_a_new_mistake_keeps_serving_and_shows_the_fix(fixture_site):
    """`mkdocs serve` as staff use it: an edit that breaks a rule is reported, not fatal; the fix shows."""
    config, _ = fixture_site({"index.md": page("Home", GOOD), "p.md": page("P", GOOD)})
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    threading.Thread(target=lambda: [log.append(line) for line in server.stderr], daemon=True).start()

    def wait_for_log(text: str, start: int, timeout: float = 60) -> list[str]:
        """The lines logged from line ``start`` until one containing ``text``."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            new = log[start:]
            for index, line in enumerate(new):
                if text in line:
                    return new[:index + 1]
            time.sleep(0.1)
        raise AssertionError(f"'{text}' not logged; got:\n{''.join(log[start:])}")

    def served(path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
            return response.read().decode("utf-8")

    source = config.parent / "docs" / "p.md"
    try:
        wait_for_log("Serving on", 0)
        first = served("p/")
        assert "You can read this page in a minute" in first
        # the preview's page policy lets MkDocs' reload script run (published pages never allow inline scripts)
        assert "script-src &#39;self&#39; &#39;unsafe-inline&#39;" in first and "livereload(" in first
        mark = len(log)  # each rebuild ends with "Reloading browsers" (MkDocs drops a repeated "Documentation built")
        source.write_text(page("P", GOOD + "\n\n<script>alert(1)</script>\n"), encoding="utf-8")
        logged = wait_for_log("Reloading browsers", mark)
        assert any("docs/p.md:10: The HTML element <script> was removed" in line for line in logged), "".join(logged)
        mark = len(log)
        source.write_text(page("P", "A calm new sentence for the preview."), encoding="utf-8")
        wait_for_log("Reloading browsers", mark)
        assert "A calm new sentence for the preview." in served("p/")
        assert server.poll() is None, "the preview server stopped"
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in "".join(log)


def test_page_missing_from_nav_and_required_page_fail_the_build(broken_build):
    assert broken_build.returncode != 0
    assert logged_as_problem(broken_build.stderr, "docs/preparation/extra.md: This page is not in the site navigation")
    assert logged_as_problem(broken_build.stderr,
                             "docs/preparation/what-is-kap.md: The 'preparation' section must have the page 'what-is-kap.md'")


# ---------- menu files (.nav.yml) ----------

MENU_PAGES = existing_paths(["index.md", "sec/index.md", "sec/first.md", "sec/second.md"])


@pytest.mark.parametrize("text, rule, line, words", [
    ("nav:\n  - index.md\n  - frist.md\n", "nav", 3, "Did you mean 'first.md'?"),
    ("nav:\n  - sec/first.md\n", "nav", 2, "Did you mean 'first.md'?"),
    ("nav:\n  - Elsewhere: https://example.org/\n", "nav", 2, "the menu names pages of this guide only"),
    ("nav:\n  - '<b>First</b>': first.md\n", "plain-text", 2, "menu titles are plain text"),
    ("nave:\n  - index.md\n", "nav", 1, "Did you mean 'nav'?"),
    ("nav:\n  - index.md\n\tfirst.md\n", "nav", 3, "could not be read"),
    ("- index.md\n", "nav", 1, "must start with 'nav:'"),
    (BILLION_LAUGHS + "nav: *i\n", "nav", 1, "anchors and aliases"),
])
def test_menu_file_mistakes_are_named_at_their_line(text, rule, line, words):
    findings = check_menu_file(text, "docs/sec/.nav.yml", "sec", MENU_PAGES)
    assert [(f.rule, f.line) for f in findings] == [(rule, line)], findings
    assert words in findings[0].message


def menu_site(menu: str | None = None) -> dict[str, str]:
    """A site with one section whose menu file lists its two pages in the opposite of their file order."""
    return {"index.md": page("Home", GOOD), "sec/index.md": page("Sec", GOOD), "sec/first.md": page("First", GOOD),
            "sec/second.md": page("Second", GOOD),
            ".nav.yml": "append_unmatched: true\nnav:\n  - Home: index.md\n  - The first steps: sec\n  - get-help-now.md\n",
            "sec/.nav.yml": menu or "nav:\n  - index.md\n  - second.md\n  - first.md\n"}


def test_a_page_added_to_a_section_folder_joins_the_end_of_its_menu_and_leaves_with_its_file(fixture_site):
    config, site = fixture_site(menu_site())
    added = config.parent / "docs" / "sec" / "added.md"
    for step in ("listed pages", "a page added", "the page removed"):
        if step == "a page added":
            added.write_text(page("Added", GOOD), encoding="utf-8")
        if step == "the page removed":
            added.unlink()
        result = run_mkdocs(config, site)
        assert result.returncode == 0, f"{step}: {result.stderr}"
        top, pages = built_menu(site, "sec")
        assert top == ["Home", "The first steps", "Get help now"], step
        assert pages == ["index.md", "second.md", "first.md"] + (["added.md"] if step == "a page added" else []), step


@pytest.mark.parametrize("menu, expected", [
    ("nav:\n  - index.md\n  - secnod.md\n  - first.md\n",
     "docs/sec/.nav.yml:3: The menu names 'secnod.md', but docs/sec/ has no page or folder of that name. Did you mean 'second.md'?"),
    (BILLION_LAUGHS + "nav: *i\n", "docs/sec/.nav.yml:1: YAML anchors and aliases"),
    ("nav:\n  - index.md\n  - Click: 'javascript:alert(1)'\n", "docs/sec/.nav.yml:3: The menu links to 'javascript:alert(1)'"),
    ("append_unmatched: false\nnav:\n  - index.md\n  - first.md\n",
     "docs/sec/second.md: This page is not in the site navigation"),
])
def test_a_mistake_in_a_menu_file_fails_the_build_once_at_its_line(menu, expected, fixture_site):
    config, site = fixture_site(menu_site(menu), extra={"checks": {"sections": {"sec": ["index.md"]}}})
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert "awesome-nav" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("[nav]") == 1


def test_rules_can_be_switched_off_in_settings(fixture_site):
    config, site = fixture_site({"index.md": page("Home", " ".join(["You can rest and breathe"] * 6) + ".")},
                                extra={"checks": {"disable": ["long-sentence"]}})
    result = run_mkdocs(config, site)
    assert result.returncode == 0, result.stderr


def test_github_annotations_under_github_actions(fixture_site):
    config, site = fixture_site({"index.md": page("Home", GOOD + "\n\n<script>x()</script>\n")})
    result = run_mkdocs(config, site, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=docs/index.md,line=10,title=unsafe-html::The HTML element <script> was removed" in result.stdout


def test_real_site_has_zero_findings_and_writes_the_report(built_site):
    report_dir = built_site.parent / "report"
    data = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    assert data["findings"] == []
    assert data["summary"]["pages"] >= 40
    assert all(p["grade"] <= 8 and p["words"] > 0 for p in data["pages"])
    sections = ("preparation/", "in-session/", "difficult-sessions/", "between-sessions/")
    section_pages = [p for p in data["pages"] if p["path"].startswith(tuple("docs/" + s for s in sections))]
    assert all(300 <= p["words"] <= 1200 for p in section_pages), [(p["path"], p["words"]) for p in section_pages]
    markdown = (report_dir / "report.md").read_text(encoding="utf-8")
    assert "| Page | Status | Grade | Words | Longest sentence | Review due |" in markdown


def test_a_phone_number_written_into_a_page_is_named_at_its_line_and_other_numbers_are_not():
    body = ("Call the clinic on 03 5550 4120 if you are unsure.\n\n"  # line 8 of the file
            "You can also call 988, or text 741741.\n\n"
            "Si está en peligro, llame al 911.\n\n"
            "Rate it from 0 to 10. Plan for 3 to 4 hours. It was reviewed on 2026-06-01, for 2024-2026.\n\n"
            "```\ncall 988\n```\n")
    text = page("Numbers", body)
    findings = [f for f in check_page(text, "docs/p.md", "p.md", PageCheckSettings(today=TODAY)).findings
                if f.rule == "phone-number"]
    first = split(text, "docs/p.md").body_start_line
    body_lines = text.splitlines()
    assert [(f.line, f.message.split("'")[1]) for f in findings] == [
        (body_lines.index("Call the clinic on 03 5550 4120 if you are unsure.") + 1, "03 5550 4120"),
        (body_lines.index("You can also call 988, or text 741741.") + 1, "988"),
        (body_lines.index("You can also call 988, or text 741741.") + 1, "741741"),
        (body_lines.index("Si está en peligro, llame al 911.") + 1, "911")], findings
    assert first < findings[0].line and all("extra.clinic" in f.fix for f in findings)


def test_the_get_help_page_cannot_be_taken_out_of_the_search():
    help_text = (REPO / "docs" / "get-help-now.md").read_text(encoding="utf-8")
    hidden = help_text.replace("status: draft\n", "status: draft\nsearch:\n  exclude: true\n", 1)
    found = [f for f in check_page(hidden, "docs/get-help-now.md", "get-help-now.md", PageCheckSettings(today=TODAY)).findings
             if "search: exclude" in f.message]
    assert [(f.rule, f.line) for f in found] == [("front-matter", hidden.splitlines().index("search:") + 1)]
    other = check_page(hidden, "docs/p.md", "p.md", PageCheckSettings(today=TODAY)).findings  # any other page may
    assert not [f for f in other if "search: exclude" in f.message]
