"""Runs `python -m mkdocs build ...` for the tests, each build in a process of its own forked from this one.

This process has already imported the libraries every build loads (MkDocs, its plugins, the Markdown extensions,
Jinja, WeasyPrint, fontTools), textstat's syllable dictionary and the project's plain modules (hooks/kapguide,
which read no settings and keep no state when imported), so a build skips that start-up (about a second and a half
of what a small build would take, and a third of what is left). Each build loads the hook files themselves from
the settings file it is given, as MkDocs does, runs MkDocs' own command line as `python -m mkdocs` does, with its
own environment, folder, standard output and standard error, and exits with MkDocs' code. The builds of copies of
the project (tests/test_reproducible.py) and the ProperDocs builds run in processes of their own.

Used by conftest.run_mkdocs (one server per test worker). One JSON request a line on standard input:
  {"argv": ["build", "--strict", ...], "cwd": "...", "env": {...}, "stdout": "file", "stderr": "file", "timeout": 600}
one JSON answer a line on standard output: {"returncode": 0, "cpu": seconds} or {"timeout": true}. The server ends at end of input.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import pkgutil
import runpy
import select
import signal
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
ALWAYS = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.structure.pages",
          "mkdocs.contrib.search", "jinja2", "markdown", "pymdownx", "bs4", "weasyprint", "fontTools.subset",
          "fontTools.ttLib", "PIL.Image", "pypdf", "textstat")
# Imported by a build for its side effects on the environment and the log (Material's end-of-life notice): each
# build imports them itself.
NOT_SHARED = ("material.templates",)


def preload() -> None:
    """Import what a build of mkdocs.yml imports from the libraries and hooks/kapguide, and load textstat's
    dictionary."""
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin_names = {next(iter(p)) if isinstance(p, dict) else p for p in settings.get("plugins") or []}
    modules = list(ALWAYS)
    modules += [ep.value.split(":")[0] for ep in entry_points(group="mkdocs.plugins") if ep.name in plugin_names]
    for extension in settings.get("markdown_extensions") or []:
        name = next(iter(extension)) if isinstance(extension, dict) else extension
        modules.append(name if "." in name else f"markdown.extensions.{name}")
    for name in modules:
        with contextlib.suppress(ImportError):  # a build that needs it fails on its own, with its own message
            importlib.import_module(name)
    with contextlib.suppress(ImportError):
        import textstat

        textstat.flesch_kincaid_grade("You can rest now. Your team is here.")  # loads the syllable dictionary
    # The hooks of every build this server runs are the project's own (tests/conftest.make_site), so each build
    # would import these same files.
    sys.path.insert(0, str(REPO / "hooks"))
    for module in pkgutil.iter_modules([str(REPO / "hooks" / "kapguide")]):
        importlib.import_module(f"kapguide.{module.name}")
    for name in list(sys.modules):
        if name.startswith(NOT_SHARED):
            del sys.modules[name]
    # What is loaded stays as it is in every build: the collector leaves it alone, so a build neither spends time
    # going through it nor copies the memory it shares with this process.
    gc.collect()
    gc.freeze()


def build(request: dict) -> None:
    """In the forked process: become `python -m mkdocs <argv>` run in ``cwd`` with ``env``; never returns."""
    os.setpgid(0, 0)
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, key in ((1, "stdout"), (2, "stderr")):
            target = os.open(request[key], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        sys.path[0] = os.getcwd()  # as `python -m` puts the current folder first
        sys.argv = ["-m", *request["argv"]]
        # Its imports stay loaded; the module itself runs afresh as __main__, as under `python -m`, so runpy has
        # no reason to warn that it was imported first.
        sys.modules.pop("mkdocs.__main__", None)
        runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if not isinstance(done.code, int | None):
            print(done.code, file=sys.stderr)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
    raise SystemExit(code)  # a normal end of the interpreter: exit handlers run, as after `python -m mkdocs`


def wait(pid: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    pidfd = os.pidfd_open(pid)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"timeout": True}
            if select.select([pidfd], [], [], left)[0]:
                _, status, usage = os.wait4(pid, 0)
                return {"returncode": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime}
    finally:
        os.close(pidfd)


def serve() -> None:
    preload()
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            build(request)
        sys.stdout.write(json.dumps(wait(pid, request["timeout"])) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
