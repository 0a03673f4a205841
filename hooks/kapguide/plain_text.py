"""Fields that hold plain text: titles, descriptions, names, labels, notes.

Front matter, settings and worksheet fields are printed by templates, which escape them:
HTML typed into a field is shown as typed and never runs. It is still a mistake (a patient
would see the tags), so ``markup_in`` finds it and the build names the field.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A tag (<b>, </p>, <!--, <?xml), a character reference (&amp; &#60; &#x3c;), or a control character.
_TAG = re.compile(r"<[A-Za-z/!?]")
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def markup_in(value: str) -> str | None:
    """What makes ``value`` more than plain text (for the message), or None when it is plain text."""
    tag = _TAG.search(value)
    if tag:
        end = value.find(">", tag.start())
        shown = value[tag.start(): end + 1 if 0 <= end - tag.start() < 40 else tag.start() + 20]
        return f"HTML ({shown})"
    reference = _REFERENCE.search(value)
    if reference and reference.group(0).endswith(";"):
        return f"an HTML code ({reference.group(0)})"
    if _CONTROL.search(value):
        return "an invisible control character"
    return None


PLAIN_TEXT_FIX = "Write the words only: HTML and codes such as &amp; are shown to patients as typed. Type & or © directly."


def escaped(value: object) -> object:
    """``value`` made safe to print in any template: text is HTML-escaped once (as Markup, so it is never
    escaped twice), lists and mappings are escaped item by item, anything else is left as it is."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    return value


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")  # the characters Python-Markdown lets a backslash escape


def markdown_text(text: str) -> str:
    """Plain text made safe to place in generated Markdown: shown as typed, never read as Markdown or HTML."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
