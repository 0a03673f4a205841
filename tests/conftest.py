"""Shared test helpers: real MkDocs builds of the real site and of small fixture sites."""

from __future__ import annotations

import atexit
import datetime as dt
import fcntl
import functools
import http.server
import json
import locale
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

from kapguide.build_cache import CACHE_ENV, REPORT_ENV  # noqa: E402
from kapguide.findings import Finding  # noqa: E402
from kapguide.html_sanitizer import removal_findings, sanitize  # noqa: E402
from kapguide.privacy import ExternalFetch, scan_text  # noqa: E402
from kapguide.worksheet_model import Worksheet  # noqa: E402

FIXED_TODAY = "2026-06-01"


BUILD_TIMEOUT = 600  # seconds
# KAP_TEST_FRESH_PROCESS=1: every build in a new Python process of its own, as before the build server (to compare).
FRESH_PROCESS = os.environ.get("KAP_TEST_FRESH_PROCESS") == "1"


def build_today(config: Path) -> str:
    """The date a build counts review dates from: today for the project's own settings files (what `make build`
    gives staff, so a page approved last week is not "reviewed in the future"), a fixed date for the small sites
    the tests write, whose dates are set relative to it."""
    return dt.date.today().isoformat() if Path(config).resolve().is_relative_to(REPO) else FIXED_TODAY


def run_mkdocs(config: Path, site_dir: Path, env: dict | None = None, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as staff and CI run it, from the repository root (or the same with ProperDocs).

    The build never touches the checkout's own folders: it writes its report beside the site
    (``site_dir/../report``) and keeps its results in a temporary folder of its own, deleted after it.
    A test that builds twice to check what is kept between builds passes its own KAP_GUIDE_CACHE_DIR.
    A MkDocs build runs in a process forked from this worker's build server (tests/build_server.py), which has the
    libraries loaded already; ProperDocs builds run in a new process."""
    arguments = ["build", "--strict", "-f", str(config), "-d", str(site_dir)]
    full_env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    with tempfile.TemporaryDirectory(prefix="kap-cache-") as cache:
        full_env.update({"NO_MKDOCS_2_WARNING": "1", "KAP_GUIDE_TODAY": build_today(config), CACHE_ENV: cache,
                         REPORT_ENV: str(Path(site_dir).parent / "report"), **(env or {})})
        if engine == "mkdocs" and not FRESH_PROCESS:
            return BuildServer.shared().build(arguments, REPO, full_env, Path(cache))
        return subprocess.run([sys.executable, "-m", engine, *arguments], cwd=REPO, capture_output=True, text=True,
                              env=full_env, timeout=BUILD_TIMEOUT)


class BuildServer:
    """This worker's tests/build_server.py: one build at a time, each in a process forked from the server."""

    _shared: BuildServer | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
        env.update({"NO_MKDOCS_2_WARNING": "1", "KAP_GUIDE_TODAY": FIXED_TODAY})
        self.process = subprocess.Popen([sys.executable, str(REPO / "tests" / "build_server.py")], cwd=REPO, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    @classmethod
    def shared(cls) -> BuildServer:
        with cls._lock:
            if cls._shared is None or cls._shared.process.poll() is not None:
                cls._shared = cls()
                atexit.register(cls._shared.close)
            return cls._shared

    def close(self) -> None:
        """End the server (at the end of its input) and wait for it."""
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)

    def build(self, arguments: list[str], cwd: Path, env: dict, folder: Path) -> subprocess.CompletedProcess:
        out, err = folder.parent / f"{folder.name}.stdout", folder.parent / f"{folder.name}.stderr"
        request = {"argv": arguments, "cwd": str(cwd), "env": env, "stdout": str(out), "stderr": str(err),
                   "timeout": BUILD_TIMEOUT}
        try:
            with self._lock:
                assert self.process.stdin is not None and self.process.stdout is not None
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.flush()
                answer = self.process.stdout.readline()
            if not answer:
                raise RuntimeError("the build server (tests/build_server.py) stopped; its messages are above")
            result = json.loads(answer)
            stdout, stderr = (path.read_text(encoding=locale.getpreferredencoding(False)) for path in (out, err))
        finally:
            out.unlink(missing_ok=True)
            err.unlink(missing_ok=True)
        command = [sys.executable, "-m", "mkdocs", *arguments]
        if result.get("timeout"):
            raise subprocess.TimeoutExpired(command, BUILD_TIMEOUT, stdout, stderr)
        return subprocess.CompletedProcess(command, result["returncode"], stdout, stderr)


def logged_as_problem(stderr: str, message: str) -> bool:
    """Whether a line logged as an error or a warning (both fail `mkdocs build --strict`) holds ``message``."""
    return any(message in line and line.startswith(("ERROR", "WARNING")) for line in stderr.splitlines())


def line_hrefs(line) -> list[str]:
    """The links a crisis or clinic line gets, one per way to reach it (call: tel:, text: sms:)."""
    return [line.tel_href if way == "call" else line.sms_href for way in line.ways]


def real_config() -> dict:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    """Text with runs of white space made single and curly apostrophes straight, for comparing."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()


def pdf_text(reader) -> str:
    """All the text of a PDF read with pypdf, squashed."""
    return squash(" ".join(p.extract_text() or "" for p in reader.pages))


# ---------------------------------------------------------------- readers only the tests need

def parse_netlify_headers(text: str) -> dict[str, str]:
    """Read back the _headers file the build writes (kapguide.headers.netlify_headers)."""
    headers = {}
    for line in text.splitlines():
        if line.startswith("  ") and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers


SCANNED_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".webmanifest", ".json", ".svg"}  # what scan_text reads


def scan_site(site_dir: Path) -> list[ExternalFetch]:
    """Every request to another host that a file of a built site would make (kapguide.privacy.scan_text)."""
    found: list[ExternalFetch] = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() in SCANNED_SUFFIXES:
            found += scan_text(str(path.relative_to(site_dir)), path.read_text(encoding="utf-8", errors="replace"))
    return found


def sanitize_page(html: str, source: str, path: str) -> tuple[str, list[Finding]]:
    """A page's clean HTML and a finding for each thing removed, at its line in ``source``, as the security hook
    reports them (sanitize, then removal_findings)."""
    result = sanitize(html)
    return result.html, removal_findings(result.removed, source, path)


def field_names(sheet: Worksheet) -> list[str]:
    """Every form field name a worksheet's web page and PDF should have (the templates in
    hooks/kapguide/worksheet_templates/ name them)."""
    names = []
    for f in sheet.fields:
        if f.kind == "checklist":
            names += [f"{sheet.id}.{f.id}.{i + 1}" for i in range(len(f.items))]
        elif f.kind == "grid":
            names += [f"{sheet.id}.{f.id}.r{r + 1}c{c + 1}" for r in range(len(f.rows)) for c in range(len(f.columns))]
        elif f.kind == "contacts":
            names += [f"{sheet.id}.{f.id}.{i + 1}" for i in range(f.lines)]
        elif f.is_input:
            names.append(f"{sheet.id}.{f.id}")
    return names


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
    for pattern in ("plain-words*.yml", "search-words*.yml"):  # files the settings name, relative to mkdocs.yml
        for beside_settings in REPO.glob(pattern):
            shutil.copy(beside_settings, root / beside_settings.name)
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
    settings["extra"]["languages"] = ["en"]  # one language, unless a test gives the site its other ones
    settings["extra"]["checks"]["report_dir"] = str(root / "report")
    merge(settings, {
        "docs_dir": str(docs),
        "theme": {"custom_dir": str(REPO / "overrides")},
        "hooks": [str(REPO / hook) for hook in real_config()["hooks"]],
        **({"extra": extra} if extra else {}),
    })
    merge(settings, config or {})
    _keep_rules_the_pages_show(settings, pages, extra)
    config_path = root / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_path, root / "site"


def _keep_rules_the_pages_show(settings: dict, pages: dict[str, str | bytes], extra: dict | None) -> None:
    """The real clinic's session-day rules that the small site's pages show (a token on a page), and those the test
    sets itself: a rule no page shows is a warning (treatment.rules_on_no_page), as in a clinic's own guide."""
    from kapguide.treatment import ITEMS, tokens_in

    clinic = settings["extra"].get("clinic")
    treatment = clinic.get("treatment") if isinstance(clinic, dict) else None
    if not isinstance(treatment, dict):
        return
    shown = set().union(*(tokens_in(text) for text in pages.values() if isinstance(text, str)))
    real = (real_config()["extra"].get("clinic") or {}).get("treatment") or {}
    given = ((extra or {}).get("clinic") or {}).get("treatment") or {}
    asked = {key for key, value in given.items() if real.get(key) != value}  # set by the test, not copied from the real
    clinic["treatment"] = {key: value for key, value in treatment.items()
                           if key not in ITEMS or key in shown or key in asked}


@pytest.fixture
def fixture_site(tmp_path):
    """Write a small site that inherits the real settings, hooks and templates; return (config, site_dir)."""

    def make(pages: dict[str, str], nav: list | None = None, extra: dict | None = None,
             config: dict | None = None) -> tuple[Path, Path]:
        return make_site(tmp_path, pages, nav, extra, config)

    return make


# ---------------------------------------------------------------- builds shared by the test workers

# One worker more than the machine has cores: the browser tests wait for pages and timers, and the builds for
# their processes; the extra worker keeps every core busy while one waits (on 2 cores: 3 workers, a sixth less time).
@pytest.hookimpl(tryfirst=True)
def pytest_xdist_auto_num_workers(config) -> int | None:
    """The number of workers for `-n auto` (pytest.ini); PYTEST_XDIST_AUTO_NUM_WORKERS still wins."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores + 1


# The longest pieces of work, by the fixture that does them: under pytest-xdist's worksteal scheduling each worker
# starts with its share of the tests, in order, so the first worker starts with the visit of every page (which needs
# the real site built) and the second with work that does not need it (the two days' builds), then the Spanish visit.
FIRST_HEAD = ("every_page_visit",)
SECOND_HEAD = ("two_days", "spanish_visit")


def pytest_collection_modifyitems(config, items):
    """Put the tests reading the longest pieces of work at the head of the first two workers' shares (see above), so
    that the workers start with one each, at the same time, and none waits for another."""
    def using(names: tuple[str, ...]) -> list:
        return [item for name in names for item in items if name in getattr(item, "fixturenames", ())]

    first, second = using(FIRST_HEAD), using(SECOND_HEAD)
    rest = [item for item in items if item not in first and item not in second]
    workers = max(2, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "2")))
    share = len(items) // workers - len(first)  # the first worker's share: xdist gives each an equal run at first
    items[:] = first + rest[:share] + second + rest[share:]


def shared_folder(tmp_path_factory) -> Path:
    """This run's temporary folder that every pytest-xdist worker sees (each worker's own is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], object]) -> tuple[object, Path]:
    """``make(folder)`` run once per test run by whichever worker asks first; the others wait for it and get
    the same result (JSON-able) and folder. Only for work whose result and files the tests read, never change."""
    shared = shared_folder(tmp_path_factory)
    folder, saved = shared / name, shared / f"{name}.result.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held until the file closes
        if not saved.exists():
            folder.mkdir(exist_ok=True)
            saved.write_text(json.dumps(make(folder)), encoding="utf-8")
    return json.loads(saved.read_text(encoding="utf-8")), folder


def mark_translated(root: Path) -> None:
    """Give every page and worksheet in ``root``'s other-language folders (docs-xx/) the source_hash of its page in
    ``root/docs``, as staff do once they have checked a translation (scripts/translation_hashes.py --write)."""
    from kapguide.translation_parity import translations, with_source_hash

    for folder in sorted(path for path in root.glob("docs-*") if path.is_dir()):
        for relative, value in translations(root / "docs", folder):
            text = (folder / relative).read_text(encoding="utf-8")
            (folder / relative).write_text(with_source_hash(text, relative, value) or text, encoding="utf-8")


def run_all_languages(config: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """What `make build` runs: the main guide into ``site_dir``, then each other language's settings file
    (mkdocs.<code>.yml beside ``config``, for each code after the first in extra.languages) into ``site_dir/<code>``.
    Every build writes its report beside the site (``site_dir/../report``, one folder per other language).
    The result is the first build that failed, or the last one."""
    result = run_mkdocs(config, site_dir, env)
    languages = (yaml.safe_load(config.read_text(encoding="utf-8")).get("extra") or {}).get("languages") or []
    for code in languages[1:]:
        if result.returncode != 0:
            break
        result = run_mkdocs(config.with_name(f"mkdocs.{code}.yml"), site_dir / code,
                            {REPORT_ENV: str(site_dir.parent / "report"), **(env or {})})
    return result


def build_once(tmp_path_factory, name: str,
               build: Callable[[Path], subprocess.CompletedProcess]) -> tuple[subprocess.CompletedProcess, Path]:
    """``build(folder)`` run once per test run (see once_per_run): the build's result and folder."""
    def run(folder: Path) -> dict:
        result = build(folder)
        return {"args": result.args, "returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}

    saved, folder = once_per_run(tmp_path_factory, name, run)
    return subprocess.CompletedProcess(**saved), folder


def built_config(tmp_path_factory, name: str, config: Path) -> Path:
    """A project's own settings file built once per test run with --strict; its site folder. What the build kept
    is in ``site.parent / "cache"`` (the worksheet PDFs in its .cache/worksheets)."""
    result, folder = build_once(tmp_path_factory, name,
                                lambda root: run_mkdocs(config, root / "site", {CACHE_ENV: str(root / "cache")}))
    assert result.returncode == 0, f"strict build of {config} failed:\n{result.stdout}\n{result.stderr}"
    return folder / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test run with --strict; its report is in ``built_site.parent / "report"``."""
    return built_config(tmp_path_factory, "built", REPO / "mkdocs.yml")


@pytest.fixture(scope="session")
def built_site_es(built_site, tmp_path_factory) -> Path:
    """The real Spanish guide (mkdocs.es.yml), built once per test run with --strict into ``site/es/`` after the
    English one, as `make build` lays them out: the English site is a copy of ``built_site`` (which itself never
    changes). Its report is in ``built_site_es.parents[1] / "report" / "es"``."""
    def build(root: Path) -> subprocess.CompletedProcess:
        shutil.copytree(built_site, root / "site")
        return run_mkdocs(REPO / "mkdocs.es.yml", root / "site" / "es", {REPORT_ENV: str(root / "report")})

    result, folder = build_once(tmp_path_factory, "built-es", build)
    assert result.returncode == 0, f"strict build of mkdocs.es.yml failed:\n{result.stdout}\n{result.stderr}"
    return folder / "site" / "es"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The second example clinic (examples/uk-clinic), built once per test run with --strict."""
    return built_config(tmp_path_factory, "uk-clinic", REPO / "examples" / "uk-clinic" / "mkdocs.yml")


def built_menu(site: Path, folder: str) -> tuple[list[str], list[str]]:
    """The menu as a section's built page shows it: the top-level titles, and the section's pages as
    file names, its index.md first."""
    html = parsed_page(site / folder / "index.html")
    top = [squash(item.select_one(".md-ellipsis").get_text()) for item in html.select("nav.md-nav--primary > ul > li")]
    links = html.select("nav.md-nav--primary > ul > li.md-nav__item--active > nav > ul > li > a.md-nav__link")
    return top, ["index.md"] + [link["href"].rstrip("/").rsplit("/", 1)[-1] + ".md" for link in links]


def parsed_page(path: Path):
    """A built HTML file read with BeautifulSoup, parsed once per test worker as long as the file stays the same
    (its size and time are in the key): many tests read every page of the same built site. Read it only; a test
    that changes the tree must parse the file itself."""
    info = path.stat()
    return _parsed_page(str(path), info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=400)
def _parsed_page(path: str, modified: int, size: int):
    from bs4 import BeautifulSoup

    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" or p.parent == site)


# ---------------------------------------------------------------- browser tests

# Chromium's headless shell first: the same browser engine without the desktop browser around it, which is what
# Playwright itself uses for headless runs; it does the browser tests' work with about a sixth less CPU.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser",
                       "/usr/bin/google-chrome")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def skip_here_fail_in_ci(in_ci: str, here: str) -> NoReturn:
    """For a tool the machine lacks: skip the test with ``here`` on a person's machine, fail it with ``in_ci`` in CI
    (CI=true), where a skipped check would pass unnoticed."""
    if os.environ.get("CI") == "true":
        pytest.fail(in_ci)
    pytest.skip(here)


def find_chromium() -> str | None:
    for candidate in (os.environ.get("KAP_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def chromium_or_skip() -> str:
    """The system Chromium; a test that needs it is skipped without it, or fails in CI."""
    executable = find_chromium()
    if executable is None:
        skip_here_fail_in_ci("Chromium is required in CI: install the 'chromium-headless-shell' package "
                             "(scripts/ensure-chromium.sh).",
                             "Chromium not found: install it (Debian/Ubuntu: apt-get install chromium-headless-shell) "
                             "or set KAP_CHROMIUM.")
    return executable


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output readable
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A tab that goes on to the next page before a download ends is not a problem of the site."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve_folder(folder: Path, handler_class=None):
    """A real static HTTP server on 127.0.0.1 and a free port, in a background thread."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
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
def site_url_es(built_site_es):
    """The address of the Spanish site, served with the English one around it (its language switch leads there)."""
    server, url = serve_folder(built_site_es.parent)
    yield f"{url}/es"
    server.shutdown()
    server.server_close()


@pytest.fixture
def context(browser, request):
    options = getattr(request, "param", None) or {}
    ctx = browser.new_context(**options)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test run, from the system's Chromium (never downloaded)."""
    executable = chromium_or_skip()
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


def a_page(site: Path, preferred: str, folder: str = "*") -> str:
    """The sample page ``preferred`` (a URL path such as 'in-session/right-after/') when this guide has it, else the
    first page one level down in ``folder`` ('.': the top level, '*': any section, 'worksheets'), never a worksheet
    unless asked for: a clinic may remove any page."""
    if (site / preferred / "index.html").is_file():
        return preferred
    found = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob(f"{folder}/*/index.html"))
    return next(path for path in found if folder == "worksheets" or not path.startswith("worksheets/"))


def visit_each(context, urls: list[str], wait_until: str = "load"):
    """Open the addresses one after the other in one tab and yield (url, page) once each has loaded; the tab is
    closed after. One tab reused is faster here than several opened at once (each new tab costs more than the
    wait it saves)."""
    page = context.new_page()
    try:
        for url in urls:
            page.goto(url, wait_until=wait_until)
            yield url, page
    finally:
        page.close()


def wait_for_search_results(page, timeout: float = 10.0, shown: bool = True) -> None:
    """Wait until the theme's search shows a result count (or, with ``shown=False``, shows none: the box is
    empty). Polls from outside the page: the page's own Content-Security-Policy forbids evaluating strings
    inside it (as Playwright's wait_for_function does)."""
    import time

    page.wait_for_selector(".md-search-result__meta", state="attached")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page.evaluate("() => document.querySelector('.md-search-result__meta').textContent")
        if bool(re.search(r"\d|No matching|No page matched", text or "")) == shown:
            return
        page.wait_for_timeout(50)
    raise AssertionError("search results did not appear" if shown else "search results did not go away")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Figures the tests recorded for people to read (record_property "..._figures"), e.g. search per category."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", []):
            if name.endswith("_figures") and report.when == "call":
                terminalreporter.write_line(str(value))
