"""The Spanish guide in a real browser (site/es/, beside the English one as `make build` lays them out).

Every Spanish page is visited once, on a phone, which is how most patients read the guide: axe-core runs every
WCAG 2.2 AA rule there, and the same visit checks the phone layout (help and title on the first screen, no
sideways scrolling, text of at least 16px) and that nothing is fetched from another host. The pages share their
templates and styles with the English pages, which are also checked on a desktop and in the dark scheme
(tests/test_browser.py). The language switch is followed both ways.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_browser import PHONE, axe_findings, new_context_with_axe, on_a_phone, phone_problems, requests_leaving

from conftest import a_page, once_per_run, real_config, site_pages, visit_each
from kapguide.clinic import in_language, load_clinic

PHONE_CONTEXT = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def visit_spanish_pages(browser, site_url_es: str, site) -> dict:
    context = new_context_with_axe(browser, color_scheme="light", **PHONE_CONTEXT)
    outside = requests_leaving(context, site_url_es)
    pages = site_pages(site)
    axe, layout, languages = [], [], set()
    for (address, tab), path in zip(visit_each(context, [f"{site_url_es}/{path}" for path in pages]), pages):
        axe += axe_findings(tab, address)
        measured = on_a_phone(tab)
        layout += phone_problems(f"es/{path}", measured)
        languages.add(measured["lang"])
    context.close()
    return {"pages": pages, "axe": axe, "layout": layout, "languages": sorted(languages), "outside": outside}


@pytest.fixture(scope="module")
def spanish_visit(browser, site_url_es, built_site_es, tmp_path_factory) -> dict:
    """Every Spanish page on a phone, once per test run."""
    return once_per_run(tmp_path_factory, "spanish-visit",
                        lambda _: visit_spanish_pages(browser, site_url_es, built_site_es))[0]


def test_every_spanish_page_passes_axe_wcag_22_aa_on_a_phone(spanish_visit):
    assert "" in spanish_visit["pages"] and len(spanish_visit["pages"]) > 1
    assert spanish_visit["languages"] == ["es"]
    assert spanish_visit["axe"] == [], "\n\n".join(spanish_visit["axe"])


def test_every_spanish_page_fits_a_phone_with_help_and_title_on_the_first_screen(spanish_visit):
    assert spanish_visit["layout"] == [], "\n".join(spanish_visit["layout"])


def test_no_spanish_page_fetches_from_another_host(spanish_visit):
    assert spanish_visit["outside"] == []


def test_the_light_or_dark_choice_stays_when_the_language_changes(browser, site_url_es, built_site_es):
    """Material keeps the choice under the site's folder: the Spanish site keeps it under the guide's, so a patient
    reading at night does not get a bright page after tapping "Español"."""
    path = a_page(built_site_es, "in-session/right-after/")
    context = browser.new_context(color_scheme="light")
    tab = context.new_page()
    tab.goto(f"{site_url_es}/{path}")
    tab.click("a.kap-language__link[hreflang='en']")
    tab.wait_for_load_state()
    tab.click("[data-md-component=palette] label:not([hidden])")  # dark
    assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    tab.click("a.kap-language__link[hreflang='es']")
    tab.wait_for_load_state()
    scheme = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
    context.close()
    assert scheme == "slate"


def test_the_language_switch_leads_to_the_same_page_and_back(context, site_url_es, built_site_es):
    path = a_page(built_site_es, "in-session/right-after/")
    tab = context.new_page()
    tab.goto(f"{site_url_es}/{path}")
    tab.click("a.kap-language__link[hreflang='en']")
    tab.wait_for_load_state()
    english = urlsplit(tab.url).path
    assert english.endswith(f"/{path}") and "/es/" not in english
    assert tab.evaluate("document.documentElement.lang") == "en"
    tab.click("a.kap-language__link[hreflang='es']")
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path.endswith(f"/es/{path}")
    assert tab.evaluate("document.documentElement.lang") == "es"


def test_the_spanish_help_bar_calls_the_configured_numbers_with_spanish_names(context, site_url_es, built_site_es):
    extra = real_config()["extra"]
    clinic = in_language(load_clinic(extra)[0], extra, "es", (extra.get("languages") or ["en"])[0])[0]
    tab = context.new_page()
    tab.set_viewport_size({"width": 375, "height": 667})
    tab.goto(f"{site_url_es}/{a_page(built_site_es, 'in-session/right-after/')}")
    bar = tab.locator(".kap-help__bar")
    assert bar.is_visible() and "Ayuda ya" in bar.inner_text()
    for line in clinic.crisis_lines:
        link = bar.locator(f'a[href="{line.tel_href if "call" in line.ways else line.sms_href}"]')
        assert link.count() == 1 and line.label in link.get_attribute("aria-label")
    toggle = tab.locator(".kap-help__toggle")
    toggle.click()
    assert toggle.inner_text() == "Menos ayuda" and tab.locator(".kap-help__full").is_visible()
