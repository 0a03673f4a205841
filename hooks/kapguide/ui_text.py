"""The words the guide's own templates and scripts show around a page, in each of its languages.

The pages' text is written per language (docs/, docs-es/); these are the words of the help card, the
footer, the search messages, the review line, the language switch and the 404 page. Templates read
them as ``kap_text.<name>`` (hooks/site_hook.py puts them in), scripts as JSON from the page
(``kap_script_text``, printed by overrides/main.html). A word missing in a language is shown in English.

To add a language: add its words here under its code, its name to ``site_language.NAMES``, and the code
to ``settings_model.Language``.
"""

from __future__ import annotations

import datetime as dt

ENGLISH: dict[str, str] = {
    # Help card (overrides/partials/kap-help-card.html)
    "help_now": "Help now:",
    "clinic": "Clinic",
    "more_help": "More help",
    "less_help": "Less help",
    "need_help_title": "Need help now?",
    "now_full": "Now: you are in danger, or you have a sign from the first list below",
    "now_short": "Now, if you are in danger:",
    "today_full": "Today: you have a sign from the second list below",
    "today_short": "Today, for other warning signs:",
    "next_visit_full": "At your next visit: other worries, and the usual ups and downs",
    "when_to_get_help": "When to get help: now, today or at your next visit",
    "when_closed": "When the clinic is closed:",
    "closed_use_crisis": "call a crisis line above.",
    "call": "Call",
    "call_lower": "call",
    "text_lower": "text",
    "or": "or",
    # A phone line on a printed worksheet and in its footer (kapguide/clinic.py: Line.ways_in)
    "line_call": "Call {number}",
    "line_text": "Text {number}",
    "line_call_or_text": "Call or text {number}",
    # Footer (overrides/partials/copyright.html)
    "phone": "Phone",
    "email": "Email",
    "open": "Open",
    "disclaimer": "This guide is for education. It does not replace advice from your treatment team.",
    # Home page cards (overrides/partials/kap-section-cards.html)
    "sections_label": "Sections of this guide",
    "step": "Step",
    # Search (overrides/partials/kap-search-empty.html, assets/javascripts/kap-page.js)
    "search_none_title": "No page matched those words.",
    "search_none_text": 'Try one or two words, such as "sick", "scared" or "sleep". Or start from one of these parts '
                        "of the guide:",
    "search_help_now": "If you need help now:",
    "get_help_now": "Get help now",
    "search_none": "No page matched those words",
    "search_placeholder": "Type a word or a question, in your own words",
    "search_one": "1 page found",
    "search_other": "# pages found",
    "permalink_title": "Link to this section",  # the ¶ beside each heading (Python-Markdown's toc)
    # 404 page (overrides/404.html)
    "not_found_title": "Page not found",
    "not_found_text": "This page does not exist. It may have moved.",
    "not_found_home": "Go to the start of the guide",
    "not_found_search": ", or use the search at the top of the page.",
    "guide_in_language": "The guide in English",  # a link to this language's guide, from another language's site
    # Language switch (overrides/partials/content.html)
    "language_switch": "This page in another language",
    # Light and dark (theme.palette toggles, rewritten for other languages by hooks/site_hook.py)
    "palette_default": "Switch to dark mode",
    "palette_slate": "Switch to light mode",
    # Review line and draft notice (hooks/kapguide/pagemeta.py)
    "reviewed_line": "Page last reviewed: {reviewed} by {reviewer} · Next review due: {due}",
    "draft_notice": "Draft: not yet reviewed by the clinical team at {clinic}. Check anything important with your "
                    "treatment team.",
    "worksheet_reviewed": "Reviewed {reviewed} by {reviewer}",
    "worksheet_draft": "Draft: not yet reviewed by {clinic}",
}

SPANISH: dict[str, str] = {
    "help_now": "Ayuda ya:",
    "clinic": "Clínica",
    "more_help": "Más ayuda",
    "less_help": "Menos ayuda",
    "need_help_title": "¿Necesita ayuda ahora?",
    "now_full": "Ahora: está en peligro, o tiene una señal de la primera lista de abajo",
    "now_short": "Ahora, si está en peligro:",
    "today_full": "Hoy: tiene una señal de la segunda lista de abajo",
    "today_short": "Hoy, por otras señales de alarma:",
    "next_visit_full": "En su próxima visita: otras preocupaciones, y los altibajos de siempre",
    "when_to_get_help": "Cuándo pedir ayuda: ahora, hoy o en su próxima visita",
    "when_closed": "Cuando la clínica está cerrada:",
    "closed_use_crisis": "llame a una línea de crisis de arriba.",
    "call": "Llame al",
    "call_lower": "llame al",
    "text_lower": "envíe un mensaje de texto al",
    "or": "o",
    "line_call": "Llame al {number}",
    "line_text": "Envíe un mensaje de texto al {number}",
    "line_call_or_text": "Llame o envíe un mensaje de texto al {number}",
    "phone": "Teléfono",
    "email": "Correo",
    "open": "Horario:",
    "disclaimer": "Esta guía es para aprender. No reemplaza los consejos de su equipo de tratamiento.",
    "sections_label": "Partes de esta guía",
    "step": "Paso",
    "search_none_title": "Ninguna página tiene esas palabras.",
    "search_none_text": "Pruebe con una o dos palabras, como «náuseas», «miedo» o «dormir». O empiece por una de "
                        "estas partes de la guía:",
    "search_help_now": "Si necesita ayuda ahora:",
    "get_help_now": "Pida ayuda ahora",
    "search_none": "Ninguna página tiene esas palabras",
    "search_placeholder": "Escriba una palabra o una pregunta, con sus propias palabras",
    "search_one": "1 página encontrada",
    "search_other": "# páginas encontradas",
    "permalink_title": "Enlace a esta sección",
    "not_found_title": "No encontramos esta página",
    "not_found_text": "Esta página no existe. Puede que se haya movido.",
    "not_found_home": "Vaya al inicio de la guía",
    "not_found_search": ", o use la búsqueda en la parte de arriba de la página.",
    "guide_in_language": "La guía en español",
    "language_switch": "Esta página en otro idioma",
    "palette_default": "Cambiar a modo oscuro",
    "palette_slate": "Cambiar a modo claro",
    "reviewed_line": "Última revisión de esta página: {reviewed}, por {reviewer} · Próxima revisión: {due}",
    "draft_notice": "Borrador: el equipo clínico de {clinic} todavía no lo ha revisado. Consulte con su equipo de "
                    "tratamiento todo lo que sea importante.",
    "worksheet_reviewed": "Revisado el {reviewed} por {reviewer}",
    "worksheet_draft": "Borrador: {clinic} todavía no lo ha revisado",
}

TEXT: dict[str, dict[str, str]] = {"en": ENGLISH, "es": SPANISH}

# The words the page's scripts need (assets/javascripts/kap-page.js reads them from the page).
SCRIPT_KEYS = ("more_help", "less_help", "search_none", "search_placeholder", "search_one", "search_other")

MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre")


def ui_text(language: str) -> dict[str, str]:
    """Every word for ``language``, with English where that language has none."""
    return {**ENGLISH, **TEXT.get(language, {})}


def script_text(language: str) -> dict[str, str]:
    words = ui_text(language)
    return {key: words[key] for key in SCRIPT_KEYS}


def missing_words(language: str) -> list[str]:
    """The words ``language`` still shows in English (a test keeps this empty for the shipped languages)."""
    return sorted(set(ENGLISH) - set(TEXT.get(language, {})))


def date_in(value: dt.date, date_format: str, language: str) -> str:
    """A date as the pages in ``language`` write it: ``date_format`` in English; "31 de marzo de 2026" in Spanish
    (strftime's month names follow the machine's locale, which a build cannot rely on)."""
    if language == "es":
        return f"{value.day} de {MONTHS_ES[value.month - 1]} de {value.year}"
    try:
        return value.strftime(date_format)
    except ValueError:
        return value.isoformat()
