"""Turn worksheets into a web page (Markdown with a form), PDF HTML, and the worksheets index.

Templates live beside this file in worksheet_templates/ (fields.html.j2 for every field kind,
web.html.j2 for the page, pdf.html.j2 and pdf.css for the PDFs). Every word they print around the
worksheet's own text is in the build's language: ``words`` (kapguide/worksheet_text.py) and ``ui``
(kapguide/ui_text.py, the words shared with the rest of the guide).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown as markdown_lib

from kapguide.clinic import Clinic
from kapguide.html_sanitizer import INSTRUCTIONS_POLICY, clean
from kapguide.pagemeta import DEFAULT_DATE_FORMAT, Review, printed_review_line
from kapguide.plain_text import markdown_text
from kapguide.ui_text import ui_text
from kapguide.worksheet_fonts import FAMILY as FIELD_FAMILY
from kapguide.worksheet_model import MY_ANSWERS, SECTIONS, Worksheet, workbook_name
from kapguide.worksheet_text import section_title, worksheet_text

Markup = jinja2.utils.markupsafe.Markup
TEMPLATES = Path(__file__).parent / "worksheet_templates"
PAPER = {"letter": "Letter", "a4": "A4"}
HTML_LANG = {"en": "en", "es": "es"}  # the PDF's language (WeasyPrint writes it as the PDF's /Lang)


@dataclass(frozen=True)
class RelatedPage:
    """A page linked from the "related" box at the foot of another page."""
    title: str
    url: str             # from the site's root, e.g. "preparation/intentions/"
    purpose: str = ""    # shown after the link (worksheets only)


@dataclass(frozen=True)
class Workbook:
    name: str      # file name, e.g. "workbook.pdf" or "workbook-preparation.pdf"
    title: str
    intro: str
    sheets: tuple[Worksheet, ...]


BYTECODE_CACHE: Path | None = None  # set by the hook: compiled templates are kept there between builds


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    cache = None
    if BYTECODE_CACHE is not None:
        BYTECODE_CACHE.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(BYTECODE_CACHE))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, bytecode_cache=cache,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["linked"] = linked
    env.filters["fill"] = fill
    return env


def fill(text: str, **values: object) -> str:
    """A text of worksheet_text.py or ui_text.py with its ``{name}`` places filled in (escaped by the template)."""
    return text.format(**values)


_LINK = re.compile(r"\[([^\]]+)\]")


def linked(text: str, href: str) -> Markup:
    """A sentence whose ``[words]`` become a link to ``href``; everything else is escaped."""
    match = _LINK.search(text)
    if match is None:
        return Markup.escape(text)
    return (Markup.escape(text[:match.start()]) + Markup('<a href="{}">{}</a>').format(href, match.group(1))
            + Markup.escape(text[match.end():]))


def markdown_linked(text: str, target: str) -> str:
    """A sentence of worksheet_text.py as Markdown: its ``[words]`` linked to ``target``, the rest as plain text."""
    match = _LINK.search(text)
    if match is None:
        return markdown_text(text)
    before, after = text[:match.start()], text[match.end():]
    return (markdown_text(before) + (" " if before[-1:].isspace() else "") + f"[{markdown_text(match.group(1))}]({target})"
            + (" " if after[:1].isspace() else "") + markdown_text(after))


def css_counter_text(text: str) -> Markup:
    """A "Page {page} of {pages}" text as the value of a CSS ``content`` property: quoted words and page counters."""
    parts = []
    for index, part in enumerate(re.split(r"\{(page|pages)\}", text)):
        if index % 2:
            parts.append(f"counter({part})")
        elif part:
            quoted = "".join(ch if ch.isalnum() or ch in " .,:;-" else f"\\{ord(ch):x} " for ch in part)
            parts.append(f'"{quoted}"')
    return Markup(" ".join(parts))


@functools.lru_cache(maxsize=256)
def _markdown_to_html(text: str) -> str:
    """Instructions as HTML, through the allow-list sanitizer (the model reports what it would remove)."""
    return clean(markdown_lib.markdown(text), INSTRUCTIONS_POLICY)


def instructions_html(sheet: Worksheet) -> str:
    return _markdown_to_html(sheet.instructions)




FORM_PLACEHOLDER = "<!-- kap-worksheet-form -->"


@dataclass(frozen=True)
class WebPage:
    """A worksheet's web page in two parts: the form is HTML already, so it skips Markdown.

    ``markdown`` (front matter and heading) goes through MkDocs like any page; ``insert_form``
    then puts ``form_html`` where the placeholder is. The links to the pages that use the
    worksheet are added by the page template (overrides/partials/kap-related.html).
    """
    markdown: str
    form_html: str


def insert_form(html: str, page: WebPage) -> str | None:
    """The page's HTML with its form in place, or None if the placeholder is missing."""
    if FORM_PLACEHOLDER not in html:
        return None
    return html.replace(FORM_PLACEHOLDER, page.form_html, 1)


def web_page(sheet: Worksheet, clinic: Clinic, language: str = "en") -> WebPage:
    """The worksheet's web page, with front matter like any content page: its review fields give it
    the draft notice or the review line (hooks/site_hook.py), as on a page."""
    form = _env().get_template("web.html.j2").render(
        sheet=sheet, clinic=clinic, pdf_href=f"../{sheet.id}.pdf", answers_href=f"../{MY_ANSWERS}/",
        instructions_html=Markup(instructions_html(sheet)), words=worksheet_text(language), ui=ui_text(language),
        language=language)
    lines = [
        "---",
        f"title: {_yaml_text(sheet.title)}",
        f"description: {_yaml_text(sheet.purpose)}",
        *_review_front_matter(sheet.review),
        "template: worksheet.html",
        "---",
        f"# {markdown_text(sheet.title)}",
        "",
        FORM_PLACEHOLDER,
        "",
    ]
    return WebPage("\n".join(lines), form.strip())


@dataclass(frozen=True)
class Answer:
    """One saved answer as the "My answers" page names it: the form field's name and a label for it."""
    name: str
    label: str


@dataclass(frozen=True)
class AnswerGroup:
    """The answers of one field: a grid's or checklist's cells under the field's own label."""
    label: str
    kind: str
    answers: tuple[Answer, ...]


def answer_groups(sheet: Worksheet, language: str = "en") -> list[AnswerGroup]:
    """Every answer of a worksheet, labelled in the worksheet's own words, in the order of the form."""
    name_and_number = worksheet_text(language)["name_and_number"]
    groups = []
    for f in sheet.fields:
        base = f"{sheet.id}.{f.id}"
        if f.kind == "checklist":
            answers = [Answer(f"{base}.{i}", item) for i, item in enumerate(f.items, 1)]
        elif f.kind == "grid":
            answers = [Answer(f"{base}.r{r}c{c}", f"{row}: {column}") for r, row in enumerate(f.rows, 1)
                       for c, column in enumerate(f.columns, 1)]
        elif f.kind == "contacts":
            answers = [Answer(f"{base}.{n}", name_and_number.format(n=n)) for n in range(1, f.lines + 1)]
        elif f.is_input:
            answers = [Answer(base, f.label)]
        else:
            continue
        groups.append(AnswerGroup(f.label, f.kind, tuple(answers)))
    return groups


def my_answers_page(sheets: list[Worksheet], language: str = "en") -> WebPage:
    """The "My answers" page: the worksheets' labels, which its script fills with what this browser keeps."""
    words = worksheet_text(language)
    ordered = sorted(sheets, key=lambda s: (SECTIONS.index(s.section), s.title))
    form = _env().get_template("answers.html.j2").render(
        sheets=ordered, groups={s.id: answer_groups(s, language) for s in ordered}, words=words)
    lines = [
        "---",
        f"title: {_yaml_text(words['my_answers_title'])}",
        f"description: {_yaml_text(words['my_answers_description'])}",
        "status: draft",
        "template: worksheet.html",
        "---",
        f"# {markdown_text(words['my_answers_title'])}",
        "",
        markdown_text(words["my_answers_intro"]),
        "",
        markdown_text(words["my_answers_device"]),
        "",
        FORM_PLACEHOLDER,
        "",
    ]
    return WebPage("\n".join(lines), form.strip())


def _review_front_matter(review: Review) -> list[str]:
    if review.status != "approved" or review.reviewed is None or review.review_due is None:
        return ["status: draft"]
    return ["status: approved", f"reviewed: {review.reviewed.isoformat()}",
            f"review_due: {review.review_due.isoformat()}", f"reviewed_by: {_yaml_text(review.reviewed_by)}"]


def review_line(sheet: Worksheet, clinic: Clinic, date_format: str = DEFAULT_DATE_FORMAT, language: str = "en") -> str:
    """The short review line printed on the worksheet: part of its PDF's cache key, so a change shows."""
    return printed_review_line(sheet.review, clinic.name, date_format, language)


def pdf_document(sheets: list[Worksheet], clinic: Clinic, paper: str, cover: Workbook | None = None,
                 date_format: str = DEFAULT_DATE_FORMAT, logo: Path | None = None, field_font: Path | None = None,
                 language: str = "en") -> str:
    """The HTML WeasyPrint makes a PDF of. ``logo`` and ``field_font`` are files already checked by the
    hook (a picture inside docs/, the font made by worksheet_fonts); the PDF maker may read only them."""
    css = (TEMPLATES / "pdf.css").read_text(encoding="utf-8")
    words = worksheet_text(language)
    return _env().get_template("pdf.html.j2").render(
        sheets=sheets, clinic=clinic, paper=PAPER.get(paper, "Letter"), css=Markup(css),
        logo=logo.as_uri() if logo else None, field_font=field_font.as_uri() if field_font else None,
        field_family=FIELD_FAMILY, cover=cover, title=cover.title if cover else sheets[0].title,
        review_lines={s.id: review_line(s, clinic, date_format, language) for s in sheets},
        instructions={s.id: Markup(instructions_html(s)) for s in sheets},
        words=words, ui=ui_text(language), language=language, html_lang=HTML_LANG.get(language, language),
        page_counter=css_counter_text(words["page_of"]))


def workbooks(sheets: list[Worksheet], clinic_name: str, language: str = "en") -> list[Workbook]:
    """The whole workbook, then one per section that has worksheets, in treatment order."""
    if not sheets:
        return []
    words = worksheet_text(language)
    ordered = sorted(sheets, key=lambda s: (SECTIONS.index(s.section), s.title))
    books = [Workbook(f"{workbook_name()}.pdf", words["workbook_title"], words["workbook_intro"].format(clinic=clinic_name),
                      tuple(ordered))]
    for section in SECTIONS:
        chosen = tuple(s for s in ordered if s.section == section)
        if chosen:
            books.append(Workbook(f"{workbook_name(section)}.pdf",
                                  words["section_workbook_title"].format(section=section_title(section, language)),
                                  words["section_workbook_intro"].format(clinic=clinic_name), chosen))
    return books


def index_page(sheets: list[Worksheet], books: list[Workbook], language: str = "en") -> str:
    """Markdown of the worksheets index: grouped by section, with web and PDF links."""
    words = worksheet_text(language)
    keywords = ", ".join(_yaml_text(word.strip()) for word in words["index_keywords"].split(",") if word.strip())
    lines = ["---", f"title: {_yaml_text(words['index_title'])}",
             f"description: {_yaml_text(words['index_description'])}",
             "status: draft",
             f"keywords: [{keywords}]",
             "---", f"# {markdown_text(words['index_title'])}", "",
             markdown_text(words["index_intro"]),
             markdown_text(words["index_intro_device"]), ""]
    pdf_to_print = words["pdf_to_print"]
    for section in SECTIONS:
        chosen = sorted((s for s in sheets if s.section == section), key=lambda s: s.title)
        if not chosen:
            continue
        lines += [f"## {markdown_text(section_title(section, language))}", ""]
        for sheet in chosen:
            lines.append(f"- **[{markdown_text(sheet.title)}]({sheet.id}.md)**: {markdown_text(sheet.purpose)} "
                         f"[{markdown_text(pdf_to_print)}]({sheet.id}.pdf)"
                         f"{{ aria-label=\"{_attribute_text(sheet.title)}: {_attribute_text(pdf_to_print)}\" }}")
        lines.append("")
    if sheets:  # the My answers page is made only when there are worksheets (worksheets_hook.py)
        lines += [f"## {markdown_text(words['saved_heading'])}", "",
                  markdown_linked(words["saved_text"], f"{MY_ANSWERS}.md"), ""]
    if books:
        lines += [f"## {markdown_text(words['print_all_heading'])}", ""]
        lines += [f"- [{markdown_text(book.title)}]({book.name}) "
                  f"{markdown_text(words['book_count'].format(count=len(book.sheets)))}" for book in books]
        lines.append("")
    return "\n".join(lines)


def _attribute_text(text: str) -> str:
    """Text for a Markdown attribute list value (attr_list escapes it; quotes and braces would end it)."""
    return re.sub(r"[\"{}\\]", "", " ".join(text.split()))


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
