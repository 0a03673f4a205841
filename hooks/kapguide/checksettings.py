"""Settings of the content checks (``extra.checks`` in mkdocs.yml), with defaults.

    extra:
      checks:
        sections:            # folder -> pages it must contain; every page in them must be in the nav
          preparation: [index.md, what-is-kap.md]
        reading:
          max_grade: 8             # Flesch-Kincaid grade of an English page's prose, at most
          min_inflesz: 65          # INFLESZ of a Spanish page's prose, at least (65: "bastante fácil")
          max_sentence_words: 25   # longer sentences are warnings
          max_paragraph_words: 120 # longer paragraphs are warnings
        links:
          check_external: false    # true (or KAP_CHECK_EXTERNAL=1) fetches external URLs
          timeout: 10              # seconds per external URL
          concurrency: 8           # external URLs fetched at once
        report_dir: build-report   # JSON and Markdown build report, outside the site
        disable: []                # rule names to switch off, e.g. [long-paragraph]
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from kapguide.findings import Finding
from kapguide.rules import RULES as RULE_REGISTRY
from kapguide.spelling import VARIANTS

RULES = tuple(RULE_REGISTRY)  # every rule name, from the one list in hooks/kapguide/rules.py


@dataclass(frozen=True)
class CheckSettings:
    sections: dict[str, list[str]] = field(default_factory=dict)
    max_grade: float = 8.0
    min_inflesz: float = 65.0
    max_sentence_words: int = 25
    max_paragraph_words: int = 120
    check_external: bool = False
    timeout: float = 10.0
    concurrency: int = 8
    report_dir: str = "build-report"
    disabled: frozenset[str] = frozenset()
    spelling: str = "en-US"                       # en-US | en-GB | off (hooks/kapguide/spelling.py)
    spelling_ignore: frozenset[str] = frozenset()  # words that are right as written
    plain_words: str = "plain-words.yml"          # hard word -> plain words (hooks/kapguide/plain_words.py); for
                                                  # another language, plain-words.<code>.yml unless set
    plain_words_set: bool = False                  # named in the settings: a missing file is then a mistake

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled


def _number(raw: dict, key: str, default: float, where: str, findings: list[Finding]) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        findings.append(Finding("settings", "mkdocs.yml", f"extra.checks.{where}.{key} must be a positive number.",
                                fix=f"Use a number, e.g. {key}: {default}."))
        return default
    return value


def load_check_settings(extra: dict | None, env: dict | None = None) -> tuple[CheckSettings, list[Finding]]:
    findings: list[Finding] = []
    raw = (extra or {}).get("checks") or {}
    if not isinstance(raw, dict):
        return CheckSettings(), [Finding("settings", "mkdocs.yml", "extra.checks must be a block of settings.")]
    sections_raw = raw.get("sections") or {}
    sections: dict[str, list[str]] = {}
    if isinstance(sections_raw, dict):
        for folder, pages in sections_raw.items():
            if pages is None:
                pages = []
            if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
                findings.append(Finding("settings", "mkdocs.yml",
                                        f"extra.checks.sections.{folder} must be a list of page files.",
                                        fix="Write it as [index.md, other-page.md]."))
                pages = []
            sections[str(folder).strip("/")] = list(pages)
    else:
        findings.append(Finding("settings", "mkdocs.yml", "extra.checks.sections must map folders to page lists."))
    reading = raw.get("reading") or {}
    links = raw.get("links") or {}
    disabled = raw.get("disable") or []
    if not isinstance(disabled, list):
        disabled = [disabled]
    for rule in disabled:
        if rule not in RULES:
            close = difflib.get_close_matches(str(rule), RULES, n=1, cutoff=0.6)
            hint = f' Did you mean "{close[0]}"?' if close else ""
            findings.append(Finding("settings", "mkdocs.yml", f"extra.checks.disable names an unknown rule '{rule}'.{hint}",
                                    fix=f"Known rules: {', '.join(RULES)}."))
    spelling = raw.get("spelling", "en-US")
    if spelling is False:
        spelling = "off"
    if spelling not in VARIANTS:
        findings.append(Finding("settings", "mkdocs.yml", f"extra.checks.spelling is '{spelling}'.",
                                fix=f"Use one of: {', '.join(VARIANTS)}."))
        spelling = "en-US"
    ignore = raw.get("spelling_ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(word, str) for word in ignore):
        findings.append(Finding("settings", "mkdocs.yml", "extra.checks.spelling_ignore must be a list of words.",
                                fix="Write it as spelling_ignore: [word, other-word]."))
        ignore = []
    env = env or {}
    check_external = bool(links.get("check_external", False)) or env.get("KAP_CHECK_EXTERNAL", "") in ("1", "true", "yes")
    settings = CheckSettings(
        sections=sections,
        max_grade=float(_number(reading, "max_grade", 8, "reading", findings)),
        min_inflesz=float(_number(reading, "min_inflesz", 65, "reading", findings)),
        max_sentence_words=int(_number(reading, "max_sentence_words", 25, "reading", findings)),
        max_paragraph_words=int(_number(reading, "max_paragraph_words", 120, "reading", findings)),
        check_external=check_external,
        timeout=float(_number(links, "timeout", 10, "links", findings)),
        concurrency=int(_number(links, "concurrency", 8, "links", findings)),
        report_dir=str(raw.get("report_dir") or "build-report"),
        disabled=frozenset(str(r) for r in disabled),
        spelling=spelling,
        spelling_ignore=frozenset(word.lower() for word in ignore),
        plain_words=str(raw.get("plain_words") or "plain-words.yml"),
        plain_words_set=bool(raw.get("plain_words")),
    )
    return settings, findings
