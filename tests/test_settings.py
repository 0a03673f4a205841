"""The settings model: every mistake in extra.* of mkdocs.yml gets one clear message with its line, never a traceback."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, build_once, logged_as_problem, make_site, merge, page, real_config, run_mkdocs
from kapguide.settings_model import load_settings
from kapguide.site_settings import read_site_settings

CLINIC = real_config()["extra"]["clinic"]
TWO_LINES = [{"label": "Line one", "number": "111"}, {"label": "Line two", "number": "222"}]

# (the extra settings of a fixture site, the message, the text on the line it names)
MISTAKES = {
    "after_hour typo": ({"clinic": {**CLINIC, "after_hour": {"label": "Nurse", "number": "1"}}},
                        'extra.clinic.after_hour is not a setting this guide knows. Did you mean "after_hours"?', "after_hour:"),
    "opening_hour typo": ({"clinic": {**CLINIC, "opening_hour": "9 to 5"}},
                          'extra.clinic.opening_hour is not a setting this guide knows. Did you mean "opening_hours"?',
                          "opening_hour:"),
    "require_aproved typo": ({"review": {"require_aproved": True}},
                             'extra.review.require_aproved is not a setting this guide knows. Did you mean "require_approved"?',
                             "require_aproved:"),
    "reading key typo": ({"checks": {"reading": {"max_grad": 6}}},
                         'extra.checks.reading.max_grad is not a setting this guide knows. Did you mean "max_grade"?',
                         "max_grad:"),
    "reading is a number": ({"checks": {"reading": 8}},
                            "extra.checks.reading must be a block of settings, one per line, indented under it, not the number 8.",
                            "reading:"),
    "review is a list": ({"review": ["x"]}, "extra.review must be a block of settings", "review:"),
    "check_external in quotes": ({"checks": {"links": {"check_external": "false"}}},
                                 "extra.checks.links.check_external must be true or false (without quotes), not the text 'false'.",
                                 "check_external:"),
    "paper size": ({"worksheets": {"paper": "A5"}}, "extra.worksheets.paper is 'A5'. Did you mean \"a4\"?", "paper:"),
    "unknown block": ({"anlytics": {"provider": "x"}}, 'extra.anlytics is not a setting this guide knows. Did you mean "analytics"?',
                      "anlytics:"),
    # a crisis line removed, or the lines put in another order, while the translated lines stay as they were
    "translated crisis lines of another length": (
        {"languages": ["en", "es"], "clinic": {**CLINIC, "crisis_lines": TWO_LINES, "translations": {"es": {"crisis_lines": [
            {"label": "Línea uno"}, {"label": "Línea dos"}, {"label": "Línea tres"}]}}}},
        "extra.clinic.translations.es.crisis_lines has 3 line(s), and extra.clinic.crisis_lines has 2", "crisis_lines:"),
    "translated crisis line beside another number": (
        {"languages": ["en", "es"], "clinic": {**CLINIC, "crisis_lines": TWO_LINES, "translations": {"es": {"crisis_lines": [
            {"label": "Línea 222 de ayuda"}, {"label": "Línea 111"}]}}}},
        "extra.clinic.translations.es.crisis_lines[0].label names 222, but crisis_lines[0] is 111", "label: Línea 222"),
}


def clash(a: dict, b: dict) -> bool:
    """Whether two sets of extra settings give one setting different values (so one build cannot hold both)."""
    return any(key in b and (clash(value, b[key]) if isinstance(value, dict) and isinstance(b[key], dict)
                             else value != b[key]) for key, value in a.items())


def mistake_groups() -> list[list[str]]:
    """MISTAKES in as few groups as possible, each group's settings side by side in one build: each mistake is in a
    block of its own or, in a shared block (extra.clinic), in a setting of its own, so none can hide another."""
    groups: list[list[str]] = []
    for name, (extra, _, _) in MISTAKES.items():
        group = next((g for g in groups if not any(clash(extra, MISTAKES[other][0]) for other in g)), None)
        if group is None:
            groups.append(group := [])
        group.append(name)
    return groups


@pytest.fixture(scope="module")
def mistake_builds(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    """The build each mistake of MISTAKES is in (see mistake_groups), and its settings file."""
    builds = {}
    for number, group in enumerate(mistake_groups()):
        extra: dict = {}
        for name in group:
            merge(extra, copy.deepcopy(MISTAKES[name][0]))

        def build(root: Path, extra: dict = extra) -> subprocess.CompletedProcess:
            return run_mkdocs(*make_site(root, {"index.md": page("Home")}, extra=extra))

        result, root = build_once(tmp_path_factory, f"settings-mistakes-{number}", build)
        builds.update({name: (result, root / "mkdocs.yml") for name in group})
    return builds


@pytest.mark.parametrize("name", MISTAKES)
def test_a_settings_mistake_fails_the_build_with_one_message_at_its_line(mistake_builds, name):
    _, message, line_text = MISTAKES[name]
    result, config = mistake_builds[name]
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.count(message) == 1, result.stderr
    assert logged_as_problem(result.stderr, message), result.stderr
    line = re.search(r"mkdocs\.yml:(\d+): " + re.escape(message), result.stderr)
    assert line, result.stderr
    assert line_text in config.read_text().splitlines()[int(line.group(1)) - 1]


@pytest.mark.parametrize("extra", [None, "text", 7, [], {"clinic": "x"}, {"clinic": {"crisis_lines": "988"}},
                                   {"clinic": {"crisis_lines": [None, 5, {"number": ["1"]}]}}, {"checks": {"sections": 3}},
                                   {"checks": {"reading": {"max_grade": None}}}, {"review": {"overdue": {"a": 1}}},
                                   {"clinic": {"treatment": {"routes": {"iv": 1}}}}, {"checks": {"disable": [{"x": 1}]}}])
def test_any_shape_of_settings_gives_findings_and_usable_settings(extra):
    settings = read_site_settings(extra)
    assert settings.clinic.name and settings.checks.max_grade > 0
    assert all(f.path == "mkdocs.yml" and f.message for f in settings.findings)


def test_a_wrong_value_is_left_out_and_the_rest_is_kept():
    model, raw, findings = load_settings({"review": {"require_approved": "yes", "overdue": "error"},
                                          "checks": {"reading": {"max_grade": 6, "max_sentence_words": "20"}}})
    assert model.review.overdue == "error" and model.review.require_approved is False
    assert model.checks.reading.max_grade == 6 and model.checks.reading.max_sentence_words == 25
    assert [f.message.split(" must ")[0] for f in findings] == ["extra.review.require_approved",
                                                                 "extra.checks.reading.max_sentence_words"]
    assert raw == {"review": {"overdue": "error"}, "checks": {"reading": {"max_grade": 6}}}


def test_the_shipped_settings_are_valid():
    assert load_settings(real_config()["extra"])[2] == []


def test_a_yaml_mistake_in_mkdocs_yml_is_named_with_its_line_before_mkdocs_reads_it(tmp_path):
    import subprocess
    import sys

    from conftest import REPO

    lines = (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("  clinic:")) + 1
    lines[index] = lines[index].split(":")[0] + ": Riverside: the clinic"  # a second colon, without quotes
    broken = tmp_path / "mkdocs.yml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "check_settings_file.py"), str(broken)],
                            capture_output=True, text=True, timeout=60,
                            env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "PATH": ""})
    assert result.returncode == 1
    assert f"mkdocs.yml:{index + 1}: The settings file could not be read" in result.stderr
    assert "Fix:" in result.stderr and "Traceback" not in result.stderr
    assert f"::error file={broken},line={index + 1}" in result.stdout
    assert "could not be read" in summary.read_text()
    ok = subprocess.run([sys.executable, str(REPO / "scripts" / "check_settings_file.py"), str(REPO / "mkdocs.yml")],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "scripts/check_settings_file.py $(SITE_CONFIG)" in (REPO / "Makefile").read_text()


def test_a_settings_file_nested_thousands_of_brackets_deep_is_named_with_its_line_not_a_traceback():
    from conftest import REPO
    from kapguide.settings_file import check_settings_text

    settings = (REPO / "mkdocs.yml").read_text(encoding="utf-8").rstrip("\n") + "\n"
    findings = check_settings_text(settings + "extra_deep: " + "[" * 50_000 + "\n")
    assert [(f.line, f.message) for f in findings] == [
        (settings.count("\n") + 1, "The settings file could not be read: it is nested too deep (brackets inside brackets).")]


def test_menu_entries_written_with_docs_get_one_message_and_no_knock_on(fixture_site):
    config, site = fixture_site({"index.md": page("Home"), "a/b.md": page("B")}, nav=["docs/index.md", {"A": ["docs/a/b.md"]}, "get-help-now.md"])
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
    assert len(errors) == 1, result.stderr
    assert "Menu entries in nav: start with 'docs/' (2 entries)" in errors[0] and "Remove 'docs/'" in errors[0]
    assert (site / "a" / "b" / "index.html").is_file()


def test_a_wrong_logo_path_gives_one_message_naming_the_setting(fixture_site):
    config, site = fixture_site({"index.md": page("Home")}, extra={"clinic": {**CLINIC, "logo": "assets/images/logo.svg"}})
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
    assert len(errors) == 1, result.stderr
    assert "extra.clinic.logo: 'assets/images/logo.svg' is not a file in docs/." in errors[0]


def test_a_worksheet_that_cannot_be_read_is_reported_once_not_on_every_page_naming_it(fixture_site):
    pages = {"index.md": page("Home", worksheets=["broken"]), "other.md": page("Other", worksheets=["broken", "brokn"]),
             "worksheets/broken.yml": "id: broken\ntitle: [Broken\n"}
    config, site = fixture_site(pages)
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
    assert [e for e in errors if "broken.yml" in e and "could not be read" in e], result.stderr
    assert [e for e in errors if "worksheet with the id 'brokn'. Did you mean \"broken\"?" in e], result.stderr
    assert len(errors) == 2, result.stderr


def test_settings_still_as_shipped_are_listed_before_publishing_and_a_clinics_own_are_not():
    from kapguide.site_settings import before_publishing

    harbor = {**CLINIC, "name": "Harbor Clinic", "phone": "+1 212 000 1111", "email": "team@harbor.org",
              "address": "1 Main St", "after_hours": {"label": "On-call nurse", "number": "+1 212 000 2222"}}
    settings = read_site_settings({"clinic": harbor})
    assert before_publishing("Harbor KAP guide", "https://guide.harbor.org/", "https://github.com/harbor/guide",
                             settings.clinic) == []
    without = read_site_settings({"clinic": {key: value for key, value in harbor.items() if key != "after_hours"}})
    assert [note.split(" ")[0] for note in before_publishing("Harbor KAP guide", "https://guide.harbor.org/",
                                                             "https://github.com/harbor/guide", without.clinic)] == \
        ["extra.clinic.after_hours"]
    notes = before_publishing("Your KAP treatment guide", "", "https://github.com/example-clinic/kap-guide",
                              read_site_settings({"clinic": {**CLINIC, "name": "Riverside Example Clinic"}}).clinic)
    assert [note.split(" ")[0] for note in notes] == ["repo_url", "site_url", "site_name", "extra.clinic"]


def test_the_rule_registry_is_the_one_list_of_rules():
    """Every rule a module reports is registered, and CONTRIBUTING.md's table is made from the registry."""
    import subprocess
    import sys

    from conftest import REPO
    from kapguide.checksettings import RULES
    from kapguide.rules import RULES as REGISTRY

    assert tuple(REGISTRY) == RULES
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "hooks").rglob("*.py"))
    used = set(re.findall(r'(?:Finding\(\s*|RULE = |rule=|\.note\()"([a-z]+(?:-[a-z]+)*)"', code))
    assert used and used <= set(REGISTRY), used - set(REGISTRY)
    for name, rule in REGISTRY.items():
        assert (REPO / "hooks" / "kapguide" / rule.module).is_file(), name
    table = subprocess.run([sys.executable, str(REPO / "scripts" / "rules_table.py")], capture_output=True, text=True,
                           check=True, timeout=60).stdout
    assert table in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"), "run: python scripts/rules_table.py --write"


def test_jargon_in_short_plain_sentences_is_named_where_it_is_used(fixture_site):
    """Short sentences keep the grade low; the plain-words list still finds the jargon, at its line."""
    body = ("You will rest in a calm room.\n\nYou may have emesis after it.\n\nWe give antiemetic prophylaxis first.\n\n"
            "Tell us about emesis (being sick) the next day.\n")
    config, site = fixture_site({"index.md": page("Home"), "jargon.md": page("Jargon", body)},
                                config={"extra": {"checks": {"plain_words": "plain-words.yml"}}})
    (config.parent / "plain-words.yml").write_text("emesis: vomiting\nantiemetic: medicine for feeling sick\n"
                                                   "prophylaxis: prevention\n", encoding="utf-8")
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    text = (config.parent / "docs" / "jargon.md").read_text().splitlines()
    found = re.findall(r"jargon\.md:(\d+): '([^']+)' is a hard word for many readers", result.stderr)
    assert sorted(word.lower() for _, word in found) == ["antiemetic", "emesis", "prophylaxis"], result.stderr
    for line, word in found:
        assert word in text[int(line) - 1]
    assert "reading-grade" not in result.stderr


def test_a_plain_words_file_named_in_the_settings_must_exist(fixture_site):
    config, site = fixture_site({"index.md": page("Home")}, config={"extra": {"checks": {"plain_words": "words.yml"}}})
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    assert "extra.checks.plain_words: the file words.yml was not found." in result.stderr


def test_kept_results_are_keyed_on_the_code_and_the_library_versions(tmp_path, monkeypatch):
    """A change to any module or worksheet template, or another library version, makes a new key."""
    import shutil

    from kapguide import cache_keys

    copy = tmp_path / "kapguide"
    shutil.copytree(cache_keys.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_keys, "PACKAGE", copy)
    cache_keys.code_digest.cache_clear()
    before = cache_keys.key("page", libraries=("textstat",))
    assert before == cache_keys.key("page", libraries=("textstat",))
    assert before != cache_keys.key("page", libraries=("textstat", "weasyprint"))
    template = next((copy / "worksheet_templates").glob("*.css"))
    template.write_text(template.read_text() + "\n/* changed */\n")
    cache_keys.code_digest.cache_clear()
    assert cache_keys.key("page", libraries=("textstat",)) != before
    cache_keys.code_digest.cache_clear()


def test_the_test_build_server_gives_the_messages_a_plain_mkdocs_build_gives(tmp_path, monkeypatch):
    """The suite's builds run in processes forked from tests/build_server.py; staff read what they print."""
    config, site_dir = make_site(tmp_path, {"index.md": page("Home")}, extra=MISTAKES["after_hour typo"][0])
    served = run_mkdocs(config, site_dir)
    monkeypatch.setattr("conftest.FRESH_PROCESS", True)
    plain = run_mkdocs(config, site_dir)
    assert served.returncode == plain.returncode != 0
    assert served.stderr == plain.stderr, served.stderr
    assert served.stdout == plain.stdout


def test_a_setting_written_twice_fails_the_build_naming_both_lines(tmp_path):
    """YAML keeps the last of two equal keys without a word: a second phone: under clinic: would replace the first."""
    config, site_dir = make_site(tmp_path, {"index.md": page("Home")})
    text = config.read_text(encoding="utf-8")
    first = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("site_description:"))
    config.write_text(text + "site_description: A second description\n", encoding="utf-8")
    second = len(config.read_text(encoding="utf-8").splitlines())
    result = run_mkdocs(config, site_dir)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    message = f"mkdocs.yml:{second}: site_description is written twice (lines {first} and {second})"
    assert message in result.stderr, result.stderr
    script = subprocess.run([sys.executable, str(REPO / "scripts" / "check_settings_file.py"), str(config)],
                            capture_output=True, text=True, timeout=60)
    assert script.returncode == 1 and message in script.stderr, script.stderr


def test_inherit_must_name_a_settings_file_of_the_project(tmp_path):
    """MkDocs reads INHERIT before any check (a file out of the project ends in a traceback), so the settings file
    check that make build and CI run first names it."""
    from kapguide.settings_file import check_settings_text

    for inherit, message in (("/etc/hostname", "is not a settings file of this project"),
                             ("../" * 12 + "etc/hostname", "is not a settings file of this project"),
                             ("README.md", "is not a settings file (.yml) that exists")):
        findings = check_settings_text(f"site_name: x\nINHERIT: {inherit}\n", str(REPO / "mkdocs.other.yml"))
        assert [(f.line, message in f.message) for f in findings] == [(2, True)], (inherit, findings)
    for settings_file in (REPO / "mkdocs.es.yml", REPO / "examples" / "uk-clinic" / "mkdocs.yml"):
        assert check_settings_text(settings_file.read_text(encoding="utf-8"), str(settings_file)) == []
