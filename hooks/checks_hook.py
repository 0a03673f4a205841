"""Checks hook: catches content mistakes before patients see them.

The rules are plain functions in hooks/kapguide/:
  all rules on one page, cached  pagecheck.py     (runs pagemeta, structure and readability)
  front matter and review dates  pagemeta.py      headings, images, nav   structure.py
  reading level                  readability.py   unsafe HTML             security_hook.py
  links of the built site        links.py         build report            report.py
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
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import kap_mkdocs_adapter as adapter
from kapguide.build_cache import cache_dir, report_dir
from kapguide.checksettings import CheckSettings, load_check_settings
from kapguide.findings import Finding
from kapguide.frontmatter import decode, source_for_mkdocs, split
from kapguide.links import PageSource, check_site_cached, fetch_external
from kapguide.pagecheck import PageCheckCache, PageCheckSettings
from kapguide.report import BuildReport, weakened_checks
from kapguide.snippet_refs import check_snippets
from kapguide.urgency import SHARED_TEXTS, check_urgency
from kapguide.structure import check_nav_coverage, check_required_pages

if TYPE_CHECKING:  # the preview server's modules are not needed by `mkdocs build`
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)



class _Build:
    """Everything one build learns; replaced at every build (mkdocs serve rebuilds in one process)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path).parent
        self.docs_prefix = adapter.relative(config.docs_dir, self.root).rstrip("/") + "/"
        self.settings, self.setting_findings = load_check_settings(config.extra, dict(os.environ))
        self.report = BuildReport()
        self.sources: dict[str, PageSource] = {}  # built file -> page it came from
        self.texts: dict[str, str] = {}           # src_uri -> whole source text
        self.snippet_dirs = _snippet_dirs(config, self.root)
        self.page_checks = PageCheckCache(cache_dir(self.root))
        self.page_settings = PageCheckSettings()  # set in on_files, once the worksheet ids are known


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


def on_startup(command: str, dirty: bool) -> None:
    adapter.start_build(command)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable) -> LiveReloadServer:
    """While `mkdocs serve` waits for the first edit, load the reading-level data in the background,
    so the first rebuild after an edit does not wait for it."""
    from kapguide.readability import warm_up

    threading.Thread(target=warm_up, name="kap-reading-warm-up", daemon=True).start()
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    adapter.start_build_once(config)
    _build = _Build(config)
    emit(_build.setting_findings)
    return config


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
    """The page rules' settings, the same for every page (after worksheets_hook has listed the worksheets),
    and the wording of the shared when-to-get-help texts."""
    _build.page_settings = _page_settings(config)
    emit(_shared_text_findings())
    return files


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
    emit(check_nav_coverage(section_pages, in_nav, _build.docs_prefix))
    emit(check_required_pages(sections, {f.src_uri for f in files}, _build.docs_prefix))
    return nav


def _page_settings(config: MkDocsConfig) -> PageCheckSettings:
    review = config.extra.get("review") or {}
    settings = _build.settings
    known = adapter.STATE.get("worksheet_ids")
    return PageCheckSettings(
        require_approved=bool(review.get("require_approved")), today=adapter.today(),
        overdue_severity="error" if review.get("overdue") == "error" else "warning",
        known_worksheets=frozenset(known) if known is not None else None, max_grade=settings.max_grade,
        max_sentence_words=settings.max_sentence_words, max_paragraph_words=settings.max_paragraph_words,
        spelling=settings.spelling, spelling_ignore=settings.spelling_ignore)


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
    report = _build.report
    report.findings = list(adapter.STATE["findings"])
    report.external_links = links.external
    report.links_checked = links.checked
    report.worksheets = list(adapter.STATE.get("worksheets_report", []))
    timings = dict(adapter.STATE["timings"])
    timings["checks"] = timings.get("checks", 0.0) + time.perf_counter() - started  # this event, still running
    timings["links"] = time.perf_counter() - started
    report.timings = timings
    report.unset_settings = list(adapter.STATE["unset_settings"])
    report.weakened = weakened_checks(_build.settings, [str(h) for h in config.hooks], _build.root)
    report.write(report_dir(_build.root, _build.settings.report_dir))
    _build.page_checks.save()
    problems = adapter.errors()
    if problems and adapter.STATE["command"] != "serve":
        raise Abort(f"The guide has {len(problems)} error(s); see the messages above for the file, line and fix.")


# KAP_GUIDE_HOOKS=off (used by the benchmark) builds the site without this hook.
adapter.switch_off_unless_enabled(globals())
