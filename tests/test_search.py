"""Search in patients' own words, run in Chromium against the built site, in each of its languages.

The queries are in tests/search_queries.yml (English) and tests/search_queries.es.yml (Spanish, run against
the Spanish site in site/es/). Every query runs through the site's own search worker, in the browser, with
the index the build wrote; a few run through the search box as a patient uses it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from markupsafe import escape

from conftest import (
    REPO,
    QuietHandler,
    line_hrefs,
    make_site,
    page,
    real_config,
    run_mkdocs,
    serve_folder,
    squash,
    wait_for_search_results,
)
from kapguide.clinic import load_clinic
from kapguide.patient_search import help_line, read_search_words, unknown_guide_words
from kapguide.ui_text import ui_text

# Each language's sample searches, and where its site is inside the built site.
LANGUAGES = {"en": ("search_queries.yml", ""), "es": ("search_queries.es.yml", "es/")}
NAMES = {"en": "English", "es": "Spanish"}
QUERIES = {code: yaml.safe_load((REPO / "tests" / file).read_text(encoding="utf-8")) for code, (file, _) in LANGUAGES.items()}
HELP = "get-help-now/"
TOP = 3
TARGET = 0.95

RUN_QUERIES = """async ([workerUrl, indexUrl, queries]) => {
  const index = await (await fetch(indexUrl)).json();
  const worker = new Worker(workerUrl);
  const ask = message => new Promise(resolve => { worker.onmessage = event => resolve(event.data); worker.postMessage(message); });
  await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  const found = [];
  for (const query of queries) {
    const answer = await ask({type: 2, data: query});
    found.push(answer.data.items.map(item => ({location: item[0].location, text: item[0].text})));
  }
  worker.terminate();
  return found;
}"""


def answered(site: Path, language: str = "en") -> dict[str, list[tuple[str, list[str]]]]:
    """The queries whose answering pages this guide has (a clinic may remove pages), by category."""
    kept: dict[str, list[tuple[str, list[str]]]] = {}
    for category, entries in QUERIES[language].items():
        for query, *pages in entries:
            pages = [p for p in pages if (site / p / "index.html").is_file()]
            if pages:
                kept.setdefault(category, []).append((str(query), pages))
    return kept


def run_in_worker(context, site_url: str, queries: list[str]) -> list[list[dict]]:
    """Each query's results (location and text, best first) from the site's search worker in Chromium. The
    worker's address is the one the page's script gives the theme (beside kap-page.js)."""
    tab = context.new_page()
    tab.goto(f"{site_url}/")
    worker = tab.eval_on_selector("script[src*='kap-page.js']", "s => new URL('kap-search-worker.js', s.src).href")
    found = tab.evaluate(RUN_QUERIES, [worker, f"{site_url}/search/search_index.json", queries])
    tab.close()
    return found


def language_site(request, language: str) -> tuple[Path, str]:
    """The folder and address of the site in ``language``: the English site, or the Spanish one (es/ beside a copy of
    the English one, as `make build` lays them out); skipped when the guide is not built in that language."""
    if language == "en":
        site, url = request.getfixturevalue("built_site"), request.getfixturevalue("site_url")
    elif language in (real_config()["extra"].get("languages") or []):
        site, url = request.getfixturevalue("built_site_es"), request.getfixturevalue("site_url_es")
    else:
        pytest.skip(f"this guide has no {NAMES[language]} site (extra.languages)")
    if not (site / "index.html").is_file() or not (site / "search" / "search_index.json").is_file():
        pytest.skip(f"this guide has no {NAMES[language]} search index")
    return site, url


def page_titles(site: Path) -> dict[str, str]:
    """Each page's title as the search index has it (its address -> the title's text)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: BeautifulSoup(doc["title"], "html.parser").get_text() for doc in index["docs"]
              if "#" not in doc["location"]}
    return {location: title for location, title in titles.items() if title.strip()}


@pytest.fixture(scope="module", params=list(LANGUAGES))
def search_results(request, browser, site_url, built_site) -> dict:
    site, url = language_site(request, request.param)
    sets = answered(site, request.param)
    titles = page_titles(site)
    queries = [query for entries in sets.values() for query, _ in entries]
    context = browser.new_context()
    found = run_in_worker(context, url, queries + list(titles.values()))
    context.close()
    return {"sets": sets, "results": dict(zip(queries, found)), "language": request.param,
            "titles": {location: (title, results) for (location, title), results in zip(titles.items(), found[len(queries):])}}


def test_patients_find_the_right_page_in_the_first_three_results(search_results, record_property):
    sets, results = search_results["sets"], search_results["results"]
    if not sets:
        pytest.skip("this guide has none of the pages the sample searches should find")
    lines, misses, found_all, total = [], [], 0, 0
    for category, entries in sets.items():
        found = 0
        for query, pages in entries:
            top = [r["location"] for r in results[query][:TOP]]
            if any(p in top for p in pages):
                found += 1
            else:
                misses.append(f"  [{category}] {query!r}: got {top}, want one of {pages}")
        lines.append(f"  {category}: {found}/{len(entries)} ({found / len(entries):.0%})")
        found_all, total = found_all + found, total + len(entries)
    summary = (f"Search ({NAMES[search_results['language']]}), a right page in the first {TOP}: {found_all}/{total} "
               f"({found_all / total:.1%})\n" + "\n".join(lines))
    record_property("search_figures", summary + ("\n  Missed:\n" + "\n".join(misses) if misses else ""))
    assert found_all / total >= TARGET, summary + "\n" + "\n".join(misses)


def test_every_page_is_found_by_its_own_title(search_results):
    """A patient who types a page's title (from the menu, a leaflet or a link someone sent) finds that page in the
    first results; two pages with the same title both count."""
    lost = {location: (title, [r["location"] for r in results[:TOP]])
            for location, (title, results) in search_results["titles"].items()
            if location not in [r["location"] for r in results[:TOP]]}
    assert search_results["titles"] and not lost, lost


def test_no_query_finds_nothing(search_results):
    empty = [query for query, found in search_results["results"].items() if not found]
    assert not empty, empty


def test_every_crisis_query_puts_get_help_first_with_the_numbers(search_results, request):
    site, _ = language_site(request, search_results["language"])
    if not (site / HELP / "index.html").is_file():
        pytest.skip("this guide has no get-help page")
    clinic, _ = load_clinic(real_config()["extra"])
    crisis = [query for query, _ in search_results["sets"].get("crisis", [])]
    assert crisis
    for query in crisis:
        first = search_results["results"][query][0]
        assert first["location"] == HELP, (query, [r["location"] for r in search_results["results"][query][:3]])
        text = squash(BeautifulSoup(first["text"], "html.parser").get_text(" "))
        for line in clinic.crisis_lines:
            assert line.number in text, (query, text)
        assert clinic.phone in text, (query, text)
        assert ui_text(search_results["language"])["now_short"] in text, (query, text)  # in the site's language


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_results_show_the_description_and_no_keyword_chips(context, request, language):
    """Through the search box, as a patient: a misspelt word finds its page, the result shows the page's
    one-sentence description, and no row of single keywords."""
    site, url = language_site(request, language)
    sets = answered(site, language)
    query, pages = next(((q, p) for q, p in sets.get("misspelling", [])), (None, None))
    if query is None:
        pytest.skip("no sample page for the misspelling queries")
    tab = context.new_page()
    tab.goto(f"{url}/?q={query}")
    wait_for_search_results(tab)
    items = tab.query_selector_all(".md-search-result__item")
    hrefs = [i.eval_on_selector("a", "a => new URL(a.href).pathname") for i in items[:TOP]]
    assert any(h.endswith("/" + p) for h in hrefs for p in pages), (query, hrefs)
    assert not tab.query_selector_all(".md-search-result .md-tag"), "keyword chips under results"
    assert not tab.query_selector_all(".md-search-result__terms"), "missing words listed under results"
    best = next(i for i in items if any(i.eval_on_selector("a", "a => new URL(a.href).pathname").endswith("/" + p)
                                        for p in pages))
    meta = BeautifulSoup((site / pages[0] / "index.html").read_text(encoding="utf-8"),
                         "html.parser").select_one('meta[name="description"]')
    if meta and meta.get("content"):
        assert squash(meta["content"])[:40] in squash(best.inner_text()), best.inner_text()


def test_a_crisis_query_typed_shows_get_help_first_and_a_search_with_no_result_offers_help(context, site_url, built_site):
    if not (built_site / HELP / "index.html").is_file():
        pytest.skip("this guide has no get-help page")
    clinic, _ = load_clinic(real_config()["extra"])
    tab = context.new_page()
    tab.goto(f"{site_url}/?q=i%20want%20to%20die")
    wait_for_search_results(tab)
    first = tab.query_selector(".md-search-result__item")
    assert first.eval_on_selector("a", "a => new URL(a.href).pathname").endswith("/" + HELP)
    assert all(line.number in first.inner_text() for line in clinic.crisis_lines), first.inner_text()
    assert tab.locator("#kap-search-empty").is_hidden()

    box = tab.locator(".md-search__input")
    box.fill("")
    box.type("zqxv wvvk")
    wait_for_search_results(tab, shown=True)
    tab.locator("#kap-search-empty").wait_for(state="visible")
    empty = tab.locator("#kap-search-empty")
    assert "No page matched" in tab.inner_text(".md-search-result__meta")
    assert empty.locator(f'a[href$="{HELP}"]').count() == 1
    shown = {href for href in empty.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
             if href.startswith(("tel:", "sms:"))}
    assert shown == {href for line in clinic.crisis_lines for href in line_hrefs(line)}  # each way the settings give
    assert empty.locator(".kap-search-empty__pages a").count() >= 1


def test_a_crisis_query_typed_on_the_spanish_site_shows_its_get_help_page_first_with_the_numbers(context, request):
    site, url = language_site(request, "es")
    if not (site / HELP / "index.html").is_file():
        pytest.skip("this guide has no get-help page")
    clinic, _ = load_clinic(real_config()["extra"])
    tab = context.new_page()
    tab.goto(f"{url}/?q=me%20quiero%20morir")
    wait_for_search_results(tab)
    first = tab.query_selector(".md-search-result__item")
    assert first.eval_on_selector("a", "a => new URL(a.href).pathname").endswith("/es/" + HELP)
    shown = squash(first.inner_text())
    assert all(line.number in shown for line in clinic.crisis_lines) and clinic.phone in shown, shown
    assert "Ahora, si está en peligro:" in shown, shown


# ---------------------------------------------------------------- the search words and hostile input

def test_mistakes_in_the_search_words_are_named_with_their_line():
    text = "synonyms:\n  throw up: vomit\n  comedown:\n  hangover: [tired, {a: b}]\ncrisis: suicide\nextra: 1\n"
    _, findings = read_search_words(text, "search-words.yml")
    assert [(f.rule, f.line) for f in findings] == [("search-words", 1)], findings  # 'extra' is not a block
    words, findings = read_search_words(text.replace("extra: 1\n", ""), "search-words.yml")
    assert [(f.line, f.message) for f in findings] == [
        (3, "'comedown' needs the guide's words after the colon."),
        (4, "'hangover' needs the guide's words after the colon."),
    ]
    assert [s.words for s in words.synonyms] == ["throw up"] and words.crisis == ("suicide",)
    _, findings = read_search_words("synonyms: [\n", "search-words.yml")
    assert findings[0].line and "not valid YAML" in findings[0].message
    notes = unknown_guide_words(words, {"sick", "vomiting", "calm"}, "search-words.yml")
    assert notes == []  # "vomit" is on the pages, as "vomiting"
    typo = read_search_words("synonyms:\n  throw up: vomitt, sick, nausea\n", "search-words.yml")[0]
    assert unknown_guide_words(typo, {"sick", "vomit"}, "search-words.yml") == [
        "search-words.yml:2: 'throw up' points to 'nausea', which no page of the guide uses, so that word finds nothing.",
        "search-words.yml:2: 'throw up' points to 'vomitt', which no page of the guide uses, so that word finds "
        'nothing. Did you mean "vomit"?']


def typos_between(a: str, b: str) -> int:
    """Edits (insert, delete, change a letter) that turn ``a`` into ``b``, the plain full way."""
    row = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (letter != other))
    return row[-1]


def test_the_did_you_mean_hint_finds_the_same_word_as_a_full_comparison():
    """The hint compares only the words that can be near (kapguide.patient_search._misspelling_of); on words made of
    few letters, where near words abound, it names the same word as comparing every word in full."""
    import random

    from kapguide.patient_search import _misspelling_of

    chance = random.Random(16)
    for _ in range(3000):
        site = {"".join(chance.choice("abcde") for _ in range(chance.randint(2, 11))) for _ in range(8)}
        word = list(chance.choice(sorted(site)))
        for _ in range(chance.randint(0, 3)):
            at = chance.randrange(len(word) + 1)
            edit = chance.choice(("insert", "delete", "change")) if at < len(word) else "insert"
            word[at:at + (edit != "insert")] = [] if edit == "delete" else [chance.choice("abcde")]
        typed = "".join(word)
        limit = 2 if len(typed) >= 8 else 1
        near = sorted((typos, known) for known in site if (typos := typos_between(typed, known)) <= limit)
        assert _misspelling_of(typed, site) == (near[0][1] if near and len(typed) >= 4 else ""), (typed, site)


def test_a_broken_search_words_file_fails_the_strict_build_naming_it(tmp_path):
    config, site = make_site(tmp_path, {"index.md": page("Home")})
    (tmp_path / "search-words.yml").write_text("synonyms:\n  feeling low: calmm\n  hangover:\n", encoding="utf-8")
    result = run_mkdocs(config, site)
    assert result.returncode != 0
    assert "search-words.yml:3: 'hangover' needs the guide's words after the colon." in result.stderr, result.stderr
    assert "hooks/search_hook: Search words: search-words.yml:2: 'feeling low' points to 'calmm', which no page " \
        "of the guide uses, so that word finds nothing." in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


SPANISH_PAGES = {
    "index.md": page("Inicio", "Esta guía le acompaña antes y después de cada sesión."),
    "get-help-now.md": page("Pida ayuda ahora", "Si está en peligro, llame ahora a una línea de crisis."),
    "malestar.md": page("Malestar físico", "Puede sentir náuseas o mareo. Dígaselo a su terapeuta.",
                        description="Qué hacer si siente náuseas en una sesión."),
    "miedo.md": page("Miedo y pánico", "El pánico pasa. Respire despacio con su terapeuta."),
    "descanso.md": page("La mañana siguiente", "Descanse por la mañana. Intente dormir bien esa noche."),
    "contacto.md": page("Contacto físico", "Su terapeuta le pregunta antes de tocar su mano."),
    "hojas.md": page("Hojas para anotar", "Estas hojas le ayudan a anotar su ánimo cada semana."),
}


class LoggedHandler(QuietHandler):
    """Notes each file asked for (the Spanish stemmer must be fetched only by the Spanish site)."""
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        LoggedHandler.asked.append(self.path)
        super().do_GET()


def test_the_spanish_search_folds_accents_and_n_and_reads_spanish_words(browser, tmp_path):
    """A small Spanish site (theme.language: es, search-words.es.yml): its search loads the Spanish stemmer
    and small words, and finds the pages however accents and "ñ" are typed."""
    config, site = make_site(tmp_path, SPANISH_PAGES, config={"theme": {"language": "es"}}, extra={
        "languages": ["es"], "search": {"words": "search-words.es.yml"},
        "checks": {"disable": ["reading-grade"]}})  # an English reading grade for English pages only
    result = run_mkdocs(config, site)
    assert result.returncode == 0, result.stderr
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["kap"]["lang"] == "es"
    LoggedHandler.asked = []
    server, url = serve_folder(site, LoggedHandler)
    queries = {"nausea": "malestar/", "NÁUSEA": "malestar/", "nauseas": "malestar/", "mareos": "malestar/",
               "panico": "miedo/", "manana": "descanso/", "mañana": "descanso/",
               "ojas": ("hojas/", "worksheets/"),  # both pages say "hojas" (the worksheets' page: "Hojas de trabajo")
               "devolver": "malestar/", "animo": ("hojas/", "worksheets/"),  # the worksheets' page: "anotar mi ánimo"
               "qué es la": None, "me quiero matar": HELP,
               "no quiero que me toquen": "contacto/",  # "toquen" is spelt for its sound: the verb is "tocar"
               "insomio": "descanso/"}  # a misspelling of the search words' "insomnio", which means "dormir"
    try:
        context = browser.new_context()
        found = run_in_worker(context, url, list(queries))
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    for (query, expected), results in zip(queries.items(), found):
        if expected is None:
            assert results == [], (query, results)  # only small words
        else:
            assert results and results[0]["location"] in (expected if isinstance(expected, tuple) else (expected,)), \
                (query, results)
    help_text = squash(BeautifulSoup(found[list(queries).index("me quiero matar")][0]["text"], "html.parser").get_text(" "))
    assert help_text.startswith("Ahora, si está en peligro:"), help_text
    assert any(path.endswith("/kap-search-stemmer.es.js") for path in LoggedHandler.asked), LoggedHandler.asked


def test_the_english_search_does_not_load_the_spanish_stemmer(context, site_url):
    tab = context.new_page()
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    tab.goto(f"{site_url}/?q=nausea")
    wait_for_search_results(tab)
    assert any(url.endswith("/kap-search-stemmer.js") for url in asked), asked  # the worker's requests are seen
    assert not any("kap-search-stemmer.es" in url for url in asked), asked


def test_spanish_search_words_are_checked_against_the_pages_without_accents():
    words, findings = read_search_words("synonyms:\n  devolver: vomitar, nausea, mareoo\n  bajón: ánimo bajo\n",
                                        "search-words.es.yml")
    assert findings == []
    site = {"vómito", "náuseas", "mareo", "ánimo", "bajo"}
    assert unknown_guide_words(words, site, "search-words.es.yml", "es") == [
        "search-words.es.yml:2: 'devolver' points to 'mareoo', which no page of the guide uses, so that word finds "
        'nothing. Did you mean "mareo"?']
    assert len(unknown_guide_words(words, site, "search-words.es.yml")) == 3  # English reading: accents count


def test_the_get_help_search_result_speaks_the_sites_language():
    clinic, _ = load_clinic(real_config()["extra"])
    english, spanish = help_line(clinic), help_line(clinic, "es")
    assert english.startswith('<p class="kap-search-help"><strong>Now, if you are in danger:</strong>')
    assert spanish.startswith('<p class="kap-search-help"><strong>Ahora, si está en peligro:</strong>')
    for line in clinic.crisis_lines:  # each way to reach each line, in each language ("call 988 or text 988")
        for text, language in ((english, "en"), (spanish, "es")):
            for way in line.ways:
                assert f"{ui_text(language)[way + '_lower']} {escape(line.number)}" in text, (language, line)
    assert f"call {clinic.phone}" in english and f"llame al {clinic.phone}" in spanish
    assert ("<strong>Cuando la clínica está cerrada:</strong>" in spanish) == bool(clinic.after_hours)


def test_a_hostile_description_is_shown_as_text_in_search_results(browser, tmp_path):
    """Front matter comes from pull requests: a description with HTML is shown as words, never run."""
    hostile = '<img src=x onerror="window.__hit=1">Hostile words'
    config, site = make_site(tmp_path, {"index.md": page("Home"),
                                        "evil.md": page("Evil page", description=hostile)})
    result = run_mkdocs(config, site)
    if not (site / "search" / "search_index.json").is_file():
        assert result.returncode != 0
        return
    server, url = serve_folder(site)
    try:
        context = browser.new_context()
        found = run_in_worker(context, url, ["hostile"])[0]
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    evil = [r for r in found if r["location"] == "evil/"]
    assert evil or result.returncode != 0, found  # published, or refused by the build
    for shown in evil:
        assert "<img" not in shown["text"] and "&lt;img" in shown["text"], shown
