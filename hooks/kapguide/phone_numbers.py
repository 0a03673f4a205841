"""Phone numbers typed into a page.

Every number a patient may call comes from the settings (extra.clinic in mkdocs.yml): the help card at the
top of every page, the get-help page and the worksheets print them, so a clinic changes a number in one
place and no page keeps an old one. A number written into a page's text (the clinic's "03 5550 4120", or
"call 988") would be missed by that change, and is wrong for every other clinic that uses the page.
``check_phone_numbers`` names it with its file and line.
"""

from __future__ import annotations

import re

from kapguide.findings import Finding
from kapguide.markdown_lines import lines_outside_code

RULE = "phone-number"
FIX = ("Remove the number and name the line instead (\"the clinic\", \"a crisis line\", \"the emergency number\"): "
       "every page shows the numbers from extra.clinic in mkdocs.yml in its \"Need help now?\" box.")

# Seven to fifteen digits, as people write them ("+61 3 5550 4120", "(555) 010-0199", "0477 13 11 14").
_LONG = re.compile(r"(?<![\w/#.:-])\+?\(?\d(?:[ .()\-]{0,2}\d){6,14}(?![\w/-])")
# A short number right after a word that means reaching it ("call 988", "text 741741", "llame al 911").
_SHORT = re.compile(r"\b(?:call|text|dial|phone|ring|llame(?: al)?|llamar(?: al)?|marque(?: el)?|marcar(?: el)?"
                    r"|escriba al|env[ií]e un mensaje(?: de texto)? al)\s+(?:the\s+)?(\d{3,6})\b", re.IGNORECASE)
# Not numbers to call: dates (2026-06-01) and ranges of years (2024-2026).
_NOT_A_PHONE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{4}\s*[-–]\s*\d{4}$")


def phone_numbers_in(line: str) -> list[str]:
    """The phone numbers written in one line of text, as written."""
    found = [m.group(0).strip() for m in _LONG.finditer(line) if not _NOT_A_PHONE.match(m.group(0).strip())]
    found += [m.group(1) for m in _SHORT.finditer(line) if m.group(1) not in " ".join(found)]
    return found


def check_phone_numbers(body: str, first_line: int, path: str) -> list[Finding]:
    """A finding for each phone number written in the page's text (code blocks left out)."""
    findings = []
    for number, line in lines_outside_code(body, first_line):
        for written in phone_numbers_in(line):
            findings.append(Finding(RULE, path, f"The phone number '{written}' is written into the page; numbers come "
                                    "from the settings, so a change there would miss it.", line=number, fix=FIX))
    return findings
