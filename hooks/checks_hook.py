"""Checks hook: catches content mistakes before patients see them.

The rules are plain functions in hooks/kapguide/:
  all rules on one page, cached  pagecheck.py     (runs pagemeta, structure and readability)
  front matter and review dates  pagemeta.py      headings, images, nav   structure.py
  reading level                  readability.py   unsafe HTML             security_hook.py
  links of the built site        links.py         build report            report.py
  translations in step (another language's build)                         translation_parity.py
This file only feeds them MkDocs' pages and logs what they find, so that
`mkdocs build --strict` fails and every message names the file and line.
Settings: extra.checks in mkdocs.yml (hooks/kapguide/checksettings.py).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import kap_mkdocs_adapter as adapter
from kapguide.build_cache import cache_dir
from kapguide.checksettings import CheckSettings
from kapguide.findings import Finding
from kapguide.frontmatter import decode, source_for_mkdocs, split
from kapguide.links import PageSource, check_site_cached, fetch_external
from kapguide.menu_files import check_menu_file, existing_paths, menu_folder
from kapguide.pagecheck import PageCheckCache, PageCheckSettings
from kapguide.pagemeta import usable_meta
from kapguide.plain_words import default_list, plain_words_in
from kapguide.preview import add_notice
from kapguide.report import BuildReport, weakened_checks
from kapguide.settings_file import nav_with_docs_prefix, without_docs_prefix
from kapguide.settings_lines import setting_lines
from kapguide.site_settings import before_publishing
from kapguide.snippet_refs import check_snippets
from kapguide.structure import check_nav_coverage, check_required_pages
from kapguide.translation_parity import check_translation
from kapguide.treatment import rule_wording
from kapguide.urgency import SHARED_TEXTS, check_urgency

if TYPE_CHECKING:  # the preview server's modules are not needed by `mkdocs build`
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)



class _Build:
    """Everything one build learns; replaced at every build (mkdocs serve rebuilds in one process)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path).parent
        self.docs_prefix = adapter.relative(config.docs_dir, self.root).rstrip("/") + "/"
        self.settings: CheckSettings = adapter.settings_for(config, log).checks
        self.language = adapter.settings_for(config, log).language  # which of the guide's languages this build is
        self.settings_file = adapter.relative(config.config_file_path, self.root)
        self.report = BuildReport()
        self.sources: dict[str, PageSource] = {}  # built file -> page it came from
        self.texts: dict[str, str] = {}           # src_uri -> whole source text
        self.snippet_dirs = _snippet_dirs(config, self.root)
        self.page_checks = PageCheckCache(cache_dir(self.root))
        self.page_settings = PageCheckSettings()  # set in on_files, once the worksheet ids are known
        self.plain_words: tuple[tuple[str, str], ...] = ()  # hard word -> plain words (plain-words.yml)
        self.plain_words_file = "plain-words.yml"


_build: _Build | None = None


def _snippet_dirs(config: MkDocsConfig, root: Path) -> list[Path]:
    options = config.mdx_configs.get("pymdownx.snippets", {})
    base = options.get("base_path", ["."])
    return [Path(p) if Path(p).is_absolute() else Path.cwd() / p for p in ([base] if isinstance(base, str) else base)]


def emit(findings: list[Finding]) -> None:
    settings: CheckSettings = _build.settings
    adapter.report([f for f in findings if settings.enabled(f.rule)], log)


def source_path(page: Page) -> str:
    return _build.docs_prefix + page.file.src_uri


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable) -> LiveReloadServer:
    """List the first build's problems; let each rebuild list its own and survive a settings mistake
    (the preview is not strict: it keeps serving). While it waits for the first edit, load the
    reading-level data in the background, so the first rebuild after an edit does not wait for it."""
    from kapguide.readability import warm_up

    report = _report_name(config)
    adapter.list_preview_problems(log, report)
    server.builder = adapter.keep_preview_serving(server.builder, log, report)
    threading.Thread(target=warm_up, name="kap-reading-warm-up", daemon=True).start()
    return server


def _report_name(config: MkDocsConfig) -> str:
    return adapter.relative(adapter.report_folder(config, log) / "report.md", Path.cwd())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = _Build(config)
    emit(_menu_entries_with_docs_prefix(config))
    emit(_read_plain_words(config))
    emit(_clinic_rule_wording(config))
    emit(adapter.source_date_findings())
    return config


def _clinic_rule_wording(config: MkDocsConfig) -> list[Finding]:
    """The clinic's own rules (extra.clinic.treatment, or their words in this build's language) checked for hard
    words and long sentences, as a page is (kapguide/treatment.py: rule_wording)."""
    settings = adapter.settings_for(config, log)
    language = _build.language
    where = "extra.clinic.treatment" if language.is_main else f"extra.clinic.translations.{language.code}.treatment"
    return rule_wording(settings.clinic.treatment, dict(_build.plain_words), _build.plain_words_file,
                        _build.settings.max_sentence_words, _build.settings_file, setting_lines(config.config_file_path),
                        where)


@adapter.timed("checks")
def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Read the page ourselves so a file that is not text gets a message instead of a traceback."""
    if page.file.generated_by:
        return None
    text, findings = decode(page.file.content_bytes, source_path(page))
    emit(findings)
    _build.texts[page.file.src_uri] = text or ""
    return source_for_mkdocs(text) if text is not None else "---\ntitle: Unreadable page\n---\n"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """The page rules' settings, the same for every page (after worksheets_hook.on_files, which runs earlier
    and lists the worksheets),
    and the wording of the shared when-to-get-help texts."""
    _build.page_settings = _page_settings(config)
    emit(_shared_text_findings())
    emit(_menu_file_findings(files))
    emit(_translation_findings(config))
    return files


@adapter.timed("checks")
def _translation_findings(config: MkDocsConfig) -> list[Finding]:
    """In another language's build (mkdocs.es.yml): its pages and worksheets in step with the main language's."""
    language = _build.language
    if language.is_main or len(language.languages) < 2:
        return []
    exclude = config.exclude_docs
    shared = sorted({folder.relative_to(Path(config.docs_dir).resolve()).parts[0] for folder in
                     (d.resolve() for d in _build.snippet_dirs) if folder.is_relative_to(Path(config.docs_dir).resolve())})
    return check_translation(language.main_docs_dir, Path(config.docs_dir), language.code, _build.root,
                             main_code=language.main, excluded=(lambda path: bool(exclude and exclude.match_file(path))),
                             shared_folders=shared)


def _menu_file_findings(files: Files) -> list[Finding]:
    """Each menu file (.nav.yml) is read before the menu plugin sees it; one with a mistake is not used."""
    existing = existing_paths([f.src_uri for f in files.documentation_pages()])
    findings: list[Finding] = []
    for file in [f for f in files if menu_folder(f.src_uri) is not None]:
        path = _build.docs_prefix + file.src_uri
        text, problems = decode(file.content_bytes, path)
        problems = problems or check_menu_file(text or "", path, menu_folder(file.src_uri), existing)
        if problems:
            files.remove(file)
        findings += problems
    return findings


def _read_plain_words(config: MkDocsConfig) -> list[Finding]:
    """The plain-words list named by extra.checks.plain_words (default plain-words.yml beside mkdocs.yml; for
    another language, its own list: plain-words.es.yml), read only when it is a short list inside the project
    (kap_mkdocs_adapter.read_named_list). A clinic that removed the default list has no plain-words check."""
    language = _build.language
    named = _build.settings.plain_words if _build.settings.plain_words_set else None
    text, shown, findings = adapter.read_named_list(config, "extra.checks.plain_words", named,
                                                    default_list(language.code, language.main))
    if text is None:
        return findings
    words, problems = plain_words_in(text, shown)
    _build.plain_words = tuple(sorted(words.items()))
    _build.plain_words_file = shown
    return findings + problems


def _menu_entries_with_docs_prefix(config: MkDocsConfig) -> list[Finding]:
    """Menu paths are relative to docs/: report `docs/...` entries once, and read them without the prefix."""
    folder = Path(config.docs_dir).name
    entries = nav_with_docs_prefix(config.nav, folder)
    if not entries:
        return []
    config.nav = without_docs_prefix(config.nav, folder)
    settings_file = adapter.relative(config.config_file_path, _build.root)
    text = Path(config.config_file_path).read_text(encoding="utf-8-sig", errors="replace").splitlines()
    line = next((n for n, row in enumerate(text, 1) if entries[0] in row), None)
    more = f" ({len(entries)} entries)" if len(entries) > 1 else ""
    return [Finding("nav", settings_file, f"Menu entries in nav: start with '{folder}/'{more}, e.g. '{entries[0]}'.",
                    line=line, fix=f"Remove '{folder}/' from the start of each: menu paths are relative to the "
                                   f"{folder} folder, e.g. '{entries[0][len(folder) + 1:]}'.")]


def _shared_text_findings() -> list[Finding]:
    """The shared warning texts (docs/_snippets/) keep to the three levels of urgency, like every page."""
    findings: list[Finding] = []
    for folder in _build.snippet_dirs:
        for name in SHARED_TEXTS:
            path = folder / name
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                findings += check_urgency(text, 1, adapter.relative(path, _build.root), is_shared_text=True)
    return findings


@adapter.timed("checks")
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    sections = _build.settings.sections
    in_nav = {page.file.src_uri for page in nav.pages}
    markdown = {f.src_uri for f in files.documentation_pages() if not f.generated_by}
    section_pages = [uri for uri in markdown if uri.split("/")[0] in sections]
    emit(check_nav_coverage(section_pages, in_nav, _build.docs_prefix, menu_in_settings=config.nav is not None))
    emit(check_required_pages(sections, {f.src_uri for f in files}, _build.docs_prefix))
    return nav


def _page_settings(config: MkDocsConfig) -> PageCheckSettings:
    review = adapter.review_rules(config, log)
    settings = _build.settings
    known = adapter.state().known_worksheets()  # None without worksheets_hook: names are not checked
    return PageCheckSettings(
        require_approved=review.require_approved, today=review.today, overdue_severity=review.overdue_severity,
        known_worksheets=known, language=_build.language.code, max_grade=settings.max_grade,
        min_inflesz=settings.min_inflesz, max_sentence_words=settings.max_sentence_words,
        max_paragraph_words=settings.max_paragraph_words, spelling=settings.spelling,
        spelling_ignore=settings.spelling_ignore, plain_words=_build.plain_words,
        plain_words_file=_build.plain_words_file)


@event_priority(50)  # before the other hooks (search_hook, site_hook, security_hook) read page.meta
@adapter.timed("checks")
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        return markdown
    path = source_path(page)
    text = _build.texts.get(page.file.src_uri, "")
    result = _build.page_checks.check(text, path, page.file.src_uri, _build.page_settings)
    emit(result.findings)
    _build.report.pages.append(result.stats)
    markdown = _front_matter_mkdocs_could_not_read(markdown, page, text, path)
    page.meta = usable_meta(page.meta)  # a field reported above reaches neither the theme nor the other hooks
    markdown, snippet_findings = check_snippets(markdown, text, path, _build.snippet_dirs, _build.root)
    emit(snippet_findings)
    return markdown


def _front_matter_mkdocs_could_not_read(markdown: str, page: Page, text: str, path: str) -> str:
    """MkDocs gives up on front matter it cannot read (an impossible date such as 2026-02-30) and shows
    it as page text, without the draft notice. Our own reading keeps such values as text, so use it."""
    if page.meta or not markdown.startswith("---"):
        return markdown
    parsed = split(text, path)
    if not parsed.meta or parsed.findings:
        return markdown
    page.meta = dict(parsed.meta)
    return parsed.body.lstrip("\n")


@adapter.timed("checks")
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        return html
    path = source_path(page)
    text = _build.texts.get(page.file.src_uri, "")
    _build.sources[page.file.dest_uri] = PageSource(path, text, html)
    return html


def _source_name(built: str) -> str:
    """The Markdown file a built page came from, or the built file itself."""
    page = _build.sources.get(built)
    return page.path if page else f"site/{built}"


@event_priority(-100)  # last: the report holds every hook's findings and times, and a build with errors stops here
@adapter.timed("checks")
def on_post_build(config: MkDocsConfig) -> None:
    started = time.perf_counter()
    links, _ = check_site_cached(Path(config.site_dir), _build.sources, cache_dir(_build.root) / "link-check.json",
                                 workers=min(2, os.cpu_count() or 1))
    emit(links.findings)
    if config.repo_url:  # the edit links to the repository are known and need no listing
        links.external = {u: f for u, f in links.external.items() if not u.startswith(config.repo_url)}
    if _build.settings.check_external and links.external:
        problems = fetch_external(sorted(links.external), _build.settings.timeout, _build.settings.concurrency)
        emit([Finding("external-link", _source_name(links.external[url][0]), f"The external link '{url}' {problem}.",
                      severity="warning", fix="Update or remove the link.") for url, problem in problems.items() if problem])
    state = adapter.state()
    report = _build.report
    report.findings = list(state.findings)
    report.external_links = links.external
    report.links_checked = links.checked
    report.worksheets = list(state.worksheets_report)
    timings = dict(state.timings)
    timings["checks"] = timings.get("checks", 0.0) + time.perf_counter() - started  # this event, still running
    timings["links"] = time.perf_counter() - started
    report.timings = timings
    report.unset_settings = list(state.unset_settings)
    report.untranslated_settings = list(state.untranslated_settings)
    if report.untranslated_settings:
        log.info(f"Clinic settings shown in the main language on these pages (add them under extra.clinic.translations "
                 f"in mkdocs.yml): {', '.join(report.untranslated_settings)}")
    report.before_publishing = before_publishing(config.site_name, config.site_url or "", config.repo_url or "",
                                                 adapter.settings_for(config, log).clinic)
    for note in report.before_publishing:
        log.info(f"Before you publish: {note}")
    report.weakened = weakened_checks(_build.settings, [str(h) for h in config.hooks], _build.root)
    report.write(adapter.report_folder(config, log))
    _build.page_checks.save()
    if state.command == "serve":  # not strict: keep serving, with the problems on every page
        add_notice(Path(config.site_dir), adapter.preview_problems(), _report_name(config))
        return
    problems = adapter.errors()
    if problems:
        warnings = len(state.findings) - len(problems)
        raise Abort(f"The guide has {len(problems)} error(s) and {warnings} warning(s); see the messages above "
                    "for the file, line and fix.")


# KAP_GUIDE_HOOKS=off (used by the benchmark) builds the site without this hook.
adapter.switch_off_unless_enabled(globals())
