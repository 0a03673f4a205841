"""MkDocs hook: search in patients' own words (logic in hooks/kapguide/patient_search.py).

- on_config: reads the search words (search-words.yml, or extra.search.words) and reports mistakes;
- on_page_markdown: keeps each page's description, keywords and words;
- on_env: notes search words that point to words no page uses;
- on_post_build: adds what the browser's search needs to search/search_index.json (config.kap).
The search itself runs in the browser: overrides/assets/javascripts/kap-search-worker.js, which the
page template (overrides/main.html) gives the theme in place of its own search worker.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import kap_mkdocs_adapter as adapter
from kapguide.pagecheck import HELP_PAGE
from kapguide.pagemeta import string_list
from kapguide.patient_search import (
    DEFAULT_FILE,
    PageWords,
    SearchWords,
    help_line,
    read_search_words,
    search_config,
    unknown_guide_words,
    words_of,
)

log = get_plugin_logger(__name__)


class _SearchBuild:
    """What this build has learnt for the search (mkdocs serve rebuilds in one process: made anew each build)."""

    def __init__(self, words: SearchWords, shown_as: str, language: str = "en") -> None:
        self.words = words
        self.shown_as = shown_as
        self.language = language  # the pages' language (theme.language)
        self.pages: dict[str, PageWords] = {}
        self.site_words: set[str] = set()
        self.help_location = ""


_build = _SearchBuild(SearchWords(), DEFAULT_FILE)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    settings = adapter.settings_for(config, log)
    language = settings.language.code  # the pages' language: the search's stemmer, small words and messages
    named = settings.extra.search.words if settings.extra.search and settings.extra.search.words else None
    # the same guarded reader as the plain-words list (inside the project, small, UTF-8); security_hook has already
    # stopped a build whose list is not such a file, so what is left to name here is a file that is not there
    text, shown_as, findings = adapter.read_named_list(config, "extra.search.words", named, DEFAULT_FILE)
    words = SearchWords()
    if text is not None:
        words, word_findings = read_search_words(text, shown_as)
        findings += word_findings
    _build = _SearchBuild(words, shown_as, language)
    adapter.report(findings, log)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # checks_hook has taken out the fields it refused (pagemeta.usable_meta); a title from the nav can still be a number
    keywords = string_list(page.meta.get("keywords")) or []
    description = page.meta.get("description")
    _build.pages[page.url] = PageWords(description if isinstance(description, str) else "", keywords)
    _build.site_words |= words_of(" ".join([markdown, str(page.title or ""), *keywords]))  # front matter already off
    if page.file.src_uri == HELP_PAGE:
        _build.help_location = page.url
    return markdown


def on_env(env, config: MkDocsConfig, files: Files):
    for note in unknown_guide_words(_build.words, _build.site_words, _build.shown_as, _build.language):
        log.info(f"Search words: {note}")
    return env


@event_priority(-100)  # after the search plugin has written search/search_index.json
def on_post_build(config: MkDocsConfig) -> None:
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.is_file():
        return  # the search plugin is switched off
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        doc.pop("tags", None)  # the result shows the description or a passage, not a row of single words
    clinic = adapter.settings_for(config, log).clinic
    index.setdefault("config", {})["kap"] = search_config(_build.pages, _build.words, _build.help_location,
                                                          help_line(clinic, _build.language), _build.language)
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
