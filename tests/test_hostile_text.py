"""Hostile text: every rule that reads what staff type returns findings, never a traceback or a hang.

Three parts:
  - YAML in pages and worksheets: anchors, aliases, tags, deep nesting, keys written twice, line endings;
  - shared-text includes (pymdownx.snippets), checked against pymdownx itself;
  - phone numbers in the clinic settings that YAML has read as numbers;
and ~100 KB of pathological text fed to each rule in a worker process with a generous ceiling
(a hang or crash detector, not a speed target).

For a benchmark: ``pathological_inputs()`` gives the (label, text) cases, ``RULE_CALLS`` the rule
functions by name, and ``worst_times()`` runs every case and returns each rule's slowest time.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "hooks") not in sys.path:  # conftest does this for pytest; a benchmark importing us may not
    sys.path.insert(0, str(REPO / "hooks"))

from conftest import BILLION_LAUGHS, real_config, sanitize_page  # noqa: E402
from kapguide.clinic import load_clinic  # noqa: E402
from kapguide.frontmatter import decode, parse_yaml_mapping, source_for_mkdocs, split  # noqa: E402
from kapguide.htmlscan import scan_html  # noqa: E402
from kapguide.markdown_lines import lines_outside_code  # noqa: E402
from kapguide.page_gate import neutralize  # noqa: E402
from kapguide.pagemeta import check_meta, string_list  # noqa: E402
from kapguide.patient_search import read_search_words  # noqa: E402
from kapguide.phone_numbers import check_phone_numbers  # noqa: E402
from kapguide.plain_text import markup_in  # noqa: E402
from kapguide.plain_words import load_plain_words  # noqa: E402
from kapguide.privacy import css_urls  # noqa: E402
from kapguide.published_files import check_asset  # noqa: E402
from kapguide.readability import check_reading, clean_inline, measure  # noqa: E402
from kapguide.settings_lines import lines_in  # noqa: E402
from kapguide.snippet_refs import check_snippets, find_snippet_refs, split_target  # noqa: E402
from kapguide.structure import atx_heading, check_headings, check_images, check_warning_signs_link  # noqa: E402
from kapguide.worksheet_model import load_worksheet  # noqa: E402

SNIPPETS = REPO / "docs" / "_snippets"
CEILING = 20.0  # seconds one rule may take on one input before it counts as hung
SIZE = 100_000

ANCHORS = "YAML anchors and aliases (&name, *name) are not allowed in pages and worksheets"
WORKSHEET = """id: test-sheet
title: Test sheet
section: preparation
purpose: A purpose.
instructions: Fill it in.
pages: 1
fields:
  - kind: lines
    label: What do I hope for?
    lines: 2
"""


# ---------- pathological inputs, shared with the benchmark ----------

def _repeat(unit: str, size: int = SIZE) -> str:
    return unit * max(1, size // len(unit))


def pathological_inputs() -> list[tuple[str, str]]:
    """(label, text) cases of about 100 KB that have made (or could make) a rule slow or raise."""
    runs = [" ", "\t", "#", "[", "]", "![", "(", ")", "{", "}", "<", ">", "*", "_", "`", '"', "'", "-", "!", ":",
            "&", "|", "~", "\\", ";", "8<", "\n", "\r", "\r\n", "\u2028", "\x0c", "\x85", "\x00", "🙂", "é"]
    cases = [(f"run of {unit!r}", _repeat(unit)) for unit in runs]
    cases += [
        ("heading with 100,000 trailing spaces", "# Title" + " " * SIZE),
        ("heading with 100,000 spaces, then text", "# Title" + " " * SIZE + "x"),
        ("heading with 100,000 spaces, then #", "## Title" + " " * SIZE + "#"),
        ("heading of #s", "# " + _repeat("#")),
        ("heading of spaces and #s", "# " + _repeat(" #")),
        ("heading with an unclosed attribute list", "# Title {" + _repeat("a ")),
        ("heading of {s", "# " + _repeat("{")),
        ("heading with tabs", "#\t" + _repeat("\t ")),
        ("headings", _repeat("# Title\n")),
        ("images without a closing bracket", _repeat("![")),
        ("images without a target", _repeat("![](")),
        ("image with a long unclosed alt", "![" + _repeat("a")),
        ("links without a closing bracket", _repeat("[a")),
        ("links without a closing parenthesis", _repeat("[a](")),
        ("link targets of (", "[a](" + _repeat("(")),
        ("link with a long target", "[a](" + _repeat("x") + ")"),
        ("nested brackets", "[" * (SIZE // 2) + "]" * (SIZE // 2)),
        ("img tags without >", _repeat("<img ")),
        ("img tags with unclosed alt", _repeat('<img alt="')),
        ("img alt with spaces", "<img alt=" + " " * SIZE),
        ("tags without >", _repeat("<a")),
        ("html heading tags", _repeat("<h1")),
        ("attribute lists without }", _repeat("{:")),
        ("attribute lists of ids", _repeat("{#")),
        ("attribute lists a=", _repeat("{ a=")),
        ("admonition with trailing spaces", "!!! note" + " " * SIZE + "x"),
        ("admonition with an unclosed title", '!!! note "' + _repeat("x")),
        ("admonitions", _repeat("!!! note\n")),
        ("tabs", _repeat('=== "')),
        ("sentence ends and spaces", "." + " " * SIZE + "x"),
        ("sentence ends", _repeat(". ")),
        ("short sentences", _repeat("We rest. ")),
        ("one long sentence", _repeat("you can rest ")),
        ("one long word", _repeat("x")),
        ("list items", _repeat("- ")),
        ("numbered items", _repeat("1. ")),
        ("task items", _repeat("- [ ] ")),
        ("emphasis", _repeat("**a** ")),
        ("inline code unclosed", _repeat("`a")),
        ("unclosed fence", "```\n" + _repeat("text\n")),
        ("fences", _repeat("```\n")),
        ("tilde fences", _repeat("~~~~\n")),
        ("fence of backticks", _repeat("`")),
        ("table rows", _repeat("| a |\n")),
        ("html only lines", _repeat("<div>\n")),
        ("snippet markers", _repeat("--8<--\n")),
        ("snippet markers without newline", _repeat("--8<-- ")),
        ("snippet quotes", _repeat('--8<-- "')),
        ("snippet with a long path", '--8<-- "' + _repeat("x") + '"'),
        ("snippet with a long line range", '--8<-- "warning-signs.md' + _repeat(":1") + '"'),
        ("snippet with many ranges", '--8<-- "warning-signs.md:1' + _repeat(",1:1") + '"'),
        ("snippet with ranges that fail at the end", '--8<-- "a.md:1' + _repeat(",1:1") + ',,"'),
        ("snippet with colons and letters", '--8<-- "' + _repeat("a:") + 'b"'),
        ("snippet with a 5,000-digit line", '--8<-- "warning-signs.md:' + "9" * 5000 + '"'),
        ("snippet with ;s", "--8<-- " + _repeat(";")),
        ("snippet escapes", _repeat(';--8<-- "a.md"\n')),
        ("snippet includes", _repeat('--8<-- "warning-signs.md"\n')),
        ("missing snippet includes", _repeat('--8<-- "missing.md"\n')),
        ("snippet includes climbing out", _repeat('--8<-- "../../mkdocs.yml"\n')),
        ("unclosed snippet block", "--8<--\n" + _repeat("line\n")),
        ("section markers", _repeat("--8<-- [start:a]\n")),
        ("section markers of -", _repeat("-8<- [start:")),
        ("scissors", _repeat("-8<-")),
        ("yaml deep brackets", "a: " + "[" * (SIZE // 2) + "]" * (SIZE // 2)),
        ("yaml deep brackets, unclosed", "a: " + _repeat("[")),
        ("yaml deep braces", "a: " + "{a: " * (SIZE // 8) + "}" * (SIZE // 8)),
        ("yaml nested dashes", _repeat("- ")),
        ("yaml nested keys", _repeat("? ")),
        ("yaml indentation ladder", "".join("  " * i + "a:\n" for i in range(300))),
        ("yaml many keys", "".join(f"k{i}: v\n" for i in range(SIZE // 8))),
        ("yaml one key many times", _repeat("title: x\n")),
        ("yaml anchors", _repeat("&a ")),
        ("yaml aliases", _repeat("*a ")),
        ("yaml alias loop", "a: &x [*x]\n"),
        ("yaml billion laughs", BILLION_LAUGHS),
        ("yaml python tags", _repeat("a: !!python/object:os.system x\n")),
        ("yaml unknown tags", _repeat("a: !foo x\n")),
        ("yaml tabs", "a:\n" + _repeat("\tb: 1\n")),
        ("yaml long line", "title: " + _repeat("x")),
        ("yaml long quoted line", 'title: "' + _repeat("x")),
        ("yaml huge number", "pages: " + "9" * 10_000),
        ("yaml huge hex number", "pages: 0x" + "f" * 10_000),
        ("yaml base-60 number", "pages: 1" + _repeat(":2")),
        ("yaml control characters", "title: " + _repeat("\x07")),
        ("yaml bad escapes", 'title: "' + _repeat("\\ud800") + '"'),
        ("yaml documents", _repeat("a: 1\n---\n")),
        ("front matter fences", _repeat("---\n")),
        ("front matter with a hostile body", "---\ntitle: T\n---\n" + _repeat("# a {[ ![ ( < * ` \" ' ")),
        ("mixed markup", _repeat("# a  {  [  ![ ( < * ` \" ' -8<- & ! ")),
    ]
    return cases


def _split_both(text: str) -> None:
    split(text, "docs/p.md")
    split(f"---\n{text}\n---\n# T\n", "docs/p.md")


def _clinic(text: str) -> None:
    load_clinic({"clinic": {"name": text, "phone": text, "after_hours": {"label": text, "number": text},
                            "crisis_lines": [{"label": text, "number": text, "ways": [text]}]}})


def _plain_words(text: str) -> object:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plain-words.yml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        return load_plain_words(path, "plain-words.yml")


RULE_CALLS: dict[str, Callable[[str], object]] = {
    "check_headings": lambda text: check_headings(text, 1, "Title", "docs/p.md"),
    "atx_heading": lambda text: [atx_heading(line) for line in text.split("\n")],
    "check_images": lambda text: check_images(text, 1, "docs/p.md"),
    "check_warning_signs_link": lambda text: check_warning_signs_link(text, 1, "docs/p.md", False),
    "check_phone_numbers": lambda text: check_phone_numbers(text, 1, "docs/p.md"),
    "measure/check_reading": lambda text: check_reading(measure(text, 1), "docs/p.md", 1),
    "split": _split_both,
    "parse_yaml_mapping": lambda text: parse_yaml_mapping(text, "docs/p.md", 2),
    "decode": lambda text: decode(text.encode("utf-8", "surrogatepass"), "docs/p.md"),
    "source_for_mkdocs": lambda text: (source_for_mkdocs(text), source_for_mkdocs(f"---\n{text}\n---\n# T\n")),
    "load_worksheet": lambda text: load_worksheet(text, "docs/worksheets/w.yml"),
    "check_snippets": lambda text: check_snippets(text, text, "docs/p.md", [SNIPPETS], REPO),
    "find_snippet_refs": find_snippet_refs,
    "lines_outside_code": lambda text: list(lines_outside_code(text)),
    "load_clinic": _clinic,
    "read_search_words": lambda text: read_search_words(text, "search-words.yml"),
    "load_plain_words": _plain_words,
    # HTML, CSS and files (html_sanitizer, page_gate, htmlscan, privacy, plain_text, published_files)
    "sanitize_page": lambda text: sanitize_page(text, text, "docs/p.md"),
    "page_gate.neutralize": neutralize,
    "scan_html": scan_html,
    "css_urls": css_urls,
    "markup_in": markup_in,
    "check_asset (svg, css)": lambda text: (check_asset("a.svg", text.encode("utf-8", "surrogatepass")),
                                            check_asset("a.css", text.encode("utf-8", "surrogatepass"))),
}


# In the test suite each case is cut to its first 40 KB (10 KB for rules built on tinycss2, a pure-Python
# tokenizer): a super-linear rule still takes minutes at that size, so a hang still shows, and the suite
# stays fast. The benchmark (worst_times) uses the whole ~100 KB.
TEST_CASE_SIZE = 40_000
SHORTER_CASES = {"css_urls": 10_000, "check_asset (svg, css)": 10_000}


def _worker(rule: str, connection, limit: int | None = None) -> None:
    """Run one rule on every case in this (forked) process, saying when each starts and ends."""
    call = RULE_CALLS[rule]
    if limit is not None:
        limit = min(limit, SHORTER_CASES.get(rule, limit))
    for label, text in pathological_inputs():
        text = text[:limit] if limit else text
        connection.send(("start", label))
        started = time.perf_counter()
        error = ""
        try:
            call(text)
        except BaseException as err:  # noqa: BLE001 - reported to the parent as a failure
            error = f"{type(err).__name__}: {str(err)[:200]}"
        connection.send(("done", label, time.perf_counter() - started, error))
    connection.send(("end",))


def run_rule(rule: str, ceiling: float = CEILING, limit: int | None = None) -> tuple[dict[str, float], dict[str, str], str]:
    """Seconds per case, errors per case, and a problem ('' if none): a case over the ceiling, or a crash.

    Each rule runs in its own process, so a hang can be stopped and a crash (libyaml on deep
    nesting once took the whole interpreter down) is reported instead of ending the test run.
    """
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker, args=(rule, sender, limit), daemon=True)
    process.start()
    sender.close()
    times: dict[str, float] = {}
    errors: dict[str, str] = {}
    current = "(starting)"
    try:
        while True:
            if not receiver.poll(ceiling):
                return times, errors, f"{rule} took more than {ceiling:g} s on '{current}'"
            try:
                message = receiver.recv()
            except EOFError:
                process.join(5)
                return times, errors, f"{rule} crashed (exit code {process.exitcode}) on '{current}'"
            if message[0] == "end":
                return times, errors, ""
            if message[0] == "start":
                current = message[1]
                continue
            _, label, seconds, error = message
            times[label] = seconds
            if error:
                errors[label] = error
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()


def worst_times(rules: list[str] | None = None, ceiling: float = CEILING) -> dict[str, tuple[float, str]]:
    """For a benchmark: each rule's slowest case, as (seconds, label); float('inf') for a hang or crash."""
    worst = {}
    for rule in rules or list(RULE_CALLS):
        times, _, problem = run_rule(rule, ceiling)
        slowest = max(times.items(), key=lambda item: item[1], default=("", 0.0))
        worst[rule] = (float("inf"), problem) if problem else (slowest[1], slowest[0])
    return worst


@pytest.mark.parametrize("rule", list(RULE_CALLS))
def test_rule_survives_pathological_text(rule):
    _, errors, problem = run_rule(rule, limit=TEST_CASE_SIZE)
    assert not problem, problem
    assert not errors, errors


def test_pathological_inputs_are_about_100_kb():
    cases = pathological_inputs()
    assert len({label for label, _ in cases}) == len(cases) >= 100
    assert all(len(text) <= 2 * SIZE for _, text in cases)
    assert sum(len(text) >= SIZE // 2 for _, text in cases) >= 90


# ---------- YAML: front matter and worksheets ----------

def page(front: str, body: str = "# T\n\nText.\n") -> str:
    return f"---\n{front}---\n{body}"


@pytest.mark.parametrize("front, line, detail", [
    ("title: &name T\ndescription: D.\n", 2, "this line sets '&name'"),
    ("title: T\ndescription: D.\nkeywords: &k [a, b]\nworksheets: *k\n", 4, "this line sets '&k'"),
    ("title: T\ndescription: *nothing\n", 3, "this line uses '*nothing'"),
    ("title: T\nloop: &x [*x]\n", 3, "this line sets '&x'"),
    ("title: T\n" + BILLION_LAUGHS, 3, "this line sets '&a'"),
])
def test_front_matter_anchors_and_aliases_are_refused_with_their_line(front, line, detail):
    started = time.perf_counter()
    parsed = split(page(front), "docs/p.md")
    assert time.perf_counter() - started < CEILING
    assert parsed.meta == {}
    assert [(f.rule, f.line) for f in parsed.findings] == [("yaml", line)]
    assert parsed.findings[0].message.startswith(ANCHORS)
    assert detail in parsed.findings[0].message and parsed.findings[0].fix


@pytest.mark.parametrize("text, line", [
    (WORKSHEET.replace("title: Test sheet", "title: &t Test sheet"), 2),
    (WORKSHEET + "  - kind: lines\n    label: *x\n", 12),
    ("id: a\nloop: &x [*x]\n", 2),
    (BILLION_LAUGHS, 1),
])
def test_worksheet_anchors_and_aliases_are_refused_with_their_line(text, line):
    sheet, findings = load_worksheet(text, "docs/worksheets/w.yml")
    assert sheet is None
    assert [(f.rule, f.line) for f in findings] == [("worksheet", line)]
    assert findings[0].message.startswith(ANCHORS)


def test_a_key_written_twice_names_both_lines_and_the_page_still_reads():
    parsed = split(page("title: First\ndescription: D.\nstatus: draft\ntitle: Second\n"), "docs/p.md")
    assert parsed.meta["title"] == "Second" and parsed.meta_lines["title"] == 5
    assert [(f.rule, f.line) for f in parsed.findings] == [("yaml", 5)]
    assert parsed.findings[0].message == "'title' appears twice (lines 2 and 5); the second one wins today."
    assert parsed.findings[0].fix == "Keep one 'title' and delete the other."


def test_keys_written_twice_are_found_in_nested_mappings_and_flow_style():
    _, _, findings = parse_yaml_mapping("hide:\n  a: 1\n  b: 2\n  a: 3\nsearch: {boost: 1, boost: 2}\n", "docs/p.md", 2)
    assert [(f.line, f.message) for f in findings] == [
        (5, "'a' appears twice (lines 3 and 5); the second one wins today."),
        (6, "'boost' appears twice on line 6; the second one wins today."),
    ]
    _, _, three = parse_yaml_mapping("a: 1\na: 2\na: 3\n", "docs/p.md", 1)
    assert [f.message for f in three] == ["'a' appears twice (lines 1 and 2); the second one wins today.",
                                          "'a' appears 3 times (first on line 1, again on line 3); the last one wins today."]


def test_a_worksheet_field_with_two_labels_is_reported():
    text = WORKSHEET.replace("    lines: 2\n", "    lines: 2\n    label: Another label\n")
    sheet, findings = load_worksheet(text, "docs/worksheets/w.yml")
    assert sheet is None
    assert [(f.rule, f.line, f.message) for f in findings] == [
        ("worksheet", 11, "'label' appears twice (lines 9 and 11); the second one wins today.")]


@pytest.mark.parametrize("front, message", [
    ("title: !!python/object:os.system x\n", "YAML tags such as '!!python/object:os.system' are not allowed"),
    ("title: !!python/name:os.system\n", "YAML tags such as '!!python/name:os.system' are not allowed"),
    ("title: !foo x\n", "YAML tags such as '!foo' are not allowed"),
    ("title: ! x\n", "YAML tags such as '!' are not allowed"),
    ("title: !!binary aGk=\n", "YAML tags such as '!!binary' are not allowed"),
    ("title: T\npages: 0x" + "f" * 5000 + "\n", "a number on this line has more than 100 characters"),
    ("title: T\npages: " + "9" * 5000 + "\n", "a number on this line has more than 100 characters"),
    ("title: T\nlevels: " + "[" * 40 + "]" * 40 + "\n", "The YAML is nested more than 32 levels deep."),
    ("title: T\nlevels: " + "[" * 5000 + "]" * 5000 + "\n", "The YAML is nested more than 32 levels deep."),
    ("title: T\n" + "".join("  " * i + "a:\n" for i in range(40)), "The YAML is nested more than 32 levels deep."),
    ("title: T\ndescription:\n\tD.\n", "The YAML could not be read"),
    ("title: T\ndescription: \x07\n", "The YAML could not be read: control characters are not allowed."),
    ('title: "\\ud800"\n', "The YAML could not be read"),
    ("title: T\n? [a, b]\n: c\n", "The YAML could not be read"),
])
def test_other_hostile_yaml_becomes_one_finding(front, message):
    parsed = split(page(front), "docs/p.md")
    assert len(parsed.findings) == 1 and parsed.findings[0].rule == "yaml", parsed.findings
    assert message in parsed.findings[0].message
    assert parsed.findings[0].line and parsed.findings[0].line >= 2 and parsed.findings[0].fix


def test_yaml_problems_name_the_line_where_they_are():
    assert split(page("title: T\ndescription: D.\nstatus: !foo draft\n"), "docs/p.md").findings[0].line == 4
    assert split(page("title: T\ndescription: D.\nstatus: \x07\n"), "docs/p.md").findings[0].line == 4
    sheet, findings = load_worksheet(WORKSHEET.replace("pages: 1", "pages: !!int x"), "docs/worksheets/w.yml")
    assert sheet is None and [(f.rule, f.line) for f in findings] == [("worksheet", 6)]
    sheet, findings = load_worksheet(WORKSHEET.replace("pages: 1", "pages: 0x" + "f" * 200), "docs/worksheets/w.yml")
    assert sheet is None and [(f.rule, f.line) for f in findings] == [("worksheet", 6)]


def test_plain_yaml_is_still_read_and_str_tags_are_allowed():
    parsed = split(page('title: "Q&A: what *not* to do!"\ndescription: Rest & recover.\nstatus: draft\n'
                        "keywords: calm, rest\nsubtitle: !!str 1.0\n"), "docs/p.md")
    assert parsed.findings == []
    assert parsed.meta["title"] == "Q&A: what *not* to do!" and parsed.meta["subtitle"] == "1.0"
    assert string_list(parsed.meta["keywords"]) == ["calm", "rest"]
    assert check_meta(parsed.meta, "docs/p.md", parsed.meta_lines) == []
    assert all(load_worksheet(p.read_text(encoding="utf-8"), str(p))[0] for p in (REPO / "docs/worksheets").glob("*.yml"))


@pytest.mark.parametrize("raw", [
    b"---\r\ntitle: T\r\ndescription: D.\r\nstatus: draft\r\n---\r\n# T\r\n\r\nText.\r\n",
    b"---\rtitle: T\rdescription: D.\rstatus: draft\r---\r# T\r\rText.\r",
    b"\xef\xbb\xbf---\r\ntitle: T\r\ndescription: D.\r\nstatus: draft\r\n---\r\n# T\r\n\r\nText.\r\n",
    "\ufeff---\ntitle: T\ndescription: D.\nstatus: draft\n---\n# T\n\nText.\n".encode("utf-8"),
])
def test_windows_mac_and_bom_pages_keep_their_front_matter(raw):
    text, findings = decode(raw, "docs/p.md")
    assert findings == [] and "\r" not in text and not text.startswith("\ufeff")
    assert text == "---\ntitle: T\ndescription: D.\nstatus: draft\n---\n# T\n\nText.\n"
    parsed = split(text, "docs/p.md")
    assert parsed.findings == [] and parsed.meta == {"title": "T", "description": "D.", "status": "draft"}
    assert parsed.meta_lines == {"title": 2, "description": 3, "status": 4} and parsed.body_start_line == 6


def test_bad_utf8_is_still_reported_on_its_line_with_any_line_ending():
    for newline in (b"\n", b"\r\n", b"\r"):
        raw = newline.join([b"---", b"title: T", b"---", b"# T", b"caf\xe9"])
        _, findings = decode(raw, "docs/p.md")
        assert [(f.rule, f.line) for f in findings] == [("file-encoding", 5)]


@pytest.mark.parametrize("front", [
    "title: T\nloop: &x [*x]\n",
    BILLION_LAUGHS,
    "title: T\nx: " + "[" * 40_000 + "]" * 40_000 + "\n",  # crashes libyaml, and MkDocs reads front matter with it
    "title: !!python/name:os.system\n",
])
def test_mkdocs_is_handed_an_empty_mapping_instead_of_refused_front_matter(front):
    from mkdocs.utils.meta import get_data

    for closing in ("---", "...", "---  "):
        text = f"---\n{front}{closing}\n# T\n\nText.\n"
        safe = source_for_mkdocs(text)
        assert safe.count("\n") == text.count("\n") and safe.endswith(f"{closing}\n# T\n\nText.\n")
        assert get_data(safe) == ("# T\n\nText.\n", {})


@pytest.mark.parametrize("text", [
    "---\ntitle: T\ndescription: D.\nstatus: draft\n---\n# T\n",
    "---\ntitle: [unclosed\n---\n# T\n",  # MkDocs reports nothing and shows it as text; split reports it
    "# No front matter\n",
    "---\ntitle: T\n",
    "",
])
def test_other_pages_go_to_mkdocs_unchanged(text):
    assert source_for_mkdocs(text) is text


# ---------- headings, images and reading level ----------

def test_a_heading_with_100000_trailing_spaces_is_read_at_once():
    body = "# Title" + " " * 100_000 + "\n\n## Part" + " " * 100_000 + "#\n"
    started = time.perf_counter()
    assert check_headings(body, 6, "Title", "docs/p.md") == []
    assert time.perf_counter() - started < CEILING


@pytest.mark.parametrize("line, expected", [
    ("# Title", (1, "Title")),
    ("## Title ##", (2, "Title")),
    ("### Title {#my-id .class}", (3, "Title")),
    ("# Title ## {#id}", (1, "Title")),
    ("# Title {a}{b}", (1, "Title {a}")),
    ("# C#", (1, "C")),  # as Python-Markdown shows it
    ("#\tTabbed", (1, "Tabbed")),
    ("# 🌿 Calm and safe 🌿", (1, "🌿 Calm and safe 🌿")),
    ("#Title", None),
    ("####### Seven", None),
    (" # Indented", None),
    ("#", None),
])
def test_atx_heading(line, expected):
    assert atx_heading(line) == expected


def test_emoji_headings_and_titles_still_match():
    assert check_headings("# 🌿 Calm\n\n## Rest 😌\n", 6, "🌿 Calm", "docs/p.md") == []


def test_images_need_alt_text_and_html_images_are_found_on_long_lines():
    body = "![](a.png) ![A calm room](b.png)\n" + "x " * 50_000 + '<img src="c.png"> <img alt="Chair" src="d.png">\n'
    assert [(f.line, f.message) for f in check_images(body, 1, "docs/p.md")] == [
        (1, "The image 'a.png' has no description (alt text)."), (2, "An <img> has no description (alt text).")]


def test_reading_text_strips_links_images_and_markup():
    assert clean_inline("See [your team](../team.md) and ![A room](room.png) today.") == "See your team and today."
    assert clean_inline("Read [Ketamine](https://en.wikipedia.org/wiki/Ketamine_(drug)) first.") == "Read Ketamine first."
    assert clean_inline("Use [the list][list] and <b>rest</b>{: .note } **now**.") == "Use the list and rest now."


def test_warning_signs_are_found_with_a_line_range_and_in_every_include_form():
    for include, line in (('--8<-- "warning-signs.md:1:3"', 9), ("-8<- 'warning-signs.md'", 9),
                          ("--8<--\n    warning-signs.md\n    --8<--", 10)):
        body = f"Text.\n\n!!! danger\n    {include}\n"
        findings = check_warning_signs_link(body, 6, "docs/p.md", False)
        assert [(f.rule, f.line) for f in findings] == [("warning-signs-link", line)], include
        assert check_warning_signs_link(body + "\n[Get help](../get-help-now.md)\n", 6, "docs/p.md", False) == []
    for not_an_include in (';--8<-- "warning-signs.md"', '--8<-- warning-signs.md'):
        assert check_warning_signs_link(f"Text.\n{not_an_include}\n", 6, "docs/p.md", False) == []


# ---------- shared text (pymdownx.snippets) ----------

def test_snippet_references_are_found_in_every_form_with_their_lines():
    text = ('Text\n    --8<-- "warning-signs.md"\n;--8<-- "escaped.md"\n--8<--\nfirst.md\n;commented.md\n\n'
            "second.md:1:3\n--8<--\n-8<- 'single.md:section'\n```\n---8<--- \"in-code.md\"\n```\n"
            '--8<-- "trailing.md" \n--8<-- unquoted.md\n')
    refs = find_snippet_refs(text, 10)
    assert [(r.line, r.raw, r.form) for r in refs] == [
        (11, "warning-signs.md", "inline"), (14, "first.md", "block"), (17, "second.md:1:3", "block"),
        (19, "single.md:section", "inline"), (21, "in-code.md", "inline")]
    assert [r.path for r in refs] == ["warning-signs.md", "first.md", "second.md", "single.md", "in-code.md"]


@pytest.mark.parametrize("raw, parts", [
    ("file.md", ("file.md", None, None)),
    ("file.md:1:3", ("file.md", ":1:3", None)),
    ("file.md:3", ("file.md", ":3", None)),
    ("file.md:1:3,5:6", ("file.md", ":1:3,5:6", None)),
    ("file.md:-2", ("file.md", ":-2", None)),
    ("file.md:name", ("file.md", None, ":name")),
    ("dir:x/file.md", ("dir:x/file.md", None, None)),
    ("file.md:1:2:3", ("file.md:1", ":2:3", None)),
])
def test_split_target_agrees_with_pymdownx(raw, parts):
    from pymdownx.snippets import SnippetPreprocessor

    assert split_target(raw) == parts == SnippetPreprocessor.RE_SNIPPET_FILE.match(raw).groups()


def _body(*lines: str) -> str:
    return "Text.\n\n" + "\n".join(lines) + "\n"


def _check(markdown: str, bases: list[Path], front: str = "---\ntitle: T\n---\n") -> tuple[str, list]:
    return check_snippets(markdown, front + markdown, "docs/p.md", bases, REPO)


def test_valid_includes_with_line_ranges_and_sections_are_accepted():
    markdown = _body('!!! danger\n    --8<-- "warning-signs.md:1:3"', '--8<-- "warning-signs.md:3"',
                     '--8<-- "warning-signs.md:1:3,5:6"', '--8<-- "warning-signs.md"', "--8<--\nwarning-signs.md\n--8<--")
    assert _check(markdown, [SNIPPETS]) == (markdown, [])


def test_a_missing_snippet_is_named_with_its_line_a_suggestion_and_the_line_blanked():
    markdown = _body("!!! danger", '    --8<-- "warning-sings.md"', "", "After.")
    cleaned, findings = _check(markdown, [SNIPPETS])
    assert [(f.rule, f.path, f.line, f.severity) for f in findings] == [("snippet", "docs/p.md", 7, "error")]
    assert findings[0].message == "The shared text 'warning-sings.md' does not exist."
    assert findings[0].fix.startswith("Did you mean 'warning-signs.md'? Check the file name in docs/_snippets/")
    assert cleaned == markdown.replace('    --8<-- "warning-sings.md"', "    ")


@pytest.mark.parametrize("include, message", [
    ('--8<-- "../../mkdocs.yml"', "The shared text '../../mkdocs.yml' points outside docs/_snippets/."),
    ('--8<-- "../index.md"', "The shared text '../index.md' points outside docs/_snippets/."),
    ('--8<-- "/etc/passwd"', "The shared text '/etc/passwd' is an absolute path, outside docs/_snippets/."),
    ('--8<-- "https://example.org/a.md"', "Shared text 'https://example.org/a.md' is a web address"),
    ('--8<-- " "', "This shared-text line names no file."),
    ('--8<-- ":3"', "This shared-text line names no file."),
    ('--8<-- "warning-signs.md:1:-"', "The line range in 'warning-signs.md:1:-' is not valid."),
    ('--8<-- "warning-signs.md:no-such-part"', "The shared text docs/_snippets/warning-signs.md has no section"),
    ("--8<--\nmissing.md\n--8<--", "The shared text 'missing.md' does not exist."),
    ('--8<-- "warning-signs.md:' + "9" * 5000 + '"', "cannot exist"),
])
def test_includes_that_would_stop_the_build_are_reported_and_removed(include, message):
    markdown = _body(include, "After.")
    cleaned, findings = _check(markdown, [SNIPPETS])
    assert [f.rule for f in findings] == ["snippet"] and message in findings[0].message, findings
    assert findings[0].line == 6 + include.count("\n") // 2 and findings[0].fix
    assert "After." in cleaned and cleaned.count("\n") == markdown.count("\n")


@pytest.fixture
def snippet_folder(tmp_path) -> Path:
    base = tmp_path / "snippets"
    base.mkdir()
    (base / "a.md").write_text("one\n--8<-- [start:part]\ntwo\n--8<-- [end:part]\nthree\n", encoding="utf-8")
    (base / "nested.md").write_text('Intro\n--8<-- "a.md:part"\n', encoding="utf-8")
    (base / "broken.md").write_text('Intro\n\n--8<-- "gone.md"\n', encoding="utf-8")
    (base / "self.md").write_text('Me\n--8<-- "self.md"\n', encoding="utf-8")
    (base / "latin1.md").write_bytes(b"caf\xe9\n")
    (base / "folder").mkdir()
    (tmp_path / "secret.md").write_text("outside\n", encoding="utf-8")
    (base / "link.md").symlink_to(tmp_path / "secret.md")
    return base


def test_includes_inside_shared_text_are_checked_and_named_in_that_file(snippet_folder):
    markdown = _body('--8<-- "nested.md"', '--8<-- "broken.md"', '--8<-- "self.md"')
    cleaned, findings = check_snippets(markdown, markdown, "docs/p.md", [snippet_folder], snippet_folder.parent)
    assert [(f.path, f.line, f.severity) for f in findings] == [("snippets/broken.md", 3, "error"),
                                                                 ("snippets/self.md", 2, "warning")]
    assert findings[0].message == "The shared text 'gone.md' does not exist."
    assert "(This shared text is used by docs/p.md (line 4).)" in findings[0].fix
    assert cleaned == markdown.replace('--8<-- "broken.md"', "")


@pytest.mark.parametrize("include, message", [
    ('--8<-- "link.md"', "is a link to a file outside snippets/"),
    ('--8<-- "folder"', "The shared text 'folder' is a folder, not a file."),
    ('--8<-- "latin1.md"', "is not UTF-8 text"),
    ('--8<-- "a.md:nothing"', "has no section 'nothing'"),
])
def test_links_out_folders_unreadable_files_and_missing_sections(snippet_folder, include, message):
    markdown = _body(include)
    cleaned, findings = check_snippets(markdown, markdown, "docs/p.md", [snippet_folder], snippet_folder.parent)
    assert len(findings) == 1 and message in findings[0].message and findings[0].line == 3, findings
    assert include not in cleaned


def test_an_unclosed_block_is_one_finding_and_the_rest_stays_text():
    markdown = _body("--8<--", "warning-signs.md", "", "A paragraph that is not a file.", "Another one.")
    cleaned, findings = _check(markdown, [SNIPPETS])
    assert [(f.line, f.message.split(",")[0]) for f in findings] == [
        (6, "This '--8<--' line starts a block of shared-text files that never ends")]
    assert cleaned == markdown.replace("--8<--\n", "\n", 1)
    closed_at_the_end = _body("--8<--", "warning-signs.md")  # pymdownx reads this one fine
    assert _check(closed_at_the_end, [SNIPPETS]) == (closed_at_the_end, [])


def test_look_alikes_and_empty_ranges_are_warnings():
    markdown = _body('--8<-- "warning-signs.md" ', "--8<-- warning-signs.md", '--8<-- "warning-signs.md:50:60"',
                     "```", "--8<-- example.md", "```")
    cleaned, findings = _check(markdown, [SNIPPETS])
    assert cleaned == markdown
    assert [(f.line, f.severity) for f in findings] == [(8, "warning"), (6, "warning"), (7, "warning")]
    count = len((SNIPPETS / "warning-signs.md").read_text(encoding="utf-8").splitlines())
    assert count < 50, "the empty range above must lie past the shared text's end"
    assert f"selects no lines: docs/_snippets/warning-signs.md has {count} lines" in findings[0].message
    assert "will be shown to patients as written" in findings[1].message


def test_line_numbers_follow_the_file_even_when_the_markdown_is_not_its_end():
    full = "---\ntitle: T\n---\n# T\n\n--8<-- \"gone.md\"\n\nText.\n"
    markdown = "# T\n\n--8<-- \"gone.md\"\n\nText changed by another hook.\n"
    _, findings = check_snippets(markdown, full, "docs/p.md", [SNIPPETS], REPO)
    assert [f.line for f in findings] == [6]


FORMS = ['--8<-- "{}"', "-8<- '{}'", '    ---8<--- "{}"', "--8<--\n{}\n--8<--", ';--8<-- "{}"', '--8<-- "{}" ',
         '--8<--\t"{}"', "```\n--8<-- \"{}\"\n```"]
PATHS = ["a.md", "a.md:1:2", "a.md:part", "a.md:nothing", "a.md:3", "a.md:1:-", "a.md:-", "nested.md", "broken.md",
         "self.md", "folder", "latin1.md", "../secret.md", "/etc/passwd", "gone.md", " ", "a.md:1:3,4:5", "a.md::",
         ":3", "a.md:1,", "a.md:1:2:3", "folder/../a.md", ";a.md", "a.md:PART", "https://example.org/a.md"]


def test_findings_match_what_pymdownx_does_and_the_result_never_raises(snippet_folder, monkeypatch):
    """The real pymdownx.snippets (check_paths: true) on each include form and path: an error finding
    exactly when pymdownx raises, and the returned Markdown never raises. The one difference on
    purpose: a link (symlink) to a file outside the folder is refused; pymdownx follows it."""
    import markdown as python_markdown

    monkeypatch.chdir(snippet_folder.parent)

    def raises(text: str) -> bool:
        converter = python_markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={
            "pymdownx.snippets": {"base_path": [str(snippet_folder)], "check_paths": True}})
        try:
            converter.convert(text)
        except Exception:  # noqa: BLE001 - SnippetMissingError, and ValueError on ':-'
            return True
        return False

    for path in PATHS + ["link.md"]:
        for form in FORMS:
            text = _body(form.format(path), "After.")
            cleaned, findings = check_snippets(text, text, "docs/p.md", [snippet_folder])
            errors = [f for f in findings if f.severity == "error"]
            assert not raises(cleaned), (text, cleaned)
            if path != "link.md":
                assert bool(errors) == raises(text), (text, findings)


# ---------- clinic phone numbers ----------

def _extra(**clinic) -> dict:
    base = {"name": "Clinic", "phone": "+1 555 010 0199",
            "after_hours": {"label": "Nurse", "number": "+1 555 010 0142"},
            "crisis_lines": [{"label": "Crisis line", "number": "988", "ways": ["call", "text"]},
                             {"label": "Emergency", "number": "911"}]}
    base.update(clinic)
    return {"clinic": base}


def test_phone_numbers_in_quotes_are_fine():
    clinic, findings = load_clinic(_extra())
    assert findings == [] and clinic.phone == "+1 555 010 0199"
    assert [line.number for line in clinic.crisis_lines] == ["988", "911"]


@pytest.mark.parametrize("clinic, setting, kind", [
    ({"phone": 0o3001234567}, "extra.clinic.phone", "a number"),
    ({"phone": 988}, "extra.clinic.phone", "a number"),
    ({"after_hours": {"label": "Nurse", "number": 5550100142}}, "extra.clinic.after_hours.number", "a number"),
    ({"crisis_lines": [{"label": "Crisis", "number": 988}]}, "extra.clinic.crisis_lines[0].number", "a number"),
    ({"crisis_lines": [{"label": "A", "number": "1"}, {"label": "B", "number": 1.5}]},
     "extra.clinic.crisis_lines[1].number", "a number"),
    ({"crisis_lines": [{"label": "Crisis", "number": ["988"]}]}, "extra.clinic.crisis_lines[0].number", "not text"),
    ({"phone": True}, "extra.clinic.phone", "not text"),
])
def test_a_phone_number_that_is_not_text_is_an_error_and_never_shown(clinic, setting, kind):
    loaded, findings = load_clinic(_extra(**clinic))
    assert [(f.rule, f.path, f.message) for f in findings] == [
        ("clinic-settings", "mkdocs.yml", f"{setting} is {kind} in mkdocs.yml; phone numbers must be in quotes.")]
    assert "in quotes" in findings[0].fix
    shown = [loaded.phone] + [line.number for line in loaded.crisis_lines]
    shown += [loaded.after_hours.number] if loaded.after_hours else []
    assert all(isinstance(number, str) for number in shown)
    if setting == "extra.clinic.phone":
        assert loaded.phone == ""
    elif setting == "extra.clinic.after_hours.number":
        assert loaded.after_hours is None
    else:
        assert len(loaded.crisis_lines) == len(_extra(**clinic)["clinic"]["crisis_lines"]) - 1


def _line_of(text: str, start: str, after: int = 0) -> int:
    """The number of the first line at or after line ``after`` that starts (after spaces) with ``start``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if n > after and line.strip().startswith(start))


def test_an_octal_looking_number_from_mkdocs_yml_is_reported_on_its_line():
    import yaml

    lines = (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    phone = _line_of("\n".join(lines), "phone:")
    first_number = _line_of("\n".join(lines), "number:", _line_of("\n".join(lines), "crisis_lines:"))
    others = [line["number"] for line in real_config()["extra"]["clinic"]["crisis_lines"][1:]]
    for number, value in ((phone, "03001234567"), (first_number, "988")):  # the clinic's own numbers, unquoted
        key = lines[number - 1].split(":")[0]
        lines[number - 1] = f"{key}: {value}"
    text = "\n".join(lines) + "\n"
    config = yaml.safe_load(text)
    assert config["extra"]["clinic"]["phone"] == 402995575  # what YAML makes of it
    clinic, findings = load_clinic(config["extra"], lines_in(text))
    assert [(f.line, f.message) for f in findings] == [
        (phone, "extra.clinic.phone is a number in mkdocs.yml; phone numbers must be in quotes."),
        (first_number, "extra.clinic.crisis_lines[0].number is a number in mkdocs.yml; phone numbers must be in quotes.")]
    assert clinic.phone == "" and [line.number for line in clinic.crisis_lines] == others
    assert load_clinic(config["extra"])[1][0].line is None  # the callers' form still works


def test_clinic_setting_lines_of_the_real_settings():
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    lines = {key: line for key, line in lines_in(text).items() if key.startswith("extra.clinic")}
    assert lines["extra.clinic.phone"] == _line_of(text, "phone:")
    assert lines["extra.clinic.after_hours.number"] == _line_of(text, "number:", _line_of(text, "after_hours:"))
    assert lines["extra.clinic.crisis_lines[0].number"] == _line_of(text, "number:", _line_of(text, "crisis_lines:"))
    assert all(key.startswith("extra.clinic") for key in lines)
    assert lines_in("extra: [unclosed") == {}
