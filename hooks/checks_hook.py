"""Checks hook: catches content mistakes before patients see them.

Each rule is a plain function in hooks/kapguide/ (front matter: pagemeta.py).
This file only feeds MkDocs' pages to them and logs what they find, so
`mkdocs build --strict` fails and every message names the file and line.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

import kap_mkdocs_adapter as adapter
from kapguide.frontmatter import split
from kapguide.pagemeta import check_meta

log = get_plugin_logger(__name__)

_root = Path(".")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _root
    _root = Path(config.config_file_path).parent
    return config


def source_path(page: Page, config: MkDocsConfig) -> str:
    return adapter.relative(Path(config.docs_dir) / page.file.src_path, _root)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    if page.file.generated_by:
        return markdown
    path = source_path(page, config)
    parsed = split(page.file.content_string, path)
    review = config.extra.get("review") or {}
    findings = parsed.findings + check_meta(
        parsed.meta, path, parsed.meta_lines,
        require_approved=bool(review.get("require_approved")),
        today=adapter.today(),
        overdue_severity="error" if review.get("overdue") == "error" else "warning",
    )
    adapter.report(findings, log)
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    problems = adapter.errors()
    if problems and adapter.STATE["command"] != "serve":
        raise Abort(f"The guide has {len(problems)} error(s); see the messages above for the file, line and fix.")
