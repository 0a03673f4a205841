"""Where each setting is written in mkdocs.yml, so a message can name its line.

``setting_lines`` reads the settings file's YAML structure (without building values, so
MkDocs' own tags such as ``!ENV`` need no special handling) and maps each setting's path,
written as staff see it (``extra.clinic.crisis_lines[0].number``), to its line.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from kapguide.frontmatter import SAFE_LOADER


def _walk(node: yaml.Node, path: str, out: dict[str, int], depth: int = 0) -> None:
    if depth > 50:
        return
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            out.setdefault(child, key.start_mark.line + 1)
            _walk(value, child, out, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _walk(value, f"{path}[{index}]", out, depth + 1)


@functools.lru_cache(maxsize=8)
def _cached_lines(text: str) -> dict[str, int]:
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return {}
    out: dict[str, int] = {}
    if node is not None:
        _walk(node, "", out)
    return out


def lines_in(text: str) -> dict[str, int]:
    """Setting path -> line in the text of a settings file (empty when it cannot be read)."""
    return dict(_cached_lines(text))


def setting_lines(config_file: str | Path | None) -> dict[str, int]:
    """Setting path -> line in ``config_file`` (empty when it cannot be read)."""
    if not config_file:
        return {}
    try:
        text = Path(config_file).read_text(encoding="utf-8-sig")
    except OSError:
        return {}
    return lines_in(text)
