"""`make serve`, run as staff run it: the preview keeps serving a site with problems and lists them.

The tests run the Makefile's own serve recipe (with the site's dependencies taken as installed), on a
small site that inherits the real settings, hooks and templates, on a free port.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, REPORT_ENV, page

GOOD = "You can read this page in a minute. It is calm and plain."
BROKEN_LINK = "See [the missing page](../nowhere/) for more."


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_serve(config: Path, port: int) -> list[str]:
    """`make serve` for this site and port, with this test run's virtualenv and its site dependencies as installed."""
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is required: `make serve` is how staff preview the guide.")
    venv = Path(sys.prefix)
    return [make, "--no-print-directory", "-C", str(REPO), "-o", f"{venv}/.site-deps", "serve", f"VENV={venv}",
            f"SITE_CONFIG={config}", f"PREVIEW_ADDR=127.0.0.1:{port}"]


# Ctrl-C reaches `make serve` as in a terminal even when the suite itself was started in the background (a shell
# starts a background job with Ctrl-C and Ctrl-\\ ignored, and every process it starts inherits that).
AS_IN_A_TERMINAL = [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                    "signal.signal(signal.SIGQUIT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"]


class Preview:
    """`make serve` in its own process group (stopped like Ctrl-C in a terminal), with its output kept."""

    def __init__(self, config: Path, port: int) -> None:
        env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen([*AS_IN_A_TERMINAL, *make_serve(config, port)], cwd=REPO, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, start: int = 0, timeout: float = 120) -> list[str]:
        """The lines printed from line ``start`` up to the first one containing ``text``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = self.lines[start:]
            for index, line in enumerate(new):
                if text in line:
                    return new[:index + 1]
            if self.process.poll() is not None and len(self.lines) == start + len(new):
                break
            time.sleep(0.1)
        raise AssertionError(f"'{text}' not printed by `make serve`; it printed:\n{self.output}")

    def fetch(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            assert response.status == 200
            return response.read().decode("utf-8")

    def stop(self) -> int:
        """Ctrl-C, as in a terminal; a preview that does not stop within 30 s is killed and the test fails."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            signals = subprocess.run(["ps", "-o", "pid,stat,ignored,caught,args", "-g", str(self.process.pid)],
                                     capture_output=True, text=True).stdout  # what each process does with SIGINT
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            raise AssertionError(f"`make serve` did not stop on Ctrl-C:\n{signals}\n{self.output}") from None


def problem_list(lines: list[str]) -> list[str]:
    """The problems listed in the block that ends a preview build ("Preview: N problem(s) ...")."""
    start = max(i for i, line in enumerate(lines) if "Preview: " in line)
    return [line.split(":   - ", 1)[1].strip() for line in lines[start + 1:] if ":   - " in line]


def test_make_serve_keeps_serving_a_site_with_problems_and_lists_them(fixture_site):
    config, _ = fixture_site({"index.md": page("Home", GOOD), "p.md": page("P", f"{GOOD}\n\n{BROKEN_LINK}")})
    settings = config.read_text(encoding="utf-8")
    preview = Preview(config, free_port())
    try:
        first_build = preview.wait_for("Serving on")
        served = preview.fetch("p/")
        assert "You can read this page in a minute" in served
        listed = problem_list(first_build)
        assert any(p.startswith("docs/p.md:10: The link '../nowhere/' leads to a page or file that does not exist")
                   for p in listed), preview.output
        assert "Preview only: " in served and "docs/p.md:10: The link" in served, "no notice on the preview's page"
        assert 'rel="edit"' in served, "the staff preview shows no edit link"

        # A settings file MkDocs cannot read: one message, no traceback, and the last good build stays served.
        mark = len(preview.lines)
        config.write_text(settings + "extra: [not closed\n", encoding="utf-8")
        rebuild = preview.wait_for("Reloading browsers", mark)
        assert any("The preview still shows the last build that worked" in line and "mkdocs.yml" in line
                   for line in rebuild), "".join(rebuild)
        assert "You can read this page in a minute" in preview.fetch("p/")

        # Fixed settings and page: the next rebuild has no problems and serves the change.
        mark = len(preview.lines)
        (config.parent / "docs" / "p.md").write_text(page("P", "A calm new sentence for the preview."),
                                                      encoding="utf-8")
        config.write_text(settings, encoding="utf-8")
        rebuild = preview.wait_for("Preview: no problems.", mark)
        preview.wait_for("Reloading browsers", mark + len(rebuild) - 1)
        served = preview.fetch("p/")
        assert "A calm new sentence for the preview." in served and "Preview only: " not in served
        report = Path(os.environ.get(REPORT_ENV) or config.parent / "report") / "report.json"
        assert json.loads(report.read_text(encoding="utf-8"))["findings"] == [], "a finding of an earlier build was kept"
        assert preview.process.poll() is None, "the preview stopped"
    finally:
        preview.stop()
    assert "Shutting down" in preview.output
    assert "Traceback" not in preview.output


def test_make_serve_with_unreadable_settings_says_so_and_exits(fixture_site):
    """Nothing to preview: a clear message naming the settings file and line, no traceback, no hang."""
    config, _ = fixture_site({"index.md": page("Home", GOOD)})
    config.write_text(config.read_text(encoding="utf-8") + "extra: [not closed\n", encoding="utf-8")
    preview = Preview(config, free_port())
    try:
        preview.process.wait(timeout=120)
    finally:
        preview.stop()
    assert preview.process.returncode != 0
    assert f'in "{config}", line' in preview.output
    assert "Traceback" not in preview.output
