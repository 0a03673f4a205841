"""All of the guide's settings, read once per build into typed objects that every hook is given.

``read_site_settings`` first checks the shape of ``extra`` (settings_model.py), then reads what
each block means: the clinic (clinic.py, with its session-day rules in treatment.py), its colours
(colours.py), the checks (checksettings.py), the review line and the worksheets. The findings of
all of them come back together, so they are reported once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kapguide.checksettings import CheckSettings, load_check_settings
from kapguide.clinic import Clinic, in_language, load_clinic
from kapguide.colours import load_colours
from kapguide.findings import Finding
from kapguide.settings_model import ExtraSettings, ReviewSettings, WorksheetSettings, load_settings
from kapguide.site_language import SiteLanguage, site_language


@dataclass(frozen=True)
class SiteSettings:
    extra: ExtraSettings
    clinic: Clinic
    colours: dict[str, str]
    checks: CheckSettings
    review: ReviewSettings
    worksheets: WorksheetSettings
    language: SiteLanguage
    untranslated: list[str] = field(default_factory=list)  # clinic settings shown in the main language
    findings: list[Finding] = field(default_factory=list)
    usable_extra: dict = field(default_factory=dict)  # ``extra`` without the values the settings model refused


def read_site_settings(extra: object, lines: dict[str, int] | None = None, env: dict | None = None,
                       theme_language: object = "en", docs_dir: Path = Path("docs")) -> SiteSettings:
    """Read ``extra`` from mkdocs.yml; always returns usable settings, plus a finding for each mistake.

    ``theme_language`` and ``docs_dir`` say which of the guide's languages this build is (site_language.py);
    the clinic's words are then those of that language (clinic.in_language)."""
    model, raw, findings = load_settings(extra, lines)
    language, language_findings = site_language(theme_language, list(model.languages or []), docs_dir)
    clinic, clinic_findings = load_clinic(raw, lines)
    clinic, untranslated, word_findings = in_language(clinic, raw, language.code, language.main, lines)
    clinic_raw = raw["clinic"] if isinstance(raw.get("clinic"), dict) else {}
    colours, colour_findings = load_colours(clinic_raw.get("colours"), lines)
    checks, check_findings = load_check_settings(raw, env)
    return SiteSettings(
        extra=model, clinic=clinic, colours=colours, checks=checks,
        review=model.review or ReviewSettings(), worksheets=model.worksheets or WorksheetSettings(),
        language=language, untranslated=untranslated,
        findings=findings + language_findings + clinic_findings + word_findings + colour_findings + check_findings,
        usable_extra=raw,
    )


EXAMPLE_REPOSITORY = "github.com/example-clinic/"
DEFAULT_SITE_NAME = "Your KAP treatment guide"
DEFAULT_SITE_NAMES = (DEFAULT_SITE_NAME, "Su guía de tratamiento con ketamina")  # as shipped, in each language
EXAMPLE_CLINIC_MARKS = ("Example Clinic", "(example)", ".example", " 555 ")


def before_publishing(site_name: str, site_url: str, repo_url: str, clinic: Clinic) -> list[str]:
    """Settings still as the project ships them, for the build report's "Before you publish" list.

    They are not errors (the shipped example must build), so they are listed, not logged as warnings."""
    notes = []
    if EXAMPLE_REPOSITORY in (repo_url or ""):
        notes.append(f"repo_url still points at the example repository ({repo_url}): set it to your own, or the "
                     "staff edit links open the wrong files.")
    if not (site_url or "").strip():
        notes.append("site_url is empty: set it to the address the guide will have (for the sitemap and the 404 page).")
    if (site_name or "").strip() in DEFAULT_SITE_NAMES:
        notes.append(f"site_name is still \"{site_name.strip()}\": consider your clinic's own name for the guide "
                     "(in mkdocs.yml, and in the settings file of each other language, such as mkdocs.es.yml).")
    if clinic.after_hours is None:
        notes.append("extra.clinic.after_hours is not set: the pages tell patients to use the after-hours line when "
                     "the clinic is closed, and the help card tells them to call a crisis line instead. Add the line "
                     "(label and number) if your clinic has one.")
    shown = " ".join([clinic.name, clinic.phone, clinic.email, clinic.address])
    if any(mark in f" {shown} " for mark in EXAMPLE_CLINIC_MARKS):
        notes.append("extra.clinic still holds the example clinic's details: replace every line of the CLINIC SETTINGS "
                     "block, including the session-day rules.")
    return notes
