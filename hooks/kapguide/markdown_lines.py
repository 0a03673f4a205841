"""Walk the lines of a Markdown body outside fenced code blocks (shared by the page checks)."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Parts of a Markdown line that are not prose: link targets, inline code, HTML tags, {{ tokens }}, {: attributes }, addresses.
NOT_PROSE = re.compile(r"\]\([^)\s]*\)|`[^`]*`|<[^>\n]{0,300}>|\{\{[^}\n]{0,80}\}\}|\{:?[^}\n]{0,200}\}|https?://\S+")
FENCE = re.compile(r"^\s*+(```|~~~)")  # possessive: one pass over the indentation, whatever follows


def lines_outside_code(body: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(file line number, line) for each line; lines of fenced code come back empty, so they still end a paragraph."""
    fence: str | None = None
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        if fence:
            if line.strip().startswith(fence):
                fence = None
            yield number, ""
            continue
        opened = FENCE.match(line)
        if opened:
            fence = opened.group(1)
            yield number, ""
            continue
        yield number, line
