"""Smaller copies of the project's own stylesheets and scripts in the built site.

The sources keep their comments for the people who maintain them; a patient's phone does not need
them. rcssmin and rjsmin (well-kept minifiers that leave strings and regular expressions alone)
drop comments and spaces; ``/*! ... */`` notices, such as a licence, stay. Only the project's files
are changed (``overrides/assets`` and ``docs/assets``); the theme's are already minified.
``html_without_indentation`` takes the theme's indentation (and trailing spaces) off each line of a page (a tenth of a
page's compressed size), keeping every line break, so line numbers in messages stay right, and
leaving ``<pre>`` and ``<textarea>`` as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
import rjsmin


def minify_css(text: str) -> str:
    return str(rcssmin.cssmin(text, keep_bang_comments=True)) + "\n"


def minify_js(text: str) -> str:
    return str(rjsmin.jsmin(text, keep_bang_comments=True)) + "\n"


def minify_site_assets(site_dir: Path, source_dirs: list[Path]) -> None:
    """Replace, in the built site, each project stylesheet and script (found under ``source_dirs``, each the
    folder that becomes ``site_dir/assets``) with its smaller copy."""
    for source_dir in source_dirs:
        for source in sorted(source_dir.rglob("*")):
            if source.suffix not in (".css", ".js"):
                continue
            built = site_dir / "assets" / source.relative_to(source_dir)
            if not built.is_file():
                continue
            text = built.read_text(encoding="utf-8")
            built.write_text(minify_css(text) if source.suffix == ".css" else minify_js(text), encoding="utf-8")


KEEP_AS_WRITTEN = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
INDENTATION = re.compile(r"[ \t]*\n[ \t]*")


def html_without_indentation(html: str) -> str:
    parts = KEEP_AS_WRITTEN.split(html)
    return "".join(part if index % 2 else INDENTATION.sub("\n", part) for index, part in enumerate(parts))


NAMED_COLOUR = re.compile(r"\[data-md-color-(?:primary|accent)=([a-z-]+)\]")
CSS_RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")


def palette_without_unused_colours(css: str, used: set[str]) -> str:
    """The theme's palette stylesheet without the rules for its named colours this site does not use
    (``used``: the primary and accent colours in the theme's palette settings). A rule stays when any of
    its selectors is not for an unused colour."""
    def keep(rule: re.Match) -> str:
        selectors = [s for s in rule.group(1).split(",") if s.strip()]
        unused = [bool(NAMED_COLOUR.search(s)) and not set(NAMED_COLOUR.findall(s)) & used for s in selectors]
        return "" if selectors and all(unused) else rule.group(0)
    return CSS_RULE.sub(keep, css)


def palette_colours(palette: object) -> set[str]:
    """The named colours the theme's palette settings use (one block or a list of blocks)."""
    blocks = palette if isinstance(palette, list) else [palette]
    return {str(block[key]).lower().replace(" ", "-") for block in blocks if isinstance(block, dict)
            for key in ("primary", "accent") if block.get(key)}
