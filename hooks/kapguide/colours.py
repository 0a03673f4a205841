"""Clinic colours: checked for readable contrast, written out as a small stylesheet.

``extra.clinic.colours`` sets ``primary`` (the header bar; white text sits on it)
and ``link`` (links and buttons on the white page). The site uses Material's
``custom`` palette, and this module turns the two colours into CSS variables.
Both must reach the WCAG AA contrast of 4.5:1 with white, or the build says so.
"""

from __future__ import annotations

import re

from kapguide.findings import Finding

HEX = re.compile(r"#[0-9a-fA-F]{6}")  # whole value (fullmatch): "#00695c\n}..." is refused
MIN_CONTRAST = 4.5
DEFAULTS = {"primary": "#00695c", "link": "#00695c"}
DARK_LINK = "#5fd3c4"  # links on the dark palette's near-black background


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _problem(setting: str, message: str, fix: str, lines: dict[str, int]) -> Finding:
    return Finding("clinic-settings", "mkdocs.yml", f"{setting} {message}", line=lines.get(setting), fix=fix)


def load_colours(raw: object, lines: dict[str, int] | None = None) -> tuple[dict[str, str], list[Finding]]:
    """``extra.clinic.colours`` as the two colours to use, and a finding (at its line in mkdocs.yml, from ``lines``)
    for each one that is not a colour code or is too light; that one keeps its default."""
    lines = lines or {}
    colours = dict(DEFAULTS)
    findings: list[Finding] = []
    if raw in (None, ""):
        return colours, findings
    if not isinstance(raw, dict):
        return colours, [_problem("extra.clinic.colours", "must list primary and link.",
                                  'Write colours: then primary: "#00695c" and link: "#00695c" on the lines below.', lines)]
    for key, value in raw.items():
        setting = f"extra.clinic.colours.{key}"
        if key not in DEFAULTS:
            findings.append(_problem(setting, "is not a known colour.", "Use primary (header) and link (links and buttons).",
                                     lines))
            continue
        text = str(value).strip()
        if not HEX.fullmatch(text):
            shown = repr(text[:40])  # on one line: a line break in the value shows as \n
            findings.append(_problem(setting, f"is {shown}, not a colour code like \"#00695c\".",
                                     "Use a 6-digit hex code in quotes.", lines))
            continue
        ratio = contrast(text, "#ffffff")
        if ratio < MIN_CONTRAST:
            findings.append(_problem(setting, f"{text} has contrast {ratio:.1f}:1 with white; text would be hard to read "
                                     f"(needs {MIN_CONTRAST}:1).", "Choose a darker shade of the colour.", lines))
            continue
        colours[key] = text.lower()
    return colours, findings


def stylesheet(colours: dict[str, str]) -> str:
    """CSS for Material's custom palette, light and dark."""
    primary, link = colours["primary"], colours["link"]
    return (
        "/* Generated from extra.clinic.colours in mkdocs.yml by hooks/site_hook.py. Do not edit. */\n"
        ":root, [data-md-color-scheme=default] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {primary};\n"
        f"  --md-primary-fg-color--dark: {primary};\n"
        "  --md-primary-bg-color: #ffffff;\n"
        "  --md-primary-bg-color--light: #ffffffd9;\n"
        f"  --md-accent-fg-color: {link};\n"
        f"  --md-typeset-a-color: {link};\n"
        f"  --kap-link-color: {link};\n"
        "}\n"
        "[data-md-color-scheme=slate] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {primary};\n"
        f"  --md-primary-fg-color--dark: {primary};\n"
        f"  --md-accent-fg-color: {DARK_LINK};\n"
        f"  --md-typeset-a-color: {DARK_LINK};\n"
        f"  --kap-link-color: {DARK_LINK};\n"
        "}\n"
    )
