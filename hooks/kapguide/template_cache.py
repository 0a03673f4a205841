"""Compiled page templates kept between builds: half a second less for every build and every preview rebuild.

Each build makes a new Jinja environment and compiles the theme's templates again (about 50, half a second).
Jinja can keep the compiled code in a folder (a bytecode cache), but its own key is only the template's name and
file: a template compiled with other settings (say, by a build where the escaping hook did not run) would be
used as it is, unescaped. Here the key also holds everything in the environment that shapes the compiled code:
whether that template is escaped, the syntax settings, the extensions, how each filter and test is called, and
the Jinja and Python versions. Jinja itself checks the template's text (a checksum) before it uses the code.

The folder is in the machine's cache folder (``shared_cache_dir``), never in the project, so that nothing a pull
request adds can stand in for compiled code; it is used only when no one but this user can write in it. Files not
written for ``KEEP_DAYS`` are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

FOLDER = "templates"  # in shared_cache_dir()
KEEP_DAYS = 30
PATTERN = "__jinja2_%s.cache"

# What the Environment keeps that the compiler and the lexer read.
SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
          "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
          "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async")


def _called_as(function: object) -> str:
    """How compiled code calls a filter, test or finalize function (with the context, the environment...)."""
    passed = getattr(function, "jinja_pass_arg", None)
    return getattr(passed, "name", "plain")


def compile_settings(env: jinja2.Environment, name: str) -> str:
    """Everything in ``env`` that shapes the code compiled for the template ``name``, as text."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    return repr((
        jinja2.__version__, sys.version_info[:3], type(env).__qualname__, env.code_generator_class.__qualname__,
        bool(autoescape), [(field, getattr(env, field)) for field in SYNTAX],
        sorted(env.extensions), None if env.finalize is None else _called_as(env.finalize),
        sorted((key, _called_as(value)) for key, value in env.filters.items()),
        sorted((key, _called_as(value)) for key, value in env.tests.items()),
    ))


class SettingsKeyedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file bytecode cache, keyed by the template's name and file and by the environment's settings."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = hashlib.sha256(f"{name}\0{filename}\0{compile_settings(environment, name)}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a folder that cannot be written: compiled again next time
            super().dump_bytecode(bucket)


def _prune(folder: Path, now: float) -> None:
    for path in folder.glob(PATTERN % "*"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > KEEP_DAYS * 86400:
                path.unlink()


def _private(folder: Path) -> bool:
    """Whether only this user can write in ``folder`` (no one else may plant compiled code there)."""
    try:
        status = folder.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def use_kept_templates(env: jinja2.Environment, shared_cache: Path | None) -> bool:
    """Give ``env`` the kept compiled templates in ``shared_cache``/templates. Nothing is kept when there is no
    such folder, when it cannot be made, or when someone else could write in it (as Jinja's own default folder,
    it must be this user's alone). Returns whether the templates are kept."""
    if shared_cache is None:
        return False
    folder = shared_cache / FOLDER
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    if not _private(folder):
        return False
    _prune(folder, time.time())
    env.bytecode_cache = SettingsKeyedBytecodeCache(str(folder), PATTERN)
    return True
