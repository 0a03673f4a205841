"""The preview (`mkdocs serve`): its problems as a notice at the top of every page.

The preview is not strict, so it keeps serving a site that `make build` would refuse; the notice
says so where staff look. Only the preview's pages get it: published builds are strict.
"""

from __future__ import annotations

import html
from pathlib import Path

ARTICLE = '<article class="md-content__inner md-typeset">'
MOST_SHOWN = 10


def notice(problems: list[str], report: str) -> str:
    """A warning box (the theme's admonition style) listing the problems."""
    items = "".join(f"<li>{html.escape(p)}</li>" for p in problems[:MOST_SHOWN])
    more = f"<p>And {len(problems) - MOST_SHOWN} more.</p>" if len(problems) > MOST_SHOWN else ""
    return (f'<div class="admonition warning kap-preview-problems" role="alert">'
            f'<p class="admonition-title">Preview only: {len(problems)} problem(s) would stop the real build</p>'
            f"<ul>{items}</ul>{more}<p>Fix them and save. The terminal and {html.escape(report)} list them too.</p></div>")


def with_notice(page: str, box: str) -> str:
    """The page with the box first in its article; pages without the theme's article stay as they are."""
    start = page.find(ARTICLE)
    if start < 0:
        return page
    end = start + len(ARTICLE)
    return page[:end] + box + page[end:]


def add_notice(site: Path, problems: list[str], report: str) -> int:
    """Put the notice on every built page; return how many pages got it."""
    if not problems:
        return 0
    box = notice(problems, report)
    changed = 0
    for path in site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        marked = with_notice(page, box)
        if marked != page:
            path.write_text(marked, encoding="utf-8")
            changed += 1
    return changed
