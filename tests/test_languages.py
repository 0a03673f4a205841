"""The content checks in each language, and the translations kept in step with the main language's pages.

Module calls for the rules themselves, and one small guide in English and Spanish built for real
(mkdocs.yml, then mkdocs.es.yml into site/es/), whose Spanish pages hold every kind of problem once."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import textstat

from conftest import REPO, build_once, logged_as_problem, make_site, page, run_mkdocs
from kapguide.build_cache import REPORT_ENV
from kapguide.checksettings import load_check_settings
from kapguide.pagecheck import PageCheckSettings, check_page
from kapguide.plain_words import check_plain_words, load_plain_words
from kapguide.readability import (
    GradeCache,
    check_reading,
    flesch_kincaid_grade,
    inflesz,
    inflesz_band,
    measure,
    spanish_syllables,
)
from kapguide.settings_model import load_settings
from kapguide.spelling import check_spelling
from kapguide.translation_parity import (
    check_translation,
    page_hash,
    recorded_hash,
    translations,
    with_source_hash,
    worksheet_hash,
)

HARD_ES = ("La administración intravenosa de ketamina produce modificaciones perceptivas considerables, alteraciones "
           "hemodinámicas significativas y manifestaciones disociativas transitorias, especialmente durante la "
           "fase inicial del procedimiento terapéutico.")
EASY_ES = "Puede leer esta página en un minuto. Es corta y clara. Su equipo está con usted. Puede ser un buen día."
ENGLISH = "You can rest now. Your team is here with you. Breathe slowly and let the feeling pass in its own time."


# --- reading ease in Spanish -----------------------------------------------------------------------------------

@pytest.mark.parametrize("word, syllables", [
    ("agua", 2), ("a-par-te", 3), ("teoría", 4), ("aéreo", 4), ("país", 2), ("oído", 3), ("cuerpo", 2),
    ("ciudad", 2), ("equipo", 3), ("guerra", 2), ("pingüino", 3), ("hoy", 1), ("y", 1), ("ayuda", 3),
    ("psicoterapia", 5), ("ketamina", 4), ("988", 1),
])
def test_spanish_syllables_are_counted_as_spanish_is_spoken(word, syllables):
    assert spanish_syllables(word.replace("-", "")) == syllables


def test_inflesz_is_higher_for_plain_spanish_and_named_by_its_band():
    easy, hard = inflesz(EASY_ES), inflesz(HARD_ES)
    assert easy > 80 > 65 > 40 > hard
    assert (inflesz_band(easy), inflesz_band(70), inflesz_band(60), inflesz_band(50), inflesz_band(hard)) == \
        ("muy fácil", "bastante fácil", "normal", "algo difícil", "muy difícil")


def test_english_pages_keep_their_grade_whatever_language_textstat_was_last_set_to():
    """textstat keeps one language for the whole process; the checks never rely on it."""
    english_first = flesch_kincaid_grade(ENGLISH)
    spanish_first = inflesz(EASY_ES)
    try:
        textstat.set_lang("es")
        assert flesch_kincaid_grade(ENGLISH) == english_first
        textstat.set_lang("en_US")
        assert inflesz(EASY_ES) == spanish_first
        textstat.set_lang("es")
        cache = GradeCache()  # one cache for both languages, as a build's page checks share it
        spanish = check_page(page("Corta", EASY_ES), "docs-es/a.md", "a.md", PageCheckSettings(language="es"), cache)
        english = check_page(page("Short", ENGLISH), "docs/a.md", "a.md", PageCheckSettings(), cache)
    finally:
        textstat.set_lang("en_US")
    assert english.stats.grade == english_first and english.stats.inflesz is None
    assert spanish.stats.inflesz == spanish_first and spanish.stats.grade is None


def test_a_hard_spanish_page_fails_with_its_inflesz_and_its_hardest_paragraph():
    body = f"# Página\n\n{EASY_ES}\n\n{HARD_ES}\n"
    level = measure(body, 5, language="es")
    findings = check_reading(level, "docs-es/p.md", 5, min_inflesz=65)
    page_finding = next(f for f in findings if f.rule == "reading-grade" and f.severity == "error")
    assert page_finding.line == 5 and f"INFLESZ {level.score:g} (" in page_finding.message
    assert "below this site's minimum of 65 (bastante fácil)" in page_finding.message
    assert "lines 9, 7" in page_finding.fix  # the hardest paragraph first
    paragraph = next(f for f in findings if f.severity == "warning")
    assert paragraph.line == 9 and "muy difícil" in paragraph.message
    assert check_reading(measure(f"# Página\n\n{EASY_ES}\n", 5, language="es"), "docs-es/q.md", 5) == []


def test_spanish_words_with_accents_are_one_word_each_and_questions_start_sentences():
    level = measure("¿Está lista la sesión? ¡Sí! Después descanse.\n", 1, language="es")
    assert [s.words for s in level.sentences] == [4, 1, 2]


def test_the_reading_minimum_is_a_setting_with_did_you_mean():
    settings, findings = load_check_settings({"checks": {"reading": {"min_inflesz": 70}}})
    assert settings.min_inflesz == 70 and findings == []
    _, bad = load_check_settings({"checks": {"reading": {"min_inflesz": "fácil"}}})
    assert [f.message for f in bad] == ["extra.checks.reading.min_inflesz must be a positive number."]
    _, _, typo = load_settings({"checks": {"reading": {"min_infelsz": 70}}})
    assert 'Did you mean "min_inflesz"?' in typo[0].message


# --- spelling and plain words ----------------------------------------------------------------------------------

def test_spanish_pages_are_not_spell_checked_as_english():
    assert check_spelling("Puede ser un buen día.\n", 1, "docs/p.md", "en-US")  # 'ser' is an English misspelling
    result = check_page(page("Corta", EASY_ES), "docs-es/p.md", "p.md", PageCheckSettings(language="es"))
    assert "ser" in EASY_ES and not [f for f in result.findings if f.rule == "spelling"]


def test_the_spanish_plain_words_list_names_unexplained_words_and_accepts_explained_ones():
    words, findings = load_plain_words(REPO / "plain-words.es.yml", "plain-words.es.yml")
    assert findings == [] and words["intramuscular"] == "en un músculo" and words["hipertensión"] == "presión alta"
    body = ("La inyección intramuscular duele poco.\n\nLa hipertensión es presión alta.\n\n"
            "Después puede tener hipertensión.\n\nEl nombre médico es \"inyección subcutánea\".\n\n"
            "A esto se le llama **disociación**. Otra vez: disociación.\n\n"
            "## Qué es la cefalea\n\nLa cefalea es dolor de cabeza.\n\nLuego, una cefalea leve. Y la emesis.\n")
    found = check_plain_words(body, 10, "docs-es/p.md", words, "plain-words.es.yml", "es")
    assert [(f.line, f.message.split("'")[1]) for f in found] == [(10, "intramuscular"), (24, "emesis")]
    assert "en un músculo" in found[0].message and "plain-words.es.yml" in found[0].fix


# --- translations in step --------------------------------------------------------------------------------------

def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


CARE = ('!!! care "When to get help"\n    --8<-- "when-to-get-help.md"\n\n'
        "    The full list of warning signs is on [Get help now](get-help-now.md).\n")
SHEET = "id: mood\ntitle: Mood\nsection: between-sessions\nstatus: draft\nfields:\n  - kind: scale\n    id: mood\n"


def test_the_source_hash_ignores_front_matter_and_white_space_but_not_words():
    text = page("Home", "One line.\nTwo  lines.")
    assert page_hash(text) == page_hash(page("Home", "One line. Two lines.", status="approved"))
    assert page_hash(text) != page_hash(page("Home", "One line. Three lines."))
    assert re.fullmatch(r"[0-9a-f]{12}", page_hash(text))
    assert worksheet_hash(SHEET) == worksheet_hash(SHEET.replace("status: draft", "status: approved\nreviewed: 2026-01-02"))
    assert worksheet_hash(SHEET) != worksheet_hash(SHEET.replace("title: Mood", "title: Mood today"))


def test_the_hash_is_written_on_one_line_and_read_back():
    spanish = page("Inicio", "Hola.")
    written = with_source_hash(spanish, "index.md", "0123456789ab")
    assert written is not None and recorded_hash(written, "index.md") == ("0123456789ab", 5)
    assert len(written.splitlines()) == len(spanish.splitlines()) + 1
    again = with_source_hash(written, "index.md", "ba9876543210")
    assert again == written.replace("0123456789ab", "ba9876543210")
    sheet = with_source_hash(SHEET, "worksheets/mood.yml", "0123456789ab")
    assert sheet is not None and sheet.splitlines()[4] == "# source_hash: 0123456789ab"
    assert recorded_hash(sheet, "worksheets/mood.yml") == ("0123456789ab", 5)
    assert with_source_hash("No front matter.\n", "a.md", "0123456789ab") is None
    digits = with_source_hash(spanish, "index.md", "000000000012")  # YAML would read these digits as the number 12
    assert digits is not None and recorded_hash(digits, "index.md") == ("000000000012", 5)


def test_translations_are_checked_by_path_both_ways_with_the_same_includes_tokens_and_hash(tmp_path):
    docs, spanish = tmp_path / "docs", tmp_path / "docs-es"
    english_page = page("Going home", f"## Getting home\n\n{CARE}\n## Driving\n\nYour clinic's rule:\n\n"
                                      "{{ treatment.driving }}\n")
    _write(docs, {"index.md": page("Home"), "going-home.md": english_page, "only-english.md": page("Only"),
                  "worksheets/mood.yml": SHEET, "_snippets/when-to-get-help.md": "Call now.\n",
                  "templates/page.md": page("Template")})
    hashed = {name: page_hash((docs / name).read_text(encoding="utf-8")) for name in ("index.md", "going-home.md")}
    _write(spanish, {
        "index.md": page("Inicio", source_hash="000000000000"),
        "going-home.md": page("Volver a casa", "## Volver\n\nLlame a su equipo.\n\n## Manejar\n\nLa regla:\n\n"
                                               "{{ treatment.going_home }}\n", source_hash=hashed["going-home.md"]),
        "only-spanish.md": page("Solo"),
        "worksheets/mood.yml": with_source_hash(SHEET, "worksheets/mood.yml", worksheet_hash(SHEET)) or "",
        "_snippets/when-to-get-help.md": "Llame ahora.\n",
    })
    findings = check_translation(docs, spanish, "es", tmp_path, excluded=lambda path: path.startswith("templates/"))
    shown = {(f.path, f.line, f.severity): f.message for f in findings}
    assert ("docs/only-english.md", None, "error") in shown
    assert "no Spanish version: docs-es/only-english.md" in shown[("docs/only-english.md", None, "error")]
    assert ("docs-es/only-spanish.md", None, "error") in shown
    # the English include is in the section "Getting home" (line 8): named at the Spanish "Volver" (line 9)
    missing_include = shown[("docs-es/going-home.md", 9, "error")]
    assert '--8<-- "when-to-get-help.md" at line 11' in missing_include
    tokens = {f.line: f.message for f in findings if "treatment." in f.message}
    assert "{{ treatment.driving }} at line 19" in tokens[13]       # "Driving" is "Manejar", the third heading
    assert "{{ treatment.going_home }}" in tokens[17]               # the extra token, at its own line
    stale = shown[("docs-es/index.md", 5, "warning")]
    assert f"(source_hash 000000000000 ≠ {hashed['index.md']})" in stale
    assert "The English page docs/index.md changed since this translation was checked" in stale
    assert not any("mood" in f.path or "_snippets" in f.path or "templates" in f.message for f in findings)
    assert dict(translations(docs, spanish))["going-home.md"] == hashed["going-home.md"]


# --- a small guide in two languages, built for real -------------------------------------------------------------

ENGLISH_PAGES = {
    "index.md": page("Home"),
    "hard.md": page("Hard words", "You can rest. Your team is near."),
    "easy.md": page("Easy words", "You can read this page in a minute. It is short and plain."),
    "stale.md": page("Changed", "This page changed after the Spanish one was checked."),
    "only-english.md": page("Only in English", "This page has no Spanish version yet."),
    "going-home.md": page("Going home", f"You go home with someone you trust.\n\n{CARE}\n## Driving\n\n"
                                        "Your clinic has its own rule about driving:\n\n{{ treatment.driving }}\n"),
}
SPANISH_PAGES = {
    "index.md": page("Inicio", "Esta guía es para usted. Cada página es corta."),
    "get-help-now.md": page("Pida ayuda ahora", "Si está en peligro, llame a una línea de crisis. Si se siente mal, "
                                                "llame a su equipo."),
    "hard.md": page("Palabras difíciles", HARD_ES),
    "easy.md": page("Palabras fáciles", EASY_ES),
    "stale.md": page("Cambió", "Esta página se revisó antes del cambio."),
    "going-home.md": page("Volver a casa", "Vuelva a casa con alguien de confianza.\n\n## Manejar\n\n"
                                           "Su clínica tiene su propia regla para manejar."),
}


@pytest.fixture(scope="module")
def two_languages_with_problems(tmp_path_factory) -> tuple[str, str, Path]:
    """The English build's log, the Spanish build's log, and the folder with report/ (report/es/ for Spanish)."""
    def build(root: Path) -> subprocess.CompletedProcess:
        config, site = make_site(root, ENGLISH_PAGES, extra={"languages": ["en", "es"]})
        for name, text in SPANISH_PAGES.items():
            english = (root / "docs" / name).read_text(encoding="utf-8")
            checked = "000000000000" if name == "stale.md" else page_hash(english)
            (root / "docs-es" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs-es" / name).write_text(with_source_hash(text, name, checked) or text, encoding="utf-8")
        config.with_name("mkdocs.es.yml").write_text(
            "INHERIT: mkdocs.yml\ndocs_dir: docs-es\nsite_dir: site/es\ntheme:\n  language: es\n"
            "extra:\n  checks:\n    plain_words: plain-words.es.yml\n", encoding="utf-8")
        english = run_mkdocs(config, site)
        spanish = run_mkdocs(config.with_name("mkdocs.es.yml"), site / "es", {REPORT_ENV: str(root / "report")})
        # both logs kept: the English build's as stdout, the Spanish build's as stderr
        return subprocess.CompletedProcess([], spanish.returncode, english.stderr, spanish.stderr)
    result, folder = build_once(tmp_path_factory, "two-languages-with-problems", build)
    assert result.returncode != 0  # the Spanish build fails: its pages hold problems
    return result.stdout, result.stderr, folder


def test_the_english_build_checks_only_english(two_languages_with_problems):
    english, _, _ = two_languages_with_problems
    assert not logged_as_problem(english, "[translation]") and not logged_as_problem(english, "docs-es/")
    assert not re.search(r"^(WARNING|ERROR).*\[(reading-grade|long-sentence|spelling|plain-words)\]", english, re.M)


def test_a_hard_spanish_page_fails_the_build_with_its_inflesz_and_an_easy_one_passes(two_languages_with_problems):
    _, spanish, folder = two_languages_with_problems
    score = inflesz(HARD_ES)
    assert logged_as_problem(spanish, f"docs-es/hard.md:7: INFLESZ {score:g} (muy difícil), below this site's "
                                      "minimum of 65 (bastante fácil).")
    assert logged_as_problem(spanish, "docs-es/hard.md:9: This paragraph has INFLESZ")
    assert not re.search(r"^(WARNING|ERROR).*docs-es/easy\.md.*\[reading-grade\]", spanish, re.M)
    report = (folder / "report" / "es" / "report.md").read_text(encoding="utf-8")
    assert "| Page | Status | INFLESZ | Words |" in report
    assert f"| `docs-es/hard.md` | draft | {score} |" in report


def test_a_spanish_page_is_not_spell_checked_as_english_but_gets_the_spanish_plain_words(two_languages_with_problems):
    _, spanish, _ = two_languages_with_problems
    assert "[spelling]" not in spanish  # 'ser' on docs-es/easy.md is a Spanish word
    assert logged_as_problem(spanish, "docs-es/hard.md:9: 'intravenosa' is a hard word for many readers: write "
                                      "'por la vena'.")


def test_the_spanish_build_names_what_a_translation_is_missing(two_languages_with_problems):
    _, spanish, _ = two_languages_with_problems
    assert logged_as_problem(spanish, "docs/only-english.md: This page has no Spanish version: "
                                      "docs-es/only-english.md does not exist.")
    assert logged_as_problem(spanish, 'docs-es/going-home.md:7: The English page docs/going-home.md has the shared '
                                      'text --8<-- "when-to-get-help.md" at line 11')
    assert logged_as_problem(spanish, "docs-es/going-home.md:11: The English page docs/going-home.md has the "
                                      "clinic's rule {{ treatment.driving }} at line 19")


def test_a_stale_translation_warns_with_the_new_hash(two_languages_with_problems):
    _, spanish, folder = two_languages_with_problems
    new = page_hash((folder / "docs" / "stale.md").read_text(encoding="utf-8"))
    assert logged_as_problem(spanish, "docs-es/stale.md:5: The English page docs/stale.md changed since this "
                                      f"translation was checked (source_hash 000000000000 ≠ {new}). Fix: Check the "
                                      f"Spanish page says the same, then set source_hash: {new}. [translation]")
    assert not logged_as_problem(spanish, "docs-es/easy.md:5: The English page")
