"""Security headers for hosting the site, from one source, in two formats.

``security_headers`` builds the headers; ``netlify_headers`` writes them as a
``_headers`` file (Netlify, Cloudflare Pages) and ``nginx_snippet`` as nginx
``add_header`` lines. The Content-Security-Policy allows scripts only from the
site itself plus the theme's few inline scripts, each allowed by its hash, so it
must be made from the built site: ``inline_script_hashes`` reads them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)


def inline_script_hashes(site_dir: Path) -> list[str]:
    """The CSP hash of every distinct inline script in the built site, sorted."""
    found: set[str] = set()
    for page in site_dir.rglob("*.html"):
        for body in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8", errors="replace")):
            digest = hashlib.sha256(body.encode("utf-8")).digest()
            found.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(found)


def security_headers(script_hashes: list[str]) -> dict[str, str]:
    csp = "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(script_hashes) if script_hashes else "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def netlify_headers(headers: dict[str, str]) -> str:
    lines = ["# Security headers for every page (Netlify, Cloudflare Pages). Made by the build; do not edit.", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def nginx_snippet(headers: dict[str, str]) -> str:
    lines = ["# Security headers for the KAP guide. Made by the build; include it in the site's server block:",
             "#   include /path/to/nginx-security-headers.conf;"]
    lines += [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def parse_netlify_headers(text: str) -> dict[str, str]:
    """Read back a _headers file (used by the tests and by anything that serves the site)."""
    headers = {}
    for line in text.splitlines():
        if line.startswith("  ") and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers
