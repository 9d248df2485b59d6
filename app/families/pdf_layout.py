"""The look every printed special-families file shares with the member roster: font, margins, grid, page numbers.

Text is set in the embedded CJK font (`app.fonts`); the file is written by `app.pdf_document.write_pdf`, as the
roster is, so that every register the office prints is numbered alike and a failure or a cancel leaves no partial
file. reportlab is imported only when a file is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from app.fonts import register_cjk_font
from app.pdf_document import MARGIN

CELL_PADDING = 6.0  # points, left and right together
GAP = "&nbsp;" * 8  # paragraphs collapse runs of spaces: the gaps between facts are non-breaking
SIGNATURES = ("经办人：________________", "审核人：________________", "日期：________年____月____日")
HEADER_FILL = "#E6E6E6"
BAND_FILL = "#F2F2F2"


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a report, in the embedded font."""

    font: str
    title: Any
    line: Any
    heading: Any
    body: Any
    note: Any
    cell: Any
    sign: Any

    def para(self, text: str, style: Any = None) -> Any:
        """A paragraph of plain text (escaped; line breaks kept)."""
        from reportlab.platypus import Paragraph

        return Paragraph(escape(text).replace("\n", "<br/>"), style or self.body)

    def facts(self, *facts: str) -> Any:
        """One centred line of facts under the title, spaced apart."""
        from reportlab.platypus import Paragraph

        return Paragraph(GAP.join(escape(fact) for fact in facts if fact), self.line)

    def signatures(self) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(GAP.join(SIGNATURES), self.sign)


def styles(cell_size: float = 9) -> Styles:
    """Register the font and make the styles; `cell_size` is the tables' font size."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    font = register_cjk_font()

    def style(name: str, size: float, **more: Any) -> ParagraphStyle:
        more.setdefault("leading", size * 1.3)
        return ParagraphStyle(name, fontName=font, fontSize=size, wordWrap="CJK", **more)

    return Styles(
        font=font,
        title=style("title", 17, alignment=1, spaceAfter=4, leading=24),
        line=style("line", 10, alignment=1, spaceAfter=8),
        heading=style("heading", 12, spaceBefore=10, spaceAfter=4),
        body=style("body", 10),
        note=style("note", 8.5, textColor=colors.HexColor("#444444")),
        cell=style("cell", cell_size, leading=cell_size * 1.25),
        sign=style("sign", 11, spaceBefore=24),
    )


class Fitter:
    """Gives a cell's text as is where it fits its column on one line, or as a paragraph that wraps.

    Paragraphs cost the layout several times more than plain strings; most cells fit, so only the others wrap.
    """

    def __init__(self, sheet: Styles, widths: list[float]) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self._measure = partial(stringWidth, fontName=sheet.font, fontSize=sheet.cell.fontSize)
        self._sheet = sheet
        self._room = [width - CELL_PADDING for width in widths]

    def __call__(self, column: int, value: Any) -> Any:
        text = value.isoformat() if isinstance(value, date) else "" if value is None else str(value)
        if "\n" in text or self._measure(text) > self._room[column]:
            return self._sheet.para(text, self._sheet.cell)
        return text

    def row(self, values: list[Any]) -> list[Any]:
        return [self(column, value) for column, value in enumerate(values)]


def grid(font: str, size: float, *, header_rows: int = 1) -> list[tuple[Any, ...]]:
    """The table style of the roster: a thin black grid, a grey header row, small padding."""
    from reportlab.lib import colors

    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor(HEADER_FILL)),
            ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ]
    return commands


def table(data: list[list[Any]], widths: list[float], commands: list[tuple[Any, ...]], *, repeat: int = 1) -> Any:
    """A table that splits across pages, repeating its first `repeat` rows on each."""
    from reportlab.platypus import LongTable, TableStyle

    out = LongTable(data, colWidths=widths, repeatRows=repeat)
    out.setStyle(TableStyle(commands))
    return out


def content_width(page_size: tuple[float, float]) -> float:
    return page_size[0] - 2 * MARGIN


def column_widths(columns: tuple[tuple[str, float], ...], width: float) -> list[float]:
    """The widths of (header, width) columns; the one given as 0 takes what the others leave of `width`."""
    fixed = sum(w for _, w in columns)
    return [w or width - fixed for _, w in columns]
