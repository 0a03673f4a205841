"""Every link of the built site: internal links resolve, fragments exist, phone links dial.

MkDocs checks links between Markdown pages. This reads the finished HTML, so
it also sees links made by templates, raw HTML and generated pages, links to
PDFs, and ``tel:``/``sms:``/``mailto:`` links. External URLs are collected for
the report; ``check_external`` fetches them when a clinic asks for it.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kapguide.findings import Finding

TAG = re.compile(r"<(a|link|img|script|source|area|video|audio|track|iframe|embed)\b([^>]*)>", re.I)
ATTR = re.compile(r"\b(href|src|srcset|poster)\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
ID = re.compile(r"\b(?:id|name)\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
PHONE = re.compile(r"^\+?[0-9]{2,15}$")
EMAIL = re.compile(r"^[^@\s/]+@[^@\s/]+\.[^@\s/]+$")
SKIP_SCHEMES = ("data:",)


@dataclass
class LinkReport:
    findings: list[Finding] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=dict)  # url -> built files using it
    checked: int = 0


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _ids(html: str) -> set[str]:
    return {m.group(1)[1:-1] for m in ID.finditer(html)}


def _contact_problem(url: str) -> str | None:
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    target = unquote(rest.split("?")[0])
    if scheme in ("tel", "sms"):
        return None if PHONE.match(target) else f"'{url}' is not a number a phone can dial."
    if scheme == "mailto":
        return None if EMAIL.match(target) else f"'{url}' is not a valid email address."
    return None


@dataclass(frozen=True)
class PageSource:
    """Where a built page came from: its Markdown file, that file's text, and the HTML of its body."""
    path: str
    text: str
    content_html: str


def check_site(site_dir: Path, source_of: dict[str, PageSource] | None = None) -> LinkReport:
    """Check every HTML file under ``site_dir``.

    ``source_of`` maps a built file (relative to ``site_dir``) to the page it was made from. A bad
    link inside a page's own text is reported against its Markdown file and line; a bad link from a
    template or hook is reported against the built file.
    """
    source_of = source_of or {}
    report = LinkReport()
    root = os.path.abspath(site_dir)
    existing: set[str] = set()
    for folder, _dirs, names in os.walk(root):
        existing.update(os.path.join(folder, name) for name in names)
    html_files = sorted(p for p in existing if p.endswith(".html"))
    texts: dict[str, str] = {}
    ids_cache: dict[str, set[str]] = {}

    def text_of(path: str) -> str:
        if path not in texts:
            with open(path, encoding="utf-8", errors="replace") as handle:
                texts[path] = handle.read()
        return texts[path]

    def ids_of(path: str) -> set[str]:
        if path not in ids_cache:
            ids_cache[path] = _ids(text_of(path))
        return ids_cache[path]

    def resolve(target: str) -> str | None:
        if target in existing:
            return target
        index = os.path.join(target, "index.html")
        return index if index in existing else None

    for path in html_files:
        html = text_of(path)
        built = os.path.relpath(path, root)
        page = source_of.get(built)
        folder = os.path.dirname(path)
        seen: set[str] = set()
        for tag in TAG.finditer(html):
            for attr in ATTR.finditer(tag.group(2)):
                raw = attr.group(2)[1:-1].strip()
                urls = [u.strip().split()[0] for u in raw.split(",") if u.strip()] if attr.group(1).lower() == "srcset" else [raw]
                for url in urls:
                    if not url or url in seen or url.startswith(SKIP_SCHEMES):
                        continue
                    seen.add(url)
                    report.checked += 1
                    problem = _check_one(url, path, folder, root, resolve, ids_of, report, built)
                    if problem:
                        report.findings.append(_locate(problem, url, page, built, html, tag.start()))
    return report


def _locate(problem: tuple[str, str, str], url: str, page: PageSource | None, built: str, html: str,
            index: int) -> Finding:
    rule, message, fix = problem
    if page and url in page.content_html:
        line = next((n for n, text in enumerate(page.text.splitlines(), 1) if url in text), None)
        return Finding(rule, page.path, message, line=line, fix=fix)
    return Finding(rule, f"site/{built}", f"{message} (made by a template or hook)", line=_line(html, index), fix=fix)


def _check_one(url, path, folder, root, resolve, ids_of, report, built):
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("tel", "sms", "mailto"):
        problem = _contact_problem(url)
        return ("contact-link", problem, "Check the number or address in the page or in extra.clinic.") if problem else None
    if scheme in ("http", "https") or url.startswith("//"):
        report.external.setdefault(url, []).append(built)
        return None
    if scheme:
        return None  # other schemes (e.g. javascript:) are the safe-content rule's business
    parts = urlsplit(url)
    target_path = unquote(parts.path)
    if target_path.startswith("/") and path == os.path.join(root, "404.html"):
        # The theme's 404 page is served for any missing address, so it links from the site root.
        target_path = root + target_path
    elif target_path.startswith("/"):
        return ("link", f"The link '{url}' starts with '/', which breaks when the site is not at the root of its web address.",
                "Use a relative link to the .md file, e.g. ../get-help-now.md.")
    target = os.path.normpath(os.path.join(folder, target_path)) if target_path else path
    if not (target == root or target.startswith(root + os.sep)):
        return ("link", f"The link '{url}' points outside the site.", "Link to a page of this guide.")
    found = resolve(target)
    if found is None:
        return ("link", f"The link '{url}' leads to a page or file that does not exist.",
                "Correct the link, or add the missing page or file.")
    fragment = unquote(parts.fragment)
    if fragment and found.endswith(".html") and fragment not in ids_of(found):
        return ("link-fragment", f"The link '{url}' points to '#{fragment}', which is not a heading or anchor on that page.",
                "Use the anchor shown when you hover over the heading's ¶ sign on the page.")
    return None


def fetch_external(urls: list[str], timeout: float, concurrency: int) -> dict[str, str | None]:
    """Fetch each URL (HEAD, then GET); return url -> problem text, or None when it answered."""

    def one(url: str) -> tuple[str, str | None]:
        full = "https:" + url if url.startswith("//") else url
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(full, method=method, headers={"User-Agent": "kap-guide-link-check"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    if response.status < 400:
                        return url, None
            except urllib.error.HTTPError as err:
                if method == "GET":
                    return url, f"answered {err.code}"
            except (urllib.error.URLError, TimeoutError, OSError) as err:
                return url, f"could not be reached ({getattr(err, 'reason', err)})"
        return url, "did not answer"

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return dict(pool.map(one, urls))
