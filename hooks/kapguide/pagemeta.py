"""Front matter of a content page: the fields, their rules, and the review line.

Every content page starts with front matter that staff write by hand:

    title        the page title, the same text as the page's one '#' heading
    description  one sentence, used for search results, cards and the meta description
    status       draft | approved
    reviewed     date of the last clinical review (approved pages)
    review_due   date the next review is due (approved pages; after 'reviewed')
    reviewed_by  who reviewed it, as a role, e.g. "Clinical lead" (approved pages)
    worksheets   optional list of worksheet ids related to the page
    keywords     optional list of words patients might search for

``check_meta`` returns findings for anything wrong; ``review_summary`` gives
the text a page shows at its foot (approved) or top (draft).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from markupsafe import Markup

from kapguide.findings import Finding, Severity
from kapguide.plain_text import PLAIN_TEXT_FIX, markup_in

STATUSES = ("draft", "approved")
REQUIRED = ("title", "description", "status")
APPROVAL_FIELDS = ("reviewed", "review_due", "reviewed_by")
OPTIONAL = ("worksheets", "keywords")
THEME_FIELDS = ("hide", "template", "search", "icon", "subtitle")  # Material's own page settings
KNOWN = REQUIRED + APPROVAL_FIELDS + OPTIONAL + THEME_FIELDS
DESCRIPTION_MAX = 160
PLAIN_TEXT_FIELDS = ("title", "description", "subtitle", "reviewed_by", "keywords")


@dataclass(frozen=True)
class ReviewSummary:
    status: str  # "approved" | "draft"
    text: Markup  # HTML-safe: values from front matter and settings are escaped
    overdue: bool = False


def as_date(value: object) -> dt.date | None:
    """A real calendar date from YAML (which parses 2026-03-01 itself) or from text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def string_list(value: object) -> list[str] | None:
    """A list of non-empty strings, or a comma-separated string; None when it is neither."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and str(v).strip() for v in value):
        return [str(v).strip() for v in value]
    return None


def check_meta(meta: dict, path: str, key_lines: dict[str, int], *, require_approved: bool = False,
               today: dt.date | None = None, overdue_severity: str = "warning") -> list[Finding]:
    """Every rule about front matter fields. ``key_lines`` maps a field to its line in the file."""
    findings: list[Finding] = []

    def add(rule: str, key: str, message: str, fix: str, severity: Severity = "error") -> None:
        findings.append(Finding(rule, path, message, line=key_lines.get(key, 1), severity=severity, fix=fix))

    for key in meta:
        if key not in KNOWN:
            guess = difflib.get_close_matches(key, KNOWN, n=1)
            hint = f"Did you mean '{guess[0]}'?" if guess else f"Known fields: {', '.join(REQUIRED + APPROVAL_FIELDS + OPTIONAL)}."
            add("front-matter", key, f"Unknown front matter field '{key}'.", hint)
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, ""):
            add("front-matter", key, f"The front matter has no '{key}'.",
                f"Add a line '{key}: ...' between the two '---' lines at the top.")
        elif key != "status" and not isinstance(meta[key], str):
            add("front-matter", key, f"'{key}' must be text.", f"Write it as {key}: \"...\" on one line.")
    description = meta.get("description")
    if isinstance(description, str) and len(description) > DESCRIPTION_MAX:
        add("front-matter", "description",
            f"The description is {len(description)} characters; search results cut it off after {DESCRIPTION_MAX}.",
            "Shorten it to one plain sentence.", severity="warning")
    status = meta.get("status")
    if status is not None and status not in STATUSES:
        add("front-matter", "status", f"status is '{status}'; it must be 'draft' or 'approved'.",
            "Write status: draft until a clinician has reviewed the page.")
    for key in OPTIONAL:
        if key in meta and meta[key] is not None and string_list(meta[key]) is None:
            add("front-matter", key, f"'{key}' must be a list of words.", f"Write it as {key}: [first, second].")
    for key in PLAIN_TEXT_FIELDS:
        values = meta.get(key)
        for value in values if isinstance(values, list) else [values]:
            problem = markup_in(value) if isinstance(value, str) else None
            if problem:
                add("plain-text", key, f"'{key}' holds {problem}; front matter fields are plain text.", PLAIN_TEXT_FIX)
                break
    if status == "approved":
        _check_approval(meta, add, today or dt.date.today(), overdue_severity)
    elif status == "draft" and require_approved:
        add("review", "status", "This page is still a draft, and this site requires every page to be clinically approved.",
            "Have a clinician review it, then set status: approved with reviewed, review_due and reviewed_by.")
    return findings


def _check_approval(meta: dict, add, today: dt.date, overdue_severity: str) -> None:
    """Rules for approved pages; each problem is passed to ``add``."""
    for key in APPROVAL_FIELDS:
        if meta.get(key) in (None, ""):
            add("review", key if key in meta else "status", f"An approved page needs '{key}'.",
                "Add reviewed: YYYY-MM-DD, review_due: YYYY-MM-DD and reviewed_by: a role such as \"Clinical lead\".")
    reviewed, due = as_date(meta.get("reviewed")), as_date(meta.get("review_due"))
    for key, value in (("reviewed", reviewed), ("review_due", due)):
        if meta.get(key) not in (None, "") and value is None:
            add("review", key, f"'{key}' is '{meta.get(key)}', which is not a real date.",
                "Write the date as YYYY-MM-DD, for example 2026-03-31.")
    if "reviewed_by" in meta and meta["reviewed_by"] not in (None, "") and not isinstance(meta["reviewed_by"], str):
        add("review", "reviewed_by", "'reviewed_by' must be text.", "Write a role, such as reviewed_by: Clinical lead.")
    if reviewed and due and due <= reviewed:
        add("review", "review_due", f"review_due ({due}) must come after reviewed ({reviewed}).",
            "Set the next review date after the last one, usually a year later.")
    if reviewed and reviewed > today:
        add("review", "reviewed", f"reviewed ({reviewed}) is in the future.", "Use the date the review took place.")
    if due and due < today:
        add("review-overdue", "review_due", f"This page's clinical review was due on {due}.",
            "Ask a clinician to review the page, then update reviewed and review_due.", severity=overdue_severity)


def format_date(value: dt.date, date_format: str) -> str:
    try:
        return value.strftime(date_format)
    except ValueError:
        return value.isoformat()


def review_summary(meta: dict, clinic_name: str, date_format: str = "%d %B %Y",
                   today: dt.date | None = None) -> ReviewSummary | None:
    """What the page shows about its clinical review, or None for pages without a status."""
    status = meta.get("status")
    if status == "approved":
        reviewed, due = as_date(meta.get("reviewed")), as_date(meta.get("review_due"))
        if not (reviewed and due and meta.get("reviewed_by")):
            return ReviewSummary("draft", draft_text(clinic_name))
        text = Markup("Page last reviewed: {} by {} · Next review due: {}").format(
            format_date(reviewed, date_format), meta["reviewed_by"], format_date(due, date_format))
        return ReviewSummary("approved", text, overdue=due < (today or dt.date.today()))
    if status == "draft":
        return ReviewSummary("draft", draft_text(clinic_name))
    return None


def draft_text(clinic_name: str) -> Markup:
    """The draft notice, as HTML-safe text (the clinic's name is escaped; an escaped name stays as it is)."""
    return Markup("Draft: not yet reviewed by the clinical team at {}. "
                  "Check anything important with your treatment team.").format(clinic_name)
