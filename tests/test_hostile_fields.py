"""Hostile values in fields: front matter, settings and worksheet fields, built with `mkdocs build --strict`.

Each value is refused with one message naming its file and line and what to do, never a traceback or a hang,
and a refused value never reaches what the build makes from it: the theme's templates (a social icon naming a
file), the search index (a boost of infinity), a mailto: link (a hidden bcc), the worksheets' own files (an id
such as 'workbook'), a request from the build machine (the external link check) or a GitHub annotation.
All of them are in one build: none of these inputs stops another from being read.
"""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from conftest import build_once, make_site, page, run_mkdocs
from kapguide.settings_lines import lines_in
from kapguide.worksheet_model import load_worksheet

GOOD = "You can read this page in a minute. It is calm and plain."
FORGED_NAME = "nl\n::error file=x::forged.md"


def front(fields: str, title: str = "T") -> str:
    """A page whose front matter has title (line 2), description, status, then ``fields`` from line 5."""
    return f"---\ntitle: {title}\ndescription: D.\nstatus: draft\n{fields}---\n# {title}\n\n{GOOD}\n"


def worksheet(sheet_id: str, fields: str = "", instructions: str = "Fill it in.") -> str:
    """A valid worksheet (id on line 1, instructions on line 5, the first field's id on line 9), plus ``fields``."""
    return (f"id: {sheet_id}\ntitle: A sheet {sheet_id}\nsection: preparation\npurpose: What it is for.\n"
            f"instructions: {instructions}\npages: 1\nfields:\n  - kind: lines\n    id: one\n    lines: 2\n"
            f"    label: My answer\n{fields}")


def grid(field_id: str, rows: int, columns: int) -> str:
    return (f"  - kind: grid\n    id: {field_id}\n    label: Each day\n"
            f"    rows: [{', '.join(f'Day {n}' for n in range(1, rows + 1))}]\n"
            f"    columns: [{', '.join(f'Note {n}' for n in range(1, columns + 1))}]\n")


PAGES = {
    "fm/title-number.md": front("", title="988"),
    "fm/title-list.md": front("").replace("title: T", "title: [a, b]"),
    "fm/title-mapping.md": front("").replace("title: T", "title: {a: b}"),
    "fm/search-text.md": front('search: "x"\n'),
    "fm/search-infinite.md": front("search:\n  boost: .inf\n"),
    "fm/hide-number.md": front("hide: 5\n"),
    FORGED_NAME: front("", title="1"),
    "worksheets/index.yml": worksheet("index"),
    "worksheets/workbook.yml": worksheet("workbook"),
    "worksheets/workbook-preparation.yml": worksheet("workbook-preparation"),
    "worksheets/field-id-newline.yml": worksheet("field-id-newline").replace("id: one", 'id: "one\\n"'),
    "worksheets/reference-links.yml": worksheet(
        "reference-links", instructions="|\n  Read [this][1] and look: ![x][2]\n\n  [1]: javascript:alert(1)\n"
                                        "  [2]: https://evil.example/x.png"),
    "worksheets/many-rows.yml": worksheet("many-rows", grid("days", 40, 2)),
    "worksheets/many-columns.yml": worksheet("many-columns", grid("days", 2, 12)),
    "worksheets/many-cells.yml": worksheet("many-cells", grid("first", 31, 5) + grid("second", 31, 5)),
}

# file (and line) -> the message a person sees, each once
EXPECTED = {
    "title number": "docs/fm/title-number.md:2: 'title' must be text.",
    "title list": "docs/fm/title-list.md:2: 'title' must be text.",
    "title mapping": "docs/fm/title-mapping.md:2: 'title' must be text.",
    "search text": "docs/fm/search-text.md:5: 'search' must be a block of settings: boost or exclude.",
    "search infinite": "docs/fm/search-infinite.md:5: 'search: boost' is inf; it must be a number from 0.1 to 10",
    "hide number": "docs/fm/hide-number.md:5: 'hide' must be a list of some of: navigation, toc",
    "forged file name": "docs/nl\\n::error file=x::forged.md:2: 'title' must be text.",
    "id index": "docs/worksheets/index.yml:1: The id 'index' is kept for the list of worksheets (worksheets/)",
    "id workbook": "docs/worksheets/workbook.yml:1: The id 'workbook' is kept for the whole workbook (worksheets/workbook.pdf)",
    "id section workbook": ("docs/worksheets/workbook-preparation.yml:1: The id 'workbook-preparation' is kept for the "
                            "preparation workbook (worksheets/workbook-preparation.pdf)"),
    "field id newline": "docs/worksheets/field-id-newline.yml:9: The field id 'one\\n' may only use a-z, 0-9 and dashes.",
    "reference link": ("docs/worksheets/reference-links.yml:5: In 'instructions': The address 'javascript:alert(1)' "
                       "on <a> was removed"),
    "reference picture": "docs/worksheets/reference-links.yml:5: In 'instructions': The HTML element <img> was removed",
    "grid rows": "docs/worksheets/many-rows.yml:15: 'rows' has 40 entries; at most 31 fit down a printed page",
    "grid columns": "docs/worksheets/many-columns.yml:16: 'columns' has 12 entries; at most 8 fit across a printed page",
    "grid cells": "docs/worksheets/many-cells.yml:7: The worksheet has 311 places to write",
    "social": "mkdocs.yml:{social}: extra.social is not a setting this guide knows.",
    "homepage": "mkdocs.yml:{homepage}: extra.homepage is not a setting this guide knows.",
    "email bcc": "mkdocs.yml:{email}: extra.clinic.email: 'care@x.example?bcc=spy@evil.example' is not one plain email address.",
    "colour css": "mkdocs.yml:{primary}: extra.clinic.colours.primary is 'red;}}body{{background:url(https://x.exa",
    "colour new line": "mkdocs.yml:{link}: extra.clinic.colours.link is '#00695c\\n}}body{{color:red}}', not a colour code",
    "translated name": ("mkdocs.yml:{name}: extra.clinic.translations.es.name: holds HTML (<img src=x onerror=alert(1)>); "
                        "this setting is plain text."),
    "text message": ("mkdocs.yml:{text_message}: extra.clinic.translations.es.crisis_lines[0].text_message: 'AYUDA?bcc=1' "
                     "is not a word a text message can start with."),
    "long number": ("mkdocs.yml:{after_hours}: extra.clinic.after_hours.number: '+1 555 0100 1999 9999' is not a phone "
                    "number a phone can dial."),
    "timeout": "mkdocs.yml:{timeout}: extra.checks.links.timeout: 100000 is not allowed; it must be more than 0 and at most 30",
    "mail bcc in a page": "docs/links.md:8: 'mailto:care@x.example?bcc=spy@evil.example' adds bcc to the email",
    "private address": "The external link 'http://10.255.255.1/' leads to the build machine's own network (10.255.255.1)",
    "metadata address": ("The external link 'http://169.254.169.254/latest/meta-data/' leads to the build machine's own "
                         "network (169.254.169.254)"),
    "loopback name": "The external link 'http://localhost:{port}/' leads to the build machine's own network (localhost is",
}


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A server on the build machine that counts every request made to it (the link check must make none)."""
    requests: list[str] = []

    def do_GET(self) -> None:  # the name http.server calls
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args) -> None:
        pass


def build_fields(root):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    links = ("---\ntitle: Links\ndescription: D.\nstatus: draft\n---\n# Links\n\n"
             "[Email us](mailto:care@x.example?bcc=spy@evil.example)\n\n[Inside](http://10.255.255.1/) "
             f"[Metadata](http://169.254.169.254/latest/meta-data/) [Here](http://localhost:{port}/)\n\n{GOOD}\n")
    extra = {"social": [{"icon": "../../../../etc/passwd", "link": "https://example.org"}],
             "homepage": "javascript:alert(1)",
             "clinic": {"email": "care@x.example?bcc=spy@evil.example",
                        "after_hours": {"label": "Nurse", "number": "+1 555 0100 1999 9999"},
                        "colours": {"primary": "red;}body{background:url(https://x.example/a.png)}",
                                    "link": "#00695c\n}body{color:red}"},
                        "translations": {"es": {"name": "Clínica <img src=x onerror=alert(1)>",
                                                "crisis_lines": [{"text_message": "AYUDA?bcc=1"}]}}},
             "checks": {"links": {"check_external": True, "timeout": 100000}}}
    config, site = make_site(root, {"index.md": page("Home", GOOD), "links.md": links, **PAGES}, extra=extra)
    started = time.monotonic()
    try:
        result = run_mkdocs(config, site, env={"GITHUB_ACTIONS": "true"})
    finally:
        server.shutdown()
        server.server_close()
    (root / "facts.json").write_text(json.dumps({"port": port, "requests": _Recorder.requests,
                                                 "seconds": time.monotonic() - started}), encoding="utf-8")
    return result


@pytest.fixture(scope="module")
def fields_build(tmp_path_factory):
    result, root = build_once(tmp_path_factory, "hostile-fields", build_fields)
    return result, root, json.loads((root / "facts.json").read_text(encoding="utf-8"))


def _setting_lines(root) -> dict[str, int]:
    """The line of each hostile setting in the fixture site's mkdocs.yml (settings_lines finds them as the build does)."""
    lines = lines_in((root / "mkdocs.yml").read_text(encoding="utf-8"))
    clinic = "extra.clinic"
    return {"social": lines["extra.social"], "homepage": lines["extra.homepage"], "email": lines[f"{clinic}.email"],
            "primary": lines[f"{clinic}.colours.primary"], "link": lines[f"{clinic}.colours.link"],
            "name": lines[f"{clinic}.translations.es.name"],
            "text_message": lines[f"{clinic}.translations.es.crisis_lines[0].text_message"],
            "after_hours": lines[f"{clinic}.after_hours.number"], "timeout": lines["extra.checks.links.timeout"]}


@pytest.mark.parametrize("case", EXPECTED)
def test_each_hostile_field_is_named_once_with_its_line(fields_build, case):
    result, root, facts = fields_build
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    expected = EXPECTED[case].format(**_setting_lines(root), port=facts["port"])
    named = [line for line in result.stderr.splitlines() if expected in line]
    assert len(named) == 1, f"{case}: {expected!r} in {len(named)} lines of\n{result.stderr[-4000:]}"
    assert named[0].startswith(("ERROR", "WARNING")) and " Fix: " in named[0]


def test_refused_values_reach_nothing_the_build_makes(fields_build):
    _, root, _ = fields_build
    site = root / "site"
    text = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    index = json.loads(text, parse_constant=lambda name: pytest.fail(f"the search index holds {name}, which is not JSON"))
    assert not any("boost" in doc for doc in index["docs"])
    assert not (site / "worksheets" / "index" / "index.html").exists()  # the worksheets' list is the list
    listed = (site / "worksheets" / "index.html").read_text(encoding="utf-8")
    assert "A sheet index" not in listed and "A sheet workbook" not in listed, "a worksheet took a reserved id"
    for built in set(site.rglob("*.html")) - {site / "links" / "index.html"}:  # that page's own link is reported
        html = built.read_text(encoding="utf-8")
        assert "bcc=" not in html and "etc/passwd" not in html and "javascript:" not in html, built
    colours = (site / "assets" / "stylesheets" / "clinic-colours.css").read_text(encoding="utf-8")
    assert "url(" not in colours and "color:red" not in colours


def test_an_annotation_cannot_be_forged_with_a_file_name(fields_build):
    result, _, _ = fields_build
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    assert not [line for line in lines if line.startswith("::error file=x")], "a forged annotation was printed"
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert any("file=docs/nl%0A%3A%3Aerror file=x%3A%3Aforged.md,line=2" in line for line in annotations)
    for line in annotations:  # each is one command whose properties end at the first '::'
        command, _, properties = line[2:].partition("::")[0].partition(" ")
        assert command in ("error", "warning"), line
        assert [name.partition("=")[0] for name in properties.split(",")] in (["file", "title"], ["file", "line", "title"]), line


def test_the_link_check_never_requests_the_build_machines_own_network(fields_build):
    result, _, facts = fields_build
    assert f"'http://localhost:{facts['port']}/' leads to the build machine's own network" in result.stderr
    assert facts["requests"] == [], "the link check requested an address on the build machine"
    assert facts["seconds"] < 120


def test_a_huge_grid_is_refused_before_anything_is_drawn():
    """3.5 KB of YAML asking for 500 x 100 answer boxes kept the build busy for minutes; now it is a message."""
    started = time.monotonic()
    sheet, findings = load_worksheet(worksheet("huge", grid("days", 500, 100)), "docs/worksheets/huge.yml")
    assert sheet is None and time.monotonic() - started < 1
    assert [f.line for f in findings] == [15, 16]
