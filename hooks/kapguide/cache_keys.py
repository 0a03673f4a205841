"""One way to key kept results: every input that shapes them, so a change to any of them is never missed.

Kept results (page checks, reading grades, worksheet PDFs, security results) are reused only when
their key is the same. A key covers the code that made the result (every module of this package,
the worksheet templates), the versions of the libraries involved, and the inputs given.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=8)
def code_digest(*libraries: str) -> str:
    """A hash of this package's code (modules and worksheet templates) and the named libraries' versions."""
    digest = hashlib.sha256()
    for library in libraries:
        try:
            digest.update(f"{library}=={version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library} missing".encode())
    files = sorted(PACKAGE.glob("*.py")) + sorted((PACKAGE / "worksheet_templates").glob("*"))
    for path in files:
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(*parts: str, libraries: tuple[str, ...] = ()) -> str:
    """A key for a kept result made from ``parts`` by this package's code with ``libraries``."""
    digest = hashlib.sha256(code_digest(*libraries).encode())
    for part in parts:
        digest.update(b"\0")
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()
