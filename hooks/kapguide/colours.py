"""Clinic colours: checked for readable contrast, written out as a small stylesheet.

``extra.clinic.colours`` sets ``primary`` (the header bar; white text sits on it)
and ``link`` (links and buttons on the white page). The site uses Material's
``custom`` palette, and this module turns the two colours into CSS variables.
Both must reach the WCAG AA contrast of 4.5:1 with white, or the build says so.
"""

from __future__ import annotations

import re

from kapguide.findings import Finding

HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
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


def load_colours(raw: object) -> tuple[dict[str, str], list[Finding]]:
    colours = dict(DEFAULTS)
    findings: list[Finding] = []
    if raw in (None, ""):
        return colours, findings
    if not isinstance(raw, dict):
        return colours, [Finding("clinic-settings", "mkdocs.yml", "extra.clinic.colours must list primary and link.",
                                 fix='Write colours: then primary: "#00695c" and link: "#00695c" on the lines below.')]
    for key, value in raw.items():
        if key not in DEFAULTS:
            findings.append(Finding("clinic-settings", "mkdocs.yml", f"extra.clinic.colours.{key} is not a known colour.",
                                    fix="Use primary (header) and link (links and buttons)."))
            continue
        text = str(value).strip()
        if not HEX.match(text):
            findings.append(Finding("clinic-settings", "mkdocs.yml",
                                    f"extra.clinic.colours.{key} is '{text}', not a colour code like \"#00695c\".",
                                    fix="Use a 6-digit hex code in quotes."))
            continue
        ratio = contrast(text, "#ffffff")
        if ratio < MIN_CONTRAST:
            findings.append(Finding("clinic-settings", "mkdocs.yml",
                                    f"extra.clinic.colours.{key} {text} has contrast {ratio:.1f}:1 with white; "
                                    f"text would be hard to read (needs {MIN_CONTRAST}:1).",
                                    fix="Choose a darker shade of the colour."))
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
