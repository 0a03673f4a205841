"""Site hook: clinic settings, colours and the review line, for every page.

- reads ``extra.clinic`` (hooks/kapguide/clinic.py) and reports mistakes in it;
- writes the clinic's colours as a stylesheet (hooks/kapguide/colours.py);
- puts the clinic's session-day rules (``extra.clinic.treatment``) where pages hold a token such as
  ``{{ treatment.driving }}`` (hooks/kapguide/treatment.py), and lists the unset ones in the build report;
- gives templates ``kap_clinic`` (overrides/partials/kap-help-card.html, footer)
  and, per page, ``kap_review`` (draft notice or "Page last reviewed" line).
"""

from __future__ import annotations


from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

import kap_mkdocs_adapter as adapter
from kapguide.clinic import Clinic, load_clinic
from kapguide.settings_lines import setting_lines
from kapguide.colours import load_colours, stylesheet
from kapguide.pagemeta import review_settings, review_summary, string_list
from kapguide.search import search_words
from kapguide.treatment import expand_tokens

log = get_plugin_logger(__name__)

COLOURS_CSS = "assets/stylesheets/clinic-colours.css"
_clinic: Clinic | None = None
_colours: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    adapter.start_build(command)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _clinic, _colours
    adapter.start_build_once(config)
    clinic_raw = config.extra.get("clinic") or {}
    _clinic, findings = load_clinic(config.extra)
    if findings:  # read where each setting is written only when a message needs its line
        _clinic, findings = load_clinic(config.extra, setting_lines(config.config_file_path))
    _colours, colour_findings = load_colours(clinic_raw.get("colours") if isinstance(clinic_raw, dict) else None)
    adapter.report(findings + colour_findings, log)
    adapter.STATE["unset_settings"] = _clinic.treatment.unset()
    if _clinic.logo:
        config.theme["logo"] = _clinic.logo
    if COLOURS_CSS not in config.extra_css:
        config.extra_css.insert(0, COLOURS_CSS)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, COLOURS_CSS, content=stylesheet(_colours)))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    env.globals["kap_clinic"] = _clinic
    return env


@event_priority(-50)  # after the checks (hooks/checks_hook.py), which read the page's tokens as written
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Make a page's `keywords` searchable (Material's search indexes and strongly boosts `tags`),
    and put the clinic's session-day rules in place of their tokens."""
    keywords = string_list(page.meta.get("keywords"))
    if keywords and "tags" not in page.meta:
        page.meta["tags"] = search_words(keywords)
    return expand_tokens(markdown, _clinic.treatment, _clinic.name)


def on_page_context(context: dict, page, config: MkDocsConfig, nav) -> dict:
    review = review_settings(config.extra.get("review"), adapter.today())
    context["kap_review"] = review_summary(page.meta, _clinic.name, review.date_format, today=review.today)
    return context

