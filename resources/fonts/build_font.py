"""Build the PDF font: Noto Sans CJK SC with TrueType outlines, cut down to the characters the registers use.

reportlab embeds only TrueType-outline fonts, and Noto Sans CJK ships with CFF outlines, so this script
1. takes the Simplified Chinese face out of the system's NotoSansCJK-Regular.ttc (Debian: fonts-noto-cjk),
2. converts the cubic CFF outlines to quadratic `glyf` outlines (cu2qu, at most 1 font unit off),
3. keeps Latin, punctuation and symbols, the CJK ideographs of the BMP, Extension A and Extension B
   (rare name characters such as 䶮 and 𠮷), and drops the layout tables reportlab never reads,
4. writes resources/fonts/NotoSansCJKsc-Regular.ttf (through a temporary file, so an interrupted build leaves none).

The same source font gives the same bytes: the source's timestamps are kept. The font is licensed under the SIL
Open Font License 1.1; OFL.txt beside this script ships with it.

Usage: python resources/fonts/build_font.py [--source PATH] [--output PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUTPUT = HERE / "NotoSansCJKsc-Regular.ttf"
FACE = "Noto Sans CJK SC"
# The largest distance between a cubic curve and its quadratic replacement, in font units (of 1000 per em).
MAX_ERR = 1.0

RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B (pinyin tone marks)
    (0x02C6, 0x02DD),  # spacing modifier letters (pinyin tones written apart)
    (0x2000, 0x206F),  # General Punctuation
    (0x2100, 0x218F),  # Letterlike Symbols, Number Forms (℃, №, Ⅻ)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (①)
    (0x2500, 0x257F),  # Box Drawing
    (0x25A0, 0x25FF),  # Geometric Shapes (□ ■ ○ ●, check boxes on forms)
    (0x2600, 0x27BF),  # Miscellaneous Symbols, Dingbats (☑ ✓)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3200, 0x33FF),  # Enclosed CJK Letters, CJK Compatibility
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Half-width and Full-width Forms
    (0x20000, 0x2A6DF),  # CJK Extension B
)


def find_face(collection: Path, family: str) -> int:
    """The index of the face whose full name is `family` in a font collection."""
    fonts = TTCollection(str(collection), lazy=True).fonts
    for index, font in enumerate(fonts):
        if font["name"].getDebugName(4) == family:
            return index
    raise SystemExit(f"{collection} has no face named {family!r}")


def wanted_unicodes() -> list[int]:
    """Every code point of RANGES."""
    return [code for low, high in RANGES for code in range(low, high + 1)]


def subset(font: TTFont) -> None:
    """Keep only the characters of RANGES, with no layout features."""
    options = Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "DSIG"]
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=wanted_unicodes())
    subsetter.subset(font)


def cff_to_glyf(font: TTFont, keep: set[str]) -> None:
    """Replace the CFF outlines by quadratic TrueType outlines and the tables that go with them.

    Only the glyphs in `keep` are converted (running a CFF charstring is the slow part); the others become empty
    and the subsetter drops them afterwards.
    """
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs: dict[str, Any] = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        if name in keep:
            # PostScript contours run counter-clockwise, TrueType ones clockwise.
            glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)

    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        advance = hmtx.metrics[name][0]
        hmtx.metrics[name] = (advance, glyph.xMin if hasattr(glyph, "xMin") else 0)

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.compile(font)

    # Glyph names (cid00001 …) serve no one; format 3 keeps the table small.
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def build(source: Path, output: Path) -> None:
    """Write the converted, subset font to `output`."""
    if not source.is_file():
        raise SystemExit(f"{source} not found: install the Noto CJK fonts (Debian package fonts-noto-cjk)")
    started = time.perf_counter()
    font = TTFont(str(source), fontNumber=find_face(source, FACE), recalcTimestamp=False)
    cmap = font.getBestCmap()
    # Converting first and subsetting the TrueType result is about twice as fast as subsetting the CFF font.
    cff_to_glyf(font, {".notdef"} | {cmap[code] for code in wanted_unicodes() if code in cmap})
    subset(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    try:
        font.save(str(partial))
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    size = output.stat().st_size / 1e6
    print(f"{output}: {font['maxp'].numGlyphs} glyphs, {size:.1f} MB, {seconds:.0f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    build(args.source, args.output)


if __name__ == "__main__":
    main()
