"""The site foundation: strict build, help card, review lines, clinic settings, privacy."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import (
    MENU_FILE,
    REPO,
    build_once,
    built_menu,
    html_pages,
    line_hrefs,
    make_site,
    page,
    parsed_page,
    real_config,
    run_mkdocs,
    scan_site,
    squash,
)
from kapguide.clinic import load_clinic
from kapguide.privacy import scan_text

CLINIC, _ = load_clinic(real_config()["extra"])


def soup(path: Path) -> BeautifulSoup:
    return parsed_page(path)


def content_pages(site: Path) -> list[Path]:
    """Pages built from Markdown (every page has an article), without the 404 page."""
    return [p for p in html_pages(site) if p.name != "404.html"]


def test_every_page_has_the_help_card_with_the_clinic_numbers_as_links(built_site):
    pages = content_pages(built_site)
    assert len(pages) >= 6
    for path in pages:
        card = soup(path).select_one("aside.kap-help")
        assert card is not None, f"{path} has no help card"
        hrefs = {a["href"] for a in card.find_all("a")}
        assert CLINIC.phone_line.tel_href in hrefs, path
        for line in CLINIC.crisis_lines:
            if "call" in line.ways:
                assert f"tel:{line.digits}" in hrefs, (path, line)
            if "text" in line.ways:
                assert f"sms:{line.digits}" in hrefs, (path, line)
        if path.parent.name == "get-help-now":
            assert card.select_one(".kap-help__note"), "the get-help-now card lists each line's note"
        else:
            assert any("get-help-now/" in h for h in hrefs), path


def test_help_card_is_inside_the_printed_article(built_site):
    article = soup(built_site / "index.html").select_one("article.md-content__inner")
    assert article.select_one("aside.kap-help") is not None


def test_footer_has_clinic_contacts_and_education_disclaimer(built_site):
    footer = soup(built_site / "index.html").select_one("footer")
    text = footer.get_text(" ", strip=True)
    assert CLINIC.name in text and CLINIC.phone in text and CLINIC.email in text
    assert "does not replace advice from your treatment team" in text


def test_every_content_page_shows_a_draft_notice_or_its_review_line(built_site):
    for path in content_pages(built_site):
        html = soup(path)
        assert html.select_one(".kap-draft") or html.select_one(".kap-review"), path


def nav_sections() -> list[str]:
    """The section folders docs/.nav.yml lists, in menu order, as the home page links to them."""
    docs = REPO / "docs"
    entries = yaml.safe_load((docs / MENU_FILE).read_text(encoding="utf-8"))["nav"]
    names = [name for entry in entries if isinstance(entry, dict) for name in entry.values()]
    return [f"{name.strip('/')}/" for name in names if isinstance(name, str) and (docs / name).is_dir()]


def test_home_page_shows_the_four_sections_as_cards_in_treatment_order(built_site):
    cards = soup(built_site / "index.html").select(".kap-cards__card a")
    hrefs = [a["href"] for a in cards]
    assert hrefs == nav_sections() and len(hrefs) >= 1
    for card in cards:
        assert card.select_one(".kap-cards__text").get_text(strip=True), "card without description"


def test_menu_follows_the_menu_files_and_shows_every_page_of_each_section(built_site):
    """docs/.nav.yml gives the sections' titles in order; each section's .nav.yml its pages' order, and a page
    it does not list still appears, after the listed ones."""
    docs = REPO / "docs"
    entries = yaml.safe_load((docs / MENU_FILE).read_text(encoding="utf-8"))["nav"]
    titled = {name: title for entry in entries if isinstance(entry, dict) for title, name in entry.items()}
    folders = [name for name in titled if (docs / name).is_dir()]
    assert folders, "docs/.nav.yml names no section folder"
    for folder in folders:
        top, pages = built_menu(built_site, folder)
        assert [t for t in top if t in titled.values()] == list(titled.values())
        listed = [name for name in yaml.safe_load((docs / folder / MENU_FILE).read_text(encoding="utf-8"))["nav"]
                  if isinstance(name, str)]
        assert pages[:len(listed)] == listed, folder
        assert sorted(pages) == sorted(p.name for p in (docs / folder).glob("*.md")), folder


def build_review_site(root: Path):
    pages = {"index.md": page("Home", status="approved", reviewed="2026-03-02", review_due="2027-03-02",
                              reviewed_by="Clinical lead"),
             "draft.md": page("Draft page")}
    return run_mkdocs(*make_site(root, pages, extra={"clinic": {**real_config()["extra"]["clinic"], "after_hours": None},
                                                     "review": {"edit_links": True}}))


@pytest.fixture(scope="module")
def review_site(tmp_path_factory) -> Path:
    """One build: an approved home page and a draft page, for a clinic without an after-hours line that shows
    staff edit links to everyone."""
    result, root = build_once(tmp_path_factory, "review-site", build_review_site)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_approved_page_shows_review_dates_and_reviewer(review_site):
    site = review_site
    approved = soup(site / "index.html")
    assert approved.select_one(".kap-draft") is None
    review = approved.select_one(".kap-review").get_text(" ", strip=True)
    assert review == "Page last reviewed: March 2, 2026 by Clinical lead · Next review due: March 2, 2027"
    draft = soup(site / "draft" / "index.html")
    assert "not yet reviewed by the clinical team at" in draft.select_one(".kap-draft").get_text()
    assert draft.select_one(".kap-review") is None


def test_build_fails_on_a_draft_page_when_approval_is_required(fixture_site):
    config, site = fixture_site(
        {"index.md": page("Home", status="approved", reviewed="2026-03-02", review_due="2027-03-02",
                          reviewed_by="Clinical lead"),
         "draft.md": page("Draft page")},
        extra={"review": {"require_approved": True}},
    )
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    assert "draft.md:4: This page is still a draft" in result.stderr
    assert "Traceback" not in result.stderr


def test_example_clinic_builds_with_its_own_values_only(example_site):
    site = example_site
    html = (site / "index.html").read_text(encoding="utf-8")
    for value in ("Harbourside Wellbeing Centre", 'href="tel:116123"', 'href="tel:999"', 'href="tel:111"',
                  'href="tel:+442079460321"', "kap-team@harbourside.example"):
        assert value in html, value
    for value in (CLINIC.name, CLINIC.phone, CLINIC.email, 'href="tel:988"', 'href="sms:988"', 'href="tel:911"'):
        assert value not in html, value
    css = (site / "assets" / "stylesheets" / "clinic-colours.css").read_text()
    assert "#283593" in css


def test_built_site_requests_nothing_from_other_hosts(built_site):
    assert scan_site(built_site) == []


def test_templates_snippets_and_worksheet_sources_are_not_published(built_site):
    assert not (built_site / "templates").exists() and not (built_site / "_snippets").exists()
    assert not list(built_site.rglob("*.yml")) and not list(built_site.rglob("*.md"))


def test_privacy_scanner_finds_each_kind_of_external_fetch():
    html = ('<link rel="stylesheet" href="https://fonts.googleapis.com/css">\n'
            '<script src="//cdn.example.com/a.js"></script>\n<img srcset="/a.png 1x, https://x.example/b.png 2x">\n'
            '<a href="https://example.org/">a plain link is fine</a>\n<style>@import "https://x.example/y.css";</style>')
    found = scan_text("page.html", html)
    assert [(f.line, f.url) for f in found] == [
        (1, "https://fonts.googleapis.com/css"), (2, "//cdn.example.com/a.js"),
        (3, "https://x.example/b.png"), (5, "https://x.example/y.css")]
    css = scan_text("a.css", "body{}\n.x{background:url('https://t.example/p.gif')}")
    assert [(f.line, f.url) for f in css] == [(2, "https://t.example/p.gif")]
    js = scan_text("a.js", 'x=1;fetch("https://api.example.com/repos")')
    assert [f.url for f in js] == ["https://api.example.com/repos"]


def test_the_404_page_shows_the_help_card_and_then_its_title(built_site):
    page_404 = soup(built_site / "404.html")
    card = page_404.select_one("aside.kap-help")
    assert card is not None and card.select_one(".kap-help__bar") is not None  # on a phone: the one-row bar
    assert card.find_next("h1") is not None and "not found" in card.find_next("h1").get_text().lower()
    clinic = load_clinic(real_config()["extra"])[0]
    assert all(card.select_one(f'a[href="{href}"]') for line in clinic.crisis_lines for href in line_hrefs(line))


def test_patients_see_no_edit_link(built_site):
    """"Edit this page" is for staff (the preview, or extra.review.edit_links), not patients."""
    assert not [path for path in html_pages(built_site) if soup(path).select_one('a[rel="edit"]')]


def test_edit_links_lead_to_each_page_file_when_the_clinic_turns_them_on(review_site):
    config = real_config()
    base = f"{config['repo_url'].rstrip('/')}/{config['edit_uri'].strip('/')}/"
    for built, source in ((review_site / "index.html", "index.md"), (review_site / "draft" / "index.html", "draft.md")):
        edit = soup(built).select_one('a[rel="edit"]')
        assert edit is not None and edit["href"] == base + source, source


def test_help_card_on_every_page_gives_opening_hours_and_the_after_hours_route(built_site, review_site):
    """Help today, at any hour: the clinic's hours and, when it is closed, its after-hours line (or a crisis line)."""
    for path in content_pages(built_site):
        card = soup(path).select_one("aside.kap-help")
        text = squash(card.get_text(" "))
        if CLINIC.opening_hours:
            assert squash(CLINIC.opening_hours) in text, path
        if CLINIC.after_hours:
            assert CLINIC.after_hours.tel_href in {a["href"] for a in card.find_all("a")}, path
        assert "When the clinic is closed" in text, path
    card = squash(soup(review_site / "index.html").select_one("aside.kap-help").get_text(" "))
    assert "When the clinic is closed: call a crisis line above." in card


def test_get_help_now_groups_the_configured_numbers_by_urgency(built_site):
    """Now: every crisis line; today: the clinic and its after-hours route; then the next visit."""
    card = soup(built_site / "get-help-now" / "index.html").select_one("aside.kap-help")
    text = squash(card.get_text(" "))
    now, today, later = text.index("Now:"), text.index("Today:"), text.index("At your next visit:")
    assert now < today < later
    for line in CLINIC.crisis_lines:
        assert now < text.index(squash(line.label)) < today, line.label
    assert today < text.index(squash(CLINIC.name)) < later
    if CLINIC.after_hours:
        assert today < text.index(squash(CLINIC.after_hours.label)) < later


def test_every_page_shows_the_numbers_under_the_three_levels_of_urgency(built_site):
    """Now: the crisis lines; today: the clinic and its after-hours route; and the way to the next visit's level."""
    for path in content_pages(built_site):
        card = soup(path).select_one("aside.kap-help")
        text = squash(card.get_text(" "))
        now, today = text.index("Now"), text.index("Today")
        assert now < today, path
        for line in CLINIC.crisis_lines:
            assert now < text.index(squash(line.label)) < today, (path, line.label)
        assert today < text.index(squash(CLINIC.name)), path
        assert "next visit" in text, path


# ---------- smaller published files (hooks/kapguide/asset_minify.py) ----------

def test_pages_lose_only_indentation_and_keep_their_lines_and_preformatted_text():
    from kapguide.asset_minify import html_without_indentation

    html = "<div>\n    <p>Hello   there</p>  \n  <pre>  keep\n    this</pre>\n\t<textarea>  and\n  this</textarea>\n</div>\n"
    out = html_without_indentation(html)
    assert out.count("\n") == html.count("\n")
    assert "<pre>  keep\n    this</pre>" in out and "<textarea>  and\n  this</textarea>" in out
    assert "\n<p>Hello   there</p>\n" in out


def test_published_scripts_keep_licence_notices_and_the_palette_keeps_the_site_colours(built_site):
    from kapguide.asset_minify import NAMED_COLOUR, palette_colours

    stemmer = (built_site / "assets" / "javascripts" / "kap-search-stemmer.js").read_text(encoding="utf-8")
    assert "MIT licence" in stemmer and "Oliver Nightingale" in stemmer
    spanish = (built_site / "assets" / "javascripts" / "kap-search-stemmer.es.js").read_text(encoding="utf-8")
    assert "Copyright 2014, Mihai Valentin" in spanish and "Copyright 2010, Oleg Mazko" in spanish
    assert "http://www.mozilla.org/MPL/" in spanish and "The Snowball stemmer for Spanish" not in spanish
    theme = (built_site / "assets" / "javascripts" / "kap-theme.js").read_text(encoding="utf-8")
    assert "/*" not in theme and theme.count("\n") < 5  # comments and indentation gone
    used = palette_colours(real_config()["theme"]["palette"])
    assert used
    palette = next((built_site / "assets" / "stylesheets").glob("palette.*.min.css")).read_text(encoding="utf-8")
    found = set(NAMED_COLOUR.findall(palette))
    assert used <= found, used - found
    for rule in palette.split("}"):
        selectors = rule.split("{")[0].split(",")
        named = [set(NAMED_COLOUR.findall(s)) for s in selectors]
        assert not all(n and not n & used for n in named), f"a rule only for colours this site does not use: {rule[:80]}"
