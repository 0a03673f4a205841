"""The settings model: every mistake in extra.* of mkdocs.yml gets one clear message with its line, never a traceback."""

from __future__ import annotations

import re

import pytest

from conftest import page, real_config, run_mkdocs
from kapguide.settings_model import load_settings
from kapguide.site_settings import read_site_settings

CLINIC = real_config()["extra"]["clinic"]

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
}


@pytest.mark.parametrize("name", MISTAKES)
def test_a_settings_mistake_fails_the_build_with_one_message_at_its_line(fixture_site, name):
    extra, message, line_text = MISTAKES[name]
    config, site = fixture_site({"index.md": page("Home")}, extra=extra)
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.count(message) == 1, result.stderr
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
