"""The guide in two languages: the settings that choose them, the clinic's words in each, and two real builds
(the main language, then mkdocs.es.yml into site/es/) whose pages link to each other."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import build_once, line_hrefs, make_site, mark_translated, page, real_config, run_all_languages
from kapguide.clinic import in_language, load_clinic
from kapguide.site_language import site_language
from kapguide.ui_text import date_in, missing_words, ui_text

# --- which language a build is, and where the others are -------------------------------------------------


def test_the_main_language_links_each_page_to_the_same_page_in_the_other_language(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs-es" / "preparation").mkdir(parents=True)
    (tmp_path / "docs-es" / "preparation" / "what-is-kap.md").write_text("x", encoding="utf-8")
    language, findings = site_language("en", ["en", "es"], tmp_path / "docs")
    assert findings == []
    assert language.is_main and language.others == ("es",)
    assert language.switch_links("preparation/what-is-kap.md", "preparation/what-is-kap/", False) == [
        {"code": "es", "name": "Español", "href": "../../es/preparation/what-is-kap/"}]
    # a page with no Spanish version yet leads to the Spanish home page, never to a missing page
    assert language.switch_links("preparation/new.md", "preparation/new/", False)[0]["href"] == "../../es/"
    assert language.switch_links("index.md", "", False)[0]["href"] == "es/"


def test_another_language_finds_the_main_folder_and_links_back_up_to_it(tmp_path):
    (tmp_path / "docs" / "worksheets").mkdir(parents=True)
    (tmp_path / "docs" / "worksheets" / "safety-plan.yml").write_text("x", encoding="utf-8")
    (tmp_path / "docs-es").mkdir()
    language, findings = site_language("es", ["en", "es"], tmp_path / "docs-es")
    assert findings == []
    assert not language.is_main and language.main_docs_dir == tmp_path / "docs"
    # a worksheet's page comes from its .yml
    assert language.switch_links("worksheets/safety-plan.md", "worksheets/safety-plan/", False)[0]["href"] == \
        "../../../worksheets/safety-plan/"
    assert language.switch_links("index.md", "", False)[0]["href"] == "../"


@pytest.mark.parametrize("theme, languages, docs, expected", [
    ("es", ["en"], "docs-es", "theme.language is 'es', which extra.languages (en) does not list"),
    ("es", ["en", "es"], "spanish", "docs_dir is 'spanish'"),
    ("en", ["en", "es"], "docs", "extra.languages lists 'es', but the folder docs-es/"),
])
def test_language_settings_that_do_not_fit_say_what_to_write(tmp_path, theme, languages, docs, expected):
    (tmp_path / docs).mkdir()
    _, findings = site_language(theme, languages, tmp_path / docs)
    assert len(findings) == 1 and expected in findings[0].message and findings[0].fix


# --- the clinic's words in each language --------------------------------------------------------------------

CLINIC = {"clinic": {
    "name": "Harbor Clinic", "phone": "+1 212 000 1111", "opening_hours": "Monday to Friday",
    "after_hours": {"label": "Night nurse", "number": "+1 212 000 2222"},
    "crisis_lines": [{"label": "988 Lifeline", "number": "988", "ways": ["call", "text"], "note": "Free."},
                     {"label": "Emergency", "number": "911"}],
    "treatment": {"driving": "Do not drive until tomorrow."},
}}


def test_spanish_words_replace_the_english_ones_and_what_is_missing_is_listed():
    extra = {**CLINIC, "clinic": {**CLINIC["clinic"], "translations": {"es": {
        "opening_hours": "De lunes a viernes",
        "crisis_lines": [{"label": "Línea 988", "note": "Gratis.", "text_message": "AYUDA"}, {}],  # {}: in English
        "treatment": {"driving": "No maneje hasta mañana."}}}}}
    clinic, findings = load_clinic(extra)
    spanish, untranslated, word_findings = in_language(clinic, extra, "es", "en")
    assert findings == [] and word_findings == []
    assert spanish.opening_hours == "De lunes a viernes"
    assert [line.label for line in spanish.crisis_lines] == ["Línea 988", "Emergency"]
    assert [line.number for line in spanish.crisis_lines] == ["988", "911"]  # numbers are the same in every language
    assert spanish.crisis_lines[0].sms_href == "sms:988?body=AYUDA"
    assert spanish.treatment.text("driving") == "No maneje hasta mañana."
    assert spanish.treatment.text("visit_length").startswith("Pregunte a su equipo")  # not set: ask, in Spanish
    assert set(untranslated) == {"extra.clinic.translations.es.after_hours.label",
                                 "extra.clinic.translations.es.crisis_lines[1].label"}
    english, none, _ = in_language(clinic, extra, "en", "en")
    assert english.opening_hours == "Monday to Friday" and none == []


def test_markup_in_a_spanish_setting_is_refused_and_the_english_words_shown():
    extra = {**CLINIC, "clinic": {**CLINIC["clinic"], "translations": {"es": {"opening_hours": "<b onclick=x>Lunes</b>"}}}}
    clinic, _ = load_clinic(extra)
    spanish, _, findings = in_language(clinic, extra, "es", "en")
    assert spanish.opening_hours == "Monday to Friday"
    assert len(findings) == 1 and "extra.clinic.translations.es.opening_hours" in findings[0].message


def test_every_word_around_the_pages_has_its_spanish_and_dates_are_written_in_spanish():
    assert missing_words("es") == []
    assert ui_text("es")["need_help_title"] == "¿Necesita ayuda ahora?"
    assert date_in(dt.date(2026, 3, 31), "%B %-d, %Y", "es") == "31 de marzo de 2026"
    assert date_in(dt.date(2026, 3, 31), "%B %-d, %Y", "en") == "March 31, 2026"


# --- two real builds ---------------------------------------------------------------------------------------

SPANISH_PAGES = {
    "index.md": page("Inicio", "Esta guía es para usted. Cada página es corta y clara."),
    "get-help-now.md": page("Pida ayuda ahora", "Si está en peligro, llame a una línea de crisis. Si se siente mal, "
                                                "llame a su equipo."),
    "about.md": page("Sobre la guía", "Puede leer esta página en un minuto. Es corta y tranquila."),
}


PROJECT_PAGES = "https://clinic-name.github.io/kap-guide/"  # GitHub Pages for a project: the site in a folder
LOGO = "assets/images/favicon.svg"  # in docs/assets/, which the Spanish site shares


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory) -> Path:
    """A small guide in English and Spanish, built as `make build` builds it; the folder holding site/ and report/."""
    def build(root: Path):
        config, site = make_site(root, {"index.md": page("Home"), "about.md": page("About the guide")},
                                 nav=["index.md", "about.md", "get-help-now.md"],
                                 extra={"languages": ["en", "es"], "clinic": {"logo": LOGO}},
                                 config={"site_url": PROJECT_PAGES})
        for name, text in SPANISH_PAGES.items():
            (root / "docs-es" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs-es" / name).write_text(text, encoding="utf-8")
        mark_translated(root)  # each checked against its English page
        config.with_name("mkdocs.es.yml").write_text(
            "INHERIT: mkdocs.yml\ndocs_dir: docs-es\nsite_dir: site/es\ntheme:\n  language: es\n"
            "extra:\n  checks:\n    spelling: 'off'\n", encoding="utf-8")
        return run_all_languages(config, site)
    result, folder = build_once(tmp_path_factory, "two-languages", build)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def test_a_guide_in_a_folder_of_its_web_address_gives_each_language_its_own_addresses(two_languages):
    """GitHub Pages for a project serves the guide at https://name.github.io/<project>/: the strict build passes (the
    404 page's links start with the folder), and the Spanish sitemap and 404 page give the Spanish addresses."""
    folder = "/" + PROJECT_PAGES.split("/", 3)[3]
    sitemap = (two_languages / "site/es/sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PROJECT_PAGES}es/about/</loc>" in sitemap and f"<loc>{PROJECT_PAGES}about/</loc>" not in sitemap
    for site, home in (("site", folder), ("site/es", folder + "es/")):
        links = [a.attributes.get("href") or "" for a in
                 LexborHTMLParser((two_languages / site / "404.html").read_text(encoding="utf-8")).css("a")]
        own = [href for href in links if href.startswith("/")]
        assert own and all(href.startswith(home) for href in own), (site, own)
    # a missing address in either language offers the other language's guide, in its own words
    other = {"site": (f"{folder}es/", "La guía en español"), "site/es": (f"{folder}es/../", "The guide in English")}
    for site, (href, name) in other.items():
        tree = LexborHTMLParser((two_languages / site / "404.html").read_text(encoding="utf-8"))
        assert any(a.attributes.get("href") == href and a.text() == name for a in tree.css("a[hreflang]")), site
        empty = LexborHTMLParser((two_languages / site / "about/index.html").read_text(encoding="utf-8"))
        assert name in empty.css_first("#kap-search-empty").text(), site  # a search that found nothing, too


def test_the_clinics_logo_in_docs_assets_is_on_both_languages_pages(two_languages):
    for site in ("site", "site/es"):
        html = (two_languages / site / "about/index.html").read_text(encoding="utf-8")
        logo = LexborHTMLParser(html).css_first(".md-logo img")
        assert logo is not None and logo.attributes["src"].endswith(LOGO), site
        assert (two_languages / site / LOGO).is_file(), site


def _switch(html: str) -> tuple[str, str]:
    link = LexborHTMLParser(html).css_first("a.kap-language__link")
    assert link is not None, "no language switch on the page"
    return link.attributes["href"], link.attributes["hreflang"]


@pytest.mark.parametrize("start, code, lands_on", [
    ("site/about/index.html", "es", "site/es/about/index.html"),
    ("site/es/about/index.html", "en", "site/about/index.html"),
    ("site/index.html", "es", "site/es/index.html"),
    ("site/es/get-help-now/index.html", "en", "site/get-help-now/index.html"),
])
def test_the_language_switch_lands_on_the_same_page_in_the_other_language(two_languages, start, code, lands_on):
    href, hreflang = _switch((two_languages / start).read_text(encoding="utf-8"))
    assert hreflang == code
    target = posixpath.normpath(posixpath.join(posixpath.dirname(start), href))
    assert (two_languages / target / "index.html" if not target.endswith(".html") else two_languages / target) \
        == two_languages / lands_on
    assert (two_languages / lands_on).is_file()


def test_the_spanish_site_speaks_spanish_with_the_clinics_numbers_and_shares_the_pictures_and_styles(two_languages):
    html = (two_languages / "site/es/about/index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(html)
    assert tree.css_first("html").attributes["lang"] == "es"
    card = tree.css_first(".kap-help").text(separator=" ")
    assert "¿Necesita ayuda ahora?" in card and "Más ayuda" in card
    settings = real_config()["extra"]
    spanish = in_language(load_clinic(settings)[0], settings, "es", "en")[0]
    for line in spanish.crisis_lines:
        assert line.label in card and " ".join(line.note.split()) in " ".join(card.split())  # "marque el 2", on every page
        assert all(tree.css_first(f'.kap-help a[href="{href}"]') is not None for href in line_hrefs(line)), line
    assert "Borrador" in tree.css_first(".kap-draft").text()
    assert tree.css_first('link[rel="alternate"][hreflang="en"]') is not None
    for shared in ("stylesheets/kap.css", "javascripts/worksheets.js"):  # published as small as in the main site
        assert (two_languages / "site/es/assets" / shared).read_bytes() == (two_languages / "site/assets" / shared).read_bytes()
    english = LexborHTMLParser((two_languages / "site/about/index.html").read_text(encoding="utf-8"))
    assert english.css_first("html").attributes["lang"] == "en"
    assert "Need help now?" in english.css_first(".kap-help").text()


def test_each_language_writes_its_own_report(two_languages):
    assert (two_languages / "report" / "report.md").is_file()
    assert (two_languages / "report" / "es" / "report.md").is_file()


def test_the_uk_example_turns_spanish_off_so_its_pages_have_no_language_switch(example_site):
    pages = sorted(example_site.rglob("index.html"))
    assert pages and not (example_site / "es").exists()
    assert not any("kap-language" in path.read_text(encoding="utf-8") for path in pages)


def test_the_spanish_pages_heading_links_are_titled_in_spanish(built_site_es):
    titles = {a.attributes.get("title") for path in sorted(built_site_es.rglob("index.html"))[:20]
              for a in LexborHTMLParser(path.read_text(encoding="utf-8")).css("a.headerlink")}
    assert titles == {ui_text("es")["permalink_title"]}, titles
