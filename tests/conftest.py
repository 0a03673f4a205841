"""Shared test helpers: real MkDocs builds of the real site and of small fixture sites."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

FIXED_TODAY = "2026-06-01"


def run_mkdocs(config: Path, site_dir: Path, env: dict | None = None, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as staff and CI run it, from the repository root (or the same with ProperDocs)."""
    command = [sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(site_dir)]
    full_env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    full_env.update({"NO_MKDOCS_2_WARNING": "1", "KAP_GUIDE_TODAY": FIXED_TODAY, **(env or {})})
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=full_env, timeout=600)


def real_config() -> dict:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    """Text with runs of white space made single and curly apostrophes straight, for comparing."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def pdf_text(reader) -> str:
    """All the text of a PDF read with pypdf, squashed."""
    return squash(" ".join(p.extract_text() or "" for p in reader.pages))


def page(title: str, body: str = "", **meta) -> str:
    """A content page with valid front matter, for fixture sites."""
    fields = {"title": title, "description": f"About {title.lower()}.", "status": "draft", **meta}
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n# {title}\n\n{body or 'You can read this short page in a minute. It is calm and plain.'}\n"


# A YAML alias bomb ("billion laughs"): nine lines that would expand to 9**9 items.
BILLION_LAUGHS = "".join(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
                         for prev, name in zip([""] + list("abcdefgh"), "abcdefghi"))

GET_HELP_PAGE = page("Get help now", "If you are in danger now, call a crisis line. Call your team if you feel unsafe.")


MENU_FILE = ".nav.yml"
MENU_PLUGIN = "awesome-nav"


def without_menu_plugin(plugins: list) -> list:
    """The plugins without the menu plugin, for a site that lists its menu in mkdocs.yml."""
    return [p for p in plugins if p != MENU_PLUGIN and not (isinstance(p, dict) and MENU_PLUGIN in p)]


def merge(base: dict, override: dict) -> dict:
    """Deep-merge settings like MkDocs' INHERIT, except that an empty mapping or any list replaces."""
    for key, value in override.items():
        if isinstance(value, dict) and value and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


def make_site(root: Path, pages: dict[str, str | bytes], nav: list | None = None, extra: dict | None = None,
              config: dict | None = None) -> tuple[Path, Path]:
    """Write a small site in ``root`` that inherits the real settings, hooks and templates; return (config, site_dir).

    ``pages`` maps a path under docs/ to its text or bytes (pages, worksheets, assets alike). A site
    whose pages include menu files (.nav.yml) gets its menu from them, as the real site does; any
    other lists its menu in mkdocs.yml (``nav``, default: every page), without the menu plugin."""
    docs = root / "docs"
    pages = {"get-help-now.md": GET_HELP_PAGE, **pages}
    shutil.copytree(REPO / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    for beside_settings in ("plain-words.yml",):  # files the settings name, relative to mkdocs.yml
        if (REPO / beside_settings).is_file():
            shutil.copy(REPO / beside_settings, root / beside_settings)
    for name, text in pages.items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    settings = real_config()
    if not any(name.endswith(MENU_FILE) for name in pages):
        settings["plugins"] = without_menu_plugin(settings["plugins"])
        settings["nav"] = nav if nav is not None else [name for name in pages if name.endswith(".md")]
    settings["extra"]["checks"]["sections"] = {}
    settings["extra"]["checks"]["report_dir"] = str(root / "report")
    merge(settings, {
        "docs_dir": str(docs),
        "theme": {"custom_dir": str(REPO / "overrides")},
        "hooks": [str(REPO / hook) for hook in real_config()["hooks"]],
        **({"extra": extra} if extra else {}),
    })
    merge(settings, config or {})
    config_path = root / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_path, root / "site"


@pytest.fixture
def fixture_site(tmp_path):
    """Write a small site that inherits the real settings, hooks and templates; return (config, site_dir)."""

    def make(pages: dict[str, str], nav: list | None = None, extra: dict | None = None,
             config: dict | None = None) -> tuple[Path, Path]:
        return make_site(tmp_path, pages, nav, extra, config)

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test run with --strict."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_mkdocs(REPO / "mkdocs.yml", site)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site


def built_menu(site: Path, folder: str) -> tuple[list[str], list[str]]:
    """The menu as a section's built page shows it: the top-level titles, and the section's pages as
    file names, its index.md first."""
    from bs4 import BeautifulSoup

    html = BeautifulSoup((site / folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    top = [squash(item.select_one(".md-ellipsis").get_text()) for item in html.select("nav.md-nav--primary > ul > li")]
    links = html.select("nav.md-nav--primary > ul > li.md-nav__item--active > nav > ul > li > a.md-nav__link")
    return top, ["index.md"] + [link["href"].rstrip("/").rsplit("/", 1)[-1] + ".md" for link in links]


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" or p.parent == site)


# ---------------------------------------------------------------- browser tests

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("KAP_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output readable
        pass


def serve_folder(folder: Path, handler_class=None):
    """A real static HTTP server on 127.0.0.1 and a free port, in a background thread."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(built_site):
    server, url = serve_folder(built_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test run, from the system's Chromium (never downloaded)."""
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI: install the 'chromium' package (scripts/ensure-chromium.sh).")
        pytest.skip("Chromium not found: install it (Debian/Ubuntu: apt-get install chromium) or set KAP_CHROMIUM.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def site_pages(site: Path) -> list[str]:
    """Every page of the built site as a URL path ('' for the home page), without the 404 page."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        paths.append("" if relative == "." else relative + "/")
    return paths


def wait_for_search_results(page, timeout: float = 10.0) -> None:
    """Wait until the theme's search shows a result count. Polls from outside the page: the page's own
    Content-Security-Policy forbids evaluating strings inside it (as Playwright's wait_for_function does)."""
    import time

    page.wait_for_selector(".md-search-result__meta", state="attached")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page.evaluate("() => document.querySelector('.md-search-result__meta').textContent")
        if re.search(r"\d|No matching", text or ""):
            return
        page.wait_for_timeout(50)
    raise AssertionError("search results did not appear")
