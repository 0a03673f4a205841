"""Security headers for hosting the site, from one source, in three forms.

The Content-Security-Policy allows scripts only from the site's own files: the theme's
small inline scripts are moved into files (overrides/partials/javascripts/, loading
overrides/assets/javascripts/kap-theme.js), so no inline script is ever allowed, and a
script that got into a page some other way does not run.

- ``csp_meta_content``: the policy every page carries in a ``<meta http-equiv>`` tag, so
  it holds on hosts that send no headers at all (GitHub Pages). A meta policy cannot set
  ``frame-ancestors``; that one needs a real header.
- ``netlify_headers``: a ``_headers`` file (Netlify, Cloudflare Pages).
- ``nginx_snippet``: ``add_header`` lines for nginx.
"""

from __future__ import annotations

# Directives a <meta http-equiv="Content-Security-Policy"> can carry.
_PAGE_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
)
# Only a real header can carry these.
_HEADER_ONLY_DIRECTIVES = ("frame-ancestors 'none'",)


def csp_meta_content(preview: bool = False) -> str:
    """The policy for the meta tag in every page.

    ``preview``: for `mkdocs serve` only, which adds a small inline script to each page it serves so
    the browser reloads after an edit; the preview allows inline scripts so that reload works.
    Published builds never do.
    """
    if not preview:
        return "; ".join(_PAGE_DIRECTIVES)
    return "; ".join("script-src 'self' 'unsafe-inline'" if d.startswith("script-src") else d for d in _PAGE_DIRECTIVES)


def content_security_policy() -> str:
    """The full policy, for hosts that can send headers."""
    return "; ".join(_PAGE_DIRECTIVES + _HEADER_ONLY_DIRECTIVES)


def security_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def netlify_headers(headers: dict[str, str]) -> str:
    lines = ["# Security headers for every page (Netlify, Cloudflare Pages). Made by the build; do not edit.",
             "# With HTTPS on your own domain, also add: Strict-Transport-Security: max-age=31536000", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def nginx_snippet(headers: dict[str, str]) -> str:
    lines = ["# Security headers for the KAP guide. Made by the build; include it in the site's server block:",
             "#   include /path/to/nginx-security-headers.conf;",
             "# With HTTPS on your own domain, also add:",
             '#   add_header Strict-Transport-Security "max-age=31536000" always;']
    lines += [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    return "\n".join(lines) + "\n"
