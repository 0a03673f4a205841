"""One shape for every problem the checks report.

A finding names the file (relative to the repository), the line where there
is one, what is wrong and what to do about it. Hooks send findings to the
MkDocs logger; tests compare them directly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str
    message: str
    line: int | None = None
    severity: Severity = "error"
    fix: str = ""

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def text(self) -> str:
        """One line for a person: where, what, and how to fix it."""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{self.where()}: {self.message}{fix} [{self.rule}]"

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command, shown on the line in a pull request."""
        level = "error" if self.severity == "error" else "warning"
        props = f"file={self.path}"
        if self.line:
            props += f",line={self.line}"
        props += f",title={self.rule}"
        body = f"{self.message}{' Fix: ' + self.fix if self.fix else ''}"
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} {props}::{body}"

    def as_dict(self) -> dict:
        return asdict(self)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean "x"?' when ``word`` is a near miss for one of ``choices``, or ''."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""
