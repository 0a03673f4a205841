"""Site hook: clinic settings, colours and the review line, for every page.

- reads ``extra.clinic`` (hooks/kapguide/clinic.py) and reports mistakes in it;
- writes the clinic's colours as a stylesheet (hooks/kapguide/colours.py);
- puts the clinic's session-day rules (``extra.clinic.treatment``) where pages hold a token such as
  ``{{ treatment.driving }}`` (hooks/kapguide/treatment.py), and lists the unset ones in the build report;
- gives templates ``kap_clinic`` (overrides/partials/kap-help-card.html, footer), the words around the page in
  the build's language (``kap_text``, ``kap_script_text``: hooks/kapguide/ui_text.py) and, per page,
  ``kap_review`` (draft notice or "Page last reviewed" line) and ``kap_languages`` (the language switch);
- for a build in another of the guide's languages (mkdocs.es.yml: hooks/kapguide/site_language.py): takes the
  shared text from that language's _snippets/ folder and the pictures and styles from docs/assets/.
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
from kapguide.settings_lines import setting_lines
from kapguide.site_language import SHARED_FOLDER, SiteLanguage
from kapguide.treatment import expand_tokens, rules_on_no_page, tokens_in
from kapguide.ui_text import script_text, ui_text

log = get_plugin_logger(__name__)

COLOURS_CSS = "assets/stylesheets/clinic-colours.css"
_clinic: Clinic | None = None
_colours: dict[str, str] = {}
_date_format = "%d %B %Y"
_language: SiteLanguage | None = None


@event_priority(90)  # before the checks (hooks/checks_hook.py) read where the shared text (snippets) is
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _clinic, _colours, _date_format, _language
    settings = adapter.settings_for(config, log)  # mistakes in them are reported once, by the first hook
    _clinic, _colours, _date_format = settings.clinic, settings.colours, settings.review.date_format
    _language = settings.language
    adapter.state().unset_settings = _clinic.treatment.unset()
    adapter.state().untranslated_settings = list(settings.untranslated)
    if not _language.is_main:
        _use_language_snippets(config, _language)
        _name_palette_toggles(config, _language.code)
        # its sitemap, canonical links and 404 page give this language's addresses (site/es/), not the main one's
        config.site_url = _language.own_site_url(config.site_url or "") or config.site_url
    shared = None if _language.is_main else (_language.main_docs_dir, SHARED_FOLDER)  # docs/assets/, shared
    if _clinic.logo and logo_problem(_clinic.logo, Path(config.docs_dir), shared) is None:  # a wrong one: reported once
        config.theme["logo"] = _clinic.logo
    if COLOURS_CSS not in config.extra_css:
        config.extra_css.insert(0, COLOURS_CSS)
    return config


def _use_language_snippets(config: MkDocsConfig, language: SiteLanguage) -> None:
    """pymdownx.snippets' folders inside docs/ become the same folders inside this language's docs folder."""
    options = config.mdx_configs.get("pymdownx.snippets")
    if not isinstance(options, dict):
        return
    base = options.get("base_path", ["."])
    main, here = language.main_docs_dir.resolve(), Path(config.docs_dir).resolve()
    folders = []
    for folder in [base] if isinstance(base, str) else base:
        resolved = Path(folder).resolve()
        folders.append(str(here / resolved.relative_to(main)) if resolved.is_relative_to(main) else folder)
    options["base_path"] = folders


def _name_palette_toggles(config: MkDocsConfig, code: str) -> None:
    """The light and dark switch's names, and the heading links' title, in this build's language (ui_text.py:
    palette_default, palette_slate, permalink_title)."""
    words = ui_text(code)
    toc = config.mdx_configs.get("toc")
    if isinstance(toc, dict) and toc.get("permalink"):
        toc["permalink_title"] = words["permalink_title"]
    for option in config.theme.get("palette") or []:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        key = f"palette_{option.get('scheme', 'default')}" if isinstance(toggle, dict) else ""
        if key in words:
            toggle["name"] = words[key]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, COLOURS_CSS, content=stylesheet(_colours)))
    if _language and not _language.is_main:
        _add_shared_assets(files, config, _language)
    return files


def _add_shared_assets(files: Files, config: MkDocsConfig, language: SiteLanguage) -> None:
    """The main language's pictures and styles (docs/assets/), unless this language has its own copy."""
    main = language.main_docs_dir
    for path in sorted((main / SHARED_FOLDER).rglob("*")):
        relative = path.relative_to(main).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in path.parts) and files.get_file_from_path(relative) is None:
            files.append(File(relative, src_dir=str(main), dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls))


def on_env(env, config: MkDocsConfig, files: Files):
    # every page's Markdown has been read by now (MkDocs reads them all before it renders any)
    adapter.report(rules_on_no_page(_clinic.treatment, adapter.state().shown_rules,
                                    adapter.relative(config.config_file_path, Path(config.config_file_path).parent),
                                    setting_lines(config.config_file_path)), log)
    env.globals["kap_clinic"] = _clinic
    code = _language.code if _language else "en"
    env.globals["kap_text"] = ui_text(code)
    # where the main language's site starts ('' or '../'): the theme keeps its settings (light or dark) there, so
    # the guide's languages share them (overrides/partials/javascripts/base.html)
    env.globals["kap_main_site"] = _language.site_path(_language.main) if _language else ""
    # the guide's other languages, each named in its own words, for a search that found nothing and the 404 page
    env.globals["kap_other_guides"] = [{"code": other, "path": _language.site_path(other),
                                        "name": ui_text(other)["guide_in_language"]}
                                       for other in (_language.others if _language else ())]
    env.globals["kap_script_text"] = script_text(code)
    # "Edit this page" is for staff: shown in the preview (make serve), or to everyone when the clinic asks.
    env.globals["kap_edit_links"] = adapter.settings_for(config, log).review.edit_links or adapter.state().command == "serve"
    return env


@event_priority(-50)  # after the checks (hooks/checks_hook.py), which read the page's tokens as written
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Put the clinic's session-day rules in place of their tokens."""
    adapter.state().shown_rules |= tokens_in(markdown)
    return expand_tokens(markdown, _clinic.treatment, _clinic.name)


def on_page_context(context: dict, page, config: MkDocsConfig, nav) -> dict:
    code = _language.code if _language else "en"
    context["kap_review"] = review_summary(page.meta, _clinic.name, _date_format, today=adapter.today(), language=code)
    context["kap_languages"] = (_language.switch_links(page.file.src_uri, page.url, bool(page.file.generated_by))
                                if _language else [])
    return context



@event_priority(-100)  # last: the other hooks have read and checked the page as the theme wrote it
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    """The page without the theme's indentation (kapguide/asset_minify.py): smaller, same lines."""
    return html_without_indentation(output)


def on_post_build(config: MkDocsConfig) -> None:
    """The project's own stylesheets and scripts, published without their comments, and the theme's palette
    without the colours this site does not use (kapguide/asset_minify.py)."""
    custom_dir = config.theme.custom_dir
    shared = [_language.main_docs_dir / SHARED_FOLDER] if _language and not _language.is_main else []  # docs/assets/
    sources = [Path(config.docs_dir) / "assets", *shared] + ([Path(custom_dir) / "assets"] if custom_dir else [])
    minify_site_assets(Path(config.site_dir), sources)
    used = palette_colours(config.theme.get("palette"))
    for palette_css in (Path(config.site_dir) / "assets" / "stylesheets").glob("palette.*.min.css"):
        text = palette_css.read_text(encoding="utf-8")
        palette_css.write_text(palette_without_unused_colours(text, used), encoding="utf-8")
