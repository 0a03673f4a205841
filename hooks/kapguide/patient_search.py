"""Search in patients' own words: the search-words list and what the build adds to the search index.

The site's search runs in the browser (overrides/assets/javascripts/kap-search-worker.js). The build
gives it, under ``config.kap`` in ``search/search_index.json``:

- ``pages``: each page's one-sentence description and keywords (front matter), so that a result can
  show the description and a page is found by the words patients use for it;
- ``synonyms``: everyday words and phrases and the guide's words for them, from ``search-words.yml``
  (or the file named by ``extra.search.words``), which staff can extend;
- ``crisis``: words and phrases that put the get-help page first, in any query;
- ``help``: the get-help page and a plain-text line with the clinic's numbers (from settings only),
  shown in that result.
Rule ``search-words`` reports mistakes in the list, with its file and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml
from markupsafe import escape

from kapguide.clinic import Clinic
from kapguide.findings import Finding
from kapguide.frontmatter import YamlRefused, load_with_nodes
from kapguide.pagemeta import string_list
from kapguide.ui_text import ui_text

RULE = "search-words"
DEFAULT_FILE = "search-words.yml"
FORMAT_FIX = ("Write it as in the shipped search-words.yml: a 'synonyms:' block of 'everyday words: the guide's "
              "words' lines, and a 'crisis:' list of words or phrases.")
WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")


@dataclass(frozen=True)
class Synonym:
    words: str              # what a patient may type: "throw up"
    means: tuple[str, ...]  # the guide's words for it: ("vomit", "feeling sick")
    line: int = 0


@dataclass(frozen=True)
class SearchWords:
    synonyms: tuple[Synonym, ...] = ()
    crisis: tuple[str, ...] = ()


@dataclass
class PageWords:
    """What a page gives the search besides its text."""
    description: str = ""
    keywords: list[str] = field(default_factory=list)


def _key_lines(node: yaml.Node, key: str) -> dict[str, int]:
    """Line numbers (1-based) of the entries under the top-level ``key`` of a composed YAML file."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) != key:
            continue
        if isinstance(value_node, yaml.MappingNode):
            return {str(k.value): k.start_mark.line + 1 for k, _ in value_node.value}
        if isinstance(value_node, yaml.SequenceNode):
            return {str(getattr(item, "value", "")): item.start_mark.line + 1 for item in value_node.value}
        return {"": value_node.start_mark.line + 1}
    return {}


def read_search_words(text: str, shown_as: str) -> tuple[SearchWords, list[Finding]]:
    """The list in ``text`` (the file ``shown_as``); a finding, with its line, for each entry that cannot be used."""
    try:
        data, node = load_with_nodes(text)  # refuses anchors, tags and deep nesting before anything is built
    except YamlRefused as refused:
        return SearchWords(), [refused.finding(RULE, shown_as)]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return SearchWords(), [Finding(RULE, shown_as, "The search words could not be read: the file is not valid YAML.",
                                       line=mark.line + 1 if mark else None, fix=FORMAT_FIX)]
    if data is None:
        return SearchWords(), []
    if not isinstance(data, dict) or set(data) - {"synonyms", "crisis"}:
        unknown = sorted(str(key) for key in data) if isinstance(data, dict) else []
        return SearchWords(), [Finding(RULE, shown_as, "The search words must have only a 'synonyms:' block and a "
                                       f"'crisis:' list{'; found ' + ', '.join(unknown) if unknown else ''}.",
                                       line=1, fix=FORMAT_FIX)]
    findings: list[Finding] = []
    synonyms: list[Synonym] = []
    lines = _key_lines(node, "synonyms")
    raw_synonyms = data.get("synonyms") or {}
    if not isinstance(raw_synonyms, dict):
        findings.append(Finding(RULE, shown_as, "'synonyms:' must hold 'everyday words: the guide's words' lines.",
                                line=lines.get("", 1), fix=FORMAT_FIX))
        raw_synonyms = {}
    for words, means in raw_synonyms.items():
        line = lines.get(str(words), 1)
        listed = string_list(means)
        if not str(words).strip() or not WORD.search(str(words)) or not listed:
            findings.append(Finding(RULE, shown_as, f"'{words}' needs the guide's words after the colon.", line=line,
                                    fix="Write the words the guide's pages use, separated by commas, "
                                        "for example 'throw up: vomit, feeling sick'."))
            continue
        synonyms.append(Synonym(str(words).strip(), tuple(listed), line))
    crisis_lines = _key_lines(node, "crisis")
    crisis = string_list(data.get("crisis") or [])
    if crisis is None:
        findings.append(Finding(RULE, shown_as, "'crisis:' must be a list of words or phrases.",
                                line=crisis_lines.get("", 1), fix=FORMAT_FIX))
        crisis = []
    return SearchWords(tuple(synonyms), tuple(crisis)), findings


def words_of(text: str) -> set[str]:
    """The lower-case words of ``text`` (apostrophes dropped), as the search reads them."""
    return {word.replace("'", "").replace("\u2019", "") for word in WORD.findall(text.lower())}


def _typos_apart(a: str, b: str, limit: int) -> int | None:
    """Edits (insert, delete, change a letter) that turn ``a`` into ``b``, when they are at most ``limit``; else
    None. Only the cells that can stay within the limit are worked out (a band around the diagonal), and the work
    stops at the first row where every cell is over it: most pairs of words part in their first letters."""
    if abs(len(a) - len(b)) > limit:
        return None
    over = limit + 1
    row = [j if j <= limit else over for j in range(len(b) + 1)]
    for i, letter in enumerate(a, 1):
        previous, row[0] = row[0], (i if i <= limit else over)
        low, high = max(1, i - limit), min(len(b), i + limit)
        if low > 1:
            previous, row[low - 1] = row[low - 1], over
        for j in range(low, high + 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (letter != b[j - 1]), over)
        if high < len(b):
            row[high + 1] = over
        if min(row[low - 1:high + 1]) > limit:
            return None
    return row[-1] if row[-1] <= limit else None


def _pieces(word: str, count: int) -> tuple[str, ...]:
    """``word`` cut into ``count`` pieces of (nearly) the same length, in order."""
    size, longer = divmod(len(word), count)
    ends = [piece * size + min(piece, longer) for piece in range(count + 1)]
    return tuple(word[start:end] for start, end in zip(ends, ends[1:]))


def _misspelling_of(word: str, site_words: set[str]) -> str:
    """The word of the guide that ``word`` is most likely a misspelling of (one typo; two in long words), or ''.

    A word within ``limit`` typos of ``word`` holds at least one of ``limit + 1`` pieces of it whole (each typo can
    touch only one piece), so only the words of the guide that hold one are compared letter by letter."""
    if len(word) < 4:
        return ""
    limit = 2 if len(word) >= 8 else 1
    pieces = _pieces(word, limit + 1)
    near = [(typos, known) for known in site_words
            if abs(len(known) - len(word)) <= limit and any(piece in known for piece in pieces)
            and (typos := _typos_apart(word, known, limit)) is not None]
    return min(near)[1] if near else ""


ENDINGS = {
    "en": ("ing", "es", "ed", "ly", "s"),
    # Spanish: the commonest endings of nouns, adjectives and verbs, longest first ("vómito", "vomitar" -> "vomit")
    "es": ("amientos", "imientos", "amiento", "imiento", "aciones", "uciones", "acion", "ucion", "mente", "ando",
           "iendo", "aron", "ieron", "amos", "emos", "imos", "ados", "idos", "adas", "idas", "ado", "ido", "ada",
           "ida", "ar", "er", "ir", "es", "as", "os", "a", "o", "e", "s"),
}


def _folded(word: str) -> str:
    """The word without accents, as the Spanish search reads it ("náuseas", "mañana" -> "nauseas", "manana")."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _base(word: str, language: str = "en") -> str:
    """The word without a common ending ("sessions", "vomiting" -> "session", "vomit")."""
    for ending in ENDINGS.get(language, ENDINGS["en"]):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _on_pages(word: str, site_words: set[str], bases: set[str], language: str = "en") -> bool:
    """The word, or another form of it ("session", "sessions"), is on a page (``bases``: the pages' words' bases)."""
    return word in site_words or _base(word, language) in bases


def unknown_guide_words(words: SearchWords, site_words: set[str], shown_as: str, language: str = "en") -> list[str]:
    """A note for each guide word that no page uses: that part of the line finds nothing. These are notes
    for the build log, not warnings: a clinic that removes a page leaves such words behind, and they do no
    harm; a misspelt one is worth correcting ("Did you mean" names the likely word). In Spanish, accents
    do not count, as in the search ("nausea" is on a page that says "náusea")."""
    notes = []
    fold = _folded if language == "es" else str
    site = {fold(known) for known in site_words}
    bases = {_base(known, language) for known in site}
    for synonym in words.synonyms:
        unknown = sorted({word for means in synonym.means for word in words_of(means)
                          if not _on_pages(fold(word), site, bases, language)})
        for word in unknown:
            meant = _misspelling_of(word, site_words)
            hint = f' Did you mean "{meant}"?' if meant else ""
            notes.append(f"{shown_as}:{synonym.line}: '{synonym.words}' points to '{word}', which no page of the "
                         f"guide uses, so that word finds nothing.{hint}")
    return notes


def help_line(clinic: Clinic, language: str = "en") -> str:
    """The numbers shown in the get-help search result, as escaped HTML with no links (a result is one link),
    in the words of the help card (ui_text) in the site's language; the clinic's own words, such as the
    lines' labels, come from its settings in that language."""
    said = ui_text(language)

    def reach(ways: tuple[str, ...] | list[str], number: str) -> str:
        return f" {said['or']} ".join(f"{said['text_lower' if way == 'text' else 'call_lower']} {number}" for way in ways)

    now = "; ".join(f"{line.label}: {reach(line.ways, line.number)}" for line in clinic.crisis_lines)
    today = f"{clinic.name}: {reach(['call'], clinic.phone)}"
    if clinic.opening_hours:
        today += f" ({clinic.opening_hours})"
    closed = (f"{clinic.after_hours.label}: {reach(['call'], clinic.after_hours.number)}" if clinic.after_hours
              else said["closed_use_crisis"].rstrip("."))
    return (f'<p class="kap-search-help"><strong>{escape(said["now_short"])}</strong> {escape(now)}.</p>'
            f'<p class="kap-search-help"><strong>{escape(said["today_short"])}</strong> {escape(today)}. '
            f'<strong>{escape(said["when_closed"])}</strong> {escape(closed)}.</p>')


def search_config(pages: dict[str, PageWords], words: SearchWords, help_location: str, help_html: str,
                  language: str = "en") -> dict:
    """What the browser's search needs besides the theme's index (``config.kap``); ``lang`` tells the search
    which stemmer and small words to use."""
    return {
        "lang": language,
        "pages": {location: {"description": page.description, "keywords": page.keywords}
                  for location, page in pages.items()},
        "synonyms": [{"words": s.words, "means": list(s.means)} for s in words.synonyms],
        "crisis": list(words.crisis),
        "help": {"location": help_location, "html": help_html},
    }
