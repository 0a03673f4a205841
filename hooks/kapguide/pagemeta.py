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

and Material's own page settings, checked for the shape Material expects: subtitle (text), hide
(a list such as [toc]), search (boost: a number from 0.1 to 10, exclude: true or false), icon and
template (the security hook checks those two against the theme's files).

``check_meta`` returns findings for anything wrong; ``usable_meta`` is the front matter without
the fields it refused, for the theme and the other hooks; ``review_summary`` gives the text a
page shows at its foot (approved) or top (draft).

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
TEXT_FIELDS = ("title", "description", "subtitle")
SHAPED_FIELDS = TEXT_FIELDS + OPTIONAL + ("search", "hide")  # fields whose value must have a shape (field_problem)
SEARCH_SETTINGS = ("boost", "exclude")  # Material's `search` front matter: boost: a number, exclude: true or false
SEARCH_BOOST = (0.1, 10.0)  # 2 ranks a page higher, 0.5 lower; a boost of infinity made the whole search index unreadable
HIDE_PARTS = ("navigation", "toc", "footer", "path", "tags", "feedback")  # what Material's `hide` can hide
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


FieldProblem = tuple[str, str]  # (message, fix)


def _search_problem(value: object) -> FieldProblem | None:
    """Material's ``search`` field: a block with ``boost`` (a number in SEARCH_BOOST) and ``exclude`` (true or false).

    Material copies the boost into search/search_index.json as it is: 'boost: .inf' wrote 'Infinity', which is
    not JSON, and every search of the site (the crisis search too) stopped working."""
    fix = "Write 'search:' with 'boost: 2' (or 'exclude: true') indented on the line below it, or remove it."
    if not isinstance(value, dict):
        return "'search' must be a block of settings: boost or exclude.", fix
    unknown = next((str(key) for key in value if key not in SEARCH_SETTINGS), None)
    if unknown is not None:
        return f"'search' has no setting '{unknown}'; it takes {' and '.join(SEARCH_SETTINGS)}.", fix
    if "exclude" in value and not isinstance(value["exclude"], bool):
        return "'search: exclude' must be true or false.", fix
    boost = value.get("boost", 1)
    low, high = SEARCH_BOOST
    if isinstance(boost, bool) or not isinstance(boost, (int, float)) or not low <= boost <= high:
        shown = f"'{str(boost)[:40]}'" if isinstance(boost, str) else str(boost)[:40]
        return (f"'search: boost' is {shown}; it must be a number from {low:g} to {high:g} (2 ranks the page "
                "higher, 0.5 lower)."), fix
    return None


def field_problem(key: str, value: object) -> FieldProblem | None:
    """What is wrong with the shape of a front matter field's value, as (message, fix), or None.

    One answer for the message (``check_meta``) and for what the build keeps (``usable_meta``): a value
    reported here never reaches the theme or the other hooks, which expect the shape."""
    if value is None:
        return None
    if key in TEXT_FIELDS and not isinstance(value, str):
        return f"'{key}' must be text.", f"Write it as {key}: \"...\" on one line."
    if key in OPTIONAL and string_list(value) is None:
        return f"'{key}' must be a list of words.", f"Write it as {key}: [first, second]."
    if key == "search":
        return _search_problem(value)
    if key == "hide" and not (isinstance(value, list) and all(part in HIDE_PARTS for part in value)):
        return f"'hide' must be a list of some of: {', '.join(HIDE_PARTS)}.", "Write it as hide: [toc], or remove it."
    return None


def usable_meta(meta: dict) -> dict:
    """The front matter without the fields ``check_meta`` refuses (unknown, wrong shape, a status that is not
    draft or approved): those are reported, and the page is built as if they were not there."""
    return {key: value for key, value in meta.items()
            if key in KNOWN and field_problem(key, value) is None and (key != "status" or value in STATUSES)}


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
    for key in SHAPED_FIELDS:
        shape = field_problem(key, meta.get(key))
        if shape:
            add("front-matter", key, *shape)
    description = meta.get("description")
    if isinstance(description, str) and len(description) > DESCRIPTION_MAX:
        add("front-matter", "description",
            f"The description is {len(description)} characters; search results cut it off after {DESCRIPTION_MAX}.",
            "Shorten it to one plain sentence.", severity="warning")
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
