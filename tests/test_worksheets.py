"""Worksheets: the model's checks, the real PDFs read back, the web pages, the cache, bad input and clinical review."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import (
    CACHE_ENV,
    FIXED_TODAY,
    GET_HELP_PAGE,
    REPO,
    build_once,
    field_names,
    logged_as_problem,
    make_site,
    page,
    parsed_page,
    pdf_text,
    real_config,
    run_mkdocs,
    squash,
)
from kapguide.clinic import load_clinic
from kapguide.frontmatter import split
from kapguide.pagemeta import DEFAULT_DATE_FORMAT, ReviewSettings
from kapguide.worksheet_model import keep_unique_ids, load_worksheet

SHEET_FILES = sorted((REPO / "docs" / "worksheets").glob("*.yml"))
SHEETS = [load_worksheet(p.read_text(encoding="utf-8"), str(p))[0] for p in SHEET_FILES]
CLINIC, _ = load_clinic(real_config()["extra"])
PAPER_POINTS = {"letter": (612, 792), "a4": (595, 842)}  # width and height of a page, in PDF points
PAPER = str((real_config()["extra"].get("worksheets") or {}).get("paper", "letter")).lower()


# ---------- the model ----------

def test_the_project_ships_at_least_eleven_valid_worksheets():
    assert len(SHEETS) >= 11 and all(SHEETS)
    ids = {s.id for s in SHEETS}
    assert {"intention-setting", "session-day-checklist", "grounding-card", "after-a-difficult-session", "expectations",
            "mood-tracker", "setback-plan", "support-network", "next-session-prep", "insight-review",
            "safety-plan"} <= ids
    kinds = {f.kind for s in SHEETS for f in s.fields}
    assert {"lines", "short", "date", "scale", "checklist", "grid", "contacts"} <= kinds


def test_the_template_is_a_valid_worksheet():
    sheet, findings = load_worksheet((REPO / "docs/templates/worksheet.yml").read_text(), "docs/templates/worksheet.yml")
    assert findings == [] and sheet.id == "my-sleep-diary"


GOOD = """id: test-sheet
title: Test sheet
section: preparation
purpose: A purpose.
instructions: Fill it in.
pages: 1
fields:
  - kind: lines
    label: What do I hope for?
    lines: 2
  - kind: scale
    label: How calm am I?
    min: 0
    max: 10
    low: Not calm
    high: Very calm
"""

BAD_SHEETS = {
    "malformed yaml": (GOOD.replace("purpose: A purpose.", "purpose: [A purpose."), "could not be read", None),
    "unknown kind": (GOOD.replace("kind: lines", "kind: essay"), "unknown kind 'essay'", 8),
    "missing title": (GOOD.replace("title: Test sheet\n", ""), "has no 'title'", 1),
    "missing fields": (GOOD.split("fields:")[0], "has no fields", 1),
    "unknown section": (GOOD.replace("section: preparation", "section: recovery"), "Unknown section 'recovery'", 3),
    "scale min >= max": (GOOD.replace("min: 0", "min: 10"), "runs from 10 to 10; every scale in this guide runs from 0 to 10", 13),
    "scale from 1": (GOOD.replace("min: 0", "min: 1"), "runs from 1 to 10; every scale", 13),
    "grid on another scale": (GOOD.replace("  - kind: scale", "  - kind: grid\n    label: Week\n    rows: [Mon]\n"
                                           "    columns: [\"Mood (1-5)\"]\n  - kind: scale"),
                              "The column 'Mood (1-5)' uses a 1-5 scale", 14),
    "unknown setting": (GOOD.replace("pages: 1", "pages: 1\ncolour: blue"), "Unknown setting 'colour'", 7),
    "unknown field setting": (GOOD.replace("    lines: 2", "    lines: 2\n    size: big"), "has no setting 'size'", 11),
    "empty file": ("", "empty", 1),
    "not a mapping": ("- just\n- a list\n", "empty or not a set", 1),
    "wrong type": (GOOD.replace("pages: 1", "pages: one"), "'pages' must be a whole number", 6),
}


@pytest.mark.parametrize("name", BAD_SHEETS)
def test_bad_worksheet_files_give_a_message_with_the_line(name):
    text, message, line = BAD_SHEETS[name]
    sheet, findings = load_worksheet(text, "docs/worksheets/test-sheet.yml")
    assert sheet is None
    assert any(message in f.message for f in findings), findings
    if line:
        assert any(f.line == line for f in findings if message in f.message), findings


def test_worksheet_text_keeps_to_the_three_levels_of_urgency():
    """Said in a worksheet's help or instructions, "call your team straight away" fails the build at its line."""
    text = GOOD.replace("instructions: Fill it in.", "instructions: If you feel worse, call your team straight away.")
    sheet, findings = load_worksheet(text, "docs/worksheets/test-sheet.yml")
    assert sheet is not None
    assert [(f.rule, f.line) for f in findings] == [("urgency", 5)]
    assert '"straight away"' in findings[0].message
    help_text = GOOD.replace("    lines: 2", "    lines: 2\n    help: Contact your clinic urgently if it gets worse.")
    assert [(f.rule, f.line) for f in load_worksheet(help_text, "x.yml")[1]] == [("urgency", 11)]


def test_duplicate_ids_are_reported():
    a, _ = load_worksheet(GOOD, "docs/worksheets/a.yml")
    b, _ = load_worksheet(GOOD, "docs/worksheets/b.yml")
    kept, findings = keep_unique_ids([a, b])
    assert kept == [a]
    assert [(f.path, f.line) for f in findings] == [("docs/worksheets/b.yml", 1)]
    assert "already uses the id 'test-sheet'" in findings[0].message


# ---------- the real PDFs ----------

@pytest.mark.parametrize("sheet", SHEETS, ids=lambda s: s.id)
def test_worksheet_pdf_read_back(built_site, sheet):
    reader = PdfReader(built_site / "worksheets" / f"{sheet.id}.pdf")
    assert 1 <= len(reader.pages) <= sheet.pages
    text = pdf_text(reader)
    assert squash(sheet.title) in text
    for f in sheet.fields:
        assert squash(f.label) in text, f.label
    assert squash(CLINIC.contact_line()) in text
    assert squash(CLINIC.crisis_line_text()) in text
    fields = reader.get_fields()
    assert set(fields) == set(field_names(sheet))
    for f in sheet.fields:
        if f.kind == "checklist":
            assert all(fields[f"{sheet.id}.{f.id}.{i + 1}"].get("/FT") == "/Btn" for i in range(len(f.items)))
        elif f.kind in ("lines", "short", "date", "scale"):
            assert fields[f"{sheet.id}.{f.id}"].get("/FT") == "/Tx"
    first_page = squash(reader.pages[0].extract_text())
    assert_the_three_levels_with_the_numbers(first_page, CLINIC)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == PAPER_POINTS[PAPER]


def assert_the_three_levels_with_the_numbers(text: str, clinic) -> None:
    """Page 1 of a printed worksheet: now (every crisis line), today (the clinic, its after-hours route), next visit."""
    now, today, later = (text.index("Now: call the emergency number or a crisis line"),
                         text.index("Today: contact your treatment team"), text.index("At your next visit"))
    assert now < today < later
    for line in clinic.crisis_lines:
        assert now < text.index(squash(f"{line.label}: {line.ways_text.lower()}")) < today, line.label
    assert today < text.index(squash(f"{clinic.name}: {clinic.phone}")) < later
    after_hours = f"{clinic.after_hours.label}, {clinic.after_hours.number}" if clinic.after_hours else "call a crisis line above"
    assert today < text.index(squash(f"When the clinic is closed: {after_hours}")) < later


CONTACT_SHEETS = [s.id for s in SHEETS if any(f.kind == "contacts" for f in s.fields)]  # the safety plan in the sample


@pytest.mark.skipif(not CONTACT_SHEETS, reason="no worksheet of this guide has a contacts field")
def test_safety_plan_numbers_can_be_tapped_on_the_web(built_site):
    expected = {CLINIC.phone_line.tel_href} | {line.tel_href for line in CLINIC.crisis_lines if "call" in line.ways}
    expected |= {line.sms_href for line in CLINIC.crisis_lines if "text" in line.ways}
    if CLINIC.after_hours:
        expected.add(CLINIC.after_hours.tel_href)
    for sheet_id in CONTACT_SHEETS:
        html = parsed_page(built_site / "worksheets" / sheet_id / "index.html")
        assert {a["href"] for a in html.select(".kap-ws-contacts a")} == expected, sheet_id


@pytest.mark.skipif(not CONTACT_SHEETS, reason="no worksheet of this guide has a contacts field")
def test_safety_plan_lists_the_clinic_contacts_from_the_settings(built_site):
    for sheet_id in CONTACT_SHEETS:
        text = pdf_text(PdfReader(built_site / "worksheets" / f"{sheet_id}.pdf"))
        assert CLINIC.phone in text, sheet_id
        for line in CLINIC.crisis_lines:
            assert line.label in text and line.number in text, (sheet_id, line.label)


def test_workbooks_have_a_cover_contents_and_every_worksheet(built_site):
    reader = PdfReader(built_site / "worksheets" / "workbook.pdf")
    text = pdf_text(reader)
    assert "My KAP workbook" in text and "Contents" in text
    per_sheet = sum(len(PdfReader(built_site / "worksheets" / f"{s.id}.pdf").pages) for s in SHEETS)
    assert len(reader.pages) == 1 + per_sheet
    assert set(reader.get_fields()) == {name for s in SHEETS for name in field_names(s)}
    for section in ("preparation", "in-session", "difficult-sessions", "between-sessions"):
        book = PdfReader(built_site / "worksheets" / f"workbook-{section}.pdf")
        titles = [s.title for s in SHEETS if s.section == section]
        assert all(squash(t) in pdf_text(book) for t in titles)


def built_pdfs(site) -> list[dict]:
    """Every worksheet PDF and workbook the build made, as its report lists them (id, section, pages, pdf)."""
    return json.loads((site.parent / "report" / "report.json").read_text())["worksheets"]


def top_texts(reader: PdfReader, page_number: int) -> list[str]:
    """The pieces of text printed in the top tenth of a page (the page head, above the worksheet)."""
    printed = reader.pages[page_number]
    top = float(printed.mediabox.top) - float(printed.mediabox.height) / 10
    found: list[str] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and tm[4] * cm[1] + tm[5] * cm[3] + cm[5] >= top:
            found.append(squash(text))

    printed.extract_text(visitor_text=visit)
    return found


ONE_PAGE_LIMIT = 100 * 1024  # bytes: fonts are cut to the letters used, except the small form-field font


def test_worksheet_pdfs_are_small_tagged_fillable_and_name_the_clinic_at_the_top(built_site):
    """Engine-level: whatever worksheets the site has, on whatever paper the settings choose."""
    pdfs = built_pdfs(built_site)
    assert pdfs
    for entry in pdfs:
        path = built_site / entry["pdf"]
        reader = PdfReader(path)
        assert len(reader.pages) == entry["pages"]
        if entry["section"] != "workbook" and entry["pages"] == 1:
            assert path.stat().st_size < ONE_PAGE_LIMIT, f"{entry['pdf']}: {path.stat().st_size} bytes"
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], f"{entry['pdf']} is not tagged"
        assert reader.get_fields(), f"{entry['pdf']} has no form fields"
        for number in range(len(reader.pages)):
            assert squash(CLINIC.name) in top_texts(reader, number), f"{entry['pdf']} page {number + 1}"
    largest_font = max(len(font["/FontDescriptor"]["/FontFile2"].get_data())
                       for entry in pdfs for font in embedded_fonts(PdfReader(built_site / entry["pdf"])))
    assert largest_font < 80 * 1024, "a font is embedded whole: is the form fields' font (worksheet_fonts.py) in use?"


def embedded_fonts(reader: PdfReader) -> list:
    """The descendant (CID) fonts of every page's fonts."""
    fonts = {}
    for printed in reader.pages:
        for ref in (printed["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", []):
                fonts[font["/BaseFont"]] = descendant.get_object()
    return list(fonts.values())


def png(colour: tuple[int, int, int], size: tuple[int, int] = (1200, 400)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def test_the_logo_and_clinic_name_head_the_pdfs_and_a_change_to_either_makes_them_again(fixture_site, tmp_path):
    report, kept = tmp_path / "report" / "report.json", {CACHE_ENV: str(tmp_path / "kept")}
    logo = "assets/images/test-logo.png"

    def build(name: str, colour: tuple[int, int, int]) -> tuple[dict[str, bool], Path]:
        clinic = {"clinic": {"name": name, "logo": logo}}
        config, site = _sheet_site(fixture_site, tmp_path, {"t.yml": GOOD}, pages={logo: png(colour)}, extra=clinic)
        result = run_mkdocs(config, site, env=kept)
        assert result.returncode == 0, result.stderr
        return {Path(w["pdf"]).name: w["from_cache"] for w in json.loads(report.read_text())["worksheets"]}, site

    made, site = build("Smith & Jones Clinic", (200, 30, 30))
    assert made and not any(made.values())
    for name in made:
        reader = PdfReader(site / "worksheets" / name)
        assert "Smith & Jones Clinic" in top_texts(reader, 0), f"{name}: the name is printed as written (& escaped, not shown as &amp;)"
        images = [x.get_object() for x in (reader.pages[0]["/Resources"].get("/XObject") or {}).values()]
        pictures = [x for x in images if x.get("/Subtype") == "/Image"]
        assert pictures, f"{name}: no logo on page 1"
        assert max(x["/Width"] for x in pictures) < 1200, "a large logo is kept to the resolution printed"
    assert all(build("Smith & Jones Clinic", (200, 30, 30))[0].values()), "nothing changed: every PDF from the cache"
    assert not any(build("Smith & Jones Clinic", (30, 30, 200))[0].values()), "a new logo under the same name"
    made, site = build("Another Clinic", (30, 30, 200))
    assert not any(made.values()) and "Another Clinic" in top_texts(PdfReader(site / "worksheets" / "test-sheet.pdf"), 0)


# ---------- the web pages ----------

@pytest.mark.parametrize("sheet", SHEETS, ids=lambda s: s.id)
def test_worksheet_web_page_has_every_field_and_the_privacy_tools(built_site, sheet):
    html = parsed_page(built_site / "worksheets" / sheet.id / "index.html")
    form = html.select_one("[data-kap-worksheet]")
    assert form["data-kap-storage-key"] == f"kap-guide:worksheet:{sheet.id}"
    names = {el["name"] for el in form.select("input[name], textarea[name]")}
    expected = set(field_names(sheet))
    for f in sheet.fields:
        if f.kind == "scale":  # radio buttons on screen share one name
            assert len(form.select(f'input[type=radio][name="{sheet.id}.{f.id}"]')) == f.max - f.min + 1
    assert names == expected
    assert html.select_one("article form") is None, "no form element: nothing can be submitted"
    assert html.select_one(".kap-ws__clear").get_text(strip=True) == "Clear my answers"
    assert html.select_one(".kap-ws__print").get_text(strip=True) == "Print"
    assert "Nothing is sent anywhere" in html.select_one(".kap-ws__privacy").get_text()
    assert html.select_one(f'a[href="../{sheet.id}.pdf"]') is not None
    for label in form.select("input:not([type=radio]):not([aria-label]), textarea"):
        assert form.select_one(f'label[for="{label["id"]}"]'), f"{label} has no label"


def test_my_answers_page_names_every_answer_of_every_worksheet_and_is_linked_from_the_index(built_site):
    html = parsed_page(built_site / "worksheets" / "my-answers" / "index.html")
    assert html.select_one(".kap-help a[href^='tel:']") is not None, "the help card is on the page"
    assert any(s["src"].endswith("assets/javascripts/worksheets.js") for s in html.select("script[src]"))
    assert "only in this browser on this device" in squash(html.select_one("article").get_text(" "))
    sections = {s["data-kap-answers-sheet"]: s for s in html.select("[data-kap-answers-sheet]")}
    assert set(sections) == {s.id for s in SHEETS}
    for sheet in SHEETS:
        section = sections[sheet.id]
        assert section["data-kap-storage-key"] == f"kap-guide:worksheet:{sheet.id}"
        assert squash(section.select_one("h2").get_text()) == squash(sheet.title)
        assert [a["data-kap-answer"] for a in section.select("[data-kap-answer]")] == field_names(sheet)
        assert section.has_attr("data-kap-keeps-weeks") == sheet.keeps_weeks
        charts = [f for f in sheet.fields if f.kind == "grid" and True in f.rating_columns]
        assert [c["data-kap-chart"] for c in section.select("[data-kap-chart]")] == [f"{sheet.id}.{f.id}" for f in charts]
    for name in ("save", "load", "print", "delete"):
        assert html.select_one(f".kap-answers__{name}") is not None, name
    index = parsed_page(built_site / "worksheets" / "index.html")
    assert index.select_one('article a[href="my-answers/"]') is not None


@pytest.mark.parametrize("sheet", [s for s in SHEETS if s.keeps_weeks], ids=lambda s: s.id)
def test_rating_cells_take_numbers_on_screen_and_a_new_week_can_be_started(built_site, sheet):
    html = parsed_page(built_site / "worksheets" / sheet.id / "index.html")
    assert html.select_one(".kap-ws__new-week").get_text(strip=True) == "Start a new week"
    for f in (f for f in sheet.fields if f.kind == "grid"):
        for c, rating in enumerate(f.rating_columns, 1):
            cell = html.select_one(f'input[name="{sheet.id}.{f.id}.r1c{c}"]')
            assert (cell.get("inputmode"), cell.get("pattern")) == (("numeric", "[0-9]|10") if rating else (None, None))


def pages_naming_worksheets() -> dict[str, list[str]]:
    """Content page (its folder under docs/, e.g. 'preparation/intentions') -> the worksheet ids its front matter names."""
    named = {}
    for source in sorted((REPO / "docs").glob("*/*.md")):
        meta = split(source.read_text(encoding="utf-8"), str(source)).meta
        if meta.get("worksheets") and source.name != "index.md" and source.parent.name not in ("_snippets", "templates"):
            named[source.relative_to(REPO / "docs").with_suffix("").as_posix()] = meta["worksheets"]
    return named


def test_content_pages_link_their_worksheets_and_worksheets_link_back(built_site):
    named = pages_naming_worksheets()
    assert named, "no content page names a worksheet"
    for folder, sheet_ids in named.items():
        html = parsed_page(built_site / folder / "index.html")
        related = [a["href"] for a in html.select(".kap-related a")]
        for sheet_id in sheet_ids:
            assert f"../../worksheets/{sheet_id}/" in related, (folder, sheet_id)
            sheet = parsed_page(built_site / "worksheets" / sheet_id / "index.html")
            assert sheet.select_one(f'a[href="../../{folder}/"]') is not None, (sheet_id, folder)


def test_worksheets_index_groups_by_section_with_web_and_pdf_links(built_site):
    html = parsed_page(built_site / "worksheets" / "index.html")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in html.select("article h2")]
    assert headings[:4] == ["Before your first session", "On the day of a session", "When a session is hard",
                            "Between sessions"]
    hrefs = {a["href"] for a in html.select("article a")}
    for sheet in SHEETS:
        assert f"{sheet.id}/" in hrefs and f"{sheet.id}.pdf" in hrefs
    assert "workbook.pdf" in hrefs


# ---------- builds: cache, paper, bad input ----------

def _sheet_site(fixture_site, tmp_path, sheets: dict[str, str], pages: dict | None = None, extra: dict | None = None):
    files = {f"worksheets/{name}": text for name, text in sheets.items()}
    settings = {"worksheets": {"cache_dir": str(tmp_path / "cache")}}
    settings.update(extra or {})
    return fixture_site({"index.md": page("Home"), **files, **(pages or {})},
                        nav=["index.md", "worksheets/index.md", "get-help-now.md"], extra=settings)


def test_a_second_build_makes_no_pdf(fixture_site, tmp_path):
    """Three builds sharing one cache folder (KAP_GUIDE_CACHE_DIR), under which the relative cache_dir is kept."""
    sheets = {"first.yml": GOOD.replace("test-sheet", "first"),
              "second.yml": GOOD.replace("test-sheet", "second").replace("section: preparation", "section: in-session")}
    config, site = _sheet_site(fixture_site, tmp_path, sheets, extra={"worksheets": {"cache_dir": ".cache/pdfs"}})
    kept, pdfs = {CACHE_ENV: str(tmp_path / "kept")}, tmp_path / "kept" / ".cache" / "pdfs"
    report = tmp_path / "report" / "report.json"
    assert run_mkdocs(config, site, env=kept).returncode == 0
    first = json.loads(report.read_text())["worksheets"]
    assert first and not any(w["from_cache"] for w in first)
    made = sorted(p.name for p in pdfs.iterdir())
    assert run_mkdocs(config, site, env=kept).returncode == 0
    second = json.loads(report.read_text())["worksheets"]
    assert all(w["from_cache"] for w in second) and len(second) == len(first)
    assert sorted(p.name for p in pdfs.iterdir()) == made
    assert not (tmp_path / ".cache").exists(), "the PDFs are kept under KAP_GUIDE_CACHE_DIR, not in the project"
    (config.parent / "docs" / "worksheets" / "first.yml").write_text(sheets["first.yml"].replace("title: ", "title: Changed "))
    assert run_mkdocs(config, site, env=kept).returncode == 0
    third = {w["id"]: w["from_cache"] for w in json.loads(report.read_text())["worksheets"]}
    assert third["first"] is False and third["second"] is True


def test_a4_paper_is_a_setting(fixture_site, tmp_path):
    config, site = _sheet_site(fixture_site, tmp_path, {"t.yml": GOOD},
                               extra={"worksheets": {"paper": "a4", "cache_dir": str(tmp_path / "c")}})
    assert run_mkdocs(config, site).returncode == 0
    box = PdfReader(site / "worksheets" / "test-sheet.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == PAPER_POINTS["a4"]


BAD_BUILDS = {
    "malformed yaml": ({"t.yml": GOOD.replace("title: Test sheet", "title: [Test")}, "docs/worksheets/t.yml:3: The worksheet file could not be read"),
    "unknown kind": ({"t.yml": GOOD.replace("kind: lines", "kind: essay")}, "docs/worksheets/t.yml:8: Field 1 has an unknown kind 'essay'"),
    "missing title": ({"t.yml": GOOD.replace("title: Test sheet\n", "")}, "docs/worksheets/t.yml:1: The worksheet has no 'title'"),
    "duplicate id": ({"t.yml": GOOD, "u.yml": GOOD}, "docs/worksheets/u.yml:1: Another worksheet already uses the id 'test-sheet'"),
    "scale min >= max": ({"t.yml": GOOD.replace("max: 10", "max: 0")}, "docs/worksheets/t.yml:13: The scale runs from 0 to 0; every scale in this guide runs from 0 to 10"),
    "page limit exceeded": ({"t.yml": GOOD + "".join(f"  - kind: lines\n    label: Question {i}\n    lines: 6\n" for i in range(8))},
                            "docs/worksheets/t.yml:6: The printed worksheet takes 3 pages; its limit is 1"),
    "binary junk": ({"t.yml": b"\x00\x01\x02junk"}, "docs/worksheets/t.yml: This file is not text"),
    "status in capitals": ({"t.yml": GOOD.replace("pages: 1\n", "pages: 1\nstatus: Approved\n")},
                           "docs/worksheets/t.yml:7: status is 'Approved'; it must be 'draft' or 'approved'. "
                           "Fix: Did you mean 'approved'?"),
    "impossible review date": ({"t.yml": GOOD.replace("pages: 1\n", "pages: 1\nstatus: approved\nreviewed: 2026-02-30\n"
                                                      "review_due: 2027-02-01\nreviewed_by: Clinical lead\n")},
                               "docs/worksheets/t.yml:8: 'reviewed' is '2026-02-30', which is not a real date."),
}


def bad_case(name: str, text: str) -> str:
    """A case of BAD_BUILDS as it is in the shared build: its files and worksheet id named after the case."""
    slug = name.replace(" ", "-").replace(">=", "over")
    return text.replace("test-sheet", slug).replace("docs/worksheets/", f"docs/worksheets/{slug}-")


def build_bad_worksheets(root):
    """Every case of BAD_BUILDS in its own files, one good worksheet, and a page naming it and a missing one."""
    sheets = {"worksheets/t.yml": GOOD}
    for name, (files, _) in BAD_BUILDS.items():
        sheets.update({bad_case(name, f"docs/worksheets/{file}")[5:]: text if isinstance(text, bytes) else bad_case(name, text)
                       for file, text in files.items()})
    pages = {"index.md": page("Home"), "p.md": page("P", worksheets=["test-sheet", "no-such-sheet"]), **sheets}
    return run_mkdocs(*make_site(root, pages, nav=["index.md", "p.md", "worksheets/index.md", "get-help-now.md"]))


@pytest.fixture(scope="module")
def bad_worksheets_build(tmp_path_factory):
    return build_once(tmp_path_factory, "bad-worksheets", build_bad_worksheets)[0]


@pytest.mark.parametrize("name", BAD_BUILDS)
def test_bad_worksheets_fail_the_strict_build_with_file_and_line(name, bad_worksheets_build):
    result = bad_worksheets_build
    assert result.returncode != 0
    assert logged_as_problem(result.stderr, bad_case(name, BAD_BUILDS[name][1])), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_content_page_naming_a_missing_worksheet_fails(bad_worksheets_build):
    result = bad_worksheets_build
    assert result.returncode != 0
    assert logged_as_problem(result.stderr, "docs/p.md:5: There is no worksheet with the id 'no-such-sheet'")
    assert "There is no worksheet with the id 'test-sheet'" not in result.stderr


# ---------- clinical review ----------

TODAY = dt.date.fromisoformat(FIXED_TODAY)  # the date the builds count from (conftest.run_mkdocs)
REVIEWED = {"status": "approved", "reviewed": (TODAY - dt.timedelta(days=91)).isoformat(),
            "review_due": (TODAY + dt.timedelta(days=274)).isoformat(), "reviewed_by": "Clinical lead"}
REVIEW_LINES = {"status": 7, "reviewed": 8, "review_due": 9, "reviewed_by": 10}  # where reviewed_sheet writes them


def reviewed_sheet(text: str = GOOD, **fields: str) -> str:
    """A worksheet with review fields, written (in this order) right after 'pages: 1' (line 6)."""
    return text.replace("pages: 1\n", "pages: 1\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()))


def shown_date(iso: str, extra: dict | None = None) -> str:
    """A date as the site shows it, in the clinic's extra.review.date_format."""
    review = (extra or real_config()["extra"]).get("review") or {}
    return dt.date.fromisoformat(iso).strftime(review.get("date_format") or DEFAULT_DATE_FORMAT)


def test_worksheets_say_draft_or_approved_and_the_template_shows_the_review_fields():
    assert {s.review.status for s in SHEETS} <= {"draft", "approved"}  # a clinic approves its own, in review
    template = (REPO / "docs/templates/worksheet.yml").read_text()
    for key in REVIEW_LINES:
        assert re.search(rf"^#? ?{key}: ", template, re.M), key


BAD_REVIEWS = {
    "status in capitals": ({"status": "Approved"}, "worksheet", "status",
                           "status is 'Approved'; it must be 'draft' or 'approved'.", "Did you mean 'approved'?"),
    "impossible date": ({**REVIEWED, "reviewed": "2026-02-30"}, "review", "reviewed",
                        "'reviewed' is '2026-02-30', which is not a real date.", "YYYY-MM-DD"),
    "due before reviewed": ({**REVIEWED, "review_due": REVIEWED["reviewed"]}, "review", "review_due",
                            f"review_due ({REVIEWED['reviewed']}) must come after reviewed ({REVIEWED['reviewed']}).",
                            "after the last one"),
    "reviewed in the future": ({**REVIEWED, "reviewed": (TODAY + dt.timedelta(days=1)).isoformat()}, "review",
                               "reviewed", "is in the future", "the date the review took place"),
    "approved without a reviewer": ({key: REVIEWED[key] for key in ("status", "reviewed", "review_due")}, "review",
                                    "status", "An approved worksheet needs 'reviewed_by'.", "reviewed_by:"),
    "reviewer in HTML": ({**REVIEWED, "reviewed_by": "<b>Lead</b>"}, "plain-text", "reviewed_by",
                         "'reviewed_by' holds HTML", "Write the words only"),
}


@pytest.mark.parametrize("name", BAD_REVIEWS)
def test_bad_review_values_are_named_with_their_line_and_the_worksheet_is_still_made(name):
    fields, rule, key, message, fix = BAD_REVIEWS[name]
    sheet, findings = load_worksheet(reviewed_sheet(**fields), "docs/worksheets/t.yml", ReviewSettings(today=TODAY))
    assert sheet is not None, findings
    found = [f for f in findings if message in f.message]
    assert [(f.rule, f.line) for f in found] == [(rule, REVIEW_LINES[key])], findings
    assert fix in found[0].fix


def test_a_misspelt_review_field_gets_did_you_mean():
    sheet, findings = load_worksheet(reviewed_sheet(status="approved", reviewd=REVIEWED["reviewed"]), "t.yml")
    typo = next(f for f in findings if "reviewd" in f.message)
    assert sheet is None and (typo.rule, typo.line, typo.fix) == ("worksheet", 8, "Did you mean 'reviewed'?")


def test_an_approved_worksheet_shows_its_review_on_its_page_and_in_its_pdfs(fixture_site, tmp_path):
    other = GOOD.replace("id: test-sheet", "id: other-sheet").replace("title: Test sheet", "title: Other sheet")
    config, site = _sheet_site(fixture_site, tmp_path, {"t.yml": reviewed_sheet(**REVIEWED), "o.yml": other})
    result = run_mkdocs(config, site)
    assert result.returncode == 0, result.stderr
    reviewed, due = shown_date(REVIEWED["reviewed"]), shown_date(REVIEWED["review_due"])
    printed = f"Reviewed {reviewed} by {REVIEWED['reviewed_by']}"
    approved = parsed_page(site / "worksheets" / "test-sheet" / "index.html")
    assert approved.select_one(".kap-draft") is None
    assert approved.select_one(".kap-review").get_text(" ", strip=True) == \
        f"Page last reviewed: {reviewed} by {REVIEWED['reviewed_by']} · Next review due: {due}"
    assert printed in pdf_text(PdfReader(site / "worksheets" / "test-sheet.pdf"))
    draft_line = squash(f"Draft: not yet reviewed by {CLINIC.name}")
    draft = parsed_page(site / "worksheets" / "other-sheet" / "index.html")
    assert squash(CLINIC.name) in squash(draft.select_one(".kap-draft").get_text()) and not draft.select(".kap-review")
    draft_pdf = pdf_text(PdfReader(site / "worksheets" / "other-sheet.pdf"))
    assert draft_line in draft_pdf and "Reviewed" not in draft_pdf
    book = [squash(p.extract_text()) for p in PdfReader(site / "worksheets" / "workbook.pdf").pages[1:]]  # after the cover
    for title, line, not_line in (("Test sheet", printed, draft_line), ("Other sheet", draft_line, printed)):
        own = [text for text in book if title in text]
        assert own and all(line in text and not_line not in text for text in own), (title, own)


def _approved_site(fixture_site, tmp_path, sheets: dict[str, str], review: dict):
    """A fixture site whose pages are all approved, so only the worksheets can fail the review rules."""
    approved = "".join(f"{key}: {value}\n" for key, value in REVIEWED.items())
    return _sheet_site(fixture_site, tmp_path, sheets, extra={"review": review}, pages={
        "index.md": page("Home", **REVIEWED), "get-help-now.md": GET_HELP_PAGE.replace("status: draft\n", approved)})


def test_a_draft_worksheet_fails_the_build_when_approval_is_required(fixture_site, tmp_path):
    required = {"require_approved": True}
    config, site = _approved_site(fixture_site, tmp_path, {"t.yml": reviewed_sheet(**REVIEWED)}, required)
    result = run_mkdocs(config, site)
    assert result.returncode == 0, result.stderr
    unmarked = GOOD.replace("id: test-sheet", "id: other-sheet")
    config, site = _approved_site(fixture_site, tmp_path, {"t.yml": reviewed_sheet(status="draft"), "u.yml": unmarked},
                                  required)
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    for where in (f"docs/worksheets/t.yml:{REVIEW_LINES['status']}", "docs/worksheets/u.yml:1"):
        assert f"{where}: This worksheet is still a draft, and this site requires every worksheet to be clinically " \
               "approved." in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("setting, level", [("warn", "WARNING"), ("error", "ERROR")])
def test_an_overdue_worksheet_review_is_reported_as_the_setting_says(fixture_site, tmp_path, setting, level):
    due = (TODAY - dt.timedelta(days=1)).isoformat()
    overdue = {**REVIEWED, "reviewed": (TODAY - dt.timedelta(days=366)).isoformat(), "review_due": due}
    config, site = _approved_site(fixture_site, tmp_path, {"t.yml": reviewed_sheet(**overdue)}, {"overdue": setting})
    result = run_mkdocs(config, site)
    assert result.returncode != 0  # a warning fails the strict build too
    message = (f"docs/worksheets/t.yml:{REVIEW_LINES['review_due']}: This worksheet's clinical review was due on {due}. "
               "Fix: Ask a clinician to review the worksheet, then update reviewed and review_due. [review-overdue]")
    lines = [line for line in result.stderr.splitlines() if message in line]
    assert len(lines) == 1 and lines[0].startswith(level), result.stderr


def test_a_new_review_or_date_format_makes_the_pdf_again(fixture_site, tmp_path):
    report = tmp_path / "report" / "report.json"

    def build(sheet: str, date_format: str | None = None) -> tuple[bool, str]:
        extra = {"review": {"date_format": date_format}} if date_format else None
        config, site = _sheet_site(fixture_site, tmp_path, {"t.yml": sheet}, extra=extra)
        assert run_mkdocs(config, site, env={CACHE_ENV: str(tmp_path / "kept")}).returncode == 0
        from_cache = {w["id"]: w["from_cache"] for w in json.loads(report.read_text())["worksheets"]}["test-sheet"]
        return from_cache, pdf_text(PdfReader(site / "worksheets" / "test-sheet.pdf"))

    assert build(reviewed_sheet(**REVIEWED))[0] is False
    assert build(reviewed_sheet(**REVIEWED))[0] is True
    from_cache, text = build(reviewed_sheet(**REVIEWED), date_format="%Y-%m-%d")  # the worksheet file is unchanged
    assert from_cache is False and f"Reviewed {REVIEWED['reviewed']} by {REVIEWED['reviewed_by']}" in text
    from_cache, text = build(reviewed_sheet(**{**REVIEWED, "reviewed_by": "Medical director"}), date_format="%Y-%m-%d")
    assert from_cache is False and f"Reviewed {REVIEWED['reviewed']} by Medical director" in text
