"""Check that mkdocs.yml can be read, before MkDocs reads it (make build, make serve and the workflows run this first).

    python scripts/check_settings_file.py [mkdocs.yml]

Prints `mkdocs.yml:LINE: what is wrong. Fix: ...` and exits with 1 when the file cannot be read;
under GitHub Actions it also writes an annotation on the line and a note in the job summary.
The rules live in hooks/kapguide/settings_file.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from kapguide.settings_file import check_settings_text  # noqa: E402


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "mkdocs.yml"
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        print(f"{path}: the settings file could not be opened ({err.__class__.__name__}).", file=sys.stderr)
        return 1
    findings = check_settings_text(text, path)
    for finding in findings:
        print(finding.text(), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(finding.github_annotation())
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if findings and summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write("## The settings file could not be read\n\n")
            out.writelines(f"- `{f.where()}`: {f.message} {f.fix}\n" for f in findings)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
