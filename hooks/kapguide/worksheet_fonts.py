"""The font of the worksheet PDFs' form fields: a small copy of the text font, made at build time.

WeasyPrint embeds a font that a form field uses whole, with every glyph and its hinting, so that a
PDF reader can draw whatever is typed into the field; only fonts used for printed text alone are
cut down to the letters printed. When the fields used the text font (DejaVu Sans, 760 KB), every
PDF carried all of it: about 430 KB for a one-page worksheet.

So the fields use their own font: the text font cut to the letters of the Latin alphabets (English
and the other languages written with them, accents included), common punctuation and currency signs,
without hinting (about 30 KB in a PDF). It is made from the font installed on the build machine
(Debian: fonts-dejavu-core), with no network, and kept beside the cached PDFs, named by a hash of
what it is made from. The printed text keeps the installed font, cut to the letters printed.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
from importlib.metadata import version
from pathlib import Path

FAMILY = "KAP worksheet fields"   # the name pdf.css gives the fields' font
SOURCE_FAMILY = "DejaVu Sans"     # the PDFs' text font (pdf.css)
RECIPE = "1"                      # change when what the font holds, or how it is made, changes
CHARACTERS = (
    *range(0x20, 0x7F),        # Basic Latin
    *range(0xA0, 0x250),       # Latin-1, Latin Extended-A and -B
    *range(0x1E00, 0x1F00),    # Latin Extended Additional (Vietnamese, Welsh)
    *range(0x2010, 0x2028),    # dashes, quotation marks, bullet, ellipsis
    *range(0x2030, 0x205F),    # per mille, primes, other punctuation
    *range(0x20A0, 0x20C1),    # currency signs
    0x2116, 0x2122, *range(0x2190, 0x2195), 0x2212, 0x2713, 0x2714, 0x2717,  # No., TM, arrows, minus, ticks
)
MADE_NAME = re.compile(r"^fields-[0-9a-f]{16}\.ttf$")


def source_font(family: str = SOURCE_FAMILY) -> Path | None:
    """The installed file of ``family`` (regular), as fontconfig finds it; None if it is not installed."""
    try:
        found = subprocess.run(["fc-match", "--format=%{file}\n%{family}", f"{family}:regular"],
                               capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, families = found.partition("\n")
    if family not in families.split(","):  # fontconfig names another font when the one asked for is missing
        return None
    path = Path(file)
    return path if path.is_file() else None


def field_font(folder: Path, source: Path | None = None) -> Path | None:
    """The fields' font, made into ``folder`` unless it is there already; None without the text font.

    Without it the fields fall back to the text font (pdf.css): the PDFs still work, but are large."""
    source = source or source_font()
    if source is None:
        return None
    data = source.read_bytes()
    digest = hashlib.sha256(data)
    digest.update(f"|{RECIPE}|fonttools=={version('fonttools')}".encode())
    target = folder / f"fields-{digest.hexdigest()[:16]}.ttf"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    made = cut_font(data)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(made)
    os.replace(tmp, target)
    for old in folder.iterdir():  # only font files this module made
        if old != target and MADE_NAME.match(old.name) and old.is_file() and not old.is_symlink():
            old.unlink()
    return target


def cut_font(data: bytes) -> bytes:
    """``data`` (a TrueType font) with only ``CHARACTERS``, no hinting and no layout tables; the same bytes each time."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    options = subset.Options(hinting=False, notdef_outline=True, layout_features=[],
                             drop_tables=[*subset.Options().drop_tables, "FFTM", "GSUB", "GPOS", "GDEF", "kern"])
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CHARACTERS)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
