"""The clinic's own session-day rules (``extra.clinic.treatment`` in mkdocs.yml) and the page tokens that show them.

Rules such as when a patient may drive again differ from clinic to clinic, so pages never state
them. A page holds a token on a line of its own, for example ``{{ treatment.driving }}``, and the
build replaces it with the clinic's own words from the settings. Where the clinic has not written
a rule, the token becomes plain "ask your team" wording (``ITEMS`` below) and the build report lists
the setting, so the clinic sees what is left to fill in.

``load_treatment`` reads the settings and reports mistakes; ``expand_tokens`` turns a page's tokens
into Markdown; ``token_findings`` reports tokens it does not know, with the page's file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kapguide.findings import Finding, did_you_mean
from kapguide.plain_text import PLAIN_TEXT_FIX, markdown_text, markup_in

SETTINGS_FILE = "mkdocs.yml"
WHERE = "extra.clinic.treatment"
RULE = "clinic-settings"
TOKEN_RULE = "treatment-token"


@dataclass(frozen=True)
class Item:
    """One session-day rule: what a patient calls it, and what a page says when the clinic has not set it."""
    label: str
    ask_team: str
    example: str


ITEMS: dict[str, Item] = {
    "routes": Item(
        "How ketamine is given",
        "Ask your team which way your clinic gives ketamine, and what to expect from it.",
        "routes: [lozenge, nasal spray]"),
    "visit_length": Item(
        "How long a visit lasts",
        "Ask your team how long a session visit usually lasts, so you can plan your day and your ride home.",
        'visit_length: "Plan for about 3 hours at the clinic."'),
    "food_and_drink": Item(
        "Food and drink before a session",
        "Ask your team what you may eat and drink before a session, and when to stop. Follow what they tell you.",
        'food_and_drink: "Have a light meal at least 4 hours before. Sips of water are fine until 1 hour before."'),
    "going_home": Item(
        "Getting home",
        "Ask your team how you should get home after a session. Many clinics ask that a trusted adult takes you "
        "home, so plan for this until your team tells you otherwise.",
        'going_home: "An adult you trust must collect you from the clinic and stay with you that evening."'),
    "driving": Item(
        "Driving",
        "Ask your team when it is safe to drive again. Until they tell you, do not drive, cycle or use machines "
        "after a session.",
        'driving: "Do not drive until the next day, after a full night of sleep."'),
    "alcohol_and_drugs": Item(
        "Alcohol and other drugs",
        "Ask your team about alcohol, cannabis and other drugs before and after a session. Tell them about every "
        "medicine you take, including ones from a shop and herbal products.",
        'alcohol_and_drugs: "No alcohol or cannabis for 24 hours before and after a session."'),
    "home_doses": Item(
        "Doses at home",
        "Ask your team whether any doses are ever taken at home. Only take ketamine as your team prescribes it.",
        'home_doses: "We do not prescribe ketamine to take at home."'),
    "monitoring": Item(
        "What the team checks",
        "Ask your team what they will check during a session, such as your blood pressure and heart rate.",
        'monitoring: "We check your blood pressure and heart rate before, during and after each session."'),
}

ROUTES: dict[str, str] = {  # setting value -> how a page names it
    "lozenge": "a lozenge that dissolves in your mouth",
    "nasal spray": "a nasal spray",
    "injection": "a shot into a muscle (injection)",
    "iv": "a drip into a vein (IV)",
}


# The same in Spanish, for the Spanish pages (the guide's own words; a clinic's words come from
# extra.clinic.translations.es.treatment in mkdocs.yml).
ASK_TEAM_ES: dict[str, str] = {
    "routes": "Pregunte a su equipo de qué forma le darán la ketamina en su clínica y qué puede esperar.",
    "visit_length": "Pregunte a su equipo cuánto suele durar una visita de sesión. Así puede planear su día y "
                    "su regreso a casa.",
    "food_and_drink": "Pregunte a su equipo qué puede comer y beber antes de una sesión, y hasta qué hora. "
                      "Siga lo que le indiquen.",
    "going_home": "Pregunte a su equipo cómo debe volver a casa después de una sesión. Muchas clínicas piden "
                  "que un adulto de confianza le lleve. Planee eso hasta que su equipo le diga otra cosa.",
    "driving": "Pregunte a su equipo cuándo puede volver a manejar sin peligro. Hasta que se lo digan, no maneje, "
               "no ande en bicicleta y no use máquinas después de una sesión.",
    "alcohol_and_drugs": "Pregunte a su equipo sobre el alcohol, el cannabis y otras drogas antes y después de una "
                         "sesión. Cuénteles de todas las medicinas que toma, también las de la tienda y las de hierbas.",
    "home_doses": "Pregunte a su equipo si alguna dosis se toma en casa. Tome la ketamina solo como su equipo "
                  "se la receta.",
    "monitoring": "Pregunte a su equipo qué van a revisar durante una sesión, como su presión arterial y su pulso.",
}

ROUTES_ES: dict[str, str] = {
    "lozenge": "una pastilla que se deshace en la boca",
    "nasal spray": "un aerosol por la nariz",
    "injection": "una inyección en un músculo",
    "iv": "un goteo por la vena (suero o IV)",
}


@dataclass(frozen=True)
class Treatment:
    """The session-day rules a clinic has written; an item that is not set is missing from ``rules``.
    ``language`` is the pages' language: it chooses the guide's own words ("ask your team", the routes)."""
    rules: dict[str, str] = field(default_factory=dict)
    routes: tuple[str, ...] = ()
    language: str = "en"

    def is_set(self, key: str) -> bool:
        return bool(self.routes) if key == "routes" else bool(self.rules.get(key))

    def unset(self) -> list[str]:
        """The settings a clinic has not filled in, as ``extra.clinic.treatment.<name>``."""
        return [f"{WHERE}.{key}" for key in ITEMS if not self.is_set(key)]

    def text(self, key: str) -> str:
        """What the clinic says about ``key``, or the "ask your team" wording when it has not said."""
        spanish = self.language == "es"
        if not self.is_set(key):
            return ASK_TEAM_ES[key] if spanish else ITEMS[key].ask_team
        if key == "routes":
            if spanish:
                return "La ketamina se da como " + _joined([ROUTES_ES[route] for route in self.routes], " o ") + "."
            return "Ketamine is given as " + _joined([ROUTES[route] for route in self.routes]) + "."
        return self.rules[key]


def _joined(parts: list[str], last: str = " or ") -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + last + parts[-1]


def suggestion(word: str, choices) -> str:
    """' Did you mean "x"?' for a near miss (compared in small letters), or ''."""
    return did_you_mean(str(word).lower(), choices)


def _finding(setting: str, message: str, fix: str, lines: dict[str, int] | None) -> Finding:
    where = f"{WHERE}.{setting}" if setting else WHERE
    line = (lines or {}).get(where) or (lines or {}).get(WHERE)
    return Finding(RULE, SETTINGS_FILE, f"{where}: {message}", line=line, fix=fix)


def _routes(raw: object, findings: list[Finding], lines: dict[str, int] | None) -> tuple[str, ...]:
    if raw in (None, "", []):
        return ()
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        findings.append(_finding("routes", "must be a list of ways ketamine is given.",
                                 f"Write it like routes: [lozenge, nasal spray]. Choose from: {', '.join(ROUTES)}.", lines))
        return ()
    routes: list[str] = []
    for value in values:
        name = " ".join(value.lower().split())
        if name not in ROUTES:
            findings.append(_finding("routes", f'"{value}" is not a way this guide knows.{suggestion(name, ROUTES)}',
                                     f"Choose from: {', '.join(ROUTES)}.", lines))
        elif name not in routes:
            routes.append(name)
    return tuple(routes)


def load_treatment(raw: object, lines: dict[str, int] | None = None) -> tuple[Treatment, list[Finding]]:
    """Read ``extra.clinic.treatment``; always returns a usable Treatment plus any findings."""
    findings: list[Finding] = []
    if raw in (None, "", {}):
        return Treatment(), findings
    if not isinstance(raw, dict):
        findings.append(_finding("", "must be a list of settings such as driving: and visit_length:.",
                                 "Indent each setting under treatment:, for example\n  treatment:\n    "
                                 + ITEMS["driving"].example, lines))
        return Treatment(), findings
    rules: dict[str, str] = {}
    for key, value in raw.items():
        name = str(key)
        if name not in ITEMS:
            continue  # an unknown setting is reported by the settings model (kapguide/settings_model.py)
        if name == "routes" or value in (None, ""):
            continue
        if not isinstance(value, str):
            findings.append(_finding(name, "must be text, in quotes.", f"Write it like {ITEMS[name].example}", lines))
            continue
        text = " ".join(value.split())
        markup = markup_in(text)
        if markup:
            findings.append(_finding(name, f"holds {markup}.", PLAIN_TEXT_FIX, lines))
            continue
        rules[name] = text
    return Treatment(rules, _routes(raw.get("routes"), findings, lines)), findings


# A token on a line of its own, e.g. "{{ treatment.driving }}", maybe indented inside a box.
TOKEN = re.compile(r"^(?P<indent>[ \t]*)\{\{\s*treatment\.(?P<name>[A-Za-z0-9_]*)\s*\}\}[ \t]*$")
ANY_TOKEN = re.compile(r"\{\{\s*treatment\b[^}\n]{0,80}\}\}")


def token_markdown(key: str, treatment: Treatment, clinic_name: str, indent: str = "") -> str:
    """The Markdown a token becomes: the clinic's rule in its own words, or the "ask your team" wording."""
    state = "set" if treatment.is_set(key) else "unset"
    if treatment.is_set(key):
        body = f"**{markdown_text(clinic_name)}:** {markdown_text(treatment.text(key))}"
    else:
        body = markdown_text(treatment.text(key))
    return f"{indent}{body}\n{indent}{{: .kap-setting .kap-setting--{key.replace('_', '-')} .kap-setting--{state} }}"


def expand_tokens(markdown: str, treatment: Treatment, clinic_name: str) -> str:
    """Replace every treatment token in a page's Markdown; a token this guide does not know is left out
    (``token_findings`` reports it, and the build fails)."""
    if "{{" not in markdown:
        return markdown
    out: list[str] = []
    for line in markdown.split("\n"):
        match = TOKEN.match(line)
        if match:
            name = match.group("name")
            out.append(token_markdown(name, treatment, clinic_name, match.group("indent")) if name in ITEMS else "")
            continue
        out.append(ANY_TOKEN.sub("", line) if "{{" in line else line)
    return "\n".join(out)


def tokens_in(markdown: str) -> set[str]:
    """The names of the clinic rules whose tokens a page's Markdown holds ({{ treatment.driving }}: 'driving')."""
    if "{{" not in markdown:
        return set()
    return {match.group("name") for match in map(TOKEN.match, markdown.split("\n")) if match}


def rules_on_no_page(treatment: Treatment, shown: set[str], settings_file: str = "mkdocs.yml",
                     lines: dict[str, int] | None = None) -> list[Finding]:
    """A warning for each rule the clinic has set that no page of this build shows (its page was removed, or the
    token taken out): patients would never see it."""
    return [Finding(TOKEN_RULE, settings_file, f"{WHERE}.{key} is set, but no page shows it (no page holds "
                    f"{{{{ treatment.{key} }}}}), so patients never see this rule.", line=(lines or {}).get(f"{WHERE}.{key}"),
                    severity="warning", fix=f"Put the line {{{{ treatment.{key} }}}} back on the page where the rule "
                    "matters (CONTRIBUTING.md, \"Writing rules\"), or remove the setting.")
            for key in ITEMS if treatment.is_set(key) and key not in shown]


def rule_wording(treatment: Treatment, plain_words: dict[str, str], list_name: str, max_sentence_words: int,
                 settings_file: str = "mkdocs.yml", lines: dict[str, int] | None = None,
                 where: str = WHERE) -> list[Finding]:
    """The clinic's own rules are read by the same patients as the pages: a hard word from the plain-words list, or
    a sentence longer than pages may have, is named at the setting's line (as a warning, as on a page)."""
    from kapguide.plain_words import check_plain_words

    findings = []
    for key, text in sorted(treatment.rules.items()):
        if not text:
            continue
        setting = f"{where}.{key}"
        line = (lines or {}).get(setting)
        for found in check_plain_words(text, 1, settings_file, plain_words, list_name, treatment.language):
            findings.append(replace(found, message=f"{setting}: {found.message}", line=line))
        longest = max((len(sentence.split()) for sentence in re.split(r"(?<=[.!?])\s+", text)), default=0)
        if longest > max_sentence_words:
            findings.append(Finding("long-sentence", settings_file, f"{setting}: a sentence has {longest} words; "
                                    f"patients read these rules on the pages, where a sentence has at most "
                                    f"{max_sentence_words}.", line=line, severity="warning",
                                    fix="Split it into shorter sentences, one step each."))
    return findings


def without_tokens(markdown: str) -> str:
    """The Markdown with each token line left blank (same line numbers): what the page's author wrote."""
    if "{{" not in markdown:
        return markdown
    return "\n".join("" if TOKEN.match(line) else line for line in markdown.split("\n"))


def token_findings(text: str, path: str) -> list[Finding]:
    """Tokens in a page's source that the build cannot show: unknown names, or a token inside a sentence."""
    if "{{" not in text:
        return []
    findings: list[Finding] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "{{" not in line:
            continue
        match = TOKEN.match(line)
        if match and match.group("name") in ITEMS:
            continue
        if match:
            name = match.group("name")
            findings.append(Finding(TOKEN_RULE, path, f'"{{{{ treatment.{name} }}}}" is not a clinic setting.'
                                    f"{suggestion(name, ITEMS)}", line=number,
                                    fix=f"Use one of: {', '.join('treatment.' + k for k in ITEMS)}."))
        elif ANY_TOKEN.search(line):
            findings.append(Finding(TOKEN_RULE, path, "A clinic setting token must be on a line of its own.", line=number,
                                    fix="Put the token, for example {{ treatment.driving }}, on its own line "
                                        "with a blank line before it."))
    return findings
