"""Data a build keeps in the machine's cache folder (KAP_GUIDE_SHARED_CACHE), made from the installed libraries
and the templates: codespell's lists, read (hooks/kapguide/spelling.py), and compiled page templates
(hooks/kapguide/template_cache.py). Kept data must give exactly what a build without it gives, and compiled code
made with other settings must never be used."""

from __future__ import annotations

import json

import jinja2
import pytest

from conftest import make_site, page, run_mkdocs
from kapguide import spelling
from kapguide.template_cache import use_kept_templates


@pytest.fixture
def shared(tmp_path, monkeypatch):
    monkeypatch.setenv("KAP_GUIDE_SHARED_CACHE", str(tmp_path / "shared"))
    spelling.codespell_lists.cache_clear()
    spelling.word_list.cache_clear()
    yield tmp_path / "shared"
    spelling.codespell_lists.cache_clear()
    spelling.word_list.cache_clear()


# ---------------------------------------------------------------- spelling lists

def test_kept_spelling_lists_give_the_same_words_and_a_broken_file_is_made_again(shared):
    parsed = spelling._codespell_lists()
    us, gb = spelling.word_list("en-US"), spelling.word_list("en-GB")
    (kept,) = shared.glob("spelling-codespell-*.json")
    assert json.loads(kept.read_text(encoding="utf-8")) == parsed
    assert us["colour"] == ["color"] and "colour" in gb["color"]
    assert "colour" not in spelling.word_list("en-US").get("color", []), "the UK list changed the US one"

    spelling.codespell_lists.cache_clear()
    spelling.word_list.cache_clear()
    assert spelling.word_list("en-US") == us and spelling.word_list("en-GB") == gb  # read from the file

    kept.write_text(json.dumps({"dictionary.txt": {"teh": "__import__('os')"}}), encoding="utf-8")
    spelling.codespell_lists.cache_clear()
    spelling.word_list.cache_clear()
    assert spelling.word_list("en-US") == us
    assert json.loads(kept.read_text(encoding="utf-8")) == parsed


# ---------------------------------------------------------------- compiled templates

def environment(folder, templates: dict[str, str], **options) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), **options)
    use_kept_templates(env, folder)
    return env


def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from here on (the ones not taken from the kept code)."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_code_compiled_without_escaping_is_never_used_where_the_template_is_escaped(tmp_path, monkeypatch):
    templates = {"page.html": "<p>{{ title }}</p>"}
    names = compiled(monkeypatch)
    assert environment(tmp_path, templates).get_template("page.html").render(title="<b>") == "<p><b></p>"
    assert list(tmp_path.glob("templates/*.cache")), "nothing was kept"

    escaping = environment(tmp_path, templates, autoescape=True)
    assert escaping.get_template("page.html").render(title="<b>") == "<p>&lt;b&gt;</p>"
    assert names == ["page.html"] * 2

    # As the security hook escapes: by a function of the template's name. Escaped or not, the same settings as
    # above, so the kept code is used.
    by_name = environment(tmp_path, templates, autoescape=lambda name: name == "page.html")
    assert by_name.get_template("page.html").render(title="<b>") == "<p>&lt;b&gt;</p>"
    not_this_one = environment(tmp_path, templates, autoescape=lambda name: name != "page.html")
    assert not_this_one.get_template("page.html").render(title="<b>") == "<p><b></p>"
    assert names == ["page.html"] * 2, "the same settings compiled the template again"


def test_kept_code_follows_the_templates_text_and_how_its_filters_are_called(tmp_path, monkeypatch):
    names = compiled(monkeypatch)
    plain = environment(tmp_path, {"t.html": "{{ 'a' | mark }}"})
    plain.filters["mark"] = lambda value: f"[{value}]"
    assert plain.get_template("t.html").render() == "[a]"

    with_context = environment(tmp_path, {"t.html": "{{ 'a' | mark }}"})
    with_context.filters["mark"] = jinja2.pass_context(lambda context, value: f"[{value}:{context['who']}]")
    assert with_context.get_template("t.html").render(who="b") == "[a:b]"

    edited = environment(tmp_path, {"t.html": "{{ 'c' | mark }}"})
    edited.filters["mark"] = lambda value: f"[{value}]"
    assert edited.get_template("t.html").render() == "[c]"
    assert names == ["t.html"] * 3


def test_a_folder_others_can_write_in_is_never_used(tmp_path):
    """As with Jinja's own default folder: code someone else could have planted is never run."""
    shared = tmp_path / "shared"
    (shared / "templates").mkdir(parents=True)
    (shared / "templates").chmod(0o777)
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ 1 + 1 }}"}))
    assert not use_kept_templates(env, shared)
    assert env.bytecode_cache is None and env.get_template("t.html").render() == "2"
    assert list((shared / "templates").iterdir()) == []
    (shared / "templates").chmod(0o700)
    assert use_kept_templates(env, shared)


def test_a_build_with_kept_templates_writes_the_same_site(tmp_path):
    pages = {"index.md": page("Home", "Call us if you are worried."),
             "preparation/before.md": page("Before your session", "Rest well the night before.")}
    config, site = make_site(tmp_path, pages)
    env = {"KAP_GUIDE_SHARED_CACHE": str(tmp_path / "shared")}
    first = run_mkdocs(config, site, env)
    assert first.returncode == 0, first.stderr
    kept = sorted((tmp_path / "shared" / "templates").glob("*.cache"))
    assert len(kept) > 10, "the theme's templates were not kept"
    written = {path.relative_to(site): path.read_bytes() for path in sorted(site.rglob("*.html"))}
    second = run_mkdocs(config, site, env)
    assert second.returncode == 0, second.stderr
    assert {path.relative_to(site): path.read_bytes() for path in sorted(site.rglob("*.html"))} == written
    assert sorted((tmp_path / "shared" / "templates").glob("*.cache")) == kept
