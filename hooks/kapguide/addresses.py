"""Read an address (URL) the way a browser does, before deciding where it leads.

A browser does not take an address as written. Its URL parser (the WHATWG URL standard)
first strips control characters and spaces from both ends, then removes every tab and line
break inside, and reads a backslash as a slash in web addresses. So ``ht<tab>tps://evil.example``
loads from evil.example, and ``\\/evil.example`` or ``/\\evil.example`` is a protocol-relative
address (``//evil.example``), another host. A check that tests the address as written misses
all of these; every check of an address in this project (the sanitizer, the final page check,
the link check, stylesheets, settings) reads it through ``as_browser_reads`` instead.

Where the address comes from decides what else the browser undoes first:

- ``"parsed"``: a value an HTML or CSS parser has already decoded (an attribute read with
  selectolax or nh3, a url() read with tinycss2): nothing more;
- ``"html"``: text printed into a page without escaping (theme settings such as ``favicon`` or
  ``extra_css``): character references such as ``&#9;`` are decoded, as the browser will;
- ``"css"``: CSS source text no tokenizer has read: escapes such as ``\\9`` (a tab) are decoded.
"""

from __future__ import annotations

import html
import re
from typing import Literal

Written = Literal["parsed", "html", "css"]

_ENDS = "".join(chr(code) for code in range(0x21))  # C0 controls and space: stripped from both ends
_TAB_AND_LINE_BREAKS = str.maketrans("", "", "\t\n\r")  # removed anywhere
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\f]?|\r\n|([^0-9a-fA-F]))")


def _css_unescaped(text: str) -> str:
    """CSS text with its escapes decoded (``\\9 `` is a tab, ``\\68`` an h); an escaped line break is removed."""
    def decode(match: re.Match) -> str:
        code, other = match.groups()
        if code is None:
            return "" if other in (None, "\n", "\f") else other
        value = int(code, 16)
        return chr(value) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"

    return _CSS_ESCAPE.sub(decode, text)


def as_browser_reads(address: str, written: Written = "parsed") -> str:
    """``address`` as a browser's URL parser reads it (see the module's docstring for ``written``).

    A backslash counts as a slash before any ``?`` or ``#``, as it does in http(s) addresses and in
    relative addresses on an http(s) page; in other schemes (mailto:, tel:) that is not so, but it
    changes nothing about where those lead."""
    if written == "html":
        address = html.unescape(address)
    elif written == "css":
        address = _css_unescaped(address)
    address = address.strip(_ENDS).translate(_TAB_AND_LINE_BREAKS)
    end = len(address)
    for mark in ("?", "#"):
        found = address.find(mark)
        if 0 <= found < end:
            end = found
    return address[:end].replace("\\", "/") + address[end:]


def is_disguised(address: str) -> bool:
    """True when a browser reads ``address`` (already decoded) as something other than what it shows:
    a tab or line break inside it, or a backslash where the browser reads a slash."""
    return as_browser_reads(address) != address.strip(_ENDS)


def shown(text: str, limit: int | None = 60) -> str:
    """Text for a message: invisible control characters written as codes (\\t, \\n, \\x00), cut to ``limit``
    (None: never cut)."""
    visible = "".join(ch if ch >= " " and ch != "\x7f" else repr(ch)[1:-1] for ch in text)
    return visible if limit is None or len(visible) <= limit else visible[: limit - 3] + "..."


def read_as(address: str, written: Written = "parsed") -> str:
    """' (a browser reads it as '...': ...)' when the browser's reading differs from what is written, else ''.
    For messages: staff see why an address that looks harmless was refused."""
    decoded = {"html": html.unescape, "css": _css_unescaped}.get(written, str)(address).strip(_ENDS)
    reading = as_browser_reads(address, written)
    if reading == address.strip(_ENDS):
        return ""
    why = []
    if decoded != address.strip(_ENDS):
        why.append("it reads HTML codes such as &#9;" if written == "html" else "it reads CSS escapes such as \\9")
    if any(ch in decoded for ch in "\t\n\r"):
        why.append("it leaves out tabs and line breaks")
    if decoded.count("\\") > reading.count("\\"):
        why.append("it reads '\\' as '/'")
    return f" (a browser reads it as '{shown(reading)}': {', '.join(why)})"
