"""Worksheets as data: read one YAML file per worksheet and check it.

A worksheet file (docs/worksheets/<id>.yml; template: docs/templates/worksheet.yml)
declares its id, title, section, purpose, instructions, page limit and fields, and its
clinical review like a page's front matter: status (draft | approved; draft when left out),
reviewed, review_due and reviewed_by, checked by the pages' own rules (kapguide.pagemeta).
``load_worksheet`` returns a ``Worksheet`` or findings that name the file and
line; it never raises, whatever the file holds.

Field kinds:
    lines      free text, with ``lines: N`` writing lines
    short      one line of text
    date       a date
    scale      a rating from ``min`` to ``max`` (0-10 or 1-10) with ``low`` and ``high`` end labels
    checklist  ``items`` to tick
    grid       ``rows`` x ``columns`` of short answers (e.g. 7 days x ratings); a column whose name gives
               the 0-10 scale, such as "Anxiety (0-10)", takes a number on screen and is drawn on the
               "My answers" page. A worksheet with a grid keeps past weeks: "Start a new week" files
               the week away on the device and starts an empty one.
    contacts   the clinic's numbers and crisis lines from the settings, plus ``lines`` for the patient's own
    heading    a sub-heading inside the worksheet (``label`` only)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import yaml

from kapguide.findings import Finding, Severity
from kapguide.frontmatter import YamlRefused, duplicate_keys, load_with_nodes, unreadable_line, unreadable_reason, yaml_node_lines
from kapguide.pagemeta import REVIEW_FIELDS, Review, ReviewSettings, check_review, review_of
from kapguide.plain_text import PLAIN_TEXT_FIX, markup_in
from kapguide.urgency import FIX as URGENCY_FIX
from kapguide.urgency import RULE as URGENCY_RULE
from kapguide.urgency import timing_problem

SECTIONS = ("preparation", "in-session", "difficult-sessions", "between-sessions")
KINDS = ("lines", "short", "date", "scale", "checklist", "grid", "contacts", "heading")
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the whole id (fullmatch): 'one\n' is not an id
# One scale everywhere: 0 = none of the feeling the label names, 10 = the most of it.
SCALE = (0, 10)
SCALE_FIX = ("Use min: 0 and max: 10 (or '(0-10)' in a column), name the feeling so that 10 means the most of it, "
             "and say what to do at the top of the scale in 'help'.")
RANGE = re.compile(r"\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b")

TOP_KEYS = ("id", "title", "section", "purpose", "instructions", "pages") + REVIEW_FIELDS + ("fields",)
FIELD_KEYS = {
    "lines": ("kind", "id", "label", "help", "lines"),
    "short": ("kind", "id", "label", "help"),
    "date": ("kind", "id", "label", "help"),
    "scale": ("kind", "id", "label", "help", "min", "max", "low", "high"),
    "checklist": ("kind", "id", "label", "help", "items"),
    "grid": ("kind", "id", "label", "help", "rows", "columns"),
    "contacts": ("kind", "id", "label", "help", "lines"),
    "heading": ("kind", "label", "help"),
}
MAX_PAGES = 4
# What fits on paper (A4 or letter, the margins of worksheet_templates/pdf.css, grid rows 7 mm high): a grid of a
# month, a row a day, fills one page, and 8 columns leave each about 20 mm. A worksheet holds at most MAX_ANSWERS
# places to write (fields, ticks, grid cells): a few lines of YAML asking for more kept the build busy for minutes.
GRID_LIMITS = {"rows": (31, "fit down a printed page (a month, a row a day)"),
               "columns": (8, "fit across a printed page")}
MAX_ANSWERS = 300

# Names the build gives its own files in worksheets/ (worksheets_hook.py, worksheet_render.py): a worksheet's id
# names its page (worksheets/<id>/) and PDF (worksheets/<id>.pdf), so these ids would replace those files.
INDEX = "index"            # worksheets/: the list of worksheets
MY_ANSWERS = "my-answers"  # worksheets/my-answers/: everything a patient saved on this device
WORKBOOK = "workbook"      # worksheets/workbook.pdf, and workbook-<section>.pdf for each section


def workbook_name(section: str | None = None) -> str:
    """The PDF name (without .pdf) of the whole workbook, or of one section's."""
    return f"{WORKBOOK}-{section}" if section else WORKBOOK


RESERVED_IDS = {
    INDEX: "the list of worksheets (worksheets/)",
    MY_ANSWERS: "the page of a patient's saved answers (worksheets/my-answers/)",
    workbook_name(): f"the whole workbook (worksheets/{workbook_name()}.pdf)",
    **{workbook_name(section): f"the {section} workbook (worksheets/{workbook_name(section)}.pdf)" for section in SECTIONS},
}


@dataclass(frozen=True)
class Field:
    kind: str
    id: str
    label: str
    help: str = ""
    lines: int = 3
    min: int = 0
    max: int = 10
    low: str = ""
    high: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    @property
    def is_input(self) -> bool:
        return self.kind != "heading"

    @property
    def rating_columns(self) -> tuple[bool, ...]:
        """For a grid: whether each column is a 0-10 rating (its name says so, e.g. "Anxiety (0-10)")."""
        return tuple(bool(RANGE.search(column)) for column in self.columns)


@dataclass(frozen=True)
class Worksheet:
    id: str
    title: str
    section: str
    purpose: str
    instructions: str
    pages: int
    fields: tuple[Field, ...]
    source: str  # path of the YAML file, as staff see it
    source_text: str = ""
    review: Review = Review()  # what the web page and the PDF show about the clinical review

    @property
    def keeps_weeks(self) -> bool:
        """A worksheet with a grid is filled in again each week; past weeks are kept on the device."""
        return any(f.kind == "grid" for f in self.fields)


def slug(text: str, words: int = 6) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts) or "field"


class _Problems:
    """Mistakes found in one worksheet file: ``found`` stop the worksheet being built; ``notes``
    (HTML in plain-text fields, unsafe HTML in the instructions) fail the build, but the worksheet is
    still made, with that text shown as typed or removed."""

    def __init__(self, path: str, lines: dict) -> None:
        self.path, self.lines = path, lines
        self.found: list[Finding] = []
        self.notes: list[Finding] = []

    def line(self, where: tuple) -> int:
        line = self.lines.get(where)
        while line is None and where:
            where = where[:-1]
            line = self.lines.get(where)
        return line or 1

    def add(self, where: tuple, message: str, fix: str) -> None:
        self.found.append(Finding("worksheet", self.path, message, line=self.line(where), fix=fix))

    def note(self, rule: str, where: tuple, message: str, fix: str, severity: Severity = "error") -> None:
        self.notes.append(Finding(rule, self.path, message, line=self.line(where), severity=severity, fix=fix))

    def note_at_key(self, rule: str, key: str, message: str, fix: str, severity: Severity = "error") -> None:
        """A note at a top-level setting's line, in the shape kapguide.pagemeta's rules report with."""
        self.note(rule, (key,), message, fix, severity)

    def check_markup(self, where: tuple, key: str, value: str) -> None:
        problem = markup_in(value)
        if problem:
            self.note("plain-text", where, f"'{key}' holds {problem}; worksheet text is plain text.", PLAIN_TEXT_FIX)

    def check_plain(self, where: tuple, key: str, value: str) -> None:
        self.check_markup(where, key, value)
        self.check_urgency_words(where, key, value)

    def check_urgency_words(self, where: tuple, key: str, value: str) -> None:
        """Worksheets tell patients when to get help in the pages' words: the three levels (kapguide.urgency)."""
        for sentence in re.split(r"(?<=[.!?])\s+", value):
            timing = timing_problem(sentence)
            if timing:
                self.note(URGENCY_RULE, where, f"'{key}' says when to get help with {timing}, which is not one of the "
                          "three levels of urgency.", URGENCY_FIX)
                break


def _text(raw: dict, key: str, where: tuple, problems: _Problems, required: bool = True) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(where, f"The worksheet has no '{key}'.", f"Add '{key}: ...'.")
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(where + (key,), f"'{key}' must be text.", f"Write it as {key}: \"...\".")
        return ""
    if key != "instructions":  # instructions are Markdown: see _check_instructions
        problems.check_plain(where + (key,), key, str(value))
    return str(value).strip()


def _int(raw: dict, key: str, default: int, where: tuple, problems: _Problems) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(where + (key,), f"'{key}' must be a whole number, not '{value}'.", f"Write it as {key}: {default}.")
        return default
    return value


def _text_list(raw: dict, key: str, where: tuple, problems: _Problems) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, (str, int, float)) for v in value):
        problems.add(where + (key,), f"'{key}' must be a list with at least one entry.", f"Write it as {key}: [first, second].")
        return ()
    most, why = GRID_LIMITS.get(key, (len(value), ""))
    if len(value) > most:
        problems.add(where + (key,), f"'{key}' has {len(value)} entries; at most {most} {why}.",
                     f"Keep {most} or fewer, or split it into two grids or two worksheets.")
        return ()
    for index, item in enumerate(value):
        problems.check_plain(where + (key, index), key, str(item))
    return tuple(str(v).strip() for v in value)


def _check_instructions(text: str, problems: _Problems) -> None:
    """Instructions are Markdown: anything the sanitizer would remove from their HTML is reported (inline HTML,
    and links and pictures, written [x](...) or by reference: [x][1] with '[1]: javascript:...' on a line)."""
    import markdown as markdown_lib

    from kapguide.html_sanitizer import INSTRUCTIONS_POLICY, sanitize

    for removed in sanitize(markdown_lib.markdown(text), INSTRUCTIONS_POLICY).removed:
        problems.note("unsafe-html", ("instructions",), f"In 'instructions': {removed.describe()}",
                      "Write plain sentences, lists and links to web pages; pictures and HTML are not allowed here.")


def _field(raw: object, index: int, problems: _Problems, taken: set[str]) -> Field | None:
    where = ("fields", index)
    if not isinstance(raw, dict):
        problems.add(where, f"Field {index + 1} must be a set of 'name: value' lines.", "Start it with '- kind: ...'.")
        return None
    kind = raw.get("kind")
    if kind not in KINDS:
        guess = difflib.get_close_matches(str(kind), KINDS, n=1)
        hint = f"Did you mean '{guess[0]}'? " if guess else ""
        problems.add(where + ("kind",), f"Field {index + 1} has an unknown kind '{kind}'.",
                     f"{hint}Kinds: {', '.join(KINDS)}.")
        return None
    for key in raw:
        if key not in FIELD_KEYS[kind]:
            problems.add(where + (key,), f"A '{kind}' field has no setting '{key}'.",
                         f"Its settings are: {', '.join(FIELD_KEYS[kind])}.")
    label = _text(raw, "label", where, problems)
    field_id = str(raw.get("id") or slug(label))
    if kind != "heading":
        if not ID.fullmatch(field_id):
            problems.add(where + ("id",), f"The field id '{field_id}' may only use a-z, 0-9 and dashes.", "Write it like my-field.")
        elif field_id in taken:
            problems.add(where, f"Two fields share the id '{field_id}'.", "Give one of them its own 'id: ...'.")
        taken.add(field_id)
    values = {"kind": kind, "id": field_id, "label": label, "help": _text(raw, "help", where, problems, required=False)}
    if kind in ("lines", "contacts"):
        values["lines"] = _int(raw, "lines", 3, where, problems)
        if not 1 <= values["lines"] <= 20:
            problems.add(where + ("lines",), "'lines' must be between 1 and 20.", "Use a smaller number of lines.")
    if kind == "scale":
        values["min"] = _int(raw, "min", SCALE[0], where, problems)
        values["max"] = _int(raw, "max", SCALE[1], where, problems)
        if (values["min"], values["max"]) != SCALE:
            problems.add(where + ("min",), f"The scale runs from {values['min']} to {values['max']}; every scale in this "
                         f"guide runs from {SCALE[0]} to {SCALE[1]}.", SCALE_FIX)
        values["low"] = _text(raw, "low", where, problems)
        values["high"] = _text(raw, "high", where, problems)
    if kind == "checklist":
        values["items"] = _text_list(raw, "items", where, problems)
    if kind == "grid":
        values["rows"] = _text_list(raw, "rows", where, problems)
        values["columns"] = _text_list(raw, "columns", where, problems)
        for index, column in enumerate(values["columns"]):
            scale = RANGE.search(column)
            if scale and (int(scale.group(1)), int(scale.group(2))) != SCALE:
                problems.add(where + ("columns", index), f"The column '{column}' uses a {scale.group(0)} scale; every "
                             f"scale in this guide runs from {SCALE[0]} to {SCALE[1]}.", SCALE_FIX)
    return Field(**values)


def _review(raw: dict, problems: _Problems, settings: ReviewSettings) -> Review:
    """The worksheet's review fields, checked by the same rules as a page's; a worksheet without a status
    is a draft. Mistakes here fail the build but the worksheet is still made, shown as a draft."""
    meta = {key: raw[key] for key in REVIEW_FIELDS if key in raw}
    if meta.get("status") in (None, ""):
        meta["status"] = "draft"
    check_review(meta, problems.note_at_key, settings, noun="worksheet", field_rule="worksheet")
    if isinstance(meta.get("reviewed_by"), str):
        problems.check_markup(("reviewed_by",), "reviewed_by", meta["reviewed_by"])
    return review_of(meta) or Review()


DEFAULT_REVIEW = ReviewSettings()


def load_worksheet(text: str, path: str,
                   review: ReviewSettings = DEFAULT_REVIEW) -> tuple[Worksheet | None, list[Finding]]:
    """Parse and check one worksheet file. Returns (worksheet or None, findings); never raises.

    The YAML is read like front matter (kapguide.frontmatter): anchors, aliases, tags, deep nesting
    and keys written twice in one mapping are reported with their line. ``review`` holds the review
    settings (extra.review) and the date the review rules count from.
    """
    try:
        raw, node = load_with_nodes(text)
    except YamlRefused as err:
        return None, [err.finding("worksheet", path)]
    except yaml.YAMLError as err:
        problem = unreadable_reason(err, "it is not valid YAML")
        return None, [Finding("worksheet", path, f"The worksheet file could not be read: {problem}.",
                              line=unreadable_line(err, text) + 1,
                              fix="Check the indentation and that text with a colon is in quotes.")]
    if not isinstance(raw, dict) or node is None:
        return None, [Finding("worksheet", path, "The worksheet file is empty or not a set of 'name: value' lines.", line=1,
                              fix="Copy docs/templates/worksheet.yml and fill it in.")]
    problems = _Problems(path, yaml_node_lines(node))
    problems.found += [duplicate.finding("worksheet", path) for duplicate in duplicate_keys(node)]
    for key in raw:
        if key not in TOP_KEYS:
            guess = difflib.get_close_matches(str(key), TOP_KEYS, n=1)
            problems.add((key,), f"Unknown setting '{key}'.",
                         f"Did you mean '{guess[0]}'?" if guess else f"Settings: {', '.join(TOP_KEYS)}.")
    sheet_id = _text(raw, "id", (), problems)
    if sheet_id and not ID.fullmatch(sheet_id):
        problems.add(("id",), f"The id '{sheet_id}' may only use a-z, 0-9 and dashes.", "Write it like my-worksheet.")
    elif sheet_id in RESERVED_IDS:
        problems.add(("id",), f"The id '{sheet_id}' is kept for {RESERVED_IDS[sheet_id]}, which the site makes itself; "
                     "a worksheet with this id would take its place.", "Give the worksheet another id (and its file the "
                     f"same name), such as my-{sheet_id}.")
    title = _text(raw, "title", (), problems)
    section = _text(raw, "section", (), problems)
    if section and section not in SECTIONS:
        problems.add(("section",), f"Unknown section '{section}'.", f"Use one of: {', '.join(SECTIONS)}.")
    purpose = _text(raw, "purpose", (), problems)
    instructions = _text(raw, "instructions", (), problems)
    if "<" in instructions or "[" in instructions:  # HTML, or a link or picture: what the sanitizer may remove
        _check_instructions(instructions, problems)
    problems.check_urgency_words(("instructions",), "instructions", instructions)
    pages = _int(raw, "pages", 1, (), problems)
    if not 1 <= pages <= MAX_PAGES:
        problems.add(("pages",), f"'pages' must be between 1 and {MAX_PAGES}.", "Most worksheets fit on 1 page.")
    fields_raw = raw.get("fields")
    fields: list[Field] = []
    if not isinstance(fields_raw, list) or not fields_raw:
        problems.add(("fields",), "The worksheet has no fields.", "Add 'fields:' with at least one '- kind: ...' entry.")
    else:
        taken: set[str] = set()
        for index, item in enumerate(fields_raw):
            made = _field(item, index, problems, taken)
            if made:
                fields.append(made)
        answers = sum(len(field_answer_names("", f)) for f in fields)
        if answers > MAX_ANSWERS:
            problems.add(("fields",), f"The worksheet has {answers} places to write (questions, ticks and grid "
                         f"cells); a worksheet may have at most {MAX_ANSWERS}.", "Split it into two worksheets.")
    review_state = _review(raw, problems, review)
    if problems.found:
        return None, problems.found + problems.notes
    return (Worksheet(sheet_id, title, section, purpose, instructions, pages, tuple(fields), path, text, review_state),
            problems.notes)


def keep_unique_ids(sheets: list[Worksheet]) -> tuple[list[Worksheet], list[Finding]]:
    """The first worksheet with each id, and a finding for each later one, which is left out of the build."""
    seen: dict[str, Worksheet] = {}
    findings = []
    for sheet in sheets:
        if sheet.id in seen:
            findings.append(Finding("worksheet", sheet.source, f"Another worksheet already uses the id '{sheet.id}' "
                                    f"({seen[sheet.id].source}).", line=1, fix="Give each worksheet its own id."))
        else:
            seen[sheet.id] = sheet
    return list(seen.values()), findings


def field_answer_names(sheet_id: str, f: Field) -> list[str]:
    """The names one field's answers are saved under (``answer_names``); a heading has none."""
    base = f"{sheet_id}.{f.id}"
    if f.kind == "checklist":
        return [f"{base}.{i}" for i in range(1, len(f.items) + 1)]
    if f.kind == "grid":
        return [f"{base}.r{r}c{c}" for r in range(1, len(f.rows) + 1) for c in range(1, len(f.columns) + 1)]
    if f.kind == "contacts":
        return [f"{base}.{n}" for n in range(1, f.lines + 1)]
    return [base] if f.is_input else []


def answer_names(sheet: Worksheet) -> list[str]:
    """The names a worksheet's answers are saved under on the patient's device, in the order of the form (the
    templates in worksheet_templates/ give the fields these names)."""
    return [name for f in sheet.fields for name in field_answer_names(sheet.id, f)]


def translation_problems(sheet: Worksheet, main: Worksheet) -> list[Finding]:
    """A worksheet in another language must save its answers under the main language's names, so that what a
    patient wrote on one language's page shows on the other's: the same section and the same answers, in order."""
    findings = []
    ours, theirs = answer_names(sheet), answer_names(main)
    fix = (f"Give each question the same kind and id as in {main.source}, in the same order, with as many items, "
           "rows, columns and lines: only the words change.")
    if ours != theirs:
        first = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
        here = ours[first] if first < len(ours) else "nothing"
        there = theirs[first] if first < len(theirs) else "nothing"
        field_id = here.split(".")[1] if first < len(ours) else ""
        line = next((n for n, text in enumerate(sheet.source_text.splitlines(), 1)
                     if field_id and re.match(rf"^\s*(?:-\s+)?id:\s*['\"]?{re.escape(field_id)}['\"]?\s*$", text)), 1)
        findings.append(Finding("worksheet", sheet.source, f"Answer {first + 1} is saved as '{here}', where {main.source} "
                                f"saves '{there}', so answers saved in one language would not show in the other.",
                                line=line, fix=fix))
    if sheet.section != main.section:
        findings.append(Finding("worksheet", sheet.source, f"The section is '{sheet.section}', and in {main.source} "
                                f"'{main.section}'.", line=next((n for n, text in enumerate(sheet.source_text.splitlines(), 1)
                                                                 if text.startswith("section:")), 1),
                                fix=f"Use section: {main.section}, as in {main.source}."))
    return findings
