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
        """One line for a person: where, what, and how to fix it (a line break in a file name or value is shown
        as \\n, so the message stays one line and no line of it can pass for a CI command)."""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return _one_line(f"{self.where()}: {self.message}{fix} [{self.rule}]")

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command, shown on the line in a pull request.

        Everything in it comes from content (a file may be named 'x\\n::error file=y::...'), so it is
        escaped as GitHub's runner reads commands: a new line would start a forged command, and a ':'
        or ',' in a property would end it early."""
        level = "error" if self.severity == "error" else "warning"
        props = f"file={_property(self.path)}"
        if self.line:
            props += f",line={self.line}"
        props += f",title={_property(self.rule)}"
        return f"::{level} {props}::{_command_data(self.message + (' Fix: ' + self.fix if self.fix else ''))}"

    def as_dict(self) -> dict:
        return asdict(self)


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _command_data(text: str) -> str:
    """The message of a GitHub workflow command: '%' and line breaks written as %XX."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A property of a GitHub workflow command (file=..., title=...): also ':' and ',', which end it."""
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Did you mean "x"?' when ``word`` is a near miss for one of ``choices``, or ''."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""
