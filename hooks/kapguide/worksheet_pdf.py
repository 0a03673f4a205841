"""Make worksheet PDFs with WeasyPrint: fillable, cached, in parallel, within their page limit.

Each PDF is cached under a hash of everything that shapes it (the worksheet
files, clinic settings, paper size, templates and CSS, the WeasyPrint version, and
the contents of every other file it may read: the clinic's logo and the fields'
font), so a rebuild with nothing changed makes no PDF. PDFs that must be made are made in parallel worker processes.

The PDFs are tagged (headings, lists, tables and form fields for screen readers), and
their fonts are cut to the letters used, except the small font of the form fields
(kapguide/worksheet_fonts.py), which WeasyPrint always embeds whole.

WeasyPrint reads only what it should: ``OwnFilesFetcher`` lets it open the project's
own worksheet template files, inline images and the files a job names (``PdfJob.readable``:
the logo, the fields' font), and refuses everything else (other
files on the build machine, ``file:`` and web addresses), so nothing a worksheet
says can put a file from the build machine into a published PDF. What it refused
comes back in ``PdfResult.refused`` for the build to report.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RENDERER_VERSION = "3"  # bump when this module changes how PDFs are made
TEMPLATES = Path(__file__).parent / "worksheet_templates"
CACHED_NAME = re.compile(r"^[0-9a-f]{20}-[A-Za-z0-9._-]+\.pdf(?:\.pages)?$")  # what make_pdfs writes


@dataclass(frozen=True)
class PdfJob:
    name: str                      # output file name, e.g. "mood-tracker.pdf"
    inputs: str                    # everything that shapes the PDF, as text (its cache key)
    make_html: Callable[[], str]   # called only when the PDF is not in the cache
    page_limit: int | None
    source: str                    # file to name in messages
    readable: tuple[Path, ...] = ()  # files besides the templates WeasyPrint may read; their contents are in the key


@dataclass(frozen=True)
class PdfResult:
    job: PdfJob
    path: Path
    pages: int
    from_cache: bool
    refused: tuple[str, ...] = ()  # addresses WeasyPrint was not allowed to read


def allowed_resource(url: str, folders: tuple[Path, ...] = (TEMPLATES,)) -> bool:
    """True for an inline image or a file inside one of ``folders`` (or one of them, when it names a file)."""
    from urllib.parse import unquote, urlsplit

    lowered = url.strip().lower()
    if lowered.startswith("data:"):
        return lowered.startswith("data:image/") and not lowered.startswith("data:image/svg")
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    real = Path(os.path.realpath(unquote(parts.path)))
    return any(real.is_relative_to(Path(os.path.realpath(folder))) and real.is_file() for folder in folders)


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class OwnFilesFetcher(URLFetcher):
        """Opens only the project's own template files, inline images and ``readable``; records what it refused."""

        def __init__(self, readable: tuple[Path, ...] = ()) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.allowed = (TEMPLATES, *readable)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if not allowed_resource(url, self.allowed):
                self.refused.append(url if len(url) <= 120 else url[:117] + "...")
                raise ValueError(f"Refused: {url[:120]}")
            return super().fetch(url, headers)

    return OwnFilesFetcher


@functools.lru_cache(maxsize=1)
def _weasyprint_version() -> str:
    try:
        from importlib.metadata import version
        return version("weasyprint")
    except Exception:  # pragma: no cover - metadata missing
        return "unknown"


def fingerprint(job: PdfJob) -> str:
    digest = hashlib.sha256()
    for part in (RENDERER_VERSION, _weasyprint_version(), job.name, job.inputs):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for path in job.readable:  # a new logo under the same name makes the PDFs again
        digest.update(str(path).encode("utf-8"))
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"missing")
    return digest.hexdigest()[:20]


def render(html: str, readable: tuple[Path, ...] = ()) -> tuple[bytes, int, list[str]]:
    """One tagged PDF with AcroForm fields; returns (bytes, page count, addresses refused).

    Pictures are kept to 300 dots per inch, so a large logo file does not make a large PDF."""
    from weasyprint import HTML

    fetcher = _fetcher_class()(readable)
    pictures = {"dpi": 300, "optimize_images": True}  # read when the pictures are loaded, at layout
    document = HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=fetcher).render(**pictures)
    data = document.write_pdf(pdf_forms=True, pdf_tags=True, **pictures)
    return data, len(document.pages), fetcher.refused


def _render_to(path: str, html: str, readable: tuple[Path, ...] = ()) -> tuple[int, list[str]]:
    data, pages, refused = render(html, readable)
    tmp = path + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
    return pages, refused


def _cached(cache_dir: Path, job: PdfJob) -> tuple[Path, Path]:
    key = fingerprint(job)
    return cache_dir / f"{key}-{job.name}", cache_dir / f"{key}-{job.name}.pages"


def make_pdfs(jobs: list[PdfJob], cache_dir: Path, workers: int | None = None) -> list[PdfResult]:
    """Return every job's PDF, making only those not in the cache, several at a time."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, PdfResult] = {}
    missing: list[tuple[PdfJob, Path, Path]] = []
    for job in jobs:
        pdf, pages_file = _cached(cache_dir, job)
        if pdf.is_file() and pages_file.is_file():
            results[job.name] = PdfResult(job, pdf, int(pages_file.read_text()), True)
        else:
            missing.append((job, pdf, pages_file))
    if missing:
        workers = max(1, min(workers or os.cpu_count() or 1, len(missing)))
        pages_html = [job.make_html() for job, _, _ in missing]
        if workers == 1:
            outcomes = [_render_to(str(pdf), html, job.readable) for (job, pdf, _), html in zip(missing, pages_html)]
        else:
            import concurrent.futures

            import weasyprint  # noqa: F401  (imported once here, shared by forked workers)

            with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
                outcomes = list(pool.map(_render_to, [str(p) for _, p, _ in missing], pages_html,
                                         [job.readable for job, _, _ in missing]))
        for (job, pdf, pages_file), (count, refused) in zip(missing, outcomes):
            if not refused:  # a PDF that tried to read something is made again next time, so it is reported again
                pages_file.write_text(str(count))
            results[job.name] = PdfResult(job, pdf, count, False, tuple(refused))
    return [results[job.name] for job in jobs]


def prune_cache(cache_dir: Path, keep: list[PdfResult]) -> None:
    """Remove cached PDFs that no current worksheet uses. Only files this module wrote are ever removed."""
    wanted = {r.path.name for r in keep} | {r.path.name + ".pages" for r in keep}
    for path in cache_dir.glob("*"):
        if path.name not in wanted and CACHED_NAME.match(path.name) and path.is_file() and not path.is_symlink():
            path.unlink()
