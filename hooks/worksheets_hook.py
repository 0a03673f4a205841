"""Worksheets hook: one YAML file per worksheet becomes a web page, PDFs and an index.

For every docs/worksheets/<id>.yml (format: docs/templates/worksheet.yml) the build adds
  worksheets/<id>/        a page to fill in on screen (answers stay on the device)
  worksheets/<id>.pdf     a fillable PDF, clean when printed blank
and once: worksheets/ (the index), worksheets/my-answers/ (everything a patient saved on the device,
to read, print, save to a file, load or delete), workbook.pdf and one workbook per section.
The model, templates and PDF maker are plain modules in hooks/kapguide/worksheet_*.py.
A worksheet's clinical review (status, reviewed, review_due, reviewed_by) is checked by the pages'
rules (hooks/kapguide/pagemeta.py, with extra.review), carried into its page's front matter (the draft
notice or review line) and printed as a short line on its PDF, which is part of the PDF's cache key.
Settings: extra.worksheets in mkdocs.yml (paper: letter | a4).

Every word around the worksheets' own text (buttons, the PDFs' labels and footers, the index, the "My answers"
page, the page script's messages) is in the build's language (kapguide/worksheet_text.py); the Spanish guide
(mkdocs.es.yml) takes its worksheets from docs-es/worksheets/. Each language keeps its PDFs in its own part of
the cache (the main language in cache_dir itself, another in cache_dir/<code>/), so building one language
never removes the other's.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import kap_mkdocs_adapter as adapter
import kapguide.worksheet_render as worksheet_render
from kapguide.build_cache import WORKSHEET_CACHE, cache_override, shared_cache_dir, worksheet_cache_folder
from kapguide.cache_keys import code_digest
from kapguide.findings import Finding
from kapguide.frontmatter import decode, split
from kapguide.pagemeta import ReviewSettings, string_list
from kapguide.published_files import logo_problem
from kapguide.ui_text import ui_text
from kapguide.worksheet_fonts import field_font
from kapguide.worksheet_model import INDEX, Worksheet, keep_unique_ids, load_worksheet, translation_problems
from kapguide.worksheet_pdf import PdfJob, PdfResult, make_pdfs, prune_cache
from kapguide.worksheet_render import (
    MY_ANSWERS,
    RelatedPage,
    WebPage,
    index_page,
    insert_form,
    my_answers_page,
    pdf_document,
    review_line,
    web_page,
    workbooks,
)
from kapguide.worksheet_text import script_text, worksheet_text

log = get_plugin_logger(__name__)

FOLDER = "worksheets"
_sheets: dict[str, Worksheet] = {}
_web_pages: dict[str, WebPage] = {}  # src_uri of a worksheet's page -> its parts
_used_by: dict[str, list[RelatedPage]] = {}  # worksheet id -> content pages that name it
_sheet_links: dict[str, RelatedPage] = {}     # worksheet id -> link to its web page
_language = "en"  # this build's language (kapguide/site_language.py)


def _settings(config: MkDocsConfig) -> tuple[str, Path, list[Finding]]:
    settings = adapter.settings_for(config, log).worksheets
    paper = settings.paper  # letter or a4: the settings model (kapguide/settings_model.py) refuses others
    findings = []
    root = Path(config.config_file_path).parent
    cache, problem = worksheet_cache_folder(settings.cache_dir if settings.cache_dir is not None else WORKSHEET_CACHE,
                                            root, Path(config.docs_dir), Path(config.site_dir),
                                            kept_under=cache_override())
    if problem:
        findings.append(Finding("settings", "mkdocs.yml", f"extra.worksheets.cache_dir: {problem}",
                                fix=f"Use a folder of its own, such as {WORKSHEET_CACHE}, or remove the setting."))
    return paper, cache, findings


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _language
    _language = adapter.settings_for(config, log).language.code
    _sheets.clear()
    _web_pages.clear()
    _used_by.clear()
    _sheet_links.clear()
    return config


def _read_sheets(files: Files, config: MkDocsConfig, root: Path, review: ReviewSettings) -> list[Worksheet]:
    sheets, findings = [], []
    for file in [f for f in files if f.src_uri.startswith(f"{FOLDER}/") and f.src_uri.endswith((".yml", ".yaml"))]:
        files.remove(file)  # the YAML itself is not published
        path = adapter.relative(Path(config.docs_dir) / file.src_path, root)
        text, problems = decode(file.content_bytes, path)
        sheet, more = load_worksheet(text, path, review) if text is not None else (None, [])
        findings += problems + more
        if sheet:
            sheets.append(sheet)
        else:  # reported above; pages that name it are not reported again (checks_hook reads this)
            adapter.state().unreadable_worksheet_ids.add(Path(file.src_uri).stem)
    sheets, id_findings = keep_unique_ids(sheets)
    adapter.report(findings + id_findings, log)
    return sheets


def _related_pages(files: Files) -> dict[str, list[RelatedPage]]:
    """Which content pages name each worksheet in their front matter (for links back)."""
    related: dict[str, list[RelatedPage]] = {}
    for file in files.documentation_pages():
        if file.generated_by:
            continue
        text, _ = decode(file.content_bytes, file.src_uri)
        meta = split(text or "", file.src_uri).meta
        for sheet_id in string_list(meta.get("worksheets")) or []:
            title = meta.get("title") if isinstance(meta.get("title"), str) else file.src_uri
            related.setdefault(sheet_id, []).append(RelatedPage(title, file.url))
    return related


@event_priority(50)  # early: the checks' page rules (checks_hook.on_files) need the worksheet ids listed here
@adapter.timed("worksheets")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    paper, cache_dir, setting_findings = _settings(config)
    adapter.report(setting_findings, log)
    worksheet_render.BYTECODE_CACHE = cache_dir / "templates"
    settings = adapter.settings_for(config, log)
    clinic, language = settings.clinic, settings.language
    # one folder of PDFs per language, so that one language's build never prunes the other's PDFs
    pdf_dir = cache_dir if language.is_main else cache_dir / language.code
    review = adapter.review_rules(config, log)
    sheets = sorted(_read_sheets(files, config, root, review), key=lambda s: s.id)
    if not language.is_main:
        adapter.report(_translation_findings(sheets, language.main_docs_dir, root), log)
    _used_by.update(_related_pages(files))
    for sheet in sheets:
        _sheets[sheet.id] = sheet
        page = _web_pages[f"{FOLDER}/{sheet.id}.md"] = web_page(sheet, clinic, _language)
        # Listed on the worksheets page rather than one by one in the navigation.
        file = File.generated(config, f"{FOLDER}/{sheet.id}.md", inclusion=InclusionLevel.NOT_IN_NAV,
                              content=page.markdown)
        files.append(file)
        _sheet_links[sheet.id] = RelatedPage(sheet.title, file.url, sheet.purpose)
    adapter.state().worksheet_ids = frozenset(_sheets)
    if sheets:
        _add_my_answers(files, config, sheets)
    books = workbooks(sheets, clinic.name, _language)
    if files.get_file_from_path(f"{FOLDER}/{INDEX}.md") is None:
        files.append(File.generated(config, f"{FOLDER}/{INDEX}.md", content=index_page(sheets, books, _language),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    # the code that makes a PDF, and the libraries that draw it, are part of every PDF's key; so are the
    # contents of the files it reads (the logo, the fields' font: PdfJob.readable, see worksheet_pdf.fingerprint),
    # the language and every word printed around the worksheet (kapguide/worksheet_text.py, ui_text.py)
    words = json.dumps([worksheet_text(_language), ui_text(_language)], sort_keys=True, ensure_ascii=False)
    shared = (f"{code_digest('weasyprint', 'pydyf', 'jinja2', 'markdown', 'fonttools', 'pillow')}|{paper}|{clinic!r}"
              f"|{_language}|{words}")
    printed = {s.id: f"{s.source_text}|{review_line(s, clinic, review.date_format, _language)}" for s in sheets}
    logo, font = _logo_file(clinic.logo, Path(config.docs_dir)), _fields_font(cache_dir) if sheets else None
    readable = tuple(path for path in (logo, font) if path is not None)
    make_html = functools.partial(pdf_document, clinic=clinic, paper=paper, date_format=review.date_format,
                                  logo=logo, field_font=font, language=_language)
    jobs = [PdfJob(f"{s.id}.pdf", f"{shared}|{printed[s.id]}", functools.partial(make_html, [s]), s.pages, s.source,
                   readable) for s in sheets]
    jobs += [PdfJob(b.name, f"{shared}|{b!r}|" + "|".join(printed[s.id] for s in b.sheets),
                    functools.partial(make_html, list(b.sheets), cover=b), None, "", readable) for b in books]
    results = make_pdfs(jobs, pdf_dir)
    prune_cache(pdf_dir, results)
    for result in results:
        files.append(File.generated(config, f"{FOLDER}/{result.job.name}", abs_src_path=str(result.path)))
        if result.job.page_limit and result.pages > result.job.page_limit:
            adapter.report([_too_long(result)], log)
        if result.refused:
            adapter.report([_refused(result)], log)
    adapter.state().worksheets_report = [_report_entry(r) for r in results]
    log.debug("worksheet PDFs: %d made, %d from cache", sum(not r.from_cache for r in results),
              sum(r.from_cache for r in results))
    return files


def _translation_findings(sheets: list[Worksheet], main_docs: Path, root: Path) -> list[Finding]:
    """Each worksheet of this language against the main language's one of the same id (if there is one)."""
    findings = []
    for sheet in sheets:
        path = main_docs / FOLDER / f"{sheet.id}.yml"
        main = load_worksheet(path.read_text(encoding="utf-8"), adapter.relative(path, root))[0] if path.is_file() else None
        if main is not None:  # a main-language worksheet that cannot be read is reported by its own build
            findings += translation_problems(sheet, main)
    return findings


def _fields_font(cache_dir: Path) -> Path | None:
    """The fields' font. It depends on the installed font only, so it is kept for the whole machine
    (build_cache.shared_cache_dir), or with the PDFs when that folder cannot be written."""
    try:
        return field_font(shared_cache_dir() / "fonts")
    except OSError:
        return field_font(cache_dir / "fonts")


def _logo_file(logo: str, docs_dir: Path) -> Path | None:
    """The clinic's logo for the PDFs: the file itself, only when it is a picture inside docs/
    (published_files.logo_problem; the security hook reports one that is not, and the PDFs go without)."""
    if not logo or logo_problem(logo, docs_dir) is not None:
        return None
    return Path(os.path.realpath(docs_dir / logo.strip()))


def _add_my_answers(files: Files, config: MkDocsConfig, sheets: list[Worksheet]) -> None:
    """The "My answers" page, unless a page of docs/ already has its address (no worksheet can: RESERVED_IDS)."""
    uri = f"{FOLDER}/{MY_ANSWERS}.md"
    if files.get_file_from_path(uri) is not None:  # no worksheet has this id (worksheet_model.RESERVED_IDS)
        adapter.report([Finding("worksheet", uri,
                                f"The address {FOLDER}/{MY_ANSWERS}/ is kept for the page that shows a patient's saved answers.",
                                fix="Give the page another file name.")], log)
        return
    _web_pages[uri] = my_answers_page(sheets, _language)
    files.append(File.generated(config, uri, inclusion=InclusionLevel.NOT_IN_NAV, content=_web_pages[uri].markdown))


def _too_long(result: PdfResult) -> Finding:
    sheet = _sheets[Path(result.job.name).stem]
    line = next((n for n, text in enumerate(sheet.source_text.splitlines(), 1) if text.startswith("pages:")), 1)
    return Finding("worksheet", result.job.source,
                   f"The printed worksheet takes {result.pages} pages; its limit is {result.job.page_limit}.",
                   line=line, fix="Shorten it (fewer lines or questions), or raise 'pages'.")


def _refused(result: PdfResult) -> Finding:
    shown = ", ".join(result.refused[:3]) + (" ..." if len(result.refused) > 3 else "")
    return Finding("worksheet", result.job.source or f"{FOLDER}/{result.job.name}",
                   f"The printed worksheet tried to read {shown}; only the worksheet's own template files may be used.",
                   fix="Remove pictures, styles or links to files from the worksheet's text.")


def _report_entry(result: PdfResult) -> dict:
    """One PDF in the build report; workbooks have no worksheet of their own."""
    name = Path(result.job.name).stem
    sheet = _sheets.get(name)
    return {"id": name, "title": sheet.title if sheet else result.job.name,
            "section": sheet.section if sheet else "workbook", "pages": result.pages,
            "pdf": f"{FOLDER}/{result.job.name}", "from_cache": result.from_cache}


@adapter.timed("worksheets")
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put each worksheet's form into its page (it is HTML already, so it skips the Markdown step)."""
    parts = _web_pages.get(page.file.src_uri) if page.file.generated_by else None
    if parts is None:
        return html
    filled = insert_form(html, parts)
    if filled is None:  # only if a later hook or extension removed the placeholder comment
        adapter.report([Finding("worksheet", page.file.src_uri, "The worksheet's form could not be placed in its page.",
                                fix="Check that no Markdown extension strips HTML comments.")], log)
        return html
    return filled


def on_env(env, config: MkDocsConfig, files: Files):
    """The page script's words in the build's language, for overrides/worksheet.html to print as JSON; and, in
    another language's build, where the main language's site is, so both keep a patient's answers in one place."""
    language = adapter.settings_for(config, log).language
    env.globals["kap_worksheet_text"] = script_text(language.code)
    env.globals["kap_worksheet_main_site"] = language.site_path(language.main)
    return env


@adapter.timed("worksheets")
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """The "related" box (overrides/partials/kap-related.html) and a worksheet's edit link to its YAML."""
    words = worksheet_text(_language)
    sheet = _sheets.get(page.file.src_uri[len(FOLDER) + 1:-3]) if page.file.generated_by else None
    if sheet is None:
        sheet_ids = string_list(page.meta.get("worksheets")) or []
        context["kap_related"] = {"title": words["related_worksheets"],
                                  "links": [_sheet_links[i] for i in sheet_ids if i in _sheet_links]}
        return context
    context["kap_related"] = {"title": words["related_pages"], "links": _used_by.get(sheet.id, [])}
    if config.repo_url and config.edit_uri:
        page.edit_url = f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/{FOLDER}/{sheet.id}.yml"
    return context


# KAP_GUIDE_HOOKS=off (used by the benchmark) builds the site without this hook.
adapter.switch_off_unless_enabled(globals())
