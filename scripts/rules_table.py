"""Print, or write into CONTRIBUTING.md, the table of rules made from hooks/kapguide/rules.py.

    python scripts/rules_table.py           print the table
    python scripts/rules_table.py --write   replace the table in CONTRIBUTING.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kapguide.rules import table  # noqa: E402

START = "<!-- rules table:"
END = "<!-- end of rules table -->"


def with_table(text: str) -> str:
    """CONTRIBUTING.md's text with the table between its two markers made afresh."""
    pattern = re.compile(re.escape(START) + r"[^\n]*\n.*?" + re.escape(END), re.S)
    marker = re.search(re.escape(START) + r"[^\n]*\n", text)
    if not marker:
        raise SystemExit(f"CONTRIBUTING.md has no line starting with {START}")
    return pattern.sub(lambda _m: marker.group(0) + table() + END, text, count=1)


def main(argv: list[str]) -> int:
    if "--write" not in argv:
        print(table(), end="")
        return 0
    path = ROOT / "CONTRIBUTING.md"
    path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
