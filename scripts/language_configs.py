"""Print the settings file of each of the guide's other languages, one per line, for `make build`.

The languages are extra.languages in the given settings file (the main one first); each other language
``xx`` is built by ``mkdocs.xx.yml`` beside it (hooks/kapguide/site_language.py). A listed language
without its settings file is an error that says what to add.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def _languages(config_file: Path) -> list[str]:
    """extra.languages, following INHERIT (a file that does not set it takes it from the file it inherits)."""
    data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    languages = (data.get("extra") or {}).get("languages")
    if languages is None and data.get("INHERIT"):
        return _languages(config_file.parent / data["INHERIT"])
    return [str(code) for code in languages or []]


def main(argv: list[str]) -> int:
    config_file = Path(argv[1] if len(argv) > 1 else "mkdocs.yml")
    try:
        languages = _languages(config_file)
    except (OSError, yaml.YAMLError) as error:  # the build itself reports a broken settings file, with its line
        print(f"{config_file}: could not read extra.languages ({error.__class__.__name__}).", file=sys.stderr)
        return 0
    for code in languages[1:]:
        other = config_file.with_name(f"mkdocs.{code}.yml")
        if not other.is_file():
            print(f"{config_file}: extra.languages lists '{code}', but {other} does not exist. Fix: add it "
                  f"(copy mkdocs.es.yml and change es to {code}), or remove {code} from extra.languages.", file=sys.stderr)
            return 1
        print(other)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
