"""Results of the security checks kept between builds (``.cache/security.json``).

A warm build publishes the same pages as the last one, so the sanitizer, the check of each
published file and the final check of each finished page would find the same thing again.
``KeptResults`` remembers each result under a hash of what was checked and of the code that
checked it (the modules named in ``CODE``, and the nh3 version), so a changed rule or a
changed page is always checked afresh. Results not used by a build are dropped when it saves.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

CODE = ("addresses.py", "html_sanitizer.py", "htmlscan.py", "page_gate.py", "privacy.py", "published_files.py",
        "svg_picture_check.py", "kept_results.py")


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    digest = hashlib.sha256(version("nh3").encode())
    for name in CODE:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


class KeptResults:
    """``get(kind, content)`` / ``put(kind, content, value)`` for JSON-able values; ``save()`` once a build."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.used: dict[str, object] = {}
        self.known: dict[str, object] = {}
        if path is not None:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self.known = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.known = {}

    @staticmethod
    def key(kind: str, content: str | bytes) -> str:
        data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        return hashlib.sha256(code_digest().encode() + kind.encode() + b"\0" + data).hexdigest()[:32]

    def get(self, kind: str, content: str | bytes) -> object | None:
        key = self.key(kind, content)
        if key in self.known:
            self.used[key] = self.known[key]
            return self.known[key]
        return None

    def put(self, kind: str, content: str | bytes, value: object) -> None:
        self.used[self.key(kind, content)] = value

    def save(self) -> None:
        if self.path is None or self.used == self.known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.used), encoding="utf-8")
        except OSError:
            pass  # a read-only checkout still builds; it checks everything again next time
