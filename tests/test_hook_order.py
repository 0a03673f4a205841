"""The order of the `hooks:` list in mkdocs.yml does not matter: each hook sets when its steps run
(mkdocs.plugins.event_priority). Real strict builds of one small site with the list as shipped and
reversed give the same findings, report and pages; a hostile page is caught either way.
And each build starts with a state of its own (mkdocs serve builds again in the same process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import REPORT_ENV, logged_as_problem, make_site, once_per_run, page, real_config, run_mkdocs

SHEET = """id: calm-plan
title: My calm plan
section: preparation
purpose: Notice what helps you stay calm.
instructions: Fill it in before your session.
pages: 1
fields:
  - kind: lines
    label: What helps me feel calm?
    lines: 2
"""

GOOD_PAGES = {
    "index.md": page("Your guide", "Start here. Each page is short."),
    "before.md": page("Before your session", "Plan your day.\n\n{{ treatment.food_and_drink }}\n",
                      keywords=["fasting"], worksheets=["calm-plan"]),
    "after.md": page("After your session", "Rest at home. Call your team if you feel unsafe."),
    "worksheets/calm-plan.yml": SHEET,
}

HOSTILE_PAGES = {
    **GOOD_PAGES,
    # the sanitizer (security_hook.on_page_content) must see this page
    "script.md": page("A page with a script", "Read this first.\n\n<script>alert(1)</script>\n"),
    # MkDocs cannot read this front matter; checks_hook puts it back, and security_hook must check it after that
    "odd-date.md": page("A page with a wrong date", "Read this first.").replace(
        "status: draft\n", "status: draft\nreviewed: 2026-02-30\ntemplate: not-ours.html\n"),
    # a worksheet that cannot be read (worksheets_hook.on_files) is named by a page (checks_hook.on_files)
    "worksheets/broken.yml": SHEET.replace("id: calm-plan", "id: broken").replace("title: My calm plan", "title: [Broken"),
    "names-sheets.md": page("A page naming worksheets", "Read this first.", worksheets=["broken", "no-such-sheet"]),
}


FOOD_RULE = "Eat a light meal at least 4 hours before your session."  # a clinic rule the fixture pages show


def _build_both_orders(root: Path, pages: dict[str, str | bytes]) -> dict:
    """The site built with the hooks as listed in mkdocs.yml and reversed: each build's result and report."""
    config, _ = make_site(root, pages, extra={"clinic": {"treatment": {"food_and_drink": FOOD_RULE}}})
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert [Path(h).name for h in settings["hooks"]] == [Path(h).name for h in real_config()["hooks"]]
    settings["hooks"] = list(reversed(settings["hooks"]))
    reversed_config = root / "mkdocs-reversed.yml"
    reversed_config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    builds = {}
    for order, settings_file in (("listed", config), ("reversed", reversed_config)):
        result = run_mkdocs(settings_file, root / order / "site", env={REPORT_ENV: str(root / order / "report")})
        report_file = root / order / "report" / "report.json"
        assert report_file.is_file(), f"the build with the hooks {order} stopped before its report:\n{result.stderr}"
        report = json.loads(report_file.read_text(encoding="utf-8"))
        report.pop("timings")  # seconds, different at every build
        builds[order] = {"returncode": result.returncode, "stderr": result.stderr, "report": report}
    return builds


@pytest.fixture(scope="module")
def good_builds(tmp_path_factory) -> tuple[dict, Path]:
    return once_per_run(tmp_path_factory, "hook-order-good", lambda root: _build_both_orders(root, GOOD_PAGES))


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory) -> tuple[dict, Path]:
    return once_per_run(tmp_path_factory, "hook-order-hostile", lambda root: _build_both_orders(root, HOSTILE_PAGES))


def _built_pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_reversed_hooks_build_strict_with_the_same_report(good_builds):
    builds, _ = good_builds
    for order, build in builds.items():
        assert build["returncode"] == 0, f"{order}:\n{build['stderr']}"
    assert builds["reversed"]["report"] == builds["listed"]["report"]
    report = builds["listed"]["report"]
    assert report["findings"] == [] and [w["id"] for w in report["worksheets"]][:1] == ["calm-plan"]
    assert "extra.clinic.treatment.food_and_drink" not in report["unset_settings"]


def test_reversed_hooks_make_the_same_pages(good_builds):
    builds, folder = good_builds
    listed, turned = _built_pages(folder / "listed" / "site"), _built_pages(folder / "reversed" / "site")
    assert listed and listed == turned
    before = listed["before/index.html"]
    assert FOOD_RULE in before  # the clinic's rule in place of its token (site_hook)
    assert "My calm plan" in before  # the worksheet the page names, in its related box (worksheets_hook)


def test_reversed_hooks_catch_the_same_problems(hostile_builds):
    builds, folder = hostile_builds
    for order, build in builds.items():
        assert build["returncode"] != 0, order
        stderr = build["stderr"]
        assert logged_as_problem(stderr, "docs/script.md:10: The HTML element <script> was removed"), order
        assert logged_as_problem(stderr, "docs/odd-date.md:6: template: 'not-ours.html' is not one of this "
                                         "site's page templates."), order
        assert logged_as_problem(stderr, "There is no worksheet with the id 'no-such-sheet'"), order
        assert "There is no worksheet with the id 'broken'" not in stderr, order
        assert "alert(1)" not in (folder / order / "site" / "script" / "index.html").read_text(encoding="utf-8")
    assert builds["reversed"]["report"]["findings"] == builds["listed"]["report"]["findings"]
    assert builds["reversed"]["report"] == builds["listed"]["report"]


def test_each_build_starts_with_a_fresh_state():
    import kap_mkdocs_adapter as adapter
    from kapguide.findings import Finding

    class Config:  # what the state needs of MkDocs' settings: an object of its own for each build
        pass

    adapter.start_command("build")
    first, second = Config(), Config()
    state = adapter.start_build(first)
    state.findings.append(Finding("link", "docs/p.md", "A link leads nowhere."))
    state.timings["checks"] = 1.0
    state.worksheet_ids = frozenset({"calm-plan"})
    assert adapter.state() is state
    fresh = adapter.start_build(second)
    assert adapter.state() is fresh and fresh is not state
    assert (fresh.findings, fresh.timings, fresh.worksheet_ids, fresh.settings) == ([], {}, None, None)
    assert fresh.command == "build" and fresh.config() is second
