"""Benchmarks and budgets for the KAP guide: `make bench` (not part of the test suite).

Prints a table of figures, each the median of several runs, with comparisons as
ratios measured in the same run, then PASS/FAIL per budget; exits 1 if a budget fails.

  build      the real site, cold (no caches) and warm, hooks on vs off (KAP_GUIDE_HOOKS=off)
  scaling    synthetic sites of 100 and 1,000 pages, hooks on vs off; check time from the report,
             with every rule running (kept results cleared) and for an unchanged site
  pdf        seconds per worksheet PDF made cold (2 workers), and PDFs made by a warm build;
             KB per page of the built worksheet PDFs (the largest worksheet, and the whole workbook)
  rebuild    a real `mkdocs serve`: time from saving a page to the new page being served
  weight     bytes a first visit downloads (raw and gzip) for three pages; search index size
  hostile    each rule's slowest time on ~100 KB of pathological text (tests/test_hostile_text.py)
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

BUDGETS = {
    "hooks on / off, warm build": 1.15,
    "check time growth, 10x pages": 11.0,
    "seconds per cold PDF (2 cores)": 0.5,
    "worksheet PDF, KB per page (largest)": 100.0,
    "edit-rebuild seconds": 1.5,
    "content page first load, KB gzip": 70.0,
    "slowest rule on hostile input, seconds": 2.0,
    "slowest search query, ms (desktop)": 50.0,
}


def env(hooks: bool = True) -> dict:
    values = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    values.pop("GITHUB_ACTIONS", None)
    # Python keeps compiled hooks in __pycache__ between builds, as on any normal install; a
    # machine that switches this off would compile the hooks at every build (~0.02 s more).
    values.pop("PYTHONDONTWRITEBYTECODE", None)
    values["KAP_GUIDE_HOOKS"] = "on" if hooks else "off"
    return values


def build(config: Path, site: Path, hooks: bool = True) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                            cwd=REPO, env=env(hooks), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 and hooks:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    return elapsed


def median(values: list[float]) -> float:
    return statistics.median(values)


def clear_caches(root: Path) -> None:
    shutil.rmtree(root / ".cache", ignore_errors=True)


def clear_check_results(root: Path) -> None:
    """Forget kept page and link check results, so the next build runs every rule again."""
    for name in ("page-checks.json", "link-check.json"):
        (root / ".cache" / name).unlink(missing_ok=True)


def beside_settings(folder: Path) -> None:
    """Copy the files the settings name relative to mkdocs.yml (the plain-words and search-words lists, and the
    other languages' pages and settings files) beside a copied mkdocs.yml."""
    for pattern in ("plain-words*.yml", "search-words*.yml"):  # each language's lists
        for path in REPO.glob(pattern):
            shutil.copy(path, folder / path.name)
    for other in REPO.glob("mkdocs.*.yml"):  # mkdocs.es.yml: INHERITs the copied mkdocs.yml, pages in docs-es/
        shutil.copy(other, folder / other.name)
        code = other.name.split(".")[1]
        if (REPO / f"docs-{code}").is_dir() and not (folder / f"docs-{code}").exists():
            shutil.copytree(REPO / f"docs-{code}", folder / f"docs-{code}")


# ---------------------------------------------------------------- real site

def bench_real_site(runs: int, tmp: Path) -> dict:
    config = tmp / "real" / "mkdocs.yml"
    shutil.copytree(REPO / "docs", tmp / "real" / "docs")
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    settings.update({"docs_dir": str(tmp / "real" / "docs"), "hooks": [str(REPO / h) for h in settings["hooks"]]})
    settings["theme"]["custom_dir"] = str(REPO / "overrides")
    settings["extra"]["checks"]["report_dir"] = str(tmp / "real" / "report")
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    beside_settings(config.parent)
    site = tmp / "real" / "site"
    cold_on, cold_off, warm_on, warm_off = [], [], [], []
    for _ in range(runs):
        clear_caches(config.parent)
        cold_on.append(build(config, site, True))
        cold_off.append(build(config, site, False))
    # Warm builds are short and this figure carries a tight budget: more runs, hooks on and off in turn.
    for _ in range(max(runs, 15)):
        warm_on.append(build(config, site, True))
        warm_off.append(build(config, site, False))
    report = json.loads((tmp / "real" / "report" / "report.json").read_text())
    return {"cold_on": median(cold_on), "cold_off": median(cold_off), "warm_on": median(warm_on),
            "warm_off": median(warm_off), "pages": report["summary"]["pages"],
            "timings": report.get("timings", {}), "config": config, "site": site}


# ---------------------------------------------------------------- synthetic sites

def synthetic_site(root: Path, pages: int) -> Path:
    """A site of `pages` content pages in the four sections, made from the real pages' text."""
    docs = root / "docs"
    shutil.copytree(REPO / "docs" / "assets", docs / "assets")
    (docs / "get-help-now.md").write_text("---\ntitle: Get help now\ndescription: Help.\nstatus: draft\n---\n"
                                          "# Get help now\n\nCall your team if you feel unsafe.\n")
    (docs / "index.md").write_text("---\ntitle: Home\ndescription: Home.\nstatus: draft\n---\n# Home\n\nWelcome.\n")
    bodies = [p.read_text().split("\n---\n", 1)[1] for p in sorted((REPO / "docs").glob("*/*.md"))
              if p.parent.name in ("preparation", "in-session", "difficult-sessions", "between-sessions")]
    sections = ["preparation", "in-session", "difficult-sessions", "between-sessions"]
    nav = ["index.md"]
    per_section: dict[str, list[str]] = {s: [] for s in sections}
    for n in range(pages):
        section = sections[n % 4]
        body = bodies[n % len(bodies)]
        title = f"Synthetic page {n}"
        body = re.sub(r"^# .*$", f"# {title}", body.lstrip("\n"), count=1, flags=re.M)
        body = re.sub(r"\]\((?!\.\./|https?:)([^)]+\.md)", r"](../\1", body)  # fix same-folder links
        body = re.sub(r"\]\((\.\./)+[^)]*\.md(#[^)]*)?\)", "](../get-help-now.md)", body)
        body = body.replace("\n## ", "\n## ", 1)
        text = f"---\ntitle: {title}\ndescription: A synthetic page for the benchmark.\nstatus: draft\n---\n{body}"
        path = docs / section / f"page-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        per_section[section].append(f"{section}/page-{n}.md")
    # Each section is split into parts of 25 pages, as a large guide would be, so a page's
    # (pruned) navigation stays the same size however many pages the site has.
    nav += [{s: [{f"Part {i // 25 + 1}": per_section[s][i:i + 25]} for i in range(0, len(per_section[s]), 25)]}
            for s in sections if per_section[s]]
    nav.append("get-help-now.md")
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    settings.update({"docs_dir": str(docs), "nav": nav, "hooks": [str(REPO / h) for h in settings["hooks"]]})
    settings["plugins"] = [p for p in settings["plugins"] if p != "awesome-nav"]  # this menu is listed above
    settings["theme"]["custom_dir"] = str(REPO / "overrides")
    settings["extra"]["checks"]["sections"] = {}
    settings["extra"]["checks"]["report_dir"] = str(root / "report")
    settings["extra"]["checks"]["disable"] = ["reading-grade", "long-sentence", "long-paragraph"]
    config = root / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    beside_settings(config.parent)
    return config


def bench_scaling(runs: int, tmp: Path) -> dict:
    out = {}
    for pages in (100, 1000):
        root = tmp / f"synthetic-{pages}"
        config = synthetic_site(root, pages)
        site = root / "site"
        build(config, site, True)  # warm the caches (PDFs, grades)
        on, off, checks, kept = [], [], [], []
        for _ in range(runs):
            clear_check_results(root)  # every rule runs on every page
            on.append(build(config, site, True))
            checks.append(json.loads((root / "report" / "report.json").read_text())["timings"].get("checks", 0.0))
            build(config, site, True)  # nothing changed: results are reused
            kept.append(json.loads((root / "report" / "report.json").read_text())["timings"].get("checks", 0.0))
            off.append(build(config, site, False))
        out[pages] = {"on": median(on), "off": median(off), "checks": median(checks), "kept": median(kept)}
    return out


# ---------------------------------------------------------------- PDFs

def bench_pdfs(tmp: Path, real: dict) -> dict:
    from kapguide.clinic import load_clinic
    from kapguide.worksheet_fonts import field_font
    from kapguide.worksheet_model import load_worksheet
    from kapguide.worksheet_pdf import PdfJob, make_pdfs
    from kapguide.worksheet_render import pdf_document

    extra = yaml.safe_load((REPO / "mkdocs.yml").read_text())["extra"]
    clinic, _ = load_clinic(extra)
    paper = str((extra.get("worksheets") or {}).get("paper", "letter")).lower()
    sheets = [load_worksheet(p.read_text(), str(p))[0] for p in sorted((REPO / "docs/worksheets").glob("*.yml"))]
    cache = tmp / "pdf-cache"
    font = field_font(cache / "fonts")  # made once per build, as the hook does
    readable = (font,) if font else ()
    jobs = [PdfJob(f"{s.id}.pdf", s.source_text, functools.partial(pdf_document, [s], clinic, paper, field_font=font),
                   s.pages, s.source, readable) for s in sheets]
    import weasyprint  # noqa: F401  (import time is not PDF time)
    start = time.perf_counter()
    results = make_pdfs(jobs, cache, workers=2)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    again = make_pdfs(jobs, cache, workers=2)
    warm = time.perf_counter() - start
    build(real["config"], real["site"], True)  # a warm build of the real site
    report = json.loads((real["config"].parent / "report" / "report.json").read_text())
    made_by_warm_build = sum(not w["from_cache"] for w in report["worksheets"])
    # bytes per page of the PDFs the build published (size is the same on every run: no median needed)
    per_page = {w["id"]: (real["site"] / w["pdf"]).stat().st_size / max(1, w["pages"]) for w in report["worksheets"]}
    sheet_ids = [w["id"] for w in report["worksheets"] if w["section"] != "workbook"]
    largest = max(sheet_ids, key=per_page.__getitem__) if sheet_ids else ""
    workbook = next((w for w in report["worksheets"] if w["pdf"].endswith("/workbook.pdf")), None)
    return {"count": len(results), "per_pdf": cold / len(results), "made_cold": sum(not r.from_cache for r in results),
            "made_warm": sum(not r.from_cache for r in again), "warm_seconds": warm,
            "warm_build_made": made_by_warm_build, "warm_build_total": len(report["worksheets"]),
            "largest_sheet": largest, "largest_per_page": per_page.get(largest, 0.0),
            "workbook_pages": workbook["pages"] if workbook else 0,
            "workbook_bytes": (real["site"] / workbook["pdf"]).stat().st_size if workbook else 0}


# ---------------------------------------------------------------- edit-rebuild under mkdocs serve

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8", "replace")


def bench_rebuild(runs: int, real: dict) -> dict:
    config = real["config"]
    page = config.parent / "docs" / "in-session" / "right-after.md"
    original = page.read_text()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"], cwd=REPO, env=env(True), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/in-session/right-after/"
    times = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                fetch(url)
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1.0)
        for n in range(runs):
            marker = f"Benchmark marker {n} {time.time()}"
            start = time.perf_counter()
            page.write_text(original.replace("## What you can do", f"{marker}\n\n## What you can do", 1))
            while time.perf_counter() - start < 60:
                try:
                    if marker in fetch(url):
                        break
                except OSError:
                    pass
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
            time.sleep(1.0)
    finally:
        page.write_text(original)
        server.terminate()
        server.wait(timeout=30)
    return {"median": median(times), "runs": times}


# ---------------------------------------------------------------- page weight

ASSET = re.compile(r'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"')
# The search index is fetched on first visit too (Material's search loads it at start); reported apart.
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def first_visit(site: Path, page: str) -> dict:
    html_path = site / page / "index.html" if page else site / "index.html"
    files = {html_path}
    html = html_path.read_text()
    for ref in ASSET.findall(html):
        if ref.startswith(("http:", "https:", "data:")):
            continue
        target = (html_path.parent / ref.split("#")[0].split("?")[0]).resolve()
        if target.is_file():
            files.add(target)
            if target.suffix == ".css":
                for url in CSS_URL.findall(target.read_text()):
                    if not url.startswith("data:"):
                        asset = (target.parent / url.split("#")[0].split("?")[0]).resolve()
                        if asset.is_file():
                            files.add(asset)
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return {"files": len(files), "raw": raw, "gzip": zipped}


def bench_weight(real: dict) -> dict:
    site = real["site"]
    index = site / "search" / "search_index.json"
    weights = {"home": first_visit(site, ""), "content": first_visit(site, "in-session/right-after"),
               "worksheet": first_visit(site, "worksheets/mood-tracker"),
               "search_raw": index.stat().st_size, "search_gzip": len(gzip.compress(index.read_bytes(), 6))}
    spanish = real["config"].with_name("mkdocs.es.yml")
    if spanish.is_file():  # the same content page in Spanish (site/es/), built once
        build(spanish, site / "es", True)
        weights["content (Spanish)"] = first_visit(site / "es", "in-session/right-after")
    return weights


# ---------------------------------------------------------------- search

SEARCH_TIMING = """
const fs = require("fs");
const { Index } = require(process.argv[1]);
const index = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
let start = process.hrtime.bigint();
const search = new Index(index);
const setup = Number(process.hrtime.bigint() - start) / 1e6;
const times = queries.map(query => {
  start = process.hrtime.bigint();
  search.search(query);
  return Number(process.hrtime.bigint() - start) / 1e6;
}).sort((a, b) => a - b);
console.log(JSON.stringify({ setup, median: times[times.length >> 1], slowest: times[times.length - 1] }));
"""


SEARCH_LANGUAGES = {"English": ("search_queries.yml", ""), "Spanish": ("search_queries.es.yml", "es")}


def bench_search(real: dict) -> dict[str, dict]:
    """The search worker's own time (overrides/assets/javascripts/kap-search-worker.js) in Node: setting up the
    index, and each query of tests/search_queries.yml (and of search_queries.es.yml on the Spanish site, when it
    was built), by language; empty when Node is not installed."""
    node = shutil.which("node")
    if node is None:
        return {}
    import yaml

    worker = REPO / "overrides" / "assets" / "javascripts" / "kap-search-worker.js"
    timings = {}
    for name, (file, folder) in SEARCH_LANGUAGES.items():
        index = real["site"] / folder / "search" / "search_index.json"
        if not index.is_file():
            continue
        queries = [str(entry[0]) for entries in yaml.safe_load((REPO / "tests" / file).read_text()).values()
                   for entry in entries]
        result = subprocess.run([node, "-e", SEARCH_TIMING, str(worker), str(index)],
                                input=json.dumps(queries * 5), capture_output=True, text=True, check=True)
        timings[name] = {**json.loads(result.stdout), "queries": len(queries)}
    return timings


# ---------------------------------------------------------------- report

def bench_hostile() -> dict[str, tuple[float, str]]:
    """Each rule's slowest case of the pathological inputs (each rule in its own process, hangs capped)."""
    sys.path.insert(0, str(REPO / "tests"))
    from test_hostile_text import worst_times

    return worst_times(ceiling=60.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median is shown)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kap-bench-"))
    try:
        real = bench_real_site(args.runs, tmp)
        scaling = bench_scaling(args.runs, tmp)
        pdfs = bench_pdfs(tmp, real)
        rebuild = bench_rebuild(max(args.runs, 5), real)
        weight = bench_weight(real)
        search = bench_search(real)
        hostile = bench_hostile()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    rows = [
        ("Real site", f"{real['pages']} pages + worksheets", ""),
        ("  cold build, hooks on / off", f"{real['cold_on']:.2f} s / {real['cold_off']:.2f} s", f"{real['cold_on'] / real['cold_off']:.2f}x"),
        ("  warm build, hooks on / off", f"{real['warm_on']:.2f} s / {real['warm_off']:.2f} s", f"{real['warm_on'] / real['warm_off']:.2f}x"),
        ("  time in hooks, warm", ", ".join(f"{k} {v:.2f} s" for k, v in real["timings"].items()), ""),
    ]
    for pages, r in scaling.items():
        rows.append((f"Synthetic {pages} pages, hooks on / off", f"{r['on']:.2f} s / {r['off']:.2f} s", f"{r['on'] / r['off']:.2f}x"))
        rows.append((f"  check time, {pages} pages", f"{r['checks']:.3f} s (unchanged site: {r['kept']:.3f} s)",
                     f"{r['checks'] / pages * 1000:.2f} ms/page"))
    growth = scaling[1000]["checks"] / scaling[100]["checks"]
    rows.append(("  check time growth, 100 -> 1,000 pages", "", f"{growth:.2f}x"))
    rows += [
        ("Worksheet PDFs, cold, 2 workers", f"{pdfs['count']} PDFs", f"{pdfs['per_pdf']:.3f} s/PDF"),
        ("  made again with nothing changed", f"{pdfs['made_warm']} of {pdfs['count']}", f"{pdfs['warm_seconds']:.3f} s"),
        ("  made by a warm build of the site", f"{pdfs['warm_build_made']} of {pdfs['warm_build_total']}", ""),
        ("  bytes per page, largest worksheet", pdfs["largest_sheet"], f"{kb(pdfs['largest_per_page'])}/page"),
        ("  workbook.pdf", f"{pdfs['workbook_pages']} pages, {kb(pdfs['workbook_bytes'])}",
         f"{kb(pdfs['workbook_bytes'] / max(1, pdfs['workbook_pages']))}/page"),
        ("Edit-rebuild under mkdocs serve", ", ".join(f"{t:.2f}" for t in rebuild["runs"]) + " s", f"{rebuild['median']:.2f} s"),
    ]
    for name in [key for key in ("home", "content", "content (Spanish)", "worksheet") if key in weight]:
        w = weight[name]
        rows.append((f"First visit, {name} page", f"{w['files']} files, {kb(w['raw'])} raw", f"{kb(w['gzip'])} gzip"))
    rows.append(("Search index", kb(weight["search_raw"]) + " raw", f"{kb(weight['search_gzip'])} gzip"))
    for name, timing in search.items():
        rows.append((f"Search ({name}), {timing['queries']} patient queries x 5", f"index ready in {timing['setup']:.0f} ms",
                     f"{timing['median']:.2f} ms median, {timing['slowest']:.1f} ms slowest"))
    slowest = sorted(hostile.items(), key=lambda item: -item[1][0])
    rows.append(("Hostile input (~100 KB), slowest rules", f"{len(hostile)} rules", ""))
    rows += [(f"  {rule}", label[:38], f"{seconds:.3f} s") for rule, (seconds, label) in slowest[:5]]

    width = max(len(r[0]) for r in rows) + 2
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
    print(f"Each figure is the median of {args.runs} runs (warm builds: {max(args.runs, 15)}, "
          f"edit-rebuild: {len(rebuild['runs'])}).\n")
    for label, value, ratio in rows:
        print(f"{label:<{width}}{value:<40}{ratio}")

    measured = {
        "hooks on / off, warm build": real["warm_on"] / real["warm_off"],
        "check time growth, 10x pages": growth,
        "seconds per cold PDF (2 cores)": pdfs["per_pdf"],
        "worksheet PDF, KB per page (largest)": pdfs["largest_per_page"] / 1024,
        "edit-rebuild seconds": rebuild["median"],
        "content page first load, KB gzip": max(weight[key]["gzip"] for key in ("content", "content (Spanish)")
                                                 if key in weight) / 1024,
        "slowest rule on hostile input, seconds": slowest[0][1][0],
    }
    if search:
        measured["slowest search query, ms (desktop)"] = max(timing["slowest"] for timing in search.values())
    failed = pdfs["warm_build_made"] > 0
    print("\nBudgets")
    for name, limit in BUDGETS.items():
        if name not in measured:
            print(f"  SKIP  {name}: not measured on this machine")
            continue
        ok = measured[name] <= limit
        failed |= not ok
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {measured[name]:.2f} (budget {limit:g})")
    print(f"  {'PASS' if pdfs['warm_build_made'] == 0 else 'FAIL'}  warm build makes no PDF: {pdfs['warm_build_made']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
