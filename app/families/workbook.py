"""Writing the special families' workbooks the way the member roll's export writes its own (`excel_export`).

openpyxl's write-only mode streams the rows to a temporary file; the workbook is saved beside the target and
renamed into place (`app.files.replacing`), so a failure or a cancel leaves no partial file, and the rows held in
the temporary folder are removed at once. Cells read back as meant: ID numbers and phones are text cells ("@"), never
4.4e17; dates are dates; percentages are numbers shown as "66.7%"; a value that starts with = + - @ is a text cell
with the quote prefix, shown as typed and never evaluated.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from app.files import replacing
from app.xlsx_cells import DATE_FORMAT, FORMULA_STARTS, TEXT_FORMAT, discard_rows, literal_cell

PERCENT_FORMAT = "0.0%"
HEADER_FILL = "DDEBF7"

Kind = Literal["auto", "text", "percent"]


@dataclass(frozen=True)
class Column:
    """One column: its header, its width in characters (a Han character takes about two), what its cells hold."""

    header: str
    width: float = 12
    kind: Kind = "auto"


class Sheet:
    """A write-only sheet with a styled, frozen header row; `append` turns display values into the right cells."""

    def __init__(self, book: Any, title: str, columns: Sequence[Column], *, header: bool = True) -> None:
        from openpyxl.utils import get_column_letter

        self.raw = book.create_sheet(title)
        self.columns = list(columns)
        for index, column in enumerate(self.columns, 1):
            self.raw.column_dimensions[get_column_letter(index)].width = column.width
        if header:
            self.raw.freeze_panes = "A2"
            self.headers([column.header for column in self.columns])

    def headers(self, texts: Sequence[str]) -> None:
        """A row of headers (bold on blue); a sheet of several tables repeats one above each."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        font, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
        centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cells = []
        for text in texts:
            cell = WriteOnlyCell(self.raw, value=text)
            cell.font, cell.fill, cell.alignment = font, fill, centre
            cells.append(cell)
        self.raw.append(cells)

    def title(self, text: str) -> None:
        """A bold line that names the table below it."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        cell = WriteOnlyCell(self.raw, value=text)
        cell.font = Font(bold=True, size=12)
        self.raw.append([cell])

    def append(self, values: Sequence[Any]) -> None:
        kinds = [column.kind for column in self.columns]
        kinds += ["auto"] * (len(values) - len(kinds))
        self.raw.append([self._cell(value, kind) for value, kind in zip(values, kinds, strict=False)])

    def blank(self) -> None:
        self.raw.append([])

    def _cell(self, value: Any, kind: Kind) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if value is None:
            return None
        if kind == "text":
            out = literal_cell(self.raw, str(value))
            out.number_format = TEXT_FORMAT
            return out
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return literal_cell(self.raw, value)  # shown as typed, never evaluated
        if kind == "percent":
            out = WriteOnlyCell(self.raw, value=value)
            out.number_format = PERCENT_FORMAT
            return out
        if isinstance(value, date):
            out = WriteOnlyCell(self.raw, value=value)
            out.number_format = DATE_FORMAT
            return out
        return value


class Book:
    """The sheets of one workbook being written."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.raw = Workbook(write_only=True)
        self.sheets: list[Sheet] = []

    def sheet(self, title: str, columns: Sequence[Column], *, header: bool = True) -> Sheet:
        made = Sheet(self.raw, title, columns, header=header)
        self.sheets.append(made)
        return made


@contextmanager
def writing(out_path: str | os.PathLike[str]) -> Iterator[Book]:
    """A workbook to fill in the block, saved to `out_path` when the block ends well; nothing is left otherwise."""
    book = Book()
    try:
        yield book
        with replacing(Path(out_path)) as partial:
            book.raw.save(partial)
    except BaseException:
        for sheet in book.sheets:
            discard_rows(sheet.raw)
        raise
