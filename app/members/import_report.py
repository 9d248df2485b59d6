"""The error report of an import: the rows that have problems, as they were in the sheet, with a column saying
what is wrong, so the office can correct them in Excel and import that file again."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.files import replacing
from app.members.import_rows import problem_text
from app.members.import_table import column_letter, number_text
from app.xlsx_cells import DATE_FORMAT, FORMULA_STARTS, TEXT_FORMAT

if TYPE_CHECKING:
    from app.members.excel_import import ImportPreview, ImportSummary


def write_error_report(
    result: ImportPreview | ImportSummary, out_path: str | os.PathLike[str], lang: str = "zh"
) -> int:
    """Write the rows that have problems, as they were in the sheet, with a column saying what is wrong.

    Returns the number of rows written. The file appears whole or not at all.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    rows = result.problem_rows
    mapping = result.mapping
    text_columns = {i for i, key in mapping.columns.items() if key in ("id_number", "phone", "member_no")}
    width = max([len(mapping.headers), *(len(r.cells) for r in rows)])
    en = lang.startswith("en")

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Problems" if en else "问题行")
    for index in range(width):
        sheet.column_dimensions[column_letter(index)].width = 22 if index in text_columns else 14
    sheet.column_dimensions[column_letter(width)].width = 60
    sheet.freeze_panes = "A2"

    def cell(value: object, *, as_text: bool = False) -> Any:
        if isinstance(value, float) and as_text:
            value = number_text(value)
        elif (isinstance(value, int) and not isinstance(value, bool) and as_text) or isinstance(
            value, time | timedelta
        ):
            value = str(value)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
        out = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            # Text stays text: a cell starting with = + - @ must not turn into a formula when the file is opened.
            out.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                out.quotePrefix = True
            if as_text:
                out.number_format = TEXT_FORMAT
        elif isinstance(value, datetime | date):
            out.number_format = DATE_FORMAT
        return out

    headers = [*mapping.headers, *[None] * (width - len(mapping.headers))]
    sheet.append([cell(h) for h in [*headers, "Problems" if en else "问题", "Row" if en else "原行号"]])
    for r in rows:
        cells = [*r.cells, *[None] * (width - len(r.cells))]
        sheet.append(
            [
                *(cell(v, as_text=i in text_columns) for i, v in enumerate(cells)),
                cell(problem_text(mapping, r, lang)),
                cell(r.row),
            ]
        )
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out) as partial:
        book.save(partial)
    return len(rows)
