"""Site hook: clinic settings, colours and the review line, for every page.

- reads ``extra.clinic`` (hooks/kapguide/clinic.py) and reports mistakes in it;
- writes the clinic's colours as a stylesheet (hooks/kapguide/colours.py);
- puts the clinic's session-day rules (``extra.clinic.treatment``) where pages hold a token such as
  ``{{ treatment.driving }}`` (hooks/kapguide/treatment.py), and lists the unset ones in the build report;
- gives templates ``kap_clinic`` (overrides/partials/kap-help-card.html, footer)
  and, per page, ``kap_review`` (draft notice or "Page last reviewed" line).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

import kap_mkdocs_adapter as adapter
from kapguide.asset_minify import (
    html_without_indentation,
    minify_site_assets,
    palette_colours,
    palette_without_unused_colours,
)
from kapguide.clinic import Clinic
from kapguide.colours import stylesheet
from kapguide.pagemeta import review_summary
from kapguide.published_files import logo_problem
from kapguide.treatment import expand_tokens

log = get_plugin_logger(__name__)

COLOURS_CSS = "assets/stylesheets/clinic-colours.css"
_clinic: Clinic | None = None
_colours: dict[str, str] = {}
_date_format = "%d %B %Y"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _clinic, _colours, _date_format
    settings = adapter.settings_for(config, log)  # mistakes in them are reported once, by the first hook
    _clinic, _colours, _date_format = settings.clinic, settings.colours, settings.review.date_format
    adapter.state().unset_settings = _clinic.treatment.unset()
    if _clinic.logo and logo_problem(_clinic.logo, Path(config.docs_dir)) is None:  # a wrong one is reported once
        config.theme["logo"] = _clinic.logo
    if COLOURS_CSS not in config.extra_css:
        config.extra_css.insert(0, COLOURS_CSS)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, COLOURS_CSS, content=stylesheet(_colours)))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    env.globals["kap_clinic"] = _clinic
    # "Edit this page" is for staff: shown in the preview (make serve), or to everyone when the clinic asks.
    env.globals["kap_edit_links"] = adapter.settings_for(config, log).review.edit_links or adapter.state().command == "serve"
    return env


@event_priority(-50)  # after the checks (hooks/checks_hook.py), which read the page's tokens as written
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Put the clinic's session-day rules in place of their tokens."""
    return expand_tokens(markdown, _clinic.treatment, _clinic.name)


def on_page_context(context: dict, page, config: MkDocsConfig, nav) -> dict:
    context["kap_review"] = review_summary(page.meta, _clinic.name, _date_format,
                                           today=adapter.today())
    return context



@event_priority(-100)  # last: the other hooks have read and checked the page as the theme wrote it
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    """The page without the theme's indentation (kapguide/asset_minify.py): smaller, same lines."""
    return html_without_indentation(output)


def on_post_build(config: MkDocsConfig) -> None:
    """The project's own stylesheets and scripts, published without their comments, and the theme's palette
    without the colours this site does not use (kapguide/asset_minify.py)."""
    custom_dir = config.theme.custom_dir
    sources = [Path(config.docs_dir) / "assets"] + ([Path(custom_dir) / "assets"] if custom_dir else [])
    minify_site_assets(Path(config.site_dir), sources)
    used = palette_colours(config.theme.get("palette"))
    for palette_css in (Path(config.site_dir) / "assets" / "stylesheets").glob("palette.*.min.css"):
        text = palette_css.read_text(encoding="utf-8")
        palette_css.write_text(palette_without_unused_colours(text, used), encoding="utf-8")
