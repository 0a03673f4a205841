"""The last look at every finished page before it is published.

Page text is sanitized (html_sanitizer.py) and template values are escaped, but a page is
also made of the theme's templates, settings and front matter. ``neutralize`` reads the
finished HTML with a real parser and finds anything that could run code or contact
another host: inline scripts (the theme's own were moved into files, so there should be
none), scripts from elsewhere, event-handler attributes, ``javascript:`` addresses,
requests to other hosts (images, styles, fonts, frames), redirects and ``<base>``, and
diagram blocks that make the theme fetch a script from a CDN. It removes them and says what
it removed, so nothing unsafe is published even when the checks are switched off.
"""

from __future__ import annotations

from dataclasses import dataclass

from kapguide.addresses import shown
from kapguide.htmlscan import EXECUTABLE_SCRIPT_TYPES, FETCH_ANYWHERE, FETCH_ATTRS, FETCHING_RELS, runs_code, srcset_urls
from kapguide.privacy import css_urls, is_external

EMBEDDING_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal"})


@dataclass(frozen=True)
class Unsafe:
    message: str
    token: str   # text to look for in the sources, to say where it came from
    address: str = ""  # for a request to another host: the address requested


def _problem_in(tag: str, attrs: dict[str, str], classes: list[str]) -> list[tuple[Unsafe, str | None]]:
    """(problem, attribute to remove or None to remove the element) for one element. An element that goes
    is reported once, for why it goes: what its attributes would have done goes with it."""
    element = _element_problems(tag, attrs, classes)
    return element or _attribute_problems(tag, attrs)


def _element_problems(tag: str, attrs: dict[str, str], classes: list[str]) -> list[tuple[Unsafe, str | None]]:
    found: list[tuple[Unsafe, str | None]] = []
    if tag == "script":
        if "src" in attrs:
            if is_external(attrs["src"]) or runs_code(attrs["src"]):
                found.append((Unsafe(f"a script is loaded from '{shown(attrs['src'], 80)}'", attrs["src"], attrs["src"]), None))
        elif attrs.get("type", "").strip().lower() in EXECUTABLE_SCRIPT_TYPES:
            found.append((Unsafe("an inline <script> would run in patients' browsers", "<script"), None))
    if tag in EMBEDDING_TAGS:
        found.append((Unsafe(f"an embedded <{tag}> would load content from elsewhere", f"<{tag}"), None))
    if tag == "base":
        found.append((Unsafe("a <base> element changes where every link goes", "<base"), None))
    if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        found.append((Unsafe("a <meta http-equiv=refresh> sends patients to another address", "refresh"), None))
    if "mermaid" in classes:
        found.append((Unsafe("a 'mermaid' diagram makes the theme load its diagram script from a CDN", "mermaid"), None))
    return found


def _attribute_problems(tag: str, attrs: dict[str, str]) -> list[tuple[Unsafe, str | None]]:
    found: list[tuple[Unsafe, str | None]] = []
    for name, value in attrs.items():
        if name.startswith("on"):
            found.append((Unsafe(f"the attribute '{name}' on <{tag}> runs code", name), name))
        elif runs_code(value) and name not in ("content", "alt", "title", "aria-label", "value", "class", "id"):
            found.append((Unsafe(f"the address '{shown(value)}' on <{tag}> runs code", value[:30]), name))
    fetching = list(FETCH_ATTRS.get(tag, ())) + list(FETCH_ANYWHERE)
    if tag == "link" and set(attrs.get("rel", "").lower().split()) & FETCHING_RELS:
        fetching.append("href")
    for name in fetching:
        if name not in attrs:
            continue
        urls = srcset_urls(attrs[name]) if name == "srcset" else [attrs[name]]
        external = next((u for u in urls if is_external(u)), None)
        if external:
            found.append((Unsafe(f"<{tag} {name}> loads '{shown(external, 80)}' from another host", external[:40], external), name))
    if "style" in attrs:
        external = next((u for u in css_urls(attrs["style"]) if is_external(u)), None)
        if external:
            found.append((Unsafe(f"a style on <{tag}> loads '{shown(external, 80)}' from another host", external[:40], external),
                          "style"))
    return found


def _walk(tree):
    if tree.root is None:
        return
    for node in tree.root.traverse(include_text=False):
        tag = node.tag.lower()
        if tag.startswith("-"):
            continue
        attrs = {name.lower(): (value or "") for name, value in node.attributes.items()}
        classes = attrs.get("class", "").split()
        problems = _problem_in(tag, attrs, classes)
        if tag == "style":
            external = next((u for u in css_urls(node.text(deep=True)) if is_external(u)), None)
            if external:
                problems.append((Unsafe(f"a <style> block loads '{shown(external, 80)}' from another host", external[:40]), None))
        if problems:
            yield node, problems


def _inside(node, ids: set[int]) -> bool:
    """True when an ancestor of ``node`` is one of ``ids`` (it goes with that ancestor)."""
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def neutralize(html: str) -> tuple[str, list[Unsafe]]:
    """The page with every unsafe element or attribute removed, and what was removed."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    found: list[Unsafe] = []
    doomed = []
    for node, problems in _walk(tree):
        for problem, attribute in problems:
            found.append(problem)
            if attribute is None:
                doomed.append(node)
            elif attribute in node.attrs:
                del node.attrs[attribute]
    if not found:
        return html, []
    doomed_ids = {node.mem_id for node in doomed}
    for node in doomed:
        if not _inside(node, doomed_ids):
            node.decompose()
    doctype = "<!doctype html>\n" if html.lstrip()[:9].lower() == "<!doctype" else ""
    return doctype + (tree.html or "").removeprefix("<!DOCTYPE html>"), found
