"""A second engine: ProperDocs, a maintained fork of MkDocs 1.6, builds this project unchanged.

Material for MkDocs reaches end of life on 2027-05-05 (README: "When Material ends"). The hooks are
thin adapters over plain modules, so the site does not depend on one engine; this keeps it so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, html_pages, parsed_page, run_mkdocs, squash
from kapguide.build_cache import CACHE_ENV, WORKSHEET_CACHE


def help_cards(site: Path) -> dict[str, str]:
    """Every HTML page of a built site -> the text of its "Need help now?" card ('' if it has none)."""
    cards = {}
    for path in html_pages(site):
        card = parsed_page(path).select_one("aside.kap-help")
        cards[path.relative_to(site).as_posix()] = squash(card.get_text(" ")) if card else ""
    return cards


def generator(site: Path) -> str:
    tag = parsed_page(site / "index.html").select_one("meta[name=generator]")
    return tag["content"] if tag else ""


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory, built_site) -> Path:
    """The real site built by ProperDocs, strict. It starts with the worksheet PDFs the MkDocs build made (the same
    settings and worksheets make the same PDFs, whichever engine runs the hooks), so that it does not render them
    all again; every check runs again, as nothing else is kept."""
    pytest.importorskip("properdocs", reason="ProperDocs is a test dependency (requirements-test.txt)")
    root = tmp_path_factory.mktemp("properdocs")
    site, cache = root / "site", root / "cache"
    pdfs = built_site.parent / "cache" / WORKSHEET_CACHE
    if pdfs.is_dir():
        shutil.copytree(pdfs, cache / WORKSHEET_CACHE)
    result = run_mkdocs(REPO / "mkdocs.yml", site, {CACHE_ENV: str(cache)}, engine="properdocs")
    assert result.returncode == 0, f"strict ProperDocs build failed:\n{result.stdout}\n{result.stderr}"
    return site


def test_properdocs_builds_the_real_site_strict(properdocs_site, built_site):
    assert "ProperDocs" in generator(properdocs_site), "the site was not built by ProperDocs"
    assert "ProperDocs" not in generator(built_site)


def test_properdocs_builds_the_same_pages_with_the_same_help_card(properdocs_site, built_site):
    by_mkdocs, by_properdocs = help_cards(built_site), help_cards(properdocs_site)
    assert sorted(by_properdocs) == sorted(by_mkdocs)
    differ = [page for page in by_mkdocs if by_properdocs[page] != by_mkdocs[page]]
    assert not differ, f"the help card differs on {differ}"
    assert all(by_mkdocs.values()), "a page without its help card: the comparison would prove nothing"
