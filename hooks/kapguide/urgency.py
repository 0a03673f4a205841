"""The three levels of urgency, and the check that keeps every page on them.

Patients are told when to get help in one way only:

- **now**: call the emergency number or a crisis line (the signs in the first list of
  docs/_snippets/warning-signs.md);
- **today**: contact the treatment team, or the after-hours line when the clinic is closed
  (the second list);
- **at your next visit**: the usual ups and downs.

The signs themselves live in the shared text (docs/_snippets/warning-signs.md, and the short box
docs/_snippets/when-to-get-help.md). A page that tells readers to call "straight away" or
"urgently", or tells them to call their team "now", or lists signs of danger without the shared
text, drifts from these levels: ``check_urgency`` reports it with the page's file and line.
"""

from __future__ import annotations

import re

from kapguide.findings import Finding
from kapguide.markdown_lines import lines_outside_code
from kapguide.snippet_refs import find_snippet_refs

RULE = "urgency"
SHARED_TEXTS = ("warning-signs.md", "when-to-get-help.md")

LEVELS = {
    "now": "call the emergency number or a crisis line now",
    "today": "contact your treatment team today (when the clinic is closed, the after-hours line)",
    "next": "at your next visit",
}

FIX = ("Use one of the three levels, in these words: "
       + "; ".join(f'"{wording}"' for wording in LEVELS.values())
       + ". The signs for each level are in docs/_snippets/warning-signs.md (see hooks/kapguide/urgency.py).")

# The reader is told to reach out to someone. Speaking to the people in the room ("tell your therapist
# straight away if you feel sick") is not a level of urgency, so "tell" counts only for the treatment team.
_CONTACT = re.compile(r"\b(?:call|contact|phone|ring|text|reach|get help|seek help|get in touch|get hold of"
                      r"|tell (?:your |the )?treatment team)\b", re.IGNORECASE)
# ... with a timing that is not one of the three levels.
_OTHER_TIMING = re.compile(r"\b(?:straight away|right away|immediately|urgently|as soon as (?:possible|you can)|asap"
                           r"|without delay|at once|promptly|quickly|soon(?! after))\b", re.IGNORECASE)
# "Now" is for the emergency number and crisis lines; the team is "today".
_TEAM = re.compile(r"\b(?:your (?:treatment )?team|your clinic|your therapist|your doctor|the clinic)\b", re.IGNORECASE)
_NOW = re.compile(r"\b(?<!right )(?<!help )(?<![-/])now\b", re.IGNORECASE)  # not "Get help now", the page, or its address
_EMERGENCY = re.compile(r"\b(?:emergency|crisis|911|999|988|ambulance)\b", re.IGNORECASE)

# Signs of danger that belong in the shared text, not in a page's own list.
_DANGER_SIGN = re.compile(r"\b(?:suicid\w*|self-harm\w*|self harm\w*|(?:hurt|harm)(?:ing)? (?:yourself|myself|themselves)"
                          r"|end (?:your|my|their) life|chest pain|trouble breathing|seizure|faint(?:ing|ed)?|paranoi\w*"
                          r"|hallucinat\w*)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?!\[)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _without_comments(line: str) -> str:
    """The line without <!-- notes -->, in one pass (a note never closed runs to the end of the line)."""
    if "<!--" not in line:
        return line
    kept, start = [], 0
    while (opened := line.find("<!--", start)) != -1:
        kept.append(line[start:opened])
        closed = line.find("-->", opened + 4)
        if closed == -1:
            return "".join(kept)
        start = closed + 3
    kept.append(line[start:])
    return "".join(kept)


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(_without_comments(line)) if s.strip()]


def timing_problem(sentence: str) -> str | None:
    """Why a sentence uses another urgency wording, or None when it keeps to the three levels."""
    if not _CONTACT.search(sentence):
        return None
    other = _OTHER_TIMING.search(sentence)
    if other:
        return f'"{other.group(0)}"'
    if _TEAM.search(sentence) and _NOW.search(sentence) and not _EMERGENCY.search(sentence):
        return '"now" for the treatment team (the team is "today"; "now" is for the emergency number or a crisis line)'
    return None


def check_urgency(body: str, first_line: int, path: str, is_shared_text: bool = False) -> list[Finding]:
    """Findings for urgency wording outside the three levels, and for danger signs listed without the shared text
    (``is_shared_text``: the body is one of the shared texts, which are where the signs are listed)."""
    findings: list[Finding] = []
    uses_shared_text = any(ref.path.strip().rsplit("/", 1)[-1] in SHARED_TEXTS
                           for ref in find_snippet_refs(body, first_line))
    listed_sign_at: int | None = None
    for number, line in lines_outside_code(body, first_line):
        for sentence in _sentences(line):
            problem = timing_problem(sentence)
            if problem:
                findings.append(Finding(RULE, path, f"This sentence says when to get help with {problem}, which is not "
                                        "one of the three levels of urgency.", line=number, fix=FIX))
                break
        if listed_sign_at is None and _LIST_ITEM.match(line) and _DANGER_SIGN.search(line):
            listed_sign_at = number
    if listed_sign_at is not None and not (uses_shared_text or is_shared_text):
        findings.append(Finding(RULE, path, "This page lists a sign of danger but not the shared warning signs, so a "
                                "reader may not know which level of urgency it needs.", line=listed_sign_at,
                                fix='Add a care card with --8<-- "when-to-get-help.md" (or the full list, '
                                    '--8<-- "warning-signs.md") and a link to the Get help now page.'))
    return findings
