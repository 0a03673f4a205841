"""All of the guide's settings, read once per build into typed objects that every hook is given.

``read_site_settings`` first checks the shape of ``extra`` (settings_model.py), then reads what
each block means: the clinic (clinic.py, with its session-day rules in treatment.py), its colours
(colours.py), the checks (checksettings.py), the review line and the worksheets. The findings of
all of them come back together, so they are reported once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kapguide.checksettings import CheckSettings, load_check_settings
from kapguide.clinic import Clinic, load_clinic
from kapguide.colours import load_colours
from kapguide.findings import Finding
from kapguide.settings_model import ExtraSettings, ReviewSettings, WorksheetSettings, load_settings


@dataclass(frozen=True)
class SiteSettings:
    extra: ExtraSettings
    clinic: Clinic
    colours: dict[str, str]
    checks: CheckSettings
    review: ReviewSettings
    worksheets: WorksheetSettings
    findings: list[Finding] = field(default_factory=list)


def read_site_settings(extra: object, lines: dict[str, int] | None = None, env: dict | None = None) -> SiteSettings:
    """Read ``extra`` from mkdocs.yml; always returns usable settings, plus a finding for each mistake."""
    model, raw, findings = load_settings(extra, lines)
    clinic, clinic_findings = load_clinic(raw, lines)
    clinic_raw = raw["clinic"] if isinstance(raw.get("clinic"), dict) else {}
    colours, colour_findings = load_colours(clinic_raw.get("colours"))
    checks, check_findings = load_check_settings(raw, env)
    return SiteSettings(
        extra=model, clinic=clinic, colours=colours, checks=checks,
        review=model.review or ReviewSettings(), worksheets=model.worksheets or WorksheetSettings(),
        findings=findings + clinic_findings + colour_findings + check_findings,
    )


EXAMPLE_REPOSITORY = "github.com/example-clinic/"
DEFAULT_SITE_NAME = "Your KAP treatment guide"
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
    if (site_name or "").strip() == DEFAULT_SITE_NAME:
        notes.append(f"site_name is still \"{DEFAULT_SITE_NAME}\": consider your clinic's own name for the guide.")
    shown = " ".join([clinic.name, clinic.phone, clinic.email, clinic.address])
    if any(mark in f" {shown} " for mark in EXAMPLE_CLINIC_MARKS):
        notes.append("extra.clinic still holds the example clinic's details: replace every line of the CLINIC SETTINGS "
                     "block, including the session-day rules.")
    return notes
