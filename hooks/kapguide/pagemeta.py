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
    source_hash  a translated page (docs-es/): which version of its English page it was checked
                 against (hooks/kapguide/translation_parity.py)

``check_meta`` returns findings for anything wrong; ``review_summary`` gives
the text a page shows at its foot (approved) or top (draft).

Worksheets (docs/worksheets/*.yml) carry the same four review fields (status, reviewed,
review_due, reviewed_by): ``check_review`` holds the review rules for both, ``review_of``
reads the review state both show, and ``printed_review_line`` is the short line of a PDF.
``review_settings`` reads ``extra.review`` in mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from kapguide.findings import Finding, Severity
from kapguide.plain_text import PLAIN_TEXT_FIX, markup_in
from kapguide.ui_text import date_in, ui_text

STATUSES = ("draft", "approved")
REQUIRED = ("title", "description", "status")
APPROVAL_FIELDS = ("reviewed", "review_due", "reviewed_by")
OPTIONAL = ("worksheets", "keywords")
THEME_FIELDS = ("hide", "template", "search", "icon", "subtitle")  # Material's own page settings
TRANSLATION_FIELDS = ("source_hash",)  # a translated page's record of its English page (translation_parity.py)
KNOWN = REQUIRED + APPROVAL_FIELDS + OPTIONAL + THEME_FIELDS + TRANSLATION_FIELDS
DESCRIPTION_MAX = 160
PLAIN_TEXT_FIELDS = ("title", "description", "subtitle", "reviewed_by", "keywords")
REVIEW_FIELDS = ("status",) + APPROVAL_FIELDS
DEFAULT_DATE_FORMAT = "%d %B %Y"

# add(rule, field, message, fix, severity="error"): records one finding at the field's line
AddFinding = Callable[..., None]


@dataclass(frozen=True)
class ReviewSettings:
    """``extra.review`` in mkdocs.yml, and the date the review rules count from."""
    require_approved: bool = False
    overdue_severity: str = "warning"  # "warning" | "error"
    date_format: str = DEFAULT_DATE_FORMAT
    today: dt.date | None = None       # None: the real date


def review_settings(raw: object, today: dt.date | None = None) -> ReviewSettings:
    """``extra.review`` (require_approved, overdue: warn | error, date_format) as ``ReviewSettings``."""
    review = raw if isinstance(raw, dict) else {}
    return ReviewSettings(require_approved=bool(review.get("require_approved")),
                          overdue_severity="error" if review.get("overdue") == "error" else "warning",
                          date_format=str(review.get("date_format") or DEFAULT_DATE_FORMAT), today=today)


@dataclass(frozen=True)
class Review:
    """The clinical review state patients see: approved only with every approval field present."""
    status: str = "draft"  # "approved" | "draft"
    reviewed: dt.date | None = None
    review_due: dt.date | None = None
    reviewed_by: str = ""


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
    check_review(meta, add, ReviewSettings(require_approved, overdue_severity, today=today))
    return findings


def check_review(meta: dict, add: AddFinding, settings: ReviewSettings, noun: str = "page",
                 field_rule: str = "front-matter") -> None:
    """The review rules of a page or a worksheet (``noun``), on its status, reviewed, review_due and
    reviewed_by; each problem goes to ``add``. A status that is not draft or approved is a ``field_rule``
    problem (with "did you mean"); the others are ``review`` and ``review-overdue`` problems."""
    status = meta.get("status")
    if status is not None and status not in STATUSES:
        guess = difflib.get_close_matches(str(status).strip().lower(), STATUSES, n=1)
        hint = f"Did you mean '{guess[0]}'? " if guess else ""
        add(field_rule, "status", f"status is '{status}'; it must be 'draft' or 'approved'.",
            f"{hint}Write status: draft until a clinician has reviewed the {noun}.")
    if status == "approved":
        _check_approval(meta, add, settings, noun)
    elif status == "draft" and settings.require_approved:
        add("review", "status", f"This {noun} is still a draft, and this site requires every {noun} to be clinically "
            "approved.", "Have a clinician review it, then set status: approved with reviewed, review_due and reviewed_by.")


def _check_approval(meta: dict, add: AddFinding, settings: ReviewSettings, noun: str) -> None:
    """Rules for an approved page or worksheet; each problem is passed to ``add``."""
    today = settings.today or dt.date.today()
    for key in APPROVAL_FIELDS:
        if meta.get(key) in (None, ""):
            add("review", key if key in meta else "status", f"An approved {noun} needs '{key}'.",
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
        add("review-overdue", "review_due", f"This {noun}'s clinical review was due on {due}.",
            f"Ask a clinician to review the {noun}, then update reviewed and review_due.",
            severity=settings.overdue_severity)


def review_of(meta: dict) -> Review | None:
    """What a page or worksheet shows about its review, or None when its status is missing or wrong.

    "approved" needs real dates and a reviewer; anything less is shown as a draft (the checks say why)."""
    status = meta.get("status")
    if status not in STATUSES:
        return None
    reviewed, due, reviewer = as_date(meta.get("reviewed")), as_date(meta.get("review_due")), meta.get("reviewed_by")
    if status != "approved" or not (reviewed and due and isinstance(reviewer, str) and reviewer.strip()):
        return Review("draft")
    return Review("approved", reviewed, due, reviewer.strip())


def review_summary(meta: dict, clinic_name: str, date_format: str = DEFAULT_DATE_FORMAT,
                   today: dt.date | None = None, language: str = "en") -> ReviewSummary | None:
    """What the page shows about its clinical review, or None for pages without a status.
    The words are the page's language's (kapguide/ui_text.py)."""
    review = review_of(meta)
    if review is None:
        return None
    if review.status == "draft" or review.reviewed is None or review.review_due is None:
        return ReviewSummary("draft", draft_text(clinic_name, language))
    text = Markup(ui_text(language)["reviewed_line"]).format(
        reviewed=date_in(review.reviewed, date_format, language), reviewer=review.reviewed_by,
        due=date_in(review.review_due, date_format, language))
    return ReviewSummary("approved", text, overdue=review.review_due < (today or dt.date.today()))


def printed_review_line(review: Review, clinic_name: str, date_format: str = DEFAULT_DATE_FORMAT,
                        language: str = "en") -> str:
    """The short line a printed worksheet carries (plain text: the template escapes it)."""
    words = ui_text(language)
    if review.status == "approved" and review.reviewed:
        return words["worksheet_reviewed"].format(reviewed=date_in(review.reviewed, date_format, language),
                                                  reviewer=review.reviewed_by)
    return words["worksheet_draft"].format(clinic=clinic_name)


def draft_text(clinic_name: str, language: str = "en") -> Markup:
    """The draft notice, as HTML-safe text (the clinic's name is escaped; an escaped name stays as it is)."""
    return Markup(ui_text(language)["draft_notice"]).format(clinic=clinic_name)
