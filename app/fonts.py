"""The font every PDF report embeds: Noto Sans CJK SC with TrueType outlines, built by `make font`.

The built-in CID fonts of reportlab are not embedded (blank on a PC without an Asian font pack) and cannot encode
characters outside the BMP, such as the rare name characters 𠮷 and 䶮; an embedded TrueType font prints the same
everywhere. reportlab embeds only the glyphs a document uses, so a report stays small.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import FpaError

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
CJK_FONT_FILE = FONT_DIR / "NotoSansCJKsc-Regular.ttf"
CJK_FONT = "NotoSansCJKsc"


def register_cjk_font(path: Path = CJK_FONT_FILE) -> str:
    """Register the CJK font with reportlab (once per process) and return its name for styles.

    A missing font file is a known error that says how to build it.
    """
    if not path.is_file():
        raise FpaError(
            f"缺少 PDF 报表字体文件 {path}，无法生成报表。安装包不完整时请重新安装本软件；"
            "在源代码目录中请运行 make font 生成（需要系统字体包 fonts-noto-cjk）。",
            f"The PDF report font {path} is missing, so no report can be made. Reinstall the program; in a source "
            "tree, run `make font` to build it (it needs the system package fonts-noto-cjk).",
            code="font.missing",
        )
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _fix_to_unicode()
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(CJK_FONT, str(path)))
    return CJK_FONT


def _fix_to_unicode() -> None:
    """Make the PDF's text layer spell characters outside the BMP correctly.

    reportlab writes each character of a font subset into the ToUnicode map as four hex digits, so 𠮷 (U+20BB7)
    comes out as five digits and readers take it for U+20BB: the page prints right, but searching or copying the
    name fails. The map must hold UTF-16 code units (a surrogate pair there). This replaces reportlab's function by
    one that writes them; for BMP characters its output is the same.
    """
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """The ToUnicode CMap of one font subset (at most 256 characters), each mapped to its UTF-16 code units."""
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>" for index, code in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
