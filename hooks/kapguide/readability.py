"""Reading level of a page's prose.

The grade is Flesch-Kincaid, computed by textstat on the body text only:
headings, tables, code, HTML, snippet includes and link targets are left out,
and every paragraph or list item counts as its own sentence (a list item with
no full stop is still a unit of reading). textstat is pinned to 0.7.8, which
ships its syllable dictionary and works offline.

Run ``python hooks/kapguide/readability.py FILE...`` to see the figures for
pages while writing.
"""

from __future__ import annotations

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
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*+\s++(?=[\"'“‘(]?[A-Z0-9])")
WORD = re.compile(r"[A-Za-z0-9’'-]+")


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
    grade: float
    words: int
    sentences: list[Sentence] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

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


class GradeCache:
    """Grades already computed, keyed on a hash of the text, kept in a small JSON file.

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

    def grade(self, text: str) -> float:
        key = hashlib.sha256(f"{TEXTSTAT_VERSION}\0{text}".encode()).hexdigest()[:24]
        self.used.add(key)
        if key not in self.grades:
            import textstat

            self.grades[key] = round(float(textstat.flesch_kincaid_grade(text)), 1)
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
    import textstat

    textstat.flesch_kincaid_grade("You can rest now. Your team is here.")


def measure(body: str, first_line: int = 1, cache: GradeCache | None = None) -> ReadingLevel:
    blocks = prose_blocks(body, first_line)
    sentences = [s for b in blocks for s in split_sentences(b)]
    words = sum(s.words for s in sentences)
    if not words:
        return ReadingLevel(0.0, 0, sentences, blocks)
    grade = (cache or _NO_CACHE).grade(as_reading_text(blocks))
    return ReadingLevel(grade, words, sentences, blocks)


def _main(paths: list[str]) -> int:
    from kapguide.frontmatter import split

    for path in paths:
        with open(path, encoding="utf-8") as handle:
            page = split(handle.read(), path)
        level = measure(page.body, page.body_start_line)
        longest = level.longest
        print(f"{path}: grade {level.grade}, {level.words} words, "
              f"longest sentence {longest.words if longest else 0} words (line {longest.line if longest else '-'})")
        for sentence in level.sentences:
            if sentence.words > 25:
                print(f"  line {sentence.line}: {sentence.words} words: {sentence.text[:80]}...")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))


PARAGRAPH_MARGIN = 4    # a paragraph this far above the page limit is named on its own
PARAGRAPH_MIN_WORDS = 15  # shorter ones give grades that mean little (jargon: the plain-words list)


def hardest_paragraphs(level: ReadingLevel, cache: GradeCache | None = None,
                       min_words: int = 5) -> list[tuple[float, Block]]:
    """(grade, paragraph) for paragraphs of at least ``min_words`` words, hardest first."""
    graded = [((cache or _NO_CACHE).grade(as_reading_text([block])), block) for block in level.blocks
              if len(WORD.findall(block.text)) >= min_words]
    return sorted(graded, key=lambda pair: pair[0], reverse=True)


def check_reading(level: ReadingLevel, path: str, first_line: int, max_grade: float = 8.0,
                  max_sentence_words: int = 25, max_paragraph_words: int = 120,
                  cache: GradeCache | None = None) -> list:
    """Findings for a page whose prose is too hard to read, with the lines to look at."""
    from kapguide.findings import Finding

    findings = []
    hardest = hardest_paragraphs(level, cache)
    if level.words and level.grade > max_grade:
        lines = ", ".join(str(block.line) for _grade, block in hardest[:3])
        findings.append(Finding("reading-grade", path,
                                f"The reading grade is {level.grade}; this site's limit is {max_grade:g}.",
                                line=first_line,
                                fix=f"Use shorter sentences and everyday words, starting with the hardest paragraphs "
                                    f"(lines {lines})."))
    for grade, block in hardest:
        if grade > max_grade + PARAGRAPH_MARGIN and len(WORD.findall(block.text)) >= PARAGRAPH_MIN_WORDS:
            findings.append(Finding("reading-grade", path,
                                    f"This paragraph reads at grade {grade:g}, well above this site's limit of "
                                    f"{max_grade:g} ('{block.text[:60]}...').",
                                    line=block.line, severity="warning",
                                    fix="Use shorter sentences and everyday words, or explain each long word in brackets."))
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
