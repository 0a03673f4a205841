"""The clinic's own session-day rules (extra.clinic.treatment) and the three levels of urgency.

Pages never state a clinic's rules: a token such as {{ treatment.driving }} shows the clinic's words,
or plain "ask your team" wording when the clinic has not set one. Every page keeps to the three
levels of urgency (now, today, at your next visit) and to the shared warning signs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, build_once, logged_as_problem, make_site, page, parsed_page, real_config, run_mkdocs, squash
from kapguide.treatment import ITEMS, TOKEN, load_treatment, token_findings
from kapguide.urgency import check_urgency

ALL_TOKENS = "\n\n".join(f"{{{{ treatment.{key} }}}}" for key in ITEMS)


def rules_page(extra_body: str = "") -> str:
    return page("Rules", "Your clinic's rules:\n\n" + ALL_TOKENS + "\n\n" + extra_body)


def with_treatment(treatment: dict | list | None) -> dict:
    """Settings whose clinic has only these rules (the real settings' rules are set to nothing)."""
    if isinstance(treatment, dict):
        treatment = {**{key: None for key in ITEMS}, **treatment}
    return {"clinic": {**real_config()["extra"]["clinic"], "treatment": treatment}}


def settings_blocks(path: Path) -> list[tuple[str, str]]:
    """(key, text) of each clinic rule shown on a built page."""
    html = parsed_page(path)
    out = []
    for block in html.select(".kap-setting"):
        key = next(c for c in block["class"] if c.startswith("kap-setting--") and c not in
                   ("kap-setting--set", "kap-setting--unset"))
        out.append((key.removeprefix("kap-setting--").replace("-", "_"), squash(block.get_text(" "))))
    return out


SET_RULES = {"driving": "Wait until the morning after & rest > 8 hours.", "routes": ["iv", "Nasal  Spray"],
             "going_home": "**Never** [click](https://evil.example) `x` # heading"}


@pytest.fixture(scope="module")
def rules_site(tmp_path_factory) -> Path:
    """One build whose clinic has only the rules of SET_RULES, with a page showing every rule."""
    result, root = build_once(tmp_path_factory, "clinic-rules-set", build_with_rules(SET_RULES))
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_set_rules_show_in_the_clinics_words_and_unset_rules_say_ask_your_team(rules_site):
    site, treatment = rules_site, SET_RULES
    shown = dict(settings_blocks(site / "rules" / "index.html"))
    assert set(shown) == set(ITEMS)
    clinic_name = squash(real_config()["extra"]["clinic"]["name"])
    assert shown["driving"] == f"{clinic_name}: Wait until the morning after & rest > 8 hours."
    assert shown["routes"].startswith(f"{clinic_name}: ") and "IV" in shown["routes"] and "nasal spray" in shown["routes"]
    for key in set(ITEMS) - set(treatment):
        assert shown[key] == squash(ITEMS[key].ask_team), key
        assert "ask your team" in shown[key].lower(), key
    report = json.loads((site.parent / "report" / "report.json").read_text())
    assert sorted(report["unset_settings"]) == sorted(f"extra.clinic.treatment.{k}" for k in set(ITEMS) - set(treatment))
    assert "Clinic settings not filled in" in (site.parent / "report" / "report.md").read_text()


def test_settings_text_is_shown_as_typed_never_read_as_markdown(rules_site):
    html = BeautifulSoup((rules_site / "rules" / "index.html").read_text(encoding="utf-8"), "html.parser")
    block = html.select_one(".kap-setting--going-home")
    assert SET_RULES["going_home"] in block.get_text()
    assert not block.select("a, code, em, h1") and len(block.select("strong")) == 1


RULE_MISTAKES = [
    ({"drivng": "No."}, 'extra.clinic.treatment.drivng is not a setting this guide knows. Did you mean "driving"?'),
    ({"routes": ["lozenges"]}, '"lozenges" is not a way this guide knows. Did you mean "lozenge"?'),
    ({"visit_length": 3}, "extra.clinic.treatment.visit_length must be text"),
    ({"driving": "<b>No</b> driving"}, "extra.clinic.treatment.driving: holds HTML"),
    (["driving"], "extra.clinic.treatment must be a block of settings"),
]


def build_with_rules(treatment: dict | list, checks: dict | None = None):
    """A build (for build_once) whose clinic rules are ``treatment``, with a page showing every rule."""
    def build(root: Path):
        extra = {**with_treatment(treatment), **({"checks": checks} if checks else {})}
        return run_mkdocs(*make_site(root, {"index.md": page("Home"), "rules.md": rules_page()}, extra=extra))
    return build


@pytest.fixture(scope="module")
def mistakes_builds(tmp_path_factory) -> dict[str, tuple]:
    """Two builds: one whose rules hold every mistake in a setting at once (and whose spelling setting has a
    typo), one whose rules are a list."""
    every_setting = {key: value for treatment, _ in RULE_MISTAKES if isinstance(treatment, dict)
                     for key, value in treatment.items()}
    list_of_rules = next(t for t, _ in RULE_MISTAKES if isinstance(t, list))
    return {"dict": build_once(tmp_path_factory, "rule-mistakes-dict",
                               build_with_rules(every_setting, checks={"spelling": "en-UK"})),
            "list": build_once(tmp_path_factory, "rule-mistakes-list", build_with_rules(list_of_rules))}


@pytest.mark.parametrize("treatment, expected", RULE_MISTAKES)
def test_a_mistake_in_the_rules_fails_the_build_naming_the_setting_and_line(mistakes_builds, treatment, expected):
    result, root = mistakes_builds["dict" if isinstance(treatment, dict) else "list"]
    assert result.returncode != 0
    assert logged_as_problem(result.stderr, expected), result.stderr
    assert "Traceback" not in result.stderr
    logged = next(line for line in result.stderr.splitlines() if expected in line)
    line = re.search(r"mkdocs\.yml:(\d+): extra\.clinic\.treatment", logged)
    assert line, logged
    settings_line = (root / "mkdocs.yml").read_text().splitlines()[int(line.group(1)) - 1]
    assert "treatment" in settings_line or any(str(k) in settings_line for k in (treatment if isinstance(treatment, dict) else [])) \
        or settings_line.strip().startswith("-"), settings_line


def build_pages_with_mistakes(root: Path):
    body = "Text.\n\n{{ treatment.drive }}\n\nYou may drive {{ treatment.driving }} later.\n"
    drift = "Some words.\n\nIf you feel worse, call your team straight away.\n"
    return run_mkdocs(*make_site(root, {"index.md": page("Home"), "rules.md": page("Rules", body),
                                        "drift.md": page("Drift", drift)}))


@pytest.fixture(scope="module")
def pages_with_mistakes(tmp_path_factory):
    """One build with a page of misused tokens (rules.md) and a page whose urgency drifts (drift.md)."""
    return build_once(tmp_path_factory, "pages-with-mistakes", build_pages_with_mistakes)


def test_an_unknown_or_misplaced_token_fails_the_build_naming_the_page_and_line(pages_with_mistakes):
    result, root = pages_with_mistakes
    assert result.returncode != 0
    text = (root / "docs" / "rules.md").read_text().splitlines()
    unknown = re.search(r"rules\.md:(\d+): \"\{\{ treatment\.drive \}\}\" is not a clinic setting\. Did you mean \"driving\"\?",
                        result.stderr)
    inline = re.search(r"rules\.md:(\d+): A clinic setting token must be on a line of its own", result.stderr)
    assert unknown and inline, result.stderr
    assert "treatment.drive }}" in text[int(unknown.group(1)) - 1]
    assert "You may drive" in text[int(inline.group(1)) - 1]


def test_every_token_in_the_guide_shows_each_example_clinics_own_rule(built_site, example_site):
    """The shipped pages and both example clinics: every token shows the configured text, nothing is left as a token."""
    uk_site = example_site
    uk_settings = yaml.safe_load((REPO / "examples" / "uk-clinic" / "mkdocs.yml").read_text())["extra"]["clinic"]
    for site, clinic in ((built_site, real_config()["extra"]["clinic"]), (uk_site, uk_settings)):
        treatment, findings = load_treatment(clinic.get("treatment"))
        assert findings == []
        for source in sorted((REPO / "docs").rglob("*.md")):
            if "_snippets" in source.parts or "templates" in source.parts:
                continue
            keys = [m.group("name") for m in map(TOKEN.match, source.read_text().splitlines()) if m]
            built = site / source.relative_to(REPO / "docs").with_suffix("") / "index.html"
            if source.name == "index.md":
                built = site / source.relative_to(REPO / "docs").parent / "index.html"
            assert "{{" not in parsed_page(built).select_one("article").get_text(), built
            shown = settings_blocks(built)
            assert [key for key, _ in shown] == keys, built
            for key, text in shown:
                assert squash(treatment.text(key)) in text, (built, key)
                assert squash(clinic["name"]) in text if treatment.is_set(key) else True


def test_the_urgency_check_finds_drift_and_accepts_the_three_levels():
    drifting = [
        "If this happens, call your team straight away.",
        "Contact your clinic urgently if you feel unsafe.",
        "Tell your treatment team soon if the low mood stays.",
        "Call your therapist now if it gets worse.",
        "Reach out right away if you feel unreal.",
    ]
    for sentence in drifting:
        assert [f.rule for f in check_urgency(sentence, 1, "p.md")] == ["urgency"], sentence
    keeping = [
        "Call the emergency number or a crisis line now.",
        "Contact your treatment team today. When the clinic is closed, use the after-hours line.",
        "Talk about it at your next visit.",
        "Tell your therapist straight away if you feel sick.",  # someone in the room, not a level of urgency
        "If you feel in danger right now, go to [Get help now](../get-help-now.md).",
        "You may feel better soon after the session.",
    ]
    for sentence in keeping:
        assert check_urgency(sentence, 1, "p.md") == [], sentence


def test_a_danger_sign_listed_without_the_shared_text_is_reported_at_its_line():
    body = "Intro.\n\n- feeling low\n- thoughts of suicide\n"
    assert [(f.rule, f.line) for f in check_urgency(body, 10, "p.md")] == [("urgency", 13)]
    with_box = body + '\n!!! care "When to get help"\n    --8<-- "when-to-get-help.md"\n'
    assert check_urgency(with_box, 10, "p.md") == []


def test_the_shared_warning_texts_keep_to_the_three_levels():
    """Whatever a clinic writes in the shared texts, the urgency check accepts their wording."""
    for name in ("warning-signs.md", "when-to-get-help.md"):
        text = (REPO / "docs" / "_snippets" / name).read_text(encoding="utf-8")
        assert check_urgency(text, 1, name, is_shared_text=True) == [], name


def test_a_page_that_drifts_fails_the_build_naming_its_line(pages_with_mistakes):
    result, root = pages_with_mistakes
    assert result.returncode != 0
    match = re.search(r"^(ERROR|WARNING) .*drift\.md:(\d+): This sentence says when to get help with \"straight away\"",
                      result.stderr, re.M)
    assert match, result.stderr
    assert "straight away" in (root / "docs" / "drift.md").read_text().splitlines()[int(match.group(2)) - 1]


def test_token_findings_ignore_known_tokens():
    assert token_findings(ALL_TOKENS, "p.md") == []


# ---------- spelling: one variant of English ----------

def test_spelling_reports_the_other_variant_and_common_misspellings_at_their_line():
    from kapguide.spelling import check_spelling

    body = "Pick a colour you like.\n\nThe [center](https://example.org/colour) helps.\n\nIt is recieved `colour`.\n"
    us = [(f.line, f.message) for f in check_spelling(body, 10, "p.md", "en-US")]
    assert us == [(10, '"colour" is spelt differently in this guide: write "color".'),
                  (14, '"recieved" is spelt differently in this guide: write "received".')]
    gb = [(f.line, f.message) for f in check_spelling(body, 10, "p.md", "en-GB")]
    assert gb == [(12, '"center" is spelt differently in this guide: write "centre".'),
                  (14, '"recieved" is spelt differently in this guide: write "received".')]
    assert check_spelling("Practice at home. A story.", 1, "p.md", "en-GB") == []
    assert check_spelling(body, 1, "p.md", "off") == []
    assert [f.line for f in check_spelling(body, 1, "p.md", "en-US", frozenset({"colour"}))] == [5]


def test_a_spelling_setting_typo_is_named(mistakes_builds):
    result, _ = mistakes_builds["dict"]  # its settings say spelling: en-UK
    assert result.returncode != 0
    assert logged_as_problem(result.stderr, "extra.checks.spelling is 'en-UK'. Did you mean \"en-US\"? Fix: Use one of: en-US, en-GB, off.")


def _driving_rule_build(root, page_text: str, rule: str) -> tuple[str, int]:
    """A small site whose clinic sets the driving rule to ``rule``, with one page: its strict build's messages
    (it must fail, without a traceback) and the line of the rule in its mkdocs.yml."""
    from conftest import make_site, page, run_mkdocs

    config, site = make_site(root, {"index.md": page("Home", page_text)},
                             extra={"clinic": {"treatment": {"driving": rule}}})
    result = run_mkdocs(config, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip().startswith("driving:"))
    return result.stderr, line


def test_a_rule_the_clinic_set_that_no_page_shows_fails_the_strict_build_at_its_setting(tmp_path):
    """A page removed, or its token taken out: the clinic's rule would reach no patient."""
    stderr, line = _driving_rule_build(tmp_path, "Read this first.", "Do not drive until tomorrow.")
    assert (f"mkdocs.yml:{line}: extra.clinic.treatment.driving is set, but no page shows it (no page holds "
            "{{ treatment.driving }})") in stderr, stderr


def test_the_clinics_own_rules_are_checked_for_hard_words_and_long_sentences(tmp_path):
    """Patients read the clinic's rules on the pages: the same plain-words list and sentence length as a page."""
    long_rule = ("Do not drive prior to the next day, and please also remember that you should not ride a bicycle or "
                 "use any machines or power tools until a full night of sleep has passed after your session.")
    stderr, line = _driving_rule_build(tmp_path, "Read this first.\n\n{{ treatment.driving }}\n", long_rule)
    assert (f"mkdocs.yml:{line}: extra.clinic.treatment.driving: 'prior to' is a hard word for many readers: "
            "write 'before'.") in stderr, stderr
    assert f"mkdocs.yml:{line}: extra.clinic.treatment.driving: a sentence has {len(long_rule.split())} words" \
        in stderr, stderr
