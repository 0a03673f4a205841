"""Shared glue between the plain ``kapguide`` modules and MkDocs.

Each hook file logs through its own plugin logger; this module turns findings
into log lines (and GitHub annotations under GitHub Actions), and keeps what the
hooks share during one build in one typed object (``BuildState``, reached through
``state()``), started afresh for every build. It is the only place besides the
hook files that imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import sys
import time
import weakref
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from kapguide.build_cache import DEFAULT_REPORT_DIR, owned_folder, report_dir
from kapguide.findings import Finding
from kapguide.pagemeta import ReviewSettings, review_settings
from kapguide.project_files import named_file, project_root, read_list_file
from kapguide.settings_file import duplicate_settings
from kapguide.settings_lines import setting_lines
from kapguide.site_settings import SiteSettings, read_site_settings


@dataclass
class BuildState:
    """What the hooks share during one build. ``start_build`` replaces it at the start of every build
    (mkdocs serve rebuilds in one process), so nothing of one build reaches the next."""

    command: str = "build"  # "serve" for the preview; set once per run by ``start_command``
    config: weakref.ref | None = None  # the settings object of this build (mkdocs serve reads them for each)
    settings: SiteSettings | None = None  # ``extra`` of mkdocs.yml, read once (``settings_for``)
    disabled: frozenset[str] = frozenset()  # rules switched off in extra.checks.disable: not reported
    findings: list[Finding] = field(default_factory=list)  # everything reported, for the build report
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent in each hook (``timed``)
    unset_settings: list[str] = field(default_factory=list)  # clinic rules left for the team (treatment.py)
    untranslated_settings: list[str] = field(default_factory=list)  # clinic words shown in the main language
    shown_rules: set[str] = field(default_factory=set)  # clinic rules whose tokens this build's pages hold
    worksheet_ids: frozenset[str] | None = None  # the worksheets built; None if worksheets_hook is not in use
    unreadable_worksheet_ids: set[str] = field(default_factory=set)  # reported once, in their own file
    worksheets_report: list[dict] = field(default_factory=list)  # one entry per PDF, for the build report

    def known_worksheets(self) -> frozenset[str] | None:
        """The ids pages may name: every worksheet, including one that could not be read (it has its own message)."""
        return None if self.worksheet_ids is None else self.worksheet_ids | self.unreadable_worksheet_ids


_state = BuildState()


def state() -> BuildState:
    """The current build's state: the one way the hooks reach it."""
    return _state


def start_command(command: str) -> None:
    """Once per run (on_startup): remember the command, and under `mkdocs serve` collect each build's problems."""
    _state.command = command
    if command == "serve":
        watch_preview_problems()


def start_build(config: object) -> BuildState:
    """A new state for the build of ``config``, keeping only the command. Called once per build, by the
    first on_config (hooks/security_hook.py, which has the highest priority)."""
    global _state
    _state = BuildState(command=_state.command, config=weakref.ref(config))
    return _state


def settings_for(config, log: logging.Logger) -> SiteSettings:
    """The guide's settings for this build (``extra`` in mkdocs.yml), read once: the first hook to ask
    reads them and reports their mistakes; later hooks get the same object."""
    current = _state
    if current.config is None or current.config() is not config:
        current = start_build(config)  # only in a build without hooks/security_hook.py, which starts it first
    if current.settings is not None:
        return current.settings
    settings = read_site_settings(config.extra, setting_lines(config.config_file_path), dict(os.environ),
                                  theme_language=config.theme.get("language"), docs_dir=Path(config.docs_dir))
    current.settings = settings
    current.disabled = frozenset(settings.checks.disabled)
    _, problem = _report_setting(config, settings)
    refused = [setting_finding(config, "extra.checks.report_dir", problem, f"Use a folder of its own inside the "
                               f"project, outside the pages and the built site, such as {DEFAULT_REPORT_DIR}.")]
    report(settings.findings + (refused if problem else []) + _duplicate_settings(config), log)
    _keep_usable_extra(config.extra, settings.usable_extra)
    return settings


def _duplicate_settings(config) -> list[Finding]:
    """Settings written twice in this build's settings file (kapguide/settings_file.py)."""
    try:
        text = Path(config.config_file_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError, UnicodeDecodeError):
        return []
    return duplicate_settings(text, relative(config.config_file_path, Path(config.config_file_path).parent))


def _keep_usable_extra(extra: MutableMapping, usable: dict) -> None:
    """Take out of ``config.extra`` every value the settings model refused (reported above), so that neither the
    theme's templates (extra.social names a file the theme reads) nor another hook ever uses it."""
    for key in list(extra):
        if key not in usable:
            del extra[key]
        elif extra[key] != usable[key]:
            extra[key] = usable[key]


def report_folder(config, log: logging.Logger) -> Path:
    """Where this build writes its report: extra.checks.report_dir (or KAP_GUIDE_REPORT_DIR), and inside it a
    folder per other language (build-report/es/), so the builds of the two languages keep their own reports."""
    settings = settings_for(config, log)
    folder, _ = _report_setting(config, settings)  # a folder the setting may not name was reported by settings_for
    folder = report_dir(folder or Path(config.config_file_path).parent / DEFAULT_REPORT_DIR)
    return folder if settings.language.is_main else folder / settings.language.code


def _report_setting(config, settings: SiteSettings) -> tuple[Path | None, str]:
    """The folder extra.checks.report_dir names, or what is wrong with it: the build writes there, so it must be a
    folder of the project, apart from everything that is published (every language's pages, the built site and the
    theme's files, which MkDocs copies into the site)."""
    language, site = settings.language, Path(config.site_dir)
    apart = [(language.docs_for(code), "the pages") for code in language.languages or (language.code,)]
    apart += [(site, "the built site")] + ([(site.parent, "the built site")] if site.name == language.code else [])
    if config.theme.custom_dir:
        apart.append((Path(config.theme.custom_dir), "the theme's files"))
    return owned_folder(settings.checks.report_dir, Path(config.config_file_path).parent, apart, "the build report")


def setting_finding(config, setting: str, message: str, fix: str, rule: str = "settings") -> Finding:
    """A finding on the line of ``setting`` in the build's settings file (on the file itself when the setting is
    inherited from another one)."""
    path = config.config_file_path
    return Finding(rule, relative(path, Path(path).parent), f"{setting}: {message}", line=setting_lines(path).get(setting),
                   fix=fix)


def read_named_list(config, setting: str, value: str | None, default: str,
                    report_missing: bool = True) -> tuple[str | None, str, list[Finding]]:
    """The text of the list ``setting`` names (``default``, beside the settings file, when it names none), the file
    as staff see it, and what is wrong: a name outside the project, a file that is too large or not UTF-8
    (kapguide/project_files.py). No text and no finding: the setting names no file and the default one is not there
    (or, without ``report_missing``, the file it names is not there)."""
    folder = Path(config.config_file_path).parent
    path, problem = named_file(value, default, folder, project_root(config.config_file_path))
    if problem:
        fix = (f"Name a file inside the project, relative to {relative(config.config_file_path, folder)} (such as "
               f"{default}), or remove the setting to use {default}.")
        return None, value or default, [setting_finding(config, setting, problem, fix) if value else
                                        Finding("settings", default, problem, fix="Replace the link with the file itself.")]
    if path is None:
        return None, default, []
    shown = relative(path, folder)
    try:
        text, findings = read_list_file(path, shown)
    except OSError:
        missing = setting_finding(config, setting, f"the file {value} was not found.",
                                  f"Correct the file name, or remove the setting to use {default}.")
        return None, shown, [missing] if report_missing and value else []
    return text, shown, findings


def review_rules(config, log: logging.Logger) -> ReviewSettings:
    """``extra.review`` as the review rules for pages and worksheets, counted from today (``today()``)."""
    return review_settings(settings_for(config, log).review.model_dump(), today())


def hooks_enabled() -> bool:
    """KAP_GUIDE_HOOKS=off builds the site without the checks and worksheets (for benchmarks)."""
    return os.environ.get("KAP_GUIDE_HOOKS", "on").strip().lower() not in ("off", "0", "false", "no")


def switch_off_unless_enabled(namespace: dict) -> None:
    """Remove a hook file's event handlers when hooks are switched off, so MkDocs never calls them."""
    if hooks_enabled():
        return
    for name in [n for n in namespace if n.startswith("on_") and callable(namespace[n])]:
        del namespace[name]


def timed(label: str):
    """Add the time spent in a hook event to the build's timings under ``label`` (shown in the build report)."""

    def wrap(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings = _state.timings  # the state of the build the event belongs to, even one it started
                timings[label] = timings.get(label, 0.0) + time.perf_counter() - start
        return run

    return wrap


def today() -> dt.date:
    """Today's date, or KAP_GUIDE_TODAY (YYYY-MM-DD) so tests and reports can fix it."""
    fixed = os.environ.get("KAP_GUIDE_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC, the last time Python's dates can hold


def source_date_findings() -> list[Finding]:
    """SOURCE_DATE_EPOCH (set by the Makefile from the last commit) dates the built files; MkDocs stops
    with a traceback on a value that is not whole seconds since 1970, so such a value is reported and dropped."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return []
    try:
        if 0 <= int(value) <= LAST_SECOND:
            return []
    except ValueError:
        pass
    del os.environ["SOURCE_DATE_EPOCH"]
    return [Finding("settings", "SOURCE_DATE_EPOCH", f"The environment variable SOURCE_DATE_EPOCH is '{value}', "
                    "not a time in seconds since 1970; the build used today's date instead.",
                    fix="Unset it (the Makefile sets it from the last commit), or set it to the output of "
                        "git log -1 --format=%ct.")]


def relative(path: str | Path, root: str | Path) -> str:
    """A path relative to the repository root, as staff see it in GitHub."""
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def report(findings: list[Finding], log: logging.Logger) -> None:
    """Log each finding of a rule that is switched on (extra.checks.disable silences a rule; its protection
    stays); errors and warnings both fail `mkdocs build --strict`."""
    for finding in findings:
        if finding.rule in _state.disabled:
            continue
        _state.findings.append(finding)
        if finding.severity == "error":
            log.error(finding.text())
        else:
            log.warning(finding.text())
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(finding.github_annotation(), file=sys.stdout, flush=True)


def errors() -> list[Finding]:
    return [f for f in _state.findings if f.severity == "error"]


# ---------------------------------------------------------------- the preview (mkdocs serve)


class _PreviewProblems(logging.Handler):
    """Every warning and error of the current preview build: the checks' and MkDocs' own."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = _without_hook_name(record)
        if message not in self.messages:
            self.messages.append(message)


def _without_hook_name(record: logging.LogRecord) -> str:
    """A message without the "hooks/checks_hook: " that a hook's logger puts in front (get_plugin_logger)."""
    message = record.getMessage()
    _, plugins, name = record.name.partition(".plugins.")
    prefix = name.split(".", 1)[0] + ": "
    return message[len(prefix):] if plugins and message.startswith(prefix) else message


PREVIEW_PROBLEMS = _PreviewProblems()


def watch_preview_problems() -> None:
    """Under `mkdocs serve`, collect each build's warnings and errors to list them when it ends."""
    import mkdocs  # under ProperDocs this is ProperDocs, whose messages go to its own logger

    engine_log = logging.getLogger(mkdocs.__name__)
    if PREVIEW_PROBLEMS not in engine_log.handlers:
        engine_log.addHandler(PREVIEW_PROBLEMS)


def preview_problems() -> list[str]:
    """The warnings and errors of the preview build under way, so far."""
    return list(PREVIEW_PROBLEMS.messages)


def list_preview_problems(log: logging.Logger, report: str) -> None:
    """The problems of the build just made, in one block after its messages; then start a new list."""
    problems = PREVIEW_PROBLEMS.messages
    PREVIEW_PROBLEMS.messages = []
    if not problems:
        log.info("Preview: no problems.")
        return
    log.info(f"Preview: {len(problems)} problem(s). The preview keeps serving, but `make build` stops on "
             f"these (also listed in {report}):")
    for problem in problems:
        log.info(f"  - {problem}")


def keep_preview_serving(builder: Callable, log: logging.Logger, report: str) -> Callable:
    """The preview's rebuild: a mistake that stops a build (a settings file MkDocs cannot read) is
    reported in one message instead of a traceback, the last good build stays served, and each
    rebuild ends with the list of its problems."""
    from mkdocs.exceptions import MkDocsException

    def rebuild(*args, **kwargs):
        PREVIEW_PROBLEMS.messages = []
        try:
            return builder(*args, **kwargs)
        except MkDocsException as error:
            log.error(f"{error.format_message().strip()} The preview still shows the last build that worked: "
                      "fix the mistake and save again.")
            return None
        finally:
            list_preview_problems(log, report)

    return rebuild
