"""The worksheets in Spanish: the Spanish worksheet files, the real Spanish PDFs read back, the Spanish web pages and
the page script's messages, and the PDF cache shared by the two languages' builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import (
    CACHE_ENV,
    REPO,
    field_names,
    make_site,
    mark_translated,
    page,
    parsed_page,
    pdf_text,
    real_config,
    run_all_languages,
    run_mkdocs,
    serve_folder,
    squash,
)
from kapguide.clinic import in_language, load_clinic
from kapguide.worksheet_model import load_worksheet, translation_problems
from kapguide.worksheet_text import ENGLISH, SPANISH, missing_words, script_text, worksheet_text

ENGLISH_SHEETS = {p.stem: load_worksheet(p.read_text(encoding="utf-8"), str(p))[0]
                  for p in sorted((REPO / "docs" / "worksheets").glob("*.yml"))}
SPANISH_SHEETS = {p.stem: load_worksheet(p.read_text(encoding="utf-8"), str(p))
                  for p in sorted((REPO / "docs-es" / "worksheets").glob("*.yml"))}
SHEETS = {sheet_id: sheet for sheet_id, (sheet, _) in SPANISH_SHEETS.items()}
EXTRA = real_config()["extra"]
CLINIC = in_language(load_clinic(EXTRA)[0], EXTRA, "es", EXTRA["languages"][0])[0]  # the clinic as the Spanish pages show it
TITLES = {
    "after-a-difficult-session": "Después de una sesión difícil", "expectations": "Mis expectativas",
    "grounding-card": "Tarjeta para volver al presente", "insight-review": "Repaso de lo que aprendí",
    "intention-setting": "Mis intenciones", "mood-tracker": "Registro de ánimo",
    "next-session-prep": "Preparar la próxima sesión", "safety-plan": "Mi plan de seguridad",
    "session-day-checklist": "Lista para el día de la sesión", "setback-plan": "Plan para los tropiezos",
    "support-network": "Mi red de apoyo",
}
ENGLISH_LEFT_OVER = ("Page 1 of", "In a crisis", "Now: call", "Today: contact", "At your next visit", "Phone +",
                     "call or text", "Name and number", "My number", "Draft: not yet")


# ---------- the worksheet files and the words ----------

def test_every_english_worksheet_has_its_spanish_one_with_the_same_fields_so_saved_answers_line_up():
    assert set(SPANISH_SHEETS) == set(ENGLISH_SHEETS)
    for sheet_id, (sheet, findings) in SPANISH_SHEETS.items():
        english = ENGLISH_SHEETS[sheet_id]
        assert sheet is not None and findings == [], (sheet_id, findings)
        assert sheet.title == TITLES[sheet_id]
        assert (sheet.id, sheet.section, sheet.pages) == (english.id, english.section, english.pages), sheet_id
        assert sheet.review.status in ("draft", "approved"), sheet_id  # each language is reviewed on its own
        assert [(f.kind, f.id if f.kind != "heading" else "") for f in sheet.fields] == \
            [(f.kind, f.id if f.kind != "heading" else "") for f in english.fields], sheet_id
        assert field_names(sheet) == field_names(english), sheet_id
        assert [f.rating_columns for f in sheet.fields] == [f.rating_columns for f in english.fields], sheet_id
        assert translation_problems(sheet, english) == [], sheet_id


SPANISH_TEXT = """id: t
title: Notas
section: preparation
purpose: Unas notas.
instructions: Escriba unas notas.
pages: 1
fields:
  - kind: lines
    id: first
    label: Lo primero
  - kind: checklist
    id: ticks
    label: Marque
    items: [Uno, Dos]
"""


@pytest.mark.parametrize("change, message, line", [
    (("id: first", "id: primero"), "Answer 1 is saved as 't.primero', where docs/worksheets/t.yml saves 't.first'", 9),
    (("items: [Uno, Dos]", "items: [Uno]"), "Answer 3 is saved as 'nothing', where docs/worksheets/t.yml saves 't.ticks.2'", 1),
    (("section: preparation", "section: in-session"), "The section is 'in-session', and in docs/worksheets/t.yml 'preparation'", 3),
])
def test_a_translated_worksheet_that_would_lose_saved_answers_is_named_with_its_line(change, message, line):
    english = SPANISH_TEXT.replace("Lo primero", "First").replace("[Uno, Dos]", "[One, Two]")
    main = load_worksheet(english, "docs/worksheets/t.yml")[0]
    assert translation_problems(load_worksheet(SPANISH_TEXT, "docs-es/worksheets/t.yml")[0], main) == []
    sheet = load_worksheet(SPANISH_TEXT.replace(*change), "docs-es/worksheets/t.yml")[0]
    findings = translation_problems(sheet, main)
    assert [(f.path, f.line) for f in findings] == [("docs-es/worksheets/t.yml", line)]
    assert message in findings[0].message and "docs/worksheets/t.yml" in findings[0].fix


def test_every_worksheet_word_has_its_spanish_and_no_word_hides_behind_a_name_templates_read_first():
    assert missing_words("es") == []
    assert set(SPANISH) <= set(ENGLISH), "a Spanish word that English does not have is never shown"
    for words in (ENGLISH, SPANISH):
        # a template reads words.<name>: a name dict has as an attribute (words.clear, words.items) would print that
        assert not [key for key in words if hasattr(dict, key)]
        for key, text in words.items():
            assert re.findall(r"\{(\w+)\}", text) == re.findall(r"\{(\w+)\}", ENGLISH[key]), key


def test_the_scripts_english_words_are_the_ones_the_build_prints():
    """worksheets.js keeps the English words for a page without them; they must not drift from worksheet_text.py."""
    script = (REPO / "overrides" / "assets" / "javascripts" / "worksheets.js").read_text(encoding="utf-8")
    block = re.search(r"var WORDS = (\{.*?\n  \});", script, re.S)
    assert block is not None
    assert json.loads(block.group(1)) == script_text("en")
    used = set(re.findall(r"""\bwords\("(\w+)\"""", script))
    assert used == set(script_text("en")), "a message the script never shows, or one it shows without a word"


# ---------- the real Spanish PDFs ----------

@pytest.mark.parametrize("sheet_id", sorted(TITLES))
def test_spanish_pdf_read_back(built_site_es, sheet_id):
    sheet = SHEETS[sheet_id]
    reader = PdfReader(built_site_es / "worksheets" / f"{sheet_id}.pdf")
    assert reader.trailer["/Root"]["/Lang"] in ("es", "es-ES")
    assert 1 <= len(reader.pages) <= sheet.pages
    text = pdf_text(reader)
    assert squash(TITLES[sheet_id]) in text
    for f in sheet.fields:
        assert squash(f.label) in text, f.label
    assert set(reader.get_fields()) == set(field_names(ENGLISH_SHEETS[sheet_id])), "the same fields as in English"
    assert squash(CLINIC.contact_line("es")) in text and f"Teléfono {CLINIC.phone}" in text
    assert squash(f"En una crisis: {CLINIC.crisis_line_text('es')}") in text
    assert f"Página 1 de {len(reader.pages)}" in text
    assert squash(f"Borrador: {CLINIC.name} todavía no lo ha revisado") in text
    for english in ENGLISH_LEFT_OVER:
        assert english not in text, english
    first = squash(reader.pages[0].extract_text())
    now, today, later = (first.index("Ahora: llame al número de emergencias o a una línea de crisis"),
                         first.index("Hoy: comuníquese con su equipo de tratamiento"), first.index("En su próxima visita"))
    assert now < today < later
    for line in CLINIC.crisis_lines:
        assert now < first.index(squash(f"{line.label}: {line.ways_in('es').lower()}")) < today, line.label
    assert today < first.index(squash(f"{CLINIC.name}: {CLINIC.phone}")) < later


def test_the_spanish_safety_plan_lists_the_clinics_numbers_from_the_settings(built_site_es):
    text = pdf_text(PdfReader(built_site_es / "worksheets" / "safety-plan.pdf"))
    contacts = text[text.index("Paso 5"):]
    assert CLINIC.phone in contacts
    for line in CLINIC.crisis_lines:  # their Spanish labels, or the English ones where the settings give none
        assert squash(f"{line.label}: ") in contacts and line.number in contacts, line.label
        assert squash(line.note) in squash(contacts), line.note  # such as how to ask for Spanish at 988
    if CLINIC.after_hours:
        assert squash(f"{CLINIC.after_hours.label}: llame al {CLINIC.after_hours.number}") in contacts
    assert "Nombre y número 1" in contacts


def test_the_spanish_workbooks_have_a_spanish_cover_and_every_worksheet(built_site_es):
    reader = PdfReader(built_site_es / "worksheets" / "workbook.pdf")
    text = pdf_text(reader)
    assert "Mi cuaderno de trabajo" in text and "Contenido" in text and "Page" not in text
    assert reader.trailer["/Root"]["/Lang"] in ("es", "es-ES")
    assert set(reader.get_fields()) == {name for s in ENGLISH_SHEETS.values() for name in field_names(s)}
    book = pdf_text(PdfReader(built_site_es / "worksheets" / "workbook-preparation.pdf"))
    assert "Hojas de trabajo: Antes de su primera sesión" in book
    assert all(squash(s.title) in book for s in SHEETS.values() if s.section == "preparation")


# ---------- the Spanish web pages ----------

def _html(path: Path) -> BeautifulSoup:
    return parsed_page(path)


@pytest.mark.parametrize("sheet_id", sorted(TITLES))
def test_spanish_worksheet_page_speaks_spanish_and_keeps_the_english_field_names(built_site_es, sheet_id):
    html = _html(built_site_es / "worksheets" / sheet_id / "index.html")
    assert html.html["lang"] == "es"
    form = html.select_one("[data-kap-worksheet]")
    assert form["data-kap-storage-key"] == f"kap-guide:worksheet:{sheet_id}", "answers saved in English show in Spanish"
    assert {el["name"] for el in form.select("input[name], textarea[name]")} == set(field_names(ENGLISH_SHEETS[sheet_id]))
    assert squash(html.select_one("h1").get_text()).rstrip("¶") == TITLES[sheet_id]
    text = squash(form.get_text(" "))
    for f in SHEETS[sheet_id].fields:
        assert squash(f.label) in text, f.label
    assert html.select_one(".kap-ws__clear").get_text(strip=True) == "Borrar mis respuestas"
    assert html.select_one(".kap-ws__print").get_text(strip=True) == "Imprimir"
    assert "No se envían a ninguna parte" in html.select_one(".kap-ws__privacy").get_text()
    assert squash(f"En una crisis: {CLINIC.crisis_line_text('es')}") in squash(html.select_one(".kap-ws__print-footer").get_text(" "))
    for english in ENGLISH_LEFT_OVER + ("Clear my answers", "Download the PDF", "Undo", "Pages this worksheet"):
        assert english not in squash(html.select_one("article").get_text(" ")), english
    words = json.loads(html.select_one("script#kap-worksheet-text").string)
    assert words == script_text("es")


def test_spanish_index_my_answers_and_related_boxes(built_site_es):
    index = _html(built_site_es / "worksheets" / "index.html")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in index.select("article h2")]
    assert headings[:4] == [worksheet_text("es")[f"section.{s}"] for s in
                            ("preparation", "in-session", "difficult-sessions", "between-sessions")]
    assert index.select_one("h1").get_text(strip=True).rstrip("¶") == "Hojas de trabajo"
    assert index.select_one('a[href="safety-plan.pdf"]').get_text(strip=True) == "PDF para imprimir"
    assert index.select_one('article a[href="my-answers/"]').get_text(strip=True) == "Mis respuestas"
    answers = _html(built_site_es / "worksheets" / "my-answers" / "index.html")
    assert answers.select_one("h1").get_text(strip=True).rstrip("¶") == "Mis respuestas"
    assert answers.select_one(".kap-answers__save").get_text(strip=True) == "Guardar en un archivo"
    assert answers.select_one(".kap-answers__empty a")["href"] == "../"
    safety = answers.select_one('[data-kap-answers-sheet="safety-plan"]')
    assert [a["data-kap-answer"] for a in safety.select("[data-kap-answer]")] == field_names(ENGLISH_SHEETS["safety-plan"])
    assert "Nombre y número 1" in safety.get_text()
    content = _html(built_site_es / "preparation" / "practical-steps" / "index.html")
    assert content.select_one(".kap-related h2").get_text(strip=True) == "Hojas de trabajo que le pueden ayudar"
    assert "../../worksheets/session-day-checklist/" in [a["href"] for a in content.select(".kap-related a")]
    sheet = _html(built_site_es / "worksheets" / "session-day-checklist" / "index.html")
    assert sheet.select_one(".kap-related h2").get_text(strip=True) == "Páginas que van con esta hoja de trabajo"


def test_the_spanish_script_speaks_spanish_and_shares_the_answers_with_the_english_page(built_site_es, browser):
    """The page script's messages come from the page, in its language (here, after Clear and Undo); an answer
    written on the Spanish page is on the English one too (the two sites keep one set of answers)."""
    server, url = serve_folder(built_site_es.parent)
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(f"{url}/es/worksheets/support-network/", wait_until="load")
        tab.click(".kap-ws__clear")
        assert tab.inner_text(".kap-ws__status-text") == SPANISH["js_clear_none"]
        tab.fill('textarea[name="support-network.talk"]', "Ana")
        tab.click(".kap-ws__clear")
        assert tab.inner_text(".kap-ws__status-text") == SPANISH["js_cleared"].format(seconds=10)
        assert tab.inner_text(".kap-ws__undo") == "Deshacer"
        tab.click(".kap-ws__undo")
        assert tab.inner_text(".kap-ws__status-text") == "Sus respuestas volvieron."
        assert tab.input_value('textarea[name="support-network.talk"]') == "Ana"
        tab.goto(f"{url}/worksheets/support-network/", wait_until="load")
        assert tab.input_value('textarea[name="support-network.talk"]') == "Ana"
        tab.click(".kap-ws__clear")
        assert tab.inner_text(".kap-ws__status-text") == ENGLISH["js_cleared"].format(seconds=10)
    finally:
        context.close()
        server.shutdown()
        server.server_close()


# ---------- the cache the two languages share ----------

SHEET = """id: t
title: {title}
section: preparation
purpose: {purpose}
instructions: {purpose}
pages: 1
fields:
  - kind: lines
    id: notes
    label: {label}
"""


def test_each_language_keeps_its_own_pdfs_and_never_removes_the_others(tmp_path):
    """Both languages, then English again, sharing one cache: the second English build makes no PDF and leaves the
    Spanish PDFs (kept apart, under a key of their own) where the next Spanish build finds them."""
    english = SHEET.format(title="Notes", purpose="Write a few notes.", label="My notes")
    config, site = make_site(tmp_path, {"index.md": page("Home"), "worksheets/t.yml": english},
                             nav=["index.md", "worksheets/index.md", "get-help-now.md"],
                             extra={"languages": ["en", "es"], "worksheets": {"cache_dir": ".cache/pdfs"}})
    (tmp_path / "docs-es" / "worksheets").mkdir(parents=True)
    (tmp_path / "docs-es" / "index.md").write_text(page("Inicio", "Esta guía es para usted. Es corta y clara."))
    (tmp_path / "docs-es" / "get-help-now.md").write_text(page("Pida ayuda ahora", "Si está en peligro, llame."))
    (tmp_path / "docs-es" / "worksheets" / "t.yml").write_text(english)  # the same file: the language alone differs
    config.with_name("mkdocs.es.yml").write_text("INHERIT: mkdocs.yml\ndocs_dir: docs-es\nsite_dir: site/es\n"
                                                 "theme:\n  language: es\nextra:\n  checks:\n    spelling: 'off'\n")
    mark_translated(tmp_path)
    kept = {CACHE_ENV: str(tmp_path / "kept")}
    pdfs = tmp_path / "kept" / ".cache" / "pdfs"

    def made(report: Path) -> dict[str, bool]:
        return {w["pdf"]: w["from_cache"] for w in json.loads((report / "report.json").read_text())["worksheets"]}

    result = run_all_languages(config, site, kept)
    assert result.returncode == 0, result.stdout + result.stderr
    assert made(tmp_path / "report") and not any(made(tmp_path / "report").values())
    assert made(tmp_path / "report" / "es") and not any(made(tmp_path / "report" / "es").values())
    english_pdfs = sorted(p.name for p in pdfs.glob("*.pdf"))
    spanish_pdfs = sorted(p.name for p in (pdfs / "es").glob("*.pdf"))
    assert len(english_pdfs) == len(spanish_pdfs) == len(made(tmp_path / "report"))
    assert {name.split("-", 1)[0] for name in english_pdfs}.isdisjoint(name.split("-", 1)[0] for name in spanish_pdfs), \
        "the same worksheet file keys its PDF by its language too"
    assert "Página 1 de 1" in pdf_text(PdfReader(site / "es" / "worksheets" / "t.pdf"))
    assert "Page 1 of 1" in pdf_text(PdfReader(site / "worksheets" / "t.pdf"))
    result = run_mkdocs(config, site, kept)  # English alone, after the Spanish build
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(made(tmp_path / "report").values()), "the Spanish build removed the English PDFs"
    assert sorted(p.name for p in (pdfs / "es").glob("*.pdf")) == spanish_pdfs, "the English build removed the Spanish PDFs"
    assert sorted(p.name for p in pdfs.glob("*.pdf")) == english_pdfs
