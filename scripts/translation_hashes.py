"""Print, or write, the source_hash each translated page and worksheet should hold (docs-es/ and any other docs-xx/).

    python scripts/translation_hashes.py           list each translation: its path, the hash, and whether it holds it
    python scripts/translation_hashes.py --write   set the hash in each translation that does not hold it yet

Write only after checking that each translation says the same as its English page: the hash records that check
(CONTRIBUTING.md, "Pages in two languages"; hooks/kapguide/translation_parity.py). --write changes one line of
each file (the source_hash line of a page's front matter, or the '# source_hash:' line of a worksheet), or adds it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kapguide.translation_parity import recorded_hash, translations, with_source_hash  # noqa: E402


def main(argv: list[str]) -> int:
    write = "--write" in argv
    main_docs = ROOT / "docs"
    folders = sorted(path for path in ROOT.glob("docs-*") if path.is_dir())
    if not folders:
        print("No translated folder (docs-xx/) beside docs/.", file=sys.stderr)
        return 1
    changed = 0
    for folder in folders:
        for relative, value in translations(main_docs, folder):
            path = folder / relative
            text = path.read_text(encoding="utf-8")
            held, _line = recorded_hash(text, relative)
            state = "ok" if held == value else "not set" if held is None else f"was {held or '(empty)'}"
            shown = path.relative_to(ROOT).as_posix()
            if write and held != value:
                updated = with_source_hash(text, relative, value)
                if updated is None:
                    print(f"{shown}: no front matter to hold source_hash: {value}", file=sys.stderr)
                    continue
                path.write_text(updated, encoding="utf-8")
                changed += 1
                state += ", written"
            print(f"{shown}: source_hash: {value} ({state})")
    if write:
        print(f"{changed} file(s) written.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
