"""Security hook: nothing a pull request adds may run code, fetch from another host or read the build machine.

Each layer holds on its own; the plain rules live in hooks/kapguide/:
  escaping     the project's templates (overrides/) escape everything they print; titles, front
               matter and settings that the theme's templates print are escaped once, at the source
               (plain_text.py)
  sanitizing   every page's HTML goes through the allow-list sanitizer (html_sanitizer.py); anything
               it removes is reported with the page's file and line; no page may use an id of the
               site's own templates and scripts (reserved_ids.py); every address is read as a browser
               reads it (addresses.py)
  final check  every finished page is read with a real HTML parser (page_gate.py): anything that
               could run code or contact another host is reported and removed
  files        links under docs/ must stay inside docs/ itself: the build stops before MkDocs follows a
               folder link out of it or round in circles, and leaves out a link to a file elsewhere before
               any hook reads it; files under docs/ that are not pages, worksheets, snippets or safe assets
               (scripts included: the site's own are in overrides/) are reported and left out
               (published_files.py); SVG pictures are read as XML, the way a browser opens them
               (svg_picture_check.py)
  read files   the files settings name must be short lists inside the project (project_files.py): the
               build stops before it reads a search-words file from elsewhere or without end
  settings     theme settings that load fonts, analytics or scripts from elsewhere (privacy.py),
               and HTML typed into settings (plain_text.py)
  CSP          every page carries a Content-Security-Policy meta tag (overrides/main.html); the
               build writes site/_headers and an nginx snippet for the rest (headers.py)
Switching a rule off in extra.checks.disable silences its message; the protection stays.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import asdict
from pathlib import Path

from jinja2 import Environment
from markdown import util as markdown_util
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

import kap_mkdocs_adapter as adapter
from kapguide.addresses import Written, as_browser_reads
from kapguide.build_cache import cache_dir, shared_cache_dir
from kapguide.checksettings import CheckSettings
from kapguide.findings import Finding
from kapguide.headers import csp_meta_content, netlify_headers, nginx_snippet, security_headers
from kapguide.html_sanitizer import (
    TABBED_EXTENSIONS,
    Policy,
    Removed,
    first_line,
    page_policy,
    removal_findings,
    sanitize,
    text_only,
)
from kapguide.kept_results import KeptResults
from kapguide.page_gate import neutralize
from kapguide.patient_search import DEFAULT_FILE as SEARCH_WORDS_FILE
from kapguide.plain_text import PLAIN_TEXT_FIX, escaped, markup_in
from kapguide.privacy import addresses_in_settings, check_settings
from kapguide.project_files import project_root
from kapguide.published_files import check_asset, docs_folder_problem, folder_link_problems, link_problem, logo_problem
from kapguide.reserved_ids import site_ids
from kapguide.settings_lines import setting_lines
from kapguide.site_language import SHARED_FOLDER
from kapguide.svg_picture_check import picture_notes
from kapguide.template_cache import use_kept_templates

log = get_plugin_logger(__name__)

PAGE_TEMPLATES = frozenset({"main.html"})          # what a page's `template:` may name
GENERATED_TEMPLATES = frozenset({"worksheet.html"})  # only for pages the build makes itself
ICON = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
SETTINGS_TEXT = ("site_name", "site_description", "site_author", "copyright")


class _Build:
    """What one build learns; replaced at every build (mkdocs serve rebuilds in one process)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path).parent
        self.project = project_root(config.config_file_path)  # nothing outside it is read (project_files.py)
        self.docs_dir = Path(config.docs_dir)
        self.docs_prefix = adapter.relative(config.docs_dir, self.root).rstrip("/") + "/"
        self.settings_file = adapter.relative(config.config_file_path, self.root)
        self.config_file = config.config_file_path
        settings = adapter.settings_for(config, log)
        self.checks: CheckSettings = settings.checks
        self.search_words: str | None = settings.extra.search.words if settings.extra.search else None
        # The folders whose files this build publishes, and the part of each MkDocs lists: docs_dir, and in another
        # language's build the main language's assets/ (shared with it: site_hook._add_shared_assets).
        language = settings.language
        self.page_folders = [(self.docs_dir, "")] + ([] if language.is_main else [(language.main_docs_dir, SHARED_FOLDER)])
        self.by_real_path = {os.path.realpath(folder): folder for folder, _ in self.page_folders}
        self.links_checked: set[str] = set()  # files whose links are checked (on_files; on_nav checks those added since)
        self.kept = KeptResults(cache_dir(self.root) / "security.json")
        self.page_policy = _page_policy(config)
        self.made_elsewhere: set[str] = set()  # final-check problems made by a setting or template, reported once
        # Files the theme loads on every page because of a setting: check_settings names those from elsewhere.
        self.settings_addresses = {_file_named(url, "html") for _, url in addresses_in_settings(
            dict(config.theme), list(config.extra_css), list(config.extra_javascript))}

    @functools.cached_property
    def settings_text(self) -> str:
        return _read(Path(self.config_file))

    @functools.cached_property
    def lines(self) -> dict[str, int]:
        """Setting -> line in mkdocs.yml; read only when a message needs it."""
        return setting_lines(self.config_file)


_build: _Build | None = None


def _page_policy(config: MkDocsConfig) -> Policy:
    """What pages may hold: no id the site's own templates and scripts use (overrides/ and the scripts in
    docs/assets/javascripts/), and the tabs' markup only when a tabbed-block extension is on."""
    custom_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    templates = [custom_dir] if custom_dir else []
    scripts = templates + [Path(config.docs_dir) / "assets" / "javascripts"]
    ids = site_ids(templates, scripts)
    tabbed = any(name in config.markdown_extensions for name in TABBED_EXTENSIONS)
    return page_policy(ids.ids, ids.prefixes, tabbed=tabbed)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""


def emit(findings: list[Finding]) -> None:
    adapter.report([f for f in findings if _build.checks.enabled(f.rule)], log)


def _setting_finding(setting: str, message: str, fix: str, rule: str = "plain-text") -> Finding:
    return Finding(rule, _build.settings_file, f"{setting}: {message}", line=_build.lines.get(setting), fix=fix)


# ---------------------------------------------------------------- settings


def on_startup(command: str, dirty: bool) -> None:
    """The one on_startup of the hooks: "serve" lets the preview's pages reload themselves
    (headers.csp_meta_content) and lists each preview build's problems (checks_hook.on_serve)."""
    adapter.start_command(command)


@event_priority(100)  # first: starts this build's state, which every other hook's on_config uses
@adapter.timed("security")
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    adapter.start_build(config)
    _build = _Build(config)
    _quiet_placeholder_links()
    findings = check_settings(dict(config.theme), config.extra, list(config.extra_css), list(config.extra_javascript),
                              dict(config.mdx_configs), setting_line=lambda setting: _build.lines.get(setting))
    findings = [Finding(f.rule, _build.settings_file, f.message, f.line, f.severity, f.fix) for f in findings]
    findings += _markup_in_settings(config)
    findings += _logo_problems(config)
    stops = _page_folder_problems() + _search_words_problems(config)
    emit(findings + stops)
    if stops:
        raise Abort(f"The build stopped before MkDocs reads the pages, because of the {len(stops)} problem(s) above.")
    return config


PLACEHOLDER = markdown_util.HTML_PLACEHOLDER.split("%s")[0]  # where Python-Markdown keeps an HTML code for later


class _PlaceholderLinks(logging.Filter):
    """Drops MkDocs' warning about a link whose address still holds Python-Markdown's placeholder for an HTML
    code (an attribute list such as { src="ht&#9;tps://..." }: MkDocs checks links before the codes are put
    back, so it names an address nobody wrote, 'htwzxhzdk:0tps://...'). The address the page really gets is
    checked in the finished page, by the sanitizer and the link check, and named readably there."""

    def filter(self, record: logging.LogRecord) -> bool:
        return PLACEHOLDER not in record.getMessage()


def _quiet_placeholder_links() -> None:
    engine_log = logging.getLogger(Page.__module__)  # mkdocs.structure.pages: where MkDocs checks a page's links
    if not any(isinstance(existing, _PlaceholderLinks) for existing in engine_log.filters):
        engine_log.addFilter(_PlaceholderLinks())


def _page_folder_problems() -> list[Finding]:
    """A folder of pages that is a link or outside the project, and folder links in it that lead out of it or round
    in circles. MkDocs follows them while it lists the pages, before any hook sees a file (without end, for two
    links to their own folder), so these stop the build here."""
    findings = []
    for folder, under in _build.page_folders:
        problem = docs_folder_problem(folder, _build.project)
        if problem:
            findings.append(_setting_finding("docs_dir", f"{problem}.", "Keep the pages in a folder of the project "
                                             "itself (move them there instead of linking to them).", rule="unsafe-file"))
            continue
        findings += [Finding("unsafe-file", _shown(folder) + link.link, f"{link.message}; the build stops before "
                             "MkDocs follows it.", fix=link.fix) for link in folder_link_problems(folder, _build.project, under)]
    return findings


def _search_words_problems(config: MkDocsConfig) -> list[Finding]:
    """The search-words file, if it cannot be read safely (outside the project, too large, not UTF-8): the search
    hook reads it as it is, so the build stops here instead. A file that is not there is the search hook's to name."""
    _, _, findings = adapter.read_named_list(config, "extra.search.words", _build.search_words, SEARCH_WORDS_FILE,
                                             report_missing=False)
    return findings


def _logo_problems(config: MkDocsConfig) -> list[Finding]:
    """extra.clinic.logo must be a picture inside docs/ (a web address would be fetched by every visit)."""
    clinic = config.extra.get("clinic")
    logo = clinic.get("logo") if isinstance(clinic, dict) else None
    if not isinstance(logo, str) or not logo.strip():
        return []
    shared = next(((folder, under) for folder, under in _build.page_folders if under), None)
    problem = logo_problem(logo, Path(config.docs_dir), shared)
    if problem is None:
        return []
    return [_setting_finding("extra.clinic.logo", problem, "Save the logo in docs/assets/images/ and write its path, "
                                                            "e.g. logo: assets/images/logo.svg.", rule="privacy")]


def _markup_in_settings(config: MkDocsConfig) -> list[Finding]:
    """HTML typed into a setting that pages print (site name, clinic details, nav titles)."""
    texts: list[tuple[str, object]] = [(key, config.get(key)) for key in SETTINGS_TEXT]
    clinic = config.extra.get("clinic") if isinstance(config.extra.get("clinic"), dict) else {}
    texts += [(f"extra.clinic.{key}", value) for key, value in clinic.items() if key != "crisis_lines"]
    for index, line in enumerate(clinic.get("crisis_lines") or []):
        if isinstance(line, dict):
            texts += [(f"extra.clinic.crisis_lines[{index}].{key}", value) for key, value in line.items()]
    if isinstance(clinic.get("after_hours"), dict):
        texts += [(f"extra.clinic.after_hours.{key}", value) for key, value in clinic["after_hours"].items()]
    texts += list(_nav_titles(config.nav or [], "nav"))
    findings = []
    for setting, value in texts:
        problem = markup_in(value) if isinstance(value, str) else None
        if problem:
            findings.append(_setting_finding(setting, f"holds {problem}; this setting is plain text.", PLAIN_TEXT_FIX))
    return findings


def _nav_titles(items: list, path: str):
    for index, item in enumerate(items):
        if isinstance(item, dict):
            for title, child in item.items():
                yield f"{path}[{index}]", title
                if isinstance(child, list):
                    yield from _nav_titles(child, f"{path}[{index}].{title}")


# ---------------------------------------------------------------- files


@event_priority(100)  # first: before any other hook reads a file (worksheets_hook reads every page and worksheet)
@adapter.timed("security")
def on_files(files: Files, config: MkDocsConfig) -> Files:
    emit(_leave_out_links(files))
    return files


@event_priority(-100)  # after every hook has added and removed its files (site_hook adds the shared assets/)
@adapter.timed("security")
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Leave out the files that are not safe to publish, now that every hook has added its own; escape the section
    and link titles, which come from the nav settings and which the theme prints as they are."""
    emit(_leave_out_links(files) + _leave_out_unsafe_assets(files))

    def walk(items) -> None:
        for item in items:
            if isinstance(item, (Section, Link)) and isinstance(item.title, str):
                item.title = escaped(item.title)
            if isinstance(item, Section):
                walk(item.children)

    walk(nav.items)
    return nav


def _shown(folder: Path) -> str:
    """A folder of pages as staff see it, with a slash: 'docs/'."""
    return adapter.relative(folder, _build.root).rstrip("/") + "/"


def _page_folder(file: File) -> Path | None:
    """The folder of pages ``file`` comes from (docs/), or None for the theme's files and files the build makes."""
    if file.generated_by or not file.abs_src_path:
        return None
    return _build.by_real_path.get(os.path.realpath(file.src_dir))


def _leave_out_links(files: Files) -> list[Finding]:
    """Files of the pages' folders that are links (or reached through one) to a file outside their folder, or to
    nothing, left out before anything reads them: menu files and shared text too, which the build reads."""
    findings = []
    for file in [f for f in files if f.abs_src_path not in _build.links_checked]:
        folder = _page_folder(file)
        _build.links_checked.add(file.abs_src_path or "")
        problem = link_problem(Path(file.abs_src_path), folder, _build.project) if folder else None
        if problem:
            findings.append(Finding("unsafe-file", _shown(folder) + file.src_uri, f"{problem}; it is not published.",
                                    fix=f"Put the file itself in {folder.name}/ instead of a link to it."))
            files.remove(file)
    return findings


def _leave_out_unsafe_assets(files: Files) -> list[Finding]:
    """Files of the pages' folders that are not pages and are not safe to publish as they are (check_asset)."""
    findings = []
    for file in list(files):
        folder = _page_folder(file)
        if folder is None or not file.inclusion.is_included() or file.is_documentation_page():
            continue
        path = _shown(folder) + file.src_uri
        try:
            data = file.content_bytes
        except OSError:
            findings.append(Finding("unsafe-file", path, "This file could not be read; it is not published.",
                                    fix="Save the file again, in place of whatever is there now."))
            files.remove(file)
            continue
        verdict = _asset_verdict(file.src_uri, data)
        if problem := verdict["problem"]:
            findings.append(Finding("unsafe-file", path, problem["message"], line=problem["line"], fix=problem["fix"]))
            files.remove(file)
        findings += [Finding("picture", path, note["message"], line=note["line"], severity="warning", fix=note["fix"])
                     for note in verdict["notes"]]
    return findings


def _asset_verdict(name: str, data: bytes) -> dict:
    """What is wrong with publishing one file under docs/ (published_files.check_asset) and, for a safe
    SVG picture, its size and title (svg_picture_check.picture_notes); kept between builds."""
    kept = _build.kept.get("asset", name.encode() + b"\0" + data)
    if isinstance(kept, dict) and "notes" in kept:
        return kept
    problem = check_asset(name, data)
    notes = picture_notes(data) if problem is None and name.lower().endswith(".svg") else []
    verdict = {"problem": {"message": problem.message, "fix": problem.fix, "line": problem.line} if problem else None,
               "notes": [{"message": n.message, "fix": n.fix, "line": n.line} for n in notes]}
    _build.kept.put("asset", name.encode() + b"\0" + data, verdict)
    return verdict


# ---------------------------------------------------------------- templates


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Autoescape the project's own templates; escape the settings the theme's templates print."""
    custom_dir = config.theme.custom_dir
    env.autoescape = functools.partial(_is_project_template, str(custom_dir) if custom_dir else "")
    # Compiled templates kept between builds, keyed by the escaping above and every other compile setting.
    use_kept_templates(env, shared_cache_dir())
    env.globals["kap_csp"] = csp_meta_content(preview=adapter.state().command == "serve")
    for key in SETTINGS_TEXT:
        if isinstance(config.get(key), str):
            config[key] = escaped(config[key])
    for key in list(config.extra):  # the hooks have read extra already; the theme prints some of it
        config.extra[key] = escaped(config.extra[key])
    if config.theme.get("palette"):
        config.theme["palette"] = escaped(config.theme["palette"])
    return env


@functools.lru_cache(maxsize=512)
def _is_project_template(custom_dir: str, name: str | None) -> bool:
    return bool(custom_dir and name) and (Path(custom_dir) / name).is_file()


# ---------------------------------------------------------------- pages


def _source_of(page: Page) -> str:
    if page.file.generated_by and page.file.src_uri.startswith("worksheets/"):
        return f"{_build.docs_prefix}{page.file.src_uri[:-3]}.yml"
    return _build.docs_prefix + page.file.src_uri


@event_priority(-100)  # last: after checks_hook has put back front matter MkDocs could not read (page.meta)
@adapter.timed("security")
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Theme fields in front matter that name files: only the project's own templates and real icons."""
    findings = []
    template = page.meta.get("template")
    allowed = PAGE_TEMPLATES | (GENERATED_TEMPLATES if page.file.generated_by else frozenset())
    if template is not None and template not in allowed:
        findings.append(Finding("front-matter", _source_of(page), f"template: '{template}' is not one of this site's page templates.",
                                line=_meta_line(page, "template"), fix="Remove the 'template' line."))
        page.meta.pop("template")
    icon = page.meta.get("icon")
    if icon is not None and not (isinstance(icon, str) and ICON.match(icon)
                                 and any((Path(d) / ".icons" / f"{icon}.svg").is_file() for d in config.theme.dirs)):
        findings.append(Finding("front-matter", _source_of(page), f"icon: '{icon}' is not an icon of the theme.",
                                line=_meta_line(page, "icon"), fix="Remove the 'icon' line, or name an icon such as material/heart."))
        page.meta.pop("icon")
    emit(findings)
    return markdown


def _meta_line(page: Page, key: str) -> int | None:
    text = _read(Path(page.file.abs_src_path)) if page.file.abs_src_path else ""
    return next((n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:")), None)


@event_priority(100)  # before the worksheet form is put in and before the search index reads the page
@adapter.timed("security")
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    clean_html, removed = _sanitized(html)
    if removed:
        text = _read(Path(page.file.abs_src_path)) if page.file.abs_src_path else ""
        emit(removal_findings(removed, text, _source_of(page)))
    page.title = escaped(page.title)
    page.meta = escaped(page.meta)
    _escape_toc(page.toc)
    return clean_html


def _sanitized(html: str) -> tuple[str, list[Removed]]:
    """A page's HTML through the allow-list sanitizer under this build's policy, and what it removed."""
    policy = _build.page_policy
    key = policy.fingerprint + "\0" + html
    kept = _build.kept.get("page", key)
    if isinstance(kept, dict):
        return kept["html"], [Removed(**removed) for removed in kept["removed"]]
    result = sanitize(html, policy)
    _build.kept.put("page", key, {"html": str(result.html), "removed": [asdict(r) for r in result.removed]})
    return str(result.html), result.removed


def _escape_toc(items) -> None:
    """Table-of-contents titles are HTML already (escaped by Markdown); keep their text only."""
    for item in items or []:
        title = str(item.title)
        if "<" in title:
            title = text_only(title)
        item.title = Markup(title)
        _escape_toc(item.children)


@event_priority(-100)  # after every other hook has had its say
@adapter.timed("security")
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _final_check(output, f"site/{page.file.dest_uri}", _source_of(page), page.file.abs_src_path)


@adapter.timed("security")
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _final_check(output_content, f"site/{template_name}", None, None)


def _final_check(output: str, built: str, source: str | None, source_file: str | None) -> str:
    if _build.kept.get("final", output) is True:
        return output
    cleaned, problems = neutralize(output)
    if not problems:
        _build.kept.put("final", output, True)
        return output
    page_text = _read(Path(source_file)) if source_file else ""
    findings = []
    for problem in problems:
        if problem.address and _file_named(problem.address) in _build.settings_addresses:
            continue  # the setting is named already (privacy.check_settings); it is removed from every page all the same
        if source and (found := first_line(page_text, [problem.token])):
            findings.append(_final_finding(source, found, f"In the finished page {built}, {problem.message}; it was removed."))
        elif problem.message not in _build.made_elsewhere:  # by a setting or template: the same on every page, said once
            _build.made_elsewhere.add(problem.message)
            line = first_line(_build.settings_text, [problem.token])
            findings.append(_final_finding(_build.settings_file if line else built, line,
                                           f"In the finished pages (the first: {built}), {problem.message}; "
                                           "it was removed from each."))
    emit(findings)
    return cleaned


def _file_named(address: str, written: Written = "parsed") -> str:
    """An address as the browser reads it, without the page's own path MkDocs puts in front ('../', '/') and with
    each run of slashes made one (MkDocs joins paths so): the same file named in a setting and found in a page."""
    return re.sub("/+", "/", as_browser_reads(address, written).lstrip("./"))


def _final_finding(where: str, line: int | None, message: str) -> Finding:
    return Finding("unsafe-html", where, message, line=line,
                   fix="Check the front matter and the settings this page uses (extra.clinic, theme and extra in "
                       "mkdocs.yml) for HTML or addresses of other sites.")


# ---------------------------------------------------------------- after the build


@adapter.timed("security")
def on_post_build(config: MkDocsConfig) -> None:
    """Write the security headers for hosting: site/_headers, and an nginx snippet beside the build report."""
    headers = security_headers()
    (Path(config.site_dir) / "_headers").write_text(netlify_headers(headers), encoding="utf-8")
    report_folder = adapter.report_folder(config, log)
    report_folder.mkdir(parents=True, exist_ok=True)
    (report_folder / "nginx-security-headers.conf").write_text(nginx_snippet(headers), encoding="utf-8")
    _build.kept.save()


def _warn_unprotected(config: MkDocsConfig) -> MkDocsConfig:
    """With KAP_GUIDE_HOOKS=off (for benchmarks only) the site is built without this layer: say so loudly.
    It is a warning, so `mkdocs build --strict` (make build, CI, deploys) refuses such a build."""
    log.warning("KAP_GUIDE_HOOKS=off: built without escaping, sanitizing, the final page check and the CSP. "
                "Never publish this build.")
    return config


# KAP_GUIDE_HOOKS=off (used by the benchmark to measure plain MkDocs) switches this hook off too; a strict build then fails.
if not adapter.hooks_enabled():
    adapter.switch_off_unless_enabled(globals())
    on_config = _warn_unprotected
