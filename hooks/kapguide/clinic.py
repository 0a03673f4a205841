"""The clinic settings block (``extra.clinic`` in mkdocs.yml).

A clinic makes the guide its own by editing this one block. ``load_clinic``
turns it into a ``Clinic`` that templates and PDFs read, and reports every
mistake (a missing phone number, a crisis line that cannot be dialled) as a
finding that names mkdocs.yml and the setting.

Phone numbers must be written in quotes. Unquoted, YAML reads ``03001234567``
as 402995575 (a leading 0 means base 8) and ``+442079460000`` as a number
without its '+', so a phone number that is not text is an error, and it is
never shown or dialled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from kapguide.findings import Finding
from kapguide.plain_text import PLAIN_TEXT_FIX, markup_in
from kapguide.treatment import Treatment, load_treatment
from kapguide.ui_text import ui_text

DIALLABLE = re.compile(r"\+?[0-9][0-9 ()./-]*")  # as written: digits, spaces and ()./- (fullmatch)
MAX_DIGITS = 15  # the most digits a number a phone dials has (E.164); the link check accepts no more (links.py)
WAYS = ("call", "text")
DIALLABLE_WORD = re.compile(r"^[0-9A-Za-zÁÉÍÓÚÜÑáéíóúüñ ]{1,20}$")  # a word to start a text with: letters and digits only


@dataclass(frozen=True)
class Line:
    """A phone line a patient can use, as a label, the number as written, and the ways to reach it."""
    label: str
    number: str
    ways: tuple[str, ...] = ("call",)
    note: str = ""
    text_message: str = ""  # a text to this line starts with this word (e.g. AYUDA: 988 in Spanish)

    @property
    def digits(self) -> str:
        return dial_string(self.number)

    @property
    def tel_href(self) -> str:
        return f"tel:{self.digits}"

    @property
    def sms_href(self) -> str:
        return f"sms:{self.digits}?body={quote(self.text_message)}" if self.text_message else f"sms:{self.digits}"

    @property
    def ways_text(self) -> str:
        """'Call or text 988', 'Call 911'."""
        return self.ways_in("en")

    def ways_in(self, language: str) -> str:
        """How to reach the line, in ``language`` (kapguide/ui_text.py): 'Call or text 988', 'Llame al 911'."""
        key = "line_call_or_text" if set(self.ways) == {"call", "text"} else f"line_{self.ways[0]}"
        return ui_text(language)[key].format(number=self.number)


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    email: str = ""
    address: str = ""
    opening_hours: str = ""
    after_hours: Line | None = None
    logo: str = ""
    crisis_lines: tuple[Line, ...] = field(default_factory=tuple)
    treatment: Treatment = field(default_factory=Treatment)  # session-day rules (hooks/kapguide/treatment.py)

    @property
    def phone_line(self) -> Line:
        return Line(self.name, self.phone, ("call",))

    @property
    def language(self) -> str:
        """The language of the pages that show the clinic this way (set by ``in_language``)."""
        return self.treatment.language

    def contact_line(self, language: str | None = None) -> str:
        """One line for a printed footer: name, phone and email, in ``language`` (the clinic's own by default)."""
        parts = [self.name, f"{ui_text(language or self.language)['phone']} {self.phone}"]
        if self.email:
            parts.append(self.email)
        return " · ".join(parts)

    def crisis_line_text(self, language: str | None = None) -> str:
        """One line naming every crisis line, for printed footers, in ``language`` (the clinic's own by default)."""
        return " · ".join(f"{line.label}: {line.ways_in(language or self.language).lower()}" for line in self.crisis_lines)


def dial_string(number: str) -> str:
    """The characters a phone dials: a leading + and digits."""
    plus = "+" if number.strip().startswith("+") else ""
    return plus + re.sub(r"\D", "", number)


def diallable(number: str) -> bool:
    """A number as written that a phone can dial: the tel: link made of it is one the link check accepts."""
    return bool(DIALLABLE.fullmatch(number)) and len(dial_string(number).lstrip("+")) <= MAX_DIGITS


SETTINGS_FILE = "mkdocs.yml"


def _problem(setting: str, message: str, fix: str, lines: dict[str, int] | None = None) -> Finding:
    return Finding("clinic-settings", SETTINGS_FILE, f"extra.clinic.{setting}: {message}", fix=fix,
                   line=(lines or {}).get(f"extra.clinic.{setting}"))


def _phone_not_text(setting: str, value: object, lines: dict[str, int] | None) -> Finding | None:
    """A finding when a phone number is not text: YAML has already changed an unquoted number, so it is never used."""
    if value is None or isinstance(value, str):
        return None
    where = f"extra.clinic.{setting}"
    kind = "a number" if isinstance(value, (int, float)) and not isinstance(value, bool) else "not text"
    return Finding("clinic-settings", SETTINGS_FILE, f"{where} is {kind} in {SETTINGS_FILE}; phone numbers must be in quotes.",
                   line=(lines or {}).get(where),
                   fix=f'Put the number in quotes exactly as patients dial it, e.g. {setting.rsplit(".", 1)[-1]}: "0300 123 4567". '
                       "Without quotes, a number that starts with 0 is read as a different number.")


def _text(raw: dict, key: str, findings: list[Finding], required: bool = False,
          lines: dict[str, int] | None = None) -> str:
    value = raw.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, (str, int)):
        findings.append(_problem(key, "must be text.", f"Write it as {key}: \"...\".", lines))
        return ""
    value = str(value).strip()
    if required and not value:
        findings.append(_problem(key, "is missing.", f"Add {key}: under extra.clinic in mkdocs.yml.", lines))
    return value


def _line(raw: object, where: str, findings: list[Finding], default_ways: tuple[str, ...],
          lines: dict[str, int] | None = None) -> Line | None:
    if not isinstance(raw, dict):
        findings.append(_problem(where, "must have a label and a number.",
                                 "Write it as 'label: ...' and 'number: \"...\"' on separate lines.", lines))
        return None
    label = str(raw.get("label") or "").strip()
    not_text = _phone_not_text(f"{where}.number", raw.get("number"), lines)
    if not_text:
        findings.append(not_text)
        return None
    number = str(raw.get("number") or "").strip()
    if not label:
        findings.append(_problem(f"{where}.label", "is missing.", "Give the line a name patients recognise.", lines))
    if not diallable(number):
        findings.append(_problem(f"{where}.number", f"'{number}' is not a phone number a phone can dial.",
                                 f"Use up to {MAX_DIGITS} digits, spaces and an optional leading +, in quotes, "
                                 "e.g. \"988\".", lines))
        return None
    ways = raw.get("ways", list(default_ways))
    if isinstance(ways, str):
        ways = [ways]
    if not isinstance(ways, list) or not ways or any(w not in WAYS for w in ways):
        findings.append(_problem(f"{where}.ways", f"must be a list of {', '.join(WAYS)}.",
                                 "Write ways: [call] or ways: [call, text].", lines))
        ways = list(default_ways)
    return Line(label or number, number, tuple(ways), str(raw.get("note") or "").strip())


def load_clinic(extra: dict | None, lines: dict[str, int] | None = None) -> tuple[Clinic, list[Finding]]:
    """Read ``extra.clinic``; always returns a usable Clinic plus any findings.

    ``lines`` (optional) maps a setting such as ``extra.clinic.crisis_lines[0].number`` to its line
    in mkdocs.yml (see ``settings_lines.setting_lines``), so findings can name the line too.
    """
    findings: list[Finding] = []
    raw = (extra or {}).get("clinic")
    if not isinstance(raw, dict):
        findings.append(Finding("clinic-settings", SETTINGS_FILE, "extra.clinic is missing.",
                                fix="Copy the CLINIC SETTINGS block from the project's mkdocs.yml."))
        raw = {}
    name = _text(raw, "name", findings, required=True, lines=lines)
    phone_not_text = _phone_not_text("phone", raw.get("phone"), lines)
    if phone_not_text:
        findings.append(phone_not_text)
        phone = ""
    else:
        phone = _text(raw, "phone", findings, required=True, lines=lines)
    if phone and not diallable(phone):
        findings.append(_problem("phone", f"'{phone}' is not a phone number a phone can dial.",
                                 f"Use up to {MAX_DIGITS} digits, spaces and an optional leading +.", lines))
    after_hours = None
    if raw.get("after_hours"):
        after_hours = _line(raw["after_hours"], "after_hours", findings, ("call",), lines)
    crisis_raw = raw.get("crisis_lines")
    if not isinstance(crisis_raw, list) or not crisis_raw:
        findings.append(_problem("crisis_lines", "needs at least one crisis line.",
                                 "List the emergency number and a crisis line for your country.", lines))
        crisis_raw = []
    crisis = [_line(item, f"crisis_lines[{i}]", findings, ("call",), lines) for i, item in enumerate(crisis_raw)]
    treatment, treatment_findings = load_treatment(raw.get("treatment"), lines)
    findings.extend(treatment_findings)
    clinic = Clinic(
        name=name or "Your clinic",
        phone=phone,
        email=_text(raw, "email", findings, lines=lines),
        address=_text(raw, "address", findings, lines=lines),
        opening_hours=_text(raw, "opening_hours", findings, lines=lines),
        after_hours=after_hours,
        logo=_text(raw, "logo", findings, lines=lines),
        crisis_lines=tuple(line for line in crisis if line),
        treatment=treatment,
    )
    return clinic, findings


def _texts(value: object, where: str):
    """(setting, text) for every text in a block of settings, nested blocks and lists included."""
    stack = [(where, value)]
    while stack:
        setting, current = stack.pop()
        if isinstance(current, str):
            yield setting, current
        elif isinstance(current, dict):
            stack += [(f"{setting}.{key}", item) for key, item in current.items()]
        elif isinstance(current, list):
            stack += [(f"{setting}[{index}]", item) for index, item in enumerate(current)]


def translation_findings(raw: object, where: str, lines: dict[str, int] | None = None) -> list[Finding]:
    """Mistakes in translated clinic words (``raw``, at ``where`` under extra.clinic.translations): HTML in any of
    them, the same plain-text rule as the main language's (security_hook._markup_in_settings), and a text_message
    that is not letters and digits (it goes into an sms: link)."""
    findings = []
    for setting, text in sorted(_texts(raw, where)):
        markup = markup_in(text)
        if markup:
            findings.append(Finding("plain-text", SETTINGS_FILE, f"{setting}: holds {markup}; this setting is plain text.",
                                    line=(lines or {}).get(setting), fix=PLAIN_TEXT_FIX))
        elif setting.endswith(".text_message") and not DIALLABLE_WORD.fullmatch(" ".join(text.split())):
            findings.append(Finding("clinic-settings", SETTINGS_FILE, f"{setting}: '{text[:40]}' is not a word a text "
                                    "message can start with.", line=(lines or {}).get(setting),
                                    fix="Use letters and digits only (up to 20), e.g. text_message: AYUDA."))
    return findings


NUMBER_IN_WORDS = re.compile(r"\+?\d(?:[ .()-]?\d){2,}")  # a number of three digits or more, as people write it


def crisis_translation_findings(clinic: Clinic, raw: object, where: str,
                                lines: dict[str, int] | None = None) -> list[Finding]:
    """Translated crisis lines that would put words beside the wrong number. Each translated line is shown with the
    crisis line in the same place, so a list of another length, or a label or note that names another line's number
    (the example's "988" left beside a clinic's "000"), would tell a patient in crisis the wrong thing."""
    return list(_crisis_mistakes(clinic, raw, where, lines).values())


def _crisis_mistakes(clinic: Clinic, raw: object, where: str, lines: dict[str, int] | None) -> dict[str, Finding]:
    """``crisis_translation_findings``, by the setting each names (the whole list, or one line's label or note)."""
    raw_lines = raw.get("crisis_lines") if isinstance(raw, dict) else None
    if not isinstance(raw_lines, list) or not raw_lines:
        return {}
    setting = f"{where}.crisis_lines"
    if len(raw_lines) != len(clinic.crisis_lines):
        return {setting: Finding("clinic-settings", SETTINGS_FILE,
                        f"{setting} has {len(raw_lines)} line(s), and extra.clinic.crisis_lines has "
                        f"{len(clinic.crisis_lines)}: each translated line is shown beside the number in the same "
                        "place, so some labels would name the wrong line. Until they match, the lines are shown "
                        "in the main language.", line=(lines or {}).get(setting),
                        fix="Give one translated line for each crisis line, in the same order as crisis_lines.")}
    findings = {}
    for index, (line, words) in enumerate(zip(clinic.crisis_lines, raw_lines)):
        for key in ("label", "note"):
            others = [n for n in NUMBER_IN_WORDS.findall(_words(words, key)) if dial_string(n) != line.digits]
            if others:
                place = f"{setting}[{index}].{key}"
                findings[place] = Finding("clinic-settings", SETTINGS_FILE,
                                          f"{place} names {others[0]}, but crisis_lines[{index}] is {line.number}: "
                                          "the words would stand beside the wrong number. They are shown in the main "
                                          "language until this is corrected.", line=(lines or {}).get(place),
                                          fix=f"Write the words for {line.label} ({line.number}) here, in the same "
                                              "order as crisis_lines.")
    return findings


TRANSLATIONS = "extra.clinic.translations"
TRANSLATED_TREATMENT = ("visit_length", "food_and_drink", "going_home", "driving", "alcohol_and_drugs",
                        "home_doses", "monitoring")


def _words(raw: object, key: str) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    return " ".join(value.split()) if isinstance(value, str) else ""


def in_language(clinic: Clinic, extra: dict | None, language: str, main_language: str,
                lines: dict[str, int] | None = None) -> tuple[Clinic, list[str], list[Finding]]:
    """The clinic as the pages in ``language`` show it: its words from ``extra.clinic.translations.<language>``,
    each one left out shown in the main language (and listed, as the second value, for the build report).

    Numbers, the address and the email are the same in every language; the guide's own words (such as
    "ask your team") follow ``language`` (treatment.py)."""
    treatment = replace(clinic.treatment, language=language)
    raw_clinic = (extra or {}).get("clinic")
    translations = raw_clinic.get("translations") if isinstance(raw_clinic, dict) else None
    if language == main_language:  # the main build names every language's mistakes, as it is built first
        findings = translation_findings(translations, TRANSLATIONS, lines)
        built = (extra or {}).get("languages")
        for code, raw in (translations.items() if isinstance(translations, dict) else ()):
            if isinstance(built, list) and code in built:  # words of a language the guide is not built in are unused
                findings += crisis_translation_findings(clinic, raw, f"{TRANSLATIONS}.{code}", lines)
        return replace(clinic, treatment=treatment), [], findings
    words = translations.get(language) if isinstance(translations, dict) else None
    words = words if isinstance(words, dict) else {}
    where = f"{TRANSLATIONS}.{language}"
    untranslated: list[str] = []

    def plain(raw: object, key: str) -> str:
        """The words at ``key``, or '' when they are refused (translation_findings, below)."""
        text = _words(raw, key)
        refused = markup_in(text) or (key == "text_message" and text and not DIALLABLE_WORD.fullmatch(text))
        return "" if refused else text

    def said(raw: object, key: str, english: str, setting: str) -> str:
        if english and not _words(raw, key):
            untranslated.append(f"{where}.{setting}")
        return plain(raw, key) or english

    def line_in(line: Line, raw: object, setting: str) -> Line:
        return replace(line, label=said(raw, "label", line.label, f"{setting}.label"),
                       note=said(raw, "note", line.note, f"{setting}.note"), text_message=plain(raw, "text_message"))

    raw_lines = words.get("crisis_lines")
    raw_lines = raw_lines if isinstance(raw_lines, list) else []
    wrong = _crisis_mistakes(clinic, words, where, lines)  # the settings whose words stand beside a wrong number
    if f"{where}.crisis_lines" in wrong:
        raw_lines = []  # a list of another length: every line in the main language

    def crisis_words(index: int) -> dict:
        words_here = raw_lines[index] if index < len(raw_lines) and isinstance(raw_lines[index], dict) else {}
        return {key: value for key, value in words_here.items()
                if f"{where}.crisis_lines[{index}].{key}" not in wrong}

    crisis = tuple(line_in(line, crisis_words(i), f"crisis_lines[{i}]") for i, line in enumerate(clinic.crisis_lines))
    after_hours = line_in(clinic.after_hours, words.get("after_hours"), "after_hours") if clinic.after_hours else None
    raw_treatment = words.get("treatment")
    rules = {key: said(raw_treatment, key, text, f"treatment.{key}")
             for key, text in clinic.treatment.rules.items() if key in TRANSLATED_TREATMENT}
    translated = replace(
        clinic,
        name=plain(words, "name") or clinic.name,
        opening_hours=said(words, "opening_hours", clinic.opening_hours, "opening_hours"),
        after_hours=after_hours, crisis_lines=crisis,
        treatment=replace(treatment, rules=rules),
    )
    return translated, untranslated, translation_findings(words, where, lines) + list(wrong.values())
