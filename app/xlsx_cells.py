"""Cells that read back as meant in Excel and WPS, for every workbook the app writes (the roll's export, the import
report, the special families' files).

ID numbers and phones are text cells ("@"), never 4.4e17; dates show as 2025-03-08; a value that starts with a
character a spreadsheet reads as the start of a formula is a text cell with the quote prefix, shown as typed and never
evaluated (OWASP's list for CSV injection). openpyxl is imported only when a cell is made.
"""

from __future__ import annotations

from typing import Any

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
# Characters that make a spreadsheet read a typed value as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def literal_cell(sheet: Any, text: str) -> Any:
    """A text cell of a write-only sheet that shows `text` as it is, even if it looks like a formula."""
    from openpyxl.cell import WriteOnlyCell

    out = WriteOnlyCell(sheet, value=text)
    out.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if text.startswith(FORMULA_STARTS):
        out.quotePrefix = True
    return out


def discard_rows(sheet: Any) -> None:
    """Remove the temporary file in which openpyxl keeps a write-only sheet's rows until the workbook is saved.

    openpyxl deletes it only when the process exits; after a cancel or a failure the rows (personal data) must not
    wait in the temporary folder for as long as the program runs.
    """
    if sheet.closed:  # saved: openpyxl has already removed it
        return
    try:
        sheet.close()  # ends the row stream, so that nothing writes to the file once it is gone
        sheet._writer.cleanup()
    except (OSError, ValueError, AttributeError):
        pass
