"""The build report: one JSON file for machines and one Markdown file for people.

Written outside the published site (``extra.checks.report_dir``, default
``build-report/``). The pull-request summary shows the Markdown one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kapguide.findings import Finding


@dataclass
class PageStats:
    path: str
    title: str
    status: str
    grade: float | None  # English pages: the Flesch-Kincaid grade
    words: int
    longest_sentence: int
    longest_sentence_line: int | None
    review_due: str = ""
    inflesz: float | None = None  # Spanish pages: INFLESZ (hooks/kapguide/readability.py)


@dataclass
class BuildReport:
    pages: list[PageStats] = field(default_factory=list)
    worksheets: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    external_links: dict[str, list[str]] = field(default_factory=dict)
    links_checked: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent in each hook
    weakened: list[str] = field(default_factory=list)  # checks or protections switched off in this build
    unset_settings: list[str] = field(default_factory=list)  # clinic rules pages show as "ask your team"
    before_publishing: list[str] = field(default_factory=list)  # settings still as shipped (site_settings.py)
    untranslated_settings: list[str] = field(default_factory=list)  # clinic words shown in the main language

    def as_dict(self) -> dict:
        return {
            "pages": [asdict(p) for p in sorted(self.pages, key=lambda p: p.path)],
            "worksheets": self.worksheets,
            "findings": [f.as_dict() for f in self.findings],
            "external_links": self.external_links,
            "links_checked": self.links_checked,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "weakened": self.weakened,
            "unset_settings": self.unset_settings,
            "before_publishing": self.before_publishing,
            "untranslated_settings": self.untranslated_settings,
            "summary": {
                "pages": len(self.pages),
                "worksheets": len(self.worksheets),
                "errors": sum(f.severity == "error" for f in self.findings),
                "warnings": sum(f.severity == "warning" for f in self.findings),
            },
        }

    def markdown(self) -> str:
        data = self.as_dict()
        summary = data["summary"]
        out = ["# Build report", "",
               f"{summary['pages']} pages, {summary['worksheets']} worksheets, "
               f"{summary['errors']} errors, {summary['warnings']} warnings, {self.links_checked} links checked.", ""]
        if self.weakened:
            out += ["> [!WARNING]", "> **Checks are switched off in this build.** A reviewer should confirm this is intended:", ">"]
            out += [f"> - {_cell(item)}" for item in self.weakened]
            out.append("")
        if self.findings:
            out += ["## Problems to fix", "",
                    "Each rule is explained in CONTRIBUTING.md, \"How to read a failed check\".", "",
                    "| | File | Line | Problem | How to fix | Rule |", "|---|---|---|---|---|---|"]
            for f in self.findings:
                mark = "Error" if f.severity == "error" else "Warning"
                out.append(f"| {mark} | `{f.path}` | {f.line or ''} | {_cell(f.message)} | {_cell(f.fix)} | `{f.rule}` |")
            out.append("")
        if self.before_publishing:
            out += ["## Before you publish", ""] + [f"- {_cell(item)}" for item in self.before_publishing] + [""]
        out += _settings_list("Clinic settings not filled in", "Pages tell patients to ask the team about these. Add "
                              "your clinic's own rule under `extra.clinic.treatment` in mkdocs.yml to show it instead:",
                              self.unset_settings)
        out += _settings_list("Clinic settings not yet in this language", "Pages in this language show these in the main "
                              "language. Add them under `extra.clinic.translations` in mkdocs.yml:",
                              self.untranslated_settings)
        measures = {"INFLESZ" if p["inflesz"] is not None else "Grade" for p in data["pages"]}
        measure = " / ".join(sorted(measures, reverse=True)) or "Grade"  # a build's pages are in one language
        out += ["## Pages", "", f"| Page | Status | {measure} | Words | Longest sentence | Review due |",
                "|---|---|---|---|---|---|"]
        for p in data["pages"]:
            longest = f"{p['longest_sentence']} words (line {p['longest_sentence_line']})" if p["longest_sentence_line"] else "-"
            score = p["inflesz"] if p["inflesz"] is not None else p["grade"]
            out.append(f"| `{p['path']}` | {p['status']} | {score} | {p['words']} | {longest} | {p['review_due'] or '-'} |")
        if self.worksheets:
            out += ["", "## Worksheets", "", "| Worksheet | Section | Pages | PDF |", "|---|---|---|---|"]
            for w in self.worksheets:
                out.append(f"| {w.get('title', '')} (`{w.get('id', '')}`) | {w.get('section', '')} | "
                           f"{w.get('pages', '')} | {w.get('pdf', '')} |")
        if self.external_links:
            out += ["", "## External links (not fetched unless asked)", ""]
            out += [f"- {url}" for url in sorted(self.external_links)]
        return "\n".join(out) + "\n"

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.json").write_text(json.dumps(self.as_dict(), indent=2, default=str), encoding="utf-8")
        (folder / "report.md").write_text(self.markdown(), encoding="utf-8")


def _settings_list(title: str, intro: str, settings: list[str]) -> list[str]:
    return ["## " + title, "", intro, ""] + [f"- `{item}`" for item in settings] + [""] if settings else []


def _cell(text: str) -> str:
    """Text for a Markdown table cell, with any HTML in it shown as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|").replace("\n", " ")


EXPECTED_HOOKS = ("security_hook.py", "site_hook.py", "worksheets_hook.py", "checks_hook.py")


def weakened_checks(settings, hooks: list[str], root: Path) -> list[str]:
    """What this build runs without: rules switched off in extra.checks.disable, and hooks missing from `hooks:`."""
    found = [f"Rule '{rule}' is switched off (extra.checks.disable in mkdocs.yml)." for rule in sorted(settings.disabled)]
    names = {Path(hook).name for hook in hooks}
    found += [f"hooks/{hook} is not in the hooks: list of mkdocs.yml." for hook in EXPECTED_HOOKS if hook not in names]
    return found
