"""Reading level of a page's prose, in the page's language.

Both measures read the body text only: headings, tables, code, HTML, snippet
includes and link targets are left out, and every paragraph or list item counts
as its own sentence (a list item with no full stop is still a unit of reading).

- English pages: the Flesch-Kincaid grade (lower is easier), computed by textstat,
  pinned to 0.7.8, which ships its syllable dictionary and works offline.
- Spanish pages: INFLESZ, the Szigriszt-Pazos index read on the INFLESZ scale
  (Barrio-Cantalejo, 2008; higher is easier): 206.835 - 62.3 x syllables per word
  - words per sentence. Words and sentences are counted by textstat as for English;
  the syllables by the rules of Spanish (``spanish_syllables``), because textstat
  counts them with a hyphenation dictionary that never splits one letter off a
  word's edge ("a-par-te" is 2 syllables there, "a-gua" 1, "te-o-rí-a" 2), which
  made the guide's pages read 7 points easier than they are.

textstat's own functions take the language from one setting shared by the whole
process (``textstat.set_lang``); this module never changes it, and calls textstat's
measures with the language given each time, so English and Spanish pages can be
measured in one process, in any order.

Run ``python hooks/kapguide/readability.py FILE...`` to see the figures for
pages while writing (a file in docs-es/ gets its INFLESZ).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

if __name__ == "__main__":  # run as a script: make the kapguide package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kapguide.markdown_lines import lines_outside_code  # noqa: E402
from kapguide.syllable_counts import use_kept_counts  # noqa: E402

TEXTSTAT_VERSION = version("textstat")  # textstat itself is imported only when a grade is not cached

# Linear on any line: possessive quantifiers (*+, ++) never give back what they took, no two
# quantifiers can take the same characters, and a failed try stops where the next would start
# ('[' for links and images, '(' for their targets, '<' for tags, '{' for attribute lists).
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
TABLE_ROW = re.compile(r"^\s*+\|")
ADMONITION = re.compile(r"^\s*+(!!!|\?\?\?\+?)\s*+[\w-]++(\s++\"[^\"]*+\")?+\s*+$")
TAB = re.compile(r"^\s*+===\+?\s++\"")
SNIPPET = re.compile(r"^\s*+-++8<-")
HTML_ONLY = re.compile(r"^\s*+</?[a-zA-Z][^>]*+>\s*+$")
LIST_ITEM = re.compile(r"^\s*+(?:[-*+]|\d++[.)])\s++(?:\[[ xX]\]\s++)?")
TARGET = r"\((?:[^()]++|\([^()]*+\))*+\)"  # a link target, with one level of (brackets) inside
IMAGE = re.compile(r"!\[[^\[\]]*+\]" + TARGET)
LINK = re.compile(r"\[([^\[\]]++)\]" + TARGET)
REF_LINK = re.compile(r"\[([^\[\]]++)\]\[[^\[\]]*+\]")
ATTR_LIST = re.compile(r"\{[:.#][^{}]*+\}|\{\s*+[\w-]++=[^{}]*+\}")
INLINE_HTML = re.compile(r"<[^<>]++>")
EMPHASIS = re.compile(r"(\*\*|__|\*|`|==|\^\^|~~)")
# A sentence ends at . ! or ? before a capital or a number, which a Spanish sentence may open with ¿ or ¡.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’»)]*+\s++(?=[\"'“‘«(¿¡]?+[A-Z0-9ÁÉÍÓÚÑÜ])")
WORD = re.compile(r"(?:[^\W_]|[’'-])++")  # letters of any alphabet (sesión is one word), digits, ’ ' and -

ENGLISH, SPANISH = "en", "es"
MEASURES = {ENGLISH: "reading grade", SPANISH: "INFLESZ"}  # each language's measure, as messages name it


@dataclass
class Block:
    """A paragraph or list item of prose, with the file line it starts on."""
    line: int
    text: str


@dataclass
class Sentence:
    line: int
    text: str
    words: int


@dataclass
class ReadingLevel:
    score: float  # English: the Flesch-Kincaid grade (lower is easier); Spanish: INFLESZ (higher is easier)
    words: int
    sentences: list[Sentence] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    language: str = ENGLISH

    @property
    def measure(self) -> str:
        return MEASURES.get(self.language, MEASURES[ENGLISH])

    @property
    def longest(self) -> Sentence | None:
        return max(self.sentences, key=lambda s: s.words, default=None)


def clean_inline(text: str) -> str:
    if "[" in text:
        text = IMAGE.sub("", text)
        text = LINK.sub(r"\1", text)
        text = REF_LINK.sub(r"\1", text)
    if "{" in text:
        text = ATTR_LIST.sub("", text)
    if "<" in text:
        text = INLINE_HTML.sub("", text)
    text = EMPHASIS.sub("", text)
    if "&" in text:
        text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    return " ".join(text.split())


def prose_blocks(body: str, first_line: int = 1) -> list[Block]:
    """Paragraphs and list items of a Markdown body, without headings, tables, code or markup."""
    blocks: list[Block] = []
    current: list[str] = []
    start = first_line

    def flush() -> None:
        nonlocal current
        text = clean_inline(" ".join(current))
        if WORD.search(text):
            blocks.append(Block(start, text))
        current = []

    for number, raw in lines_outside_code(body, first_line):
        if (not raw.strip() or HEADING.match(raw) or TABLE_ROW.match(raw) or ADMONITION.match(raw)
                or TAB.match(raw) or SNIPPET.match(raw) or HTML_ONLY.match(raw)
                or raw.strip().startswith("*[")):  # abbreviation definitions
            flush()
            continue
        item = LIST_ITEM.match(raw)
        if item:
            flush()
            start = number
            current.append(raw[item.end():])
            continue
        if not current:
            start = number
        current.append(raw.strip())
    flush()
    return blocks


def split_sentences(block: Block) -> list[Sentence]:
    parts = [p.strip() for p in SENTENCE_END.split(block.text) if p.strip()]
    return [Sentence(block.line, p, len(WORD.findall(p))) for p in parts]


def as_reading_text(blocks: list[Block]) -> str:
    """Join blocks so each ends a sentence, the way a reader takes them in."""
    out = []
    for block in blocks:
        text = block.text
        if text[-1] not in ".!?:;":
            text += "."
        out.append(text)
    return " ".join(out)


# ---------- the two measures ----------

STRONG_VOWELS = frozenset("aeoáéóíú")  # each is a syllable of its own; so is í or ú beside another vowel ("dí-a")
VOWEL_RUN = re.compile(r"[aeiouáéíóúü]++")
SILENT_U = re.compile(r"(?<=q)u|(?<=g)u(?=[eéií])")  # que, qui, guerra, guiso: the u is not said (ü is: pingüino)
Y_AS_VOWEL = re.compile(r"y(?![aeiouáéíóú])")  # hoy, muy, y: y said as a vowel; before a vowel (ayuda) it is a consonant


def spanish_syllables(word: str) -> int:
    """The syllables of a Spanish word, by the rules of Spanish spelling: each run of vowels is one syllable
    (a diphthong: "cuer-po", "cie-lo") plus one more for each vowel in it that stands apart ("te-o-rí-a", "a-é-re-o")."""
    word = Y_AS_VOWEL.sub("i", SILENT_U.sub("", word.lower()))
    count = 0
    for run in VOWEL_RUN.findall(word):
        count += max(1, sum(1 for vowel in run if vowel in STRONG_VOWELS))
    return max(1, count)  # a number or an abbreviation is still said


def flesch_kincaid_grade(text: str) -> float:
    use_kept_counts()  # the syllable counts in hundredths of a second, not a second (syllable_counts.py)
    from textstat.backend import metrics  # the measure itself, told the language each time

    return round(float(metrics.flesch_kincaid_grade(text, "en_US")), 1)


def inflesz(text: str) -> float:
    """INFLESZ (Szigriszt-Pazos): 206.835 - 62.3 x syllables per word - words per sentence."""
    from textstat.backend.counts import count_sentences, count_words
    from textstat.backend.selections import list_words

    words, sentences = count_words(text), count_sentences(text)
    if not words or not sentences:
        return 0.0
    syllables = sum(spanish_syllables(word) for word in list_words(text, lowercase=True))
    return round(206.835 - 62.3 * syllables / words - words / sentences, 1)


def inflesz_band(score: float) -> str:
    """The INFLESZ scale's name for a score (Barrio-Cantalejo et al., 2008)."""
    if score < 40:
        return "muy difícil"
    if score < 55:
        return "algo difícil"
    if score < 65:
        return "normal"
    if score <= 80:
        return "bastante fácil"
    return "muy fácil"


_SCORERS = {ENGLISH: flesch_kincaid_grade, SPANISH: inflesz}


@functools.lru_cache(maxsize=1)
def _rules_version() -> str:
    """This file's hash: a kept INFLESZ is not reused once the rules that counted it change."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


class GradeCache:
    """Reading scores already computed, keyed on a hash of the text, kept in a small JSON file.

    textstat loads a large pronunciation dictionary the first time it counts syllables
    (most of a second); with this cache a rebuild with unchanged pages never needs it.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.grades: dict[str, float] = {}
        self.used: set[str] = set()
        if path and path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self.grades = {str(k): float(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
            except (ValueError, OSError):
                self.grades = {}

    def grade(self, text: str, language: str = ENGLISH) -> float:
        """The text's score in ``language``'s measure (MEASURES; a language without one of its own: English's)."""
        scorer = _SCORERS.get(language, flesch_kincaid_grade)
        kind = "" if scorer is flesch_kincaid_grade else f"{language}\0{_rules_version()}\0"
        key = hashlib.sha256(f"{TEXTSTAT_VERSION}\0{kind}{text}".encode()).hexdigest()[:24]
        self.used.add(key)
        if key not in self.grades:
            self.grades[key] = scorer(text)
        return self.grades[key]

    def save(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept = {k: v for k, v in self.grades.items() if k in self.used}
        self.path.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")


_NO_CACHE = GradeCache()


def warm_up() -> None:
    """Load textstat's syllable data now (most of a second), e.g. while a preview server waits for edits."""
    flesch_kincaid_grade("You can rest now. Your team is here.")


def measure(body: str, first_line: int = 1, cache: GradeCache | None = None, language: str = ENGLISH) -> ReadingLevel:
    blocks = prose_blocks(body, first_line)
    sentences = [s for b in blocks for s in split_sentences(b)]
    words = sum(s.words for s in sentences)
    language = language if language in MEASURES else ENGLISH
    if not words:
        return ReadingLevel(0.0, 0, sentences, blocks, language)
    score = (cache or _NO_CACHE).grade(as_reading_text(blocks), language)
    return ReadingLevel(score, words, sentences, blocks, language)


def language_of(path: str) -> str:
    """A page's language from its folder: docs-es/... is Spanish; anything else is the main language (English)."""
    for part in Path(path).parts:
        if part.startswith("docs-") and part[5:] in MEASURES:
            return part[5:]
    return ENGLISH


def _main(paths: list[str]) -> int:
    from kapguide.frontmatter import split

    for path in paths:
        with open(path, encoding="utf-8") as handle:
            page = split(handle.read(), path)
        level = measure(page.body, page.body_start_line, language=language_of(path))
        longest = level.longest
        shown = (f"INFLESZ {level.score:g} ({inflesz_band(level.score)})" if level.language == SPANISH
                 else f"grade {level.score}")
        print(f"{path}: {shown}, {level.words} words, "
              f"longest sentence {longest.words if longest else 0} words (line {longest.line if longest else '-'})")
        for sentence in level.sentences:
            if sentence.words > 25:
                print(f"  line {sentence.line}: {sentence.words} words: {sentence.text[:80]}...")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))


PARAGRAPH_MARGIN = 4    # a paragraph this far above the page limit is named on its own
PARAGRAPH_MIN_WORDS = 15  # shorter ones give grades that mean little (jargon: the plain-words list)
# A Spanish paragraph is named below INFLESZ 40, the scale's "muy difícil" (university and scientific text): the
# same point as grade 12 (the end of secondary school), above which an English paragraph is named. A paragraph of
# 15 to 40 words moves a lot with one long word: at 55 the guide's easy pages had 28 named, mostly one-sentence
# lists of nouns ("arte, música, escritura, naturaleza"). See CONTRIBUTING.md, "Writing rules".
PARAGRAPH_MIN_INFLESZ = 40


def hardest_paragraphs(level: ReadingLevel, cache: GradeCache | None = None,
                       min_words: int = 5) -> list[tuple[float, Block]]:
    """(score, paragraph) for paragraphs of at least ``min_words`` words, hardest first."""
    graded = [((cache or _NO_CACHE).grade(as_reading_text([block]), level.language), block) for block in level.blocks
              if len(WORD.findall(block.text)) >= min_words]
    return sorted(graded, key=lambda pair: pair[0], reverse=level.language != SPANISH)


def check_reading(level: ReadingLevel, path: str, first_line: int, max_grade: float = 8.0,
                  max_sentence_words: int = 25, max_paragraph_words: int = 120,
                  cache: GradeCache | None = None, min_inflesz: float = 65.0) -> list:
    """Findings for a page whose prose is too hard to read, with the lines to look at.

    English pages are held to ``max_grade``, Spanish ones to ``min_inflesz``."""
    from kapguide.findings import Finding

    findings = []
    hardest = hardest_paragraphs(level, cache)
    lines = ", ".join(str(block.line) for _score, block in hardest[:3])
    start_with = f"starting with the hardest paragraphs (lines {lines})"
    if level.language == SPANISH:
        if level.words and level.score < min_inflesz:
            findings.append(Finding("reading-grade", path,
                                    f"INFLESZ {level.score:g} ({inflesz_band(level.score)}), below this site's minimum "
                                    f"of {min_inflesz:g} ({inflesz_band(min_inflesz)}).", line=first_line,
                                    fix=f"Use shorter sentences and shorter, everyday words, {start_with}."))
        paragraph_limit = min(PARAGRAPH_MIN_INFLESZ, min_inflesz)
        for score, block in hardest:
            if score < paragraph_limit and len(WORD.findall(block.text)) >= PARAGRAPH_MIN_WORDS:
                findings.append(Finding("reading-grade", path,
                                        f"This paragraph has INFLESZ {score:g} ({inflesz_band(score)}), far below this "
                                        f"site's minimum of {min_inflesz:g} ('{block.text[:60]}...').",
                                        line=block.line, severity="warning",
                                        fix="Use shorter sentences and shorter, everyday words, or explain each long "
                                            "word in brackets."))
    else:
        if level.words and level.score > max_grade:
            findings.append(Finding("reading-grade", path,
                                    f"The reading grade is {level.score}; this site's limit is {max_grade:g}.",
                                    line=first_line, fix=f"Use shorter sentences and everyday words, {start_with}."))
        for score, block in hardest:
            if score > max_grade + PARAGRAPH_MARGIN and len(WORD.findall(block.text)) >= PARAGRAPH_MIN_WORDS:
                findings.append(Finding("reading-grade", path,
                                        f"This paragraph reads at grade {score:g}, well above this site's limit of "
                                        f"{max_grade:g} ('{block.text[:60]}...').",
                                        line=block.line, severity="warning",
                                        fix="Use shorter sentences and everyday words, or explain each long word in "
                                            "brackets."))
    for sentence in level.sentences:
        if sentence.words > max_sentence_words:
            findings.append(Finding("long-sentence", path,
                                    f"This sentence has {sentence.words} words ('{sentence.text[:60]}...').",
                                    line=sentence.line, severity="warning",
                                    fix=f"Split it into sentences of fewer than {max_sentence_words} words."))
    for block in level.blocks:
        words = len(WORD.findall(block.text))
        if words > max_paragraph_words:
            findings.append(Finding("long-paragraph", path, f"This paragraph has {words} words.", line=block.line,
                                    severity="warning",
                                    fix=f"Keep one idea per paragraph, under {max_paragraph_words} words."))
    return findings
