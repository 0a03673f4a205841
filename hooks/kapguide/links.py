"""Every link of the built site: internal links resolve, fragments exist, phone links dial.

MkDocs checks links between Markdown pages. This reads the finished HTML (with a real
HTML parser, hooks/kapguide/htmlscan.py, so quoting style does not matter), so
it also sees links made by templates, raw HTML and generated pages, links to
PDFs, and ``tel:``/``sms:``/``mailto:`` links. External URLs are collected for
the report; ``check_external`` fetches them when a clinic asks for it.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import json
import os
import posixpath
import re
import socket
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from kapguide import addresses
from kapguide.addresses import as_browser_reads
from kapguide.clinic import MAX_DIGITS
from kapguide.findings import Finding
from kapguide.htmlscan import ScannedHtml, line_of, scan_html

PHONE = re.compile(rf"^\+?[0-9]{{1,{MAX_DIGITS}}}$")  # as the clinic settings accept them (clinic.diallable)
EMAIL = re.compile(r"^[^@\s/]+@[^@\s/.]+(?:\.[^@\s/.]+)+$")  # no overlapping repeats: linear on any input
MAIL_FIELDS = frozenset({"subject", "body"})  # what a mailto: link may fill in; cc=, bcc= and to= add recipients
SKIP_SCHEMES = ("data:",)
TEMPLATE_MADE = "made by a template or hook"


@dataclass
class LinkReport:
    findings: list[Finding] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=dict)  # url -> built files using it
    checked: int = 0


def _contact_problem(url: str) -> str | None:
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    address, _, query = rest.partition("?")
    target = unquote(address)
    if scheme in ("tel", "sms"):
        return None if PHONE.match(target) else f"'{url}' is not a number a phone can dial."
    if scheme != "mailto":
        return None
    if not EMAIL.match(target):
        return f"'{url}' is not a valid email address."
    hidden = sorted({name.lower() for name, _ in parse_qsl(query, keep_blank_values=True)} - MAIL_FIELDS)
    if hidden:
        return f"'{url}' adds {', '.join(hidden)} to the email, which patients do not see before they send it."
    return None


@dataclass(frozen=True)
class PageSource:
    """Where a built page came from: its Markdown file, that file's text, and the HTML of its body."""
    path: str
    text: str
    content_html: str


@functools.lru_cache(maxsize=32768)
def _classify(url: str) -> tuple[str, str, str]:
    """(kind, path, fragment) of a URL as the browser reads it (addresses.as_browser_reads: '\\/host' is
    another host); kind is contact, external, other, absolute or relative."""
    url = as_browser_reads(url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("tel", "sms", "mailto"):
        return "contact", "", ""
    if scheme in ("http", "https") or url.startswith("//"):
        return "external", "", ""
    if scheme:
        return "other", "", ""  # e.g. javascript: is the safe-content rule's business
    path = unquote(parts.path)
    return ("absolute" if path.startswith("/") else "relative"), path, unquote(parts.fragment)


def _join(base: tuple[str, ...], path: str) -> str | None:
    """Resolve a relative path against a folder (as parts); None when it climbs out of the site."""
    parts = list(base)
    for segment in path.split("/"):
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment and segment != ".":
            parts.append(segment)
    return "/".join(parts)


@dataclass(frozen=True)
class BuiltSite:
    """A built site read once: the names of its files and the text of its HTML pages."""
    files: frozenset[str]   # every built file, relative to the site, with '/' separators
    html: dict[str, str]    # built .html file -> its text


def read_site(site_dir: Path) -> BuiltSite:
    root = os.path.abspath(site_dir)
    files: set[str] = set()
    html: dict[str, str] = {}
    for folder, _dirs, names in os.walk(root):
        relative_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative_folder == "." else relative_folder + "/"
        for name in names:
            files.add(prefix + name)
            if name.endswith(".html"):
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                    html[prefix + name] = handle.read()
    return BuiltSite(frozenset(files), html)


def check_site(site_dir: Path, source_of: dict[str, PageSource] | None = None, workers: int = 1,
               only: list[str] | None = None, site: BuiltSite | None = None) -> LinkReport:
    """Check every HTML file under ``site_dir`` (already read as ``site``, when given).

    ``source_of`` maps a built file (relative to ``site_dir``) to the page it was made from. A bad
    link inside a page's own text is reported against its Markdown file and line; a bad link from a
    template or hook is reported against the built file.
    """
    source_of = source_of or {}
    site = site or read_site(site_dir)
    report = LinkReport()
    existing = site.files
    scanned: dict[str, ScannedHtml] = {}

    def scan(built: str) -> ScannedHtml:
        if built not in scanned:
            scanned[built] = scan_html(site.html[built])
        return scanned[built]

    def ids_of(built: str) -> set[str]:
        return scan(built).ids

    def find(target: str) -> str | None:
        if target in existing:
            return target
        index = f"{target}/index.html" if target and not target.endswith("/") else f"{target}index.html"
        return index if index in existing else None

    pages = only if only is not None else sorted(site.html)
    if workers > 1 and len(pages) >= PARALLEL_FROM:
        merged = _check_in_parallel(site_dir, source_of, pages, workers, site)
        merged.findings = _once_per_template_problem(merged.findings)
        return merged
    for built in pages:
        html = site.html[built]
        base = tuple(built.split("/")[:-1])
        page = source_of.get(built)
        seen: set[str] = set()
        for ref in scan(built).refs:
            url = ref.url
            if not url or url in seen or url.startswith(SKIP_SCHEMES):
                continue
            if ref.other_language and not url.startswith(("http:", "https:", "//")):
                continue  # the same page in another language: a site of its own (kapguide/site_language.py finds it)
            seen.add(url)
            report.checked += 1
            problem = _check_one(url, built, base, find, ids_of, report)
            if problem:
                report.findings.append(_locate(problem, url, page, built, html))
    if only is None:
        report.findings = _once_per_template_problem(report.findings)
    return report


def _once_per_template_problem(findings: list[Finding]) -> list[Finding]:
    """A link a template makes wrong is wrong on every page (the help card's number on each one): one message,
    at the first page, saying how many pages have it, instead of one per page."""
    counts = Counter((f.rule, f.message) for f in findings if f.message.endswith(f"({TEMPLATE_MADE})"))
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.rule, finding.message)
        if key not in counts:
            kept.append(finding)
            continue
        count = counts[key]
        if count:
            shown = finding.message if count == 1 else f"{finding.message[:-1]}, on {count} pages)"
            kept.append(replace(finding, message=shown))
            counts[key] = 0  # the other pages' messages are left out
    return kept


def site_fingerprint(site: BuiltSite, source_of: dict[str, PageSource]) -> str:
    """A hash of what the link check reads: every built file's name, the HTML, the pages' sources, this code."""
    digest = hashlib.sha256(Path(__file__).read_bytes() + Path(addresses.__file__).read_bytes())
    for name in sorted(site.files):
        digest.update(name.encode("utf-8", "replace") + b"\0")
        if name in site.html:
            digest.update(site.html[name].encode("utf-8", "replace"))
    for built, page in sorted(source_of.items()):
        digest.update(f"\0{built}\0{page.path}\0{page.text}".encode("utf-8", "replace"))
    return digest.hexdigest()


def check_site_cached(site_dir: Path, source_of: dict[str, PageSource], cache_file: Path,
                      workers: int = 1) -> tuple[LinkReport, bool]:
    """``check_site``, skipped when the built site is the same as at the last check (returns report, from_cache)."""
    site = read_site(site_dir)
    key = site_fingerprint(site, source_of)
    try:
        kept = json.loads(cache_file.read_text(encoding="utf-8"))
        if kept.get("key") == key:
            return LinkReport([Finding(**f) for f in kept["findings"]], kept["external"], kept["checked"]), True
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no usable result: check again
    report = check_site(site_dir, source_of, workers, site=site)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps({"key": key, "findings": [f.as_dict() for f in report.findings],
                                          "external": report.external, "checked": report.checked}), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout still builds; it checks again next time
    return report, False


PARALLEL_FROM = 200  # pages; below this, starting worker processes costs more than it saves
_FORKED: dict = {}


def _check_chunk(chunk: list[str]) -> LinkReport:
    return check_site(_FORKED["site_dir"], _FORKED["source_of"], workers=1, only=chunk, site=_FORKED["site"])


def _check_in_parallel(site_dir: Path, source_of: dict, pages: list[str], workers: int,
                       site: BuiltSite) -> LinkReport:
    """Split the pages between forked worker processes (which share the parent's memory, the read site too)."""
    import multiprocessing

    _FORKED.update(site_dir=site_dir, source_of=source_of, site=site)
    chunks = [pages[i::workers] for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_check_chunk, chunks)
    _FORKED.clear()
    merged = LinkReport()
    for part in parts:
        merged.findings += part.findings
        merged.checked += part.checked
        for url, users in part.external.items():
            merged.external.setdefault(url, []).extend(users)
    merged.findings.sort(key=lambda f: (f.path, f.line or 0))
    return merged


def _locate(problem: tuple[str, str, str], url: str, page: PageSource | None, built: str, html: str) -> Finding:
    rule, message, fix = problem
    if page and url in page.content_html:
        line = next((n for n, text in enumerate(page.text.splitlines(), 1) if url in text), None)
        return Finding(rule, page.path, message, line=line, fix=fix)
    return Finding(rule, f"site/{built}", f"{message} ({TEMPLATE_MADE})", line=line_of(html, url), fix=fix)


def _check_one(url: str, built: str, base: tuple[str, ...], find, ids_of, report: LinkReport):
    kind, path, fragment = _classify(url)
    if kind == "contact":
        problem = _contact_problem(url)
        return ("contact-link", problem, "Check the number or address in the page or in extra.clinic.") if problem else None
    if kind == "external":
        report.external.setdefault(url, []).append(built)
        return None
    if kind == "other":
        return None
    if kind == "absolute":
        if built != "404.html":
            return ("link", f"The link '{url}' starts with '/', which breaks when the site is not at the root of its web address.",
                    "Use a relative link to the .md file, e.g. ../get-help-now.md.")
        base = ()  # the theme's 404 page is served for any missing address, so it links from the site root
        path = _under_site_path(path, find)
    target = _join(base, path) if path else built
    if target is None:
        return ("link", f"The link '{url}' points outside the site.", "Link to a page of this guide.")
    if path.endswith("/") and target:
        target += "/"
    found = find(target)
    if found is None:
        return ("link", f"The link '{url}' leads to a page or file that does not exist.",
                "Correct the link, or add the missing page or file.")
    if fragment and found.endswith(".html") and fragment not in ids_of(found):
        return ("link-fragment", f"The link '{url}' points to '#{fragment}', which is not a heading or anchor on that page.",
                "Use the anchor shown when you hover over the heading's ¶ sign on the page.")
    return None


def _under_site_path(path: str, find) -> str:
    """A 404 page's link from the root of the web address ('/clinic-guide/es/assets/kap.css' when the guide lives at
    https://name.github.io/clinic-guide/ and this is its Spanish site) as a path inside this site: the same path
    without the leading folders that hold the site ('assets/kap.css'), when that is a file of the site."""
    parts = path.lstrip("/").split("/")
    for start in range(len(parts)):
        inside = posixpath.normpath("/".join(parts[start:]) or ".")
        inside = "" if inside == "." else inside
        if find(inside) is not None:
            return "/" + inside
    return path


class LocalAddress(OSError):
    """The host of an external link is the build machine or a network only it can reach (a private, loopback,
    link-local or reserved address): such a link is reported, never requested. Requesting it could read a
    cloud machine's metadata (169.254.169.254), an admin page, or a service that trusts the build machine."""


NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # IPv6 addresses that carry an IPv4 address in their last 32 bits


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address on the public internet; an IPv6 address that carries an IPv4 one is judged by that one."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour or (
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in NAT64 else None)
        if inner is not None:
            return is_public(inner)
    return address.is_global and not address.is_multicast


def _public_connection(host_port: tuple[str, int], timeout: float | None,
                       source_address: tuple[str, int] | None = None) -> socket.socket:
    """``socket.create_connection`` for the link check: the host is resolved here, and if any of its addresses
    is not public nothing is contacted. Every connection the check opens comes here (redirects too), and it
    connects to the address it checked, so a name that resolves to a private address is never reached."""
    host, port = host_port
    addresses = [str(sockaddr[0]) for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    for address in addresses:
        if not is_public(ipaddress.ip_address(address.split("%", 1)[0])):
            raise LocalAddress(address if address == host.strip("[]") else f"{host} is {address}")
    failed = OSError(f"{host} has no address")
    for address in addresses:  # as socket.create_connection does: the first that answers
        try:
            return socket.create_connection((address, port), timeout, source_address)
        except OSError as err:
            failed = err
    raise failed


def _public_opener():
    """A urllib opener whose every connection goes through ``_public_connection``, directly: no proxy from the
    environment, since through a proxy the address could not be checked here. (urllib is loaded only when the
    external check runs.)"""
    import http.client
    import ssl
    import urllib.request

    class PublicHTTP(http.client.HTTPConnection):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = _public_connection

    class PublicHTTPS(http.client.HTTPSConnection):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = _public_connection

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(PublicHTTP, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        tls = ssl.create_default_context()

        def https_open(self, req):
            return self.do_open(PublicHTTPS, req, context=self.tls)

    return urllib.request.build_opener(urllib.request.ProxyHandler({}), HTTPHandler, HTTPSHandler)


def fetch_external(urls: list[str], timeout: float, concurrency: int) -> dict[str, str | None]:
    """Fetch each URL (HEAD, then GET); return url -> problem text, or None when it answered.

    ``timeout`` and ``concurrency`` come from the settings, which cap them (settings_model.LinkSettings);
    a link to the build machine's own networks is a problem, and is not requested (``LocalAddress``)."""
    import concurrent.futures
    import http.client
    import urllib.error
    import urllib.request

    opener = _public_opener()

    def one(url: str) -> tuple[str, str | None]:
        full = "https:" + url if url.startswith("//") else url
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(full, method=method, headers={"User-Agent": "kap-guide-link-check"})
            try:
                with opener.open(request, timeout=timeout) as response:
                    if response.status < 400:
                        return url, None
            except urllib.error.HTTPError as err:
                if method == "GET":
                    return url, f"answered {err.code}"
            except urllib.error.URLError as err:
                if isinstance(err.reason, LocalAddress):
                    return url, (f"leads to the build machine's own network ({err.reason}), so it was not requested; "
                                 "patients could not open it either")
                return url, f"could not be reached ({err.reason})"
            except (OSError, ValueError, http.client.HTTPException) as err:
                return url, f"could not be reached ({err})"
        return url, "did not answer"

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return dict(pool.map(one, urls))
