"""Every rule that reads one page's Markdown source, in one call, with results kept between builds.

``check_page`` runs the front matter, heading, image, warning-signs, worksheet and reading
rules on a page and returns its findings and its row in the build report.
``PageCheckCache`` keeps those results in a small JSON file (``.cache/page-checks.json``),
keyed on a hash of the page's text, its path, the settings that shape the results and the
code of the rules themselves, so a page that has not changed is not checked again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kapguide.findings import Finding
from kapguide.report import PageStats

if TYPE_CHECKING:  # the rule modules are imported inside check_page: an unchanged site never needs them
    from kapguide.readability import GradeCache

HELP_PAGE = "get-help-now.md"


@dataclass(frozen=True)
class PageCheckSettings:
    """Everything besides the page itself that changes what the page rules find."""
    require_approved: bool = False
    overdue_severity: str = "warning"
    today: dt.date | None = None
    known_worksheets: frozenset[str] | None = None  # None: worksheet ids are not checked
    language: str = "en"  # the pages' language: its reading measure, and English spelling for English pages only
    max_grade: float = 8.0
    min_inflesz: float = 65.0
    max_sentence_words: int = 25
    max_paragraph_words: int = 120
    spelling: str = "en-US"
    spelling_ignore: frozenset[str] = frozenset()
    plain_words: tuple[tuple[str, str], ...] = ()
    plain_words_file: str = "plain-words.yml"  # named in the plain-words messages

    @functools.cached_property
    def fingerprint(self) -> str:
        """The settings as stable text (worksheet ids sorted), for cache keys; worked out once."""
        values = asdict(self)
        if self.known_worksheets is not None:
            values["known_worksheets"] = sorted(self.known_worksheets)
        values["spelling_ignore"] = sorted(self.spelling_ignore)
        return repr(sorted(values.items()))


@dataclass
class PageResult:
    findings: list[Finding]
    stats: PageStats


def check_page(text: str, path: str, src_uri: str, settings: PageCheckSettings,
               grades: GradeCache | None = None) -> PageResult:
    """Run every source rule on one page. ``path`` is named in findings; ``src_uri`` is its place in docs/."""
    from kapguide.frontmatter import split
    from kapguide.pagemeta import as_date, check_meta
    from kapguide.phone_numbers import check_phone_numbers
    from kapguide.plain_words import check_plain_words
    from kapguide.readability import check_reading, measure
    from kapguide.spelling import check_spelling
    from kapguide.structure import check_headings, check_images, check_warning_signs_link, check_worksheet_refs
    from kapguide.treatment import token_findings, without_tokens
    from kapguide.urgency import check_urgency

    parsed = split(text, path)
    body, first = parsed.body, parsed.body_start_line
    findings = parsed.findings or check_meta(
        parsed.meta, path, parsed.meta_lines, require_approved=settings.require_approved,
        today=settings.today, overdue_severity=settings.overdue_severity)
    findings = list(findings)
    findings += check_headings(body, first, parsed.meta.get("title"), path)
    findings += check_images(body, first, path)
    findings += check_warning_signs_link(body, first, path, src_uri == HELP_PAGE)
    if src_uri == HELP_PAGE:
        findings += _help_page_found_by_search(parsed.meta, parsed.meta_lines, path)
    findings += check_urgency(body, first, path)
    findings += check_phone_numbers(body, first, path)
    findings += token_findings(text, path)
    if settings.language == "en":  # the spelling variants (en-US, en-GB) are English
        findings += check_spelling(body, first, path, settings.spelling, settings.spelling_ignore)
    findings += check_plain_words(body, first, path, dict(settings.plain_words), settings.plain_words_file,
                                  settings.language)
    if settings.known_worksheets is not None:
        findings += check_worksheet_refs(parsed.meta.get("worksheets"), set(settings.known_worksheets), path,
                                         parsed.meta_lines.get("worksheets", 1))
    level = measure(without_tokens(body), first, grades, settings.language)  # the clinic's rules are not the page's
    findings += check_reading(level, path, first, settings.max_grade, settings.max_sentence_words,
                              settings.max_paragraph_words, grades, settings.min_inflesz)
    longest = level.longest
    due = as_date(parsed.meta.get("review_due"))
    spanish = level.language == "es"
    stats = PageStats(path, str(parsed.meta.get("title", "")), str(parsed.meta.get("status", "")),
                      None if spanish else level.score, level.words, longest.words if longest else 0,
                      longest.line if longest else None, due.isoformat() if due else "",
                      inflesz=level.score if spanish else None)
    return PageResult(findings, stats)


def _help_page_found_by_search(meta: dict, meta_lines: dict, path: str) -> list[Finding]:
    """The get-help page must stay in the search index: a search about suicide or an emergency, in any wording, puts
    it first with the clinic's numbers (kap-search-worker.js), which ``search: {exclude: true}`` would undo."""
    search = meta.get("search")
    if not (isinstance(search, dict) and search.get("exclude") is True):
        return []
    return [Finding("front-matter", path, "'search: exclude' would take the get-help page out of the search, so a "
                    "crisis search could no longer put it first with the clinic's numbers.",
                    line=meta_lines.get("search"), fix="Remove the search: exclude line from this page.")]


@functools.lru_cache(maxsize=1)
def rules_digest() -> str:
    """A hash of this package's code and the checking libraries' versions: results of older rules are not reused."""
    from kapguide.cache_keys import code_digest

    return code_digest("textstat", "codespell", "pyyaml", "markdown", "pymdown-extensions")


class PageCheckCache:
    """Results of ``check_page`` for pages already checked, kept in ``folder`` between builds.

    ``page-checks.json`` holds each page's findings and report row; ``reading-grades.json``
    (readability.GradeCache) holds reading grades, which outlive a change of settings such as
    the date. The rules and the grade cache are loaded only when a page must be checked.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.path = folder / "page-checks.json" if folder else None
        self.grades_path = folder / "reading-grades.json" if folder else None
        self.entries: dict[str, dict] = {}
        self.used: set[str] = set()
        self.hits = 0
        self.grades: GradeCache | None = None
        self.kept_grades: set[str] = set()  # grade keys of pages whose results were reused
        if self.path and self.path.is_file():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                self.entries = loaded if isinstance(loaded, dict) else {}
            except (ValueError, OSError):
                self.entries = {}

    @staticmethod
    def key(text: str, path: str, src_uri: str, settings: PageCheckSettings) -> str:
        parts = (rules_digest(), path, src_uri, settings.fingerprint, text)
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]

    def check(self, text: str, path: str, src_uri: str, settings: PageCheckSettings) -> PageResult:
        key = self.key(text, path, src_uri, settings)
        self.used.add(key)
        entry = self.entries.get(key)
        kept = self._load(entry)
        if kept is not None and entry is not None:
            self.hits += 1
            self.kept_grades.update(entry.get("grades", []))
            return kept
        grades = self._grade_cache()
        grades_before = set(grades.used)
        result = check_page(text, path, src_uri, settings, grades)
        self.entries[key] = {"findings": [f.as_dict() for f in result.findings], "stats": asdict(result.stats),
                             "grades": sorted(grades.used - grades_before)}
        return result

    def _grade_cache(self) -> GradeCache:
        if self.grades is None:
            from kapguide.readability import GradeCache

            self.grades = GradeCache(self.grades_path)
        return self.grades

    @staticmethod
    def _load(entry: object) -> PageResult | None:
        """A kept result, or None when there is none or it cannot be read (then the page is checked again)."""
        if not isinstance(entry, dict):
            return None
        try:
            return PageResult([Finding(**f) for f in entry["findings"]], PageStats(**entry["stats"]))
        except (KeyError, TypeError):
            return None

    def save(self) -> None:
        """Write the results this build used; older ones are dropped, so the files stay small."""
        if not self.path or (self.grades is None and self.used == set(self.entries)):
            return  # every result was reused and none dropped: nothing to write
        kept = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
            if self.grades is not None:
                self.grades.used.update(self.kept_grades)
                self.grades.save()
        except OSError:
            pass  # a read-only checkout still builds; it just checks every page next time
