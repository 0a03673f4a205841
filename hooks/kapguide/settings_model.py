"""Every ``extra.*`` setting this guide reads, declared once (pydantic), and read once per build.

``load_settings`` checks the shape of ``extra`` in mkdocs.yml: that each setting is one this guide
(or the Material theme) knows, with "did you mean" for a near miss, and that each holds the right
kind of value (text, a number, true or false, a list, one of a few words). Every mistake becomes a
finding naming ``mkdocs.yml`` and its line; the value is then left out, so the build goes on with
the default and the rest of the settings, and never stops with a traceback.

A few values are checked here too, because the theme or the build would use them as they are: the
clinic's email becomes a mailto: link (one plain address, nothing that adds a recipient), and the
external link check's waits are capped. Anything refused here is taken out of ``extra`` before
the theme sees it (kap_mkdocs_adapter.settings_for).

What other values mean (a phone number a phone can dial, colours with enough contrast, a folder the
build owns) is checked where it is used: clinic.py, treatment.py, colours.py, checksettings.py and
the worksheets hook.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError
from pydantic_core import PydanticCustomError

from kapguide.findings import Finding
from kapguide.plain_text import PLAIN_TEXT_FIX, markup_in

SETTINGS_FILE = "mkdocs.yml"
RULE = "settings"

Text = StrictStr | None
Phone = StrictStr | StrictInt | StrictFloat | None  # a number that is not text gets clinic.py's own message
Number = StrictInt | StrictFloat
Language = Literal["en", "es"]  # languages the guide has its own words for (hooks/kapguide/ui_text.py)

REFUSED_VALUE = "refused_value"  # pydantic error type of a value of the right kind that this guide cannot use


def _refused(problem: str, fix: str, rule: str = RULE) -> PydanticCustomError:
    """A value the build cannot use, with what is wrong and what to do (``_finding`` makes the message)."""
    return PydanticCustomError(REFUSED_VALUE, "{problem}", {"problem": problem, "fix": fix, "rule": rule})


# One plain address: letters, digits and . _ + - before the @, a domain after it. Nothing that adds to the
# mailto: link the pages make of it: '?' (bcc=, cc=, body=), '&', ',' or ';' (more recipients), '%', ':' or spaces.
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+")
EMAIL_MAX = 254  # the longest address mail servers accept


def _plain_email(value: str) -> str:
    """The clinic's email address as written, or '' for none; anything else is refused (``_refused``)."""
    address = value.strip()
    if not address or (len(address) <= EMAIL_MAX and EMAIL.fullmatch(address)):
        return address
    markup = markup_in(address)
    if markup:
        raise _refused(f"holds {markup}; this setting is plain text.", PLAIN_TEXT_FIX, rule="plain-text")
    shown = " ".join(address.split())[:60]
    raise _refused(f"'{shown}' is not one plain email address. The pages link to it with mailto:, where "
                   "'?bcc=' or a second address would send patients' emails to someone they do not see.",
                   'Write the address only, in quotes, e.g. email: "care@your-clinic.org".', rule="clinic-settings")


def _between(low: float, high: float, unit: str, example: str) -> Callable[[float], float]:
    """A check that a number lies in (low, high]: a setting that says how long or how much the build does."""
    def check(value: float) -> float:
        if low < value <= high:
            return value
        raise _refused(f"{value:g} is not allowed; it must be more than {low:g} and at most {high:g} {unit}.",
                       f"Use a number in that range, e.g. {example}.")
    return check


Email = Annotated[StrictStr, AfterValidator(_plain_email)] | None
# The external link check waits this long for each address, this many at once: a build must end.
LinkTimeout = Annotated[Number, AfterValidator(_between(0, 30, "seconds", "timeout: 10"))]
LinkConcurrency = Annotated[StrictInt, AfterValidator(_between(0, 16, "addresses at once", "concurrency: 8"))]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LineSettings(_Block):
    label: Text = None
    number: Phone = None
    ways: list[StrictStr] | StrictStr | None = None  # call and/or text: clinic.py names a wrong one
    note: Text = None


class LineWords(_Block):
    """A phone line's words in another language (its number is the same in every language)."""
    label: Text = None
    note: Text = None
    text_message: Text = None  # the word a text in this language starts with, e.g. AYUDA for 988 in Spanish


class TreatmentWords(_Block):
    """The session-day rules in another language (the routes are named by the guide itself)."""
    visit_length: Text = None
    food_and_drink: Text = None
    going_home: Text = None
    driving: Text = None
    alcohol_and_drugs: Text = None
    home_doses: Text = None
    monitoring: Text = None


class TreatmentSettings(TreatmentWords):
    routes: list[StrictStr] | StrictStr | None = None


class ClinicWords(_Block):
    """``extra.clinic.translations.<language>``: the clinic settings that hold words, in that language
    (hooks/kapguide/clinic.py; a line left out is shown in the main language and listed in the build report)."""
    name: Text = None
    opening_hours: Text = None
    after_hours: LineWords | None = None
    crisis_lines: list[LineWords] | None = None
    treatment: TreatmentWords | None = None


class ColourSettings(_Block):
    primary: Text = None
    link: Text = None


class ClinicSettings(_Block):
    name: Text = None
    phone: Phone = None
    email: Email = None
    address: Text = None
    opening_hours: Text = None
    after_hours: LineSettings | None = None
    logo: Text = None
    crisis_lines: list[LineSettings] | None = None
    treatment: TreatmentSettings | None = None
    colours: ColourSettings | None = None
    translations: dict[Language, ClinicWords] | None = None


class ReviewSettings(_Block):
    require_approved: StrictBool = False
    date_format: StrictStr = "%d %B %Y"
    overdue: Literal["warn", "error"] = "warn"
    edit_links: StrictBool = False  # show "Edit this page" to everyone, not only in the staff preview


class ReadingSettings(_Block):
    max_grade: Number = 8          # English pages: Flesch-Kincaid grade, at most
    min_inflesz: Number = 65       # Spanish pages: INFLESZ, at least (hooks/kapguide/readability.py)
    max_sentence_words: StrictInt = 25
    max_paragraph_words: StrictInt = 120


class LinkSettings(_Block):
    check_external: StrictBool = False
    timeout: LinkTimeout = 10
    concurrency: LinkConcurrency = 8


class CheckSettingsBlock(_Block):
    sections: dict[str, list[StrictStr] | None] | None = None
    reading: ReadingSettings | None = None
    links: LinkSettings | None = None
    report_dir: Text = None
    disable: list[StrictStr] | StrictStr | None = None
    spelling: Literal["en-US", "en-GB", "off"] | Literal[False] | None = None
    spelling_ignore: list[StrictStr] | None = None
    plain_words: Text = None


class WorksheetSettings(_Block):
    paper: Literal["letter", "a4"] = "letter"
    cache_dir: Text = None


class SearchSettings(_Block):
    words: Text = None  # the search-words file (hooks/kapguide/patient_search.py); default search-words.yml


class ExtraSettings(BaseModel):
    """``extra`` in mkdocs.yml: this guide's blocks, plus the one Material theme setting it uses (generator).

    Material's other settings under extra are not known here, so each is "not a setting this guide knows" and
    is taken out before the theme sees it: social (icons the theme reads from a file the setting names),
    homepage, alternate, scope, version, status, tags and annotate change links, menus or where answers are
    saved, and this guide has its own for what it needs. analytics, consent and polyfills are let through here
    only so that the privacy rule (privacy.py) gives its own message, which says why they are refused."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    clinic: ClinicSettings | None = None
    review: ReviewSettings | None = None
    checks: CheckSettingsBlock | None = None
    worksheets: WorksheetSettings | None = None
    search: SearchSettings | None = None
    languages: list[Language] | None = None  # the guide's languages, the main one first (kapguide/site_language.py)
    generator: StrictBool | None = None  # false: no "Made with Material for MkDocs" line
    # PRIVACY_REFUSED: the privacy rule reports these (its message says why); they are never offered as settings
    analytics: Any = None
    consent: Any = None
    polyfills: Any = None


PRIVACY_REFUSED = ("analytics", "consent", "polyfills")


_KIND = {  # pydantic error type -> what the setting must hold, for a person
    "string_type": "text (in quotes if it has a colon or starts with a number)",
    "bool_type": "true or false (without quotes)",
    "int_type": "a whole number (without quotes)",
    "float_type": "a number (without quotes)",
    "list_type": "a list, such as [first, second]",
    "dict_type": "a block of settings, one per line, indented under it",
    "model_type": "a block of settings, one per line, indented under it",
    "model_attributes_type": "a block of settings, one per line, indented under it",
}


def _where(loc: tuple) -> str:
    """('clinic', 'crisis_lines', 0, 'number') -> 'extra.clinic.crisis_lines[0].number'."""
    out = "extra"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The settings block that holds the setting at ``loc`` (for "did you mean")."""
    model: Any = ExtraSettings
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part)) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            return None
        model = next((arg for arg in _args(field.annotation) if isinstance(arg, type) and issubclass(arg, BaseModel)), None)
        if model is None:
            return None
    return model


def _args(annotation: Any) -> list[Any]:
    out, stack = [], [annotation]
    while stack:
        current = stack.pop()
        inner = getattr(current, "__args__", None)
        if inner:
            stack.extend(inner)
        else:
            out.append(current)
    return out


_BRANCHES = frozenset({"str", "int", "float", "bool", "list", "dict", "none"})


def _clean_loc(loc: tuple) -> tuple:
    """pydantic names the branch of a Union it tried ('list[...]', 'LineSettings', 'str'): drop those parts."""
    return tuple(part for part in loc if isinstance(part, int) or (
        isinstance(part, str) and part.isidentifier() and not part[:1].isupper() and part not in _BRANCHES))


def _finding(error: Mapping[str, Any], lines: dict[str, int]) -> Finding:
    loc = _clean_loc(error["loc"])
    where = _where(loc)
    line = _line(where, lines)
    kind = error["type"]
    if kind == REFUSED_VALUE:
        context = error["ctx"]
        return Finding(context["rule"], SETTINGS_FILE, f"{where}: {context['problem']}", line=line, fix=context["fix"])
    if kind == "extra_forbidden":
        model = _model_at(loc)
        close = difflib.get_close_matches(str(loc[-1]), sorted(model.model_fields) if model else [], n=1, cutoff=0.6)
        known = sorted(name for name in model.model_fields if name not in PRIVACY_REFUSED) if model else []
        hint = f' Did you mean "{close[0]}"?' if close else ""
        return Finding(RULE, SETTINGS_FILE, f"{where} is not a setting this guide knows.{hint}", line=line,
                       fix=f"Correct the name, or remove the line. Settings here: {', '.join(known)}." if known
                       else "Correct the name, or remove the line.")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        given = str(error.get("input"))
        choices = list(dict.fromkeys(c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")))
        by_lower = {c.lower(): c for c in reversed(choices)}
        close = difflib.get_close_matches(given.lower(), list(by_lower), n=1, cutoff=0.5)
        hint = f' Did you mean "{by_lower[close[0]]}"?' if close else ""
        shown = [c for c in choices if c == by_lower[c.lower()]]
        return Finding(RULE, SETTINGS_FILE, f"{where} is '{given}'.{hint}", line=line,
                       fix=f"Use one of: {', '.join(shown)}.")
    must = _KIND.get(kind, "a different kind of value")
    return Finding(RULE, SETTINGS_FILE, f"{where} must be {must}, not {_shown(error.get('input'))}.", line=line,
                   fix="Check the value against the example in the project's mkdocs.yml.")


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a block of settings"
    return "an empty value" if value is None else "this value"


def _line(where: str, lines: dict[str, int]) -> int | None:
    while where:
        if where in lines:
            return lines[where]
        cut = max(where.rfind("."), where.rfind("["))
        where = where[:cut] if cut > 0 else ""
    return None


def _remove(data: Any, loc: tuple) -> bool:
    """Take the value at ``loc`` out of ``data`` so the rest can still be read; False when nothing was removed."""
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1] if loc else None
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return True
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        del parent[last]
        return True
    return False


def _sort_key(loc: tuple) -> tuple:
    return tuple((1, part) if isinstance(part, int) else (0, 0) for part in loc)


def load_settings(extra: object, lines: dict[str, int] | None = None) -> tuple[ExtraSettings, dict, list[Finding]]:
    """Read ``extra``: the typed settings, the raw settings without the values that were wrong, and a finding for each."""
    lines = lines or {}
    if extra is None:
        extra = {}
    if isinstance(extra, Mapping) and not isinstance(extra, dict):
        extra = dict(extra)  # MkDocs keeps extra in a config object of its own
    if not isinstance(extra, dict):
        return ExtraSettings(), {}, [Finding(RULE, SETTINGS_FILE, "extra must be a block of settings.", line=_line("extra", lines),
                                             fix="Copy the extra: block from the project's mkdocs.yml.")]
    data = copy.deepcopy(extra)
    findings: list[Finding] = []
    for _attempt in range(50):  # each round takes out at least one wrong value
        try:
            return ExtraSettings.model_validate(data), data, findings
        except ValidationError as err:
            seen: list[tuple] = []
            for error in err.errors(include_url=False):
                loc = _clean_loc(error["loc"])
                if any(loc[:n] in seen for n in range(len(loc) + 1)):
                    continue  # another branch of the same setting, or a setting inside one already reported
                seen.append(loc)
                findings.append(_finding(error, lines))
            # the last list items first, so taking one out does not move the others
            removed = [_remove(data, loc) for loc in sorted(seen, key=_sort_key, reverse=True)]
            findings = list(dict.fromkeys(findings))
            if not any(removed):
                break
    return ExtraSettings(), {}, findings
