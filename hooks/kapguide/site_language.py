"""The guide's languages: which one this build is, where each language's pages live, and where each is published.

A clinic lists its languages in mkdocs.yml, the main one first::

    extra:
      languages: [en, es]

The main language is built by mkdocs.yml from ``docs/`` into ``site/``. Each other language has its own
settings file beside it, ``mkdocs.<code>.yml``, which INHERITs mkdocs.yml and sets ``theme.language``,
``docs_dir: docs-<code>`` and ``site_dir: site/<code>``. So the Spanish guide is built from ``docs-es/``
into ``site/es/``, with its own search index, and shares the pictures and styles of ``docs/assets/``.

``site_language`` works this out from the build's own settings (no paths to keep in step) and reports
what does not fit, naming the settings file and what to write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kapguide.findings import Finding

NAMES = {"en": "English", "es": "Español"}  # each language's name in itself, as the language switch shows it
SHARED_FOLDER = "assets"  # pictures and styles: kept once, in the main language's docs folder
RULE = "settings"


@dataclass(frozen=True)
class SiteLanguage:
    """This build's language and the guide's other languages."""

    code: str                       # this build's language (theme.language)
    languages: tuple[str, ...]      # every language of the guide, the main one first
    docs_dir: Path                  # this build's pages
    main_docs_dir: Path             # the main language's pages (and the shared assets/)

    @property
    def main(self) -> str:
        return self.languages[0] if self.languages else self.code

    @property
    def is_main(self) -> bool:
        return self.code == self.main

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(code for code in self.languages if code != self.code)

    def docs_for(self, code: str) -> Path:
        """The folder of ``code``'s pages: docs/ for the main language, docs-<code>/ beside it for another."""
        return self.main_docs_dir if code == self.main else self.main_docs_dir.with_name(f"{self.main_docs_dir.name}-{code}")

    def site_path(self, code: str) -> str:
        """Where ``code``'s site starts, relative to this site's root: '', 'es/' or '../'."""
        if code == self.code:
            return ""
        up = "" if self.is_main else "../"
        return up if code == self.main else f"{up}{code}/"

    def own_site_url(self, site_url: str) -> str:
        """The address of this language's site, from the guide's ``site_url`` (which another language's settings
        file inherits from the main one): 'https://clinic.example/guide/es/' for Spanish. Empty stays empty."""
        if not site_url or self.is_main:
            return site_url
        base = site_url if site_url.endswith("/") else site_url + "/"
        return base if base.endswith(f"/{self.code}/") else f"{base}{self.code}/"

    def counterpart(self, src_uri: str, code: str) -> str | None:
        """The page's source file in ``code``'s folder (a worksheet's page comes from its .yml), or None if it has none."""
        folder = self.docs_for(code)
        candidates = [src_uri]
        if src_uri.startswith("worksheets/") and src_uri.endswith(".md"):
            candidates.append(src_uri[:-3] + ".yml")
        return next((c for c in candidates if (folder / c).is_file()), None)

    def switch_links(self, src_uri: str, page_url: str, generated: bool) -> list[dict[str, str]]:
        """For the language switch: each other language's name and the same page there (its home when it has none),
        as a link relative to the page (``page_url``, relative to this site's root, as MkDocs gives it)."""
        links = []
        to_root = "../" * page_url.count("/")
        for code in self.others:
            same = generated or self.counterpart(src_uri, code) is not None
            href = to_root + self.site_path(code) + (page_url if same else "")
            links.append({"code": code, "name": NAMES.get(code, code), "href": href or "./"})
        return links


def site_language(theme_language: object, languages: list[str] | None, docs_dir: Path,
                  settings_file: str = "mkdocs.yml") -> tuple[SiteLanguage, list[Finding]]:
    """This build's language from ``theme.language``, ``extra.languages`` and ``docs_dir``, with any mistakes."""
    code = str(theme_language or "en")
    listed = tuple(dict.fromkeys(languages or [code]))
    findings: list[Finding] = []
    if code not in listed:
        findings.append(Finding(RULE, settings_file, f"theme.language is '{code}', which extra.languages ({', '.join(listed)}) "
                                "does not list.", fix=f"Add {code} to extra.languages in mkdocs.yml, or build with the "
                                "settings file of a listed language."))
    main = listed[0]
    main_docs = docs_dir
    if code != main and code in listed:
        suffix = f"-{code}"
        if docs_dir.name.endswith(suffix) and len(docs_dir.name) > len(suffix):
            main_docs = docs_dir.with_name(docs_dir.name[: -len(suffix)])
        else:
            findings.append(Finding(RULE, settings_file, f"docs_dir is '{docs_dir.name}', but the {NAMES.get(code, code)} "
                                    f"pages must be in a folder named like the main one with '{suffix}' added.",
                                    fix=f"Set docs_dir: docs{suffix} in mkdocs.{code}.yml."))
    if findings:
        return SiteLanguage(code, listed, docs_dir, main_docs), findings  # the folders below depend on these
    for other in listed:
        if other == main:
            continue
        folder = SiteLanguage(code, listed, docs_dir, main_docs).docs_for(other)
        if not folder.is_dir():
            findings.append(Finding(RULE, settings_file, f"extra.languages lists '{other}', but the folder {folder.name}/ "
                                    "with its pages does not exist.",
                                    fix=f"Add the {NAMES.get(other, other)} pages in {folder.name}/, or remove {other} "
                                        "from extra.languages to turn that language off."))
    return SiteLanguage(code, listed, docs_dir, main_docs), findings
