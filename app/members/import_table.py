"""Reading a member roll from a workbook (.xlsx, .xls, .ods) as offices keep them: the table part.

Real rolls have a title above the header, merged cells, header words of their own and a 合计 row at the bottom.
This module checks the file, finds the header row, maps its columns to `app.members.fields`, and hands out the
data rows below it in chunks, streamed from calamine. What a row means is `app.members.import_rows`' business.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.members.fields import FIELD_BY_KEY, FIELDS
from app.progress import NoProgress, Progress, check_cancelled

Cell = int | float | str | bool | date | datetime | time | timedelta | None

HEADER_SCAN_ROWS = 20  # a header further down than this is not a header
MIN_HEADER_MATCHES = 2
CHUNK_ROWS = 500  # rows per chunk: per bulk statement, per progress step and per cancellation check
MAX_UNPACKED_BYTES = 1 << 30  # a workbook that unpacks to more than this is not a member roll

# A row whose first filled cell starts with one of these closes the table: totals and the signature lines below.
_FOOTER_WORDS = (
    "合计",
    "总计",
    "小计",
    "共计",
    "填表人",
    "制表人",
    "填报人",
    "审核人",
    "负责人",
    "填表日期",
    "制表日期",
)
_WHITESPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^]]*\]|【[^】]*】")


# --- reading the workbook -----------------------------------------------------------------------------------


_NOT_A_WORKBOOK_ZH = "它不是 Excel（.xlsx、.xls）或 WPS、LibreOffice（.ods）表格，或者文件已损坏、不完整"
_NOT_A_WORKBOOK_EN = "it is not an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook, or it is damaged or incomplete"


def _unreadable(path: Path, why_zh: str = _NOT_A_WORKBOOK_ZH, why_en: str = _NOT_A_WORKBOOK_EN) -> ValidationError:
    return ValidationError(
        f"无法读取文件“{path.name}”：{why_zh}。请用 Excel 或 WPS 打开它确认内容，另存为 .xlsx 后再导入。",
        f"Cannot read {path.name}: {why_en}. Open it in a spreadsheet program, save it as .xlsx and import that.",
        code="import.unreadable",
    )


def _check_file(path: Path) -> None:
    """Refuse what is not a readable workbook file before the reader sees it."""
    if not path.exists():
        raise ValidationError(
            f"找不到文件“{path}”，请确认文件位置。", f"File {path} does not exist.", code="import.missing"
        )
    if path.is_dir():
        raise ValidationError(
            f"“{path}”是一个文件夹，请选择其中的表格文件。",
            f"{path} is a folder, not a workbook.",
            code="import.missing",
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise ValidationError(
            f"无法打开文件“{path.name}”：可能正在被其他程序使用或没有权限。请关闭该文件后重试。",
            f"Cannot open {path.name}: it may be open in another program, or not readable. Close it and retry.",
            code="import.unreadable",
        ) from exc
    if size == 0:
        raise _unreadable(path, "文件是空的（0 字节），可能没有保存完整", "the file is empty (0 bytes)")
    if head == b"PK\x03\x04":
        _check_zip(path)


def _check_zip(path: Path) -> None:
    """Check every part of an .xlsx or .ods against its checksum: the reader itself does not, so a damaged file
    would otherwise give wrong cells instead of an error."""
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _unreadable(path, "文件解压后过大，不是正常的会员名册", "it unpacks to more than 1 GB")
            bad = archive.testzip()
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _unreadable(path, "文件已损坏或不完整", "the file is damaged or incomplete") from exc
    if bad is not None:
        raise _unreadable(path, "文件已损坏（内容校验不符）", "the file is damaged (a checksum does not match)")


@contextmanager
def _workbook(path: Path) -> Iterator[Any]:
    """The workbook at `path`, recognised by its content (a .xls saved as .xlsx still opens)."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    _check_file(path)
    with path.open("rb") as fh:
        try:
            book = CalamineWorkbook.from_filelike(fh)
        except PasswordError as exc:
            raise ValidationError(
                f"文件“{path.name}”设置了打开密码，请先在 Excel 或 WPS 中取消密码、保存后再导入。",
                f"{path.name} is password-protected; remove the password in your spreadsheet program and save it "
                "first.",
                code="import.password",
            ) from exc
        except (CalamineError, OSError, ValueError, RuntimeError) as exc:
            raise _unreadable(path) from exc
        try:
            yield book
        finally:
            book.close()


def read_workbook(path: str | os.PathLike[str]) -> list[str]:
    """The names of the workbook's sheets; a ValidationError saying why if the file cannot be read."""
    with _workbook(Path(path)) as book:
        names: list[str] = list(book.sheet_names)
    if not names:
        raise _unreadable(Path(path), "工作簿中没有工作表", "the workbook has no sheet")
    return names


def _sheet(book: Any, path: Path, name: str) -> Any:
    from python_calamine import CalamineError

    if name not in book.sheet_names:
        raise ValidationError(
            f"文件“{path.name}”中没有名为“{name}”的工作表；现有：{'、'.join(book.sheet_names)}。",
            f"{path.name} has no sheet named {name!r}; it has: {', '.join(book.sheet_names)}.",
            code="import.no_sheet",
        )
    try:
        return book.get_sheet_by_name(name)
    except (CalamineError, ValueError, RuntimeError) as exc:
        raise _unreadable(path, f"工作表“{name}”已损坏", f"sheet {name!r} is damaged") from exc


def _rows(sheet: Any, path: Path) -> Iterator[tuple[int, list[Cell]]]:
    """(Excel row number, cells from column A) for every row, with each merged area filled with its value."""
    from python_calamine import CalamineError

    start = sheet.start
    first_column = start[1] if start else 0
    by_first_row: dict[int, list[tuple[int, int, int, int]]] = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if (r0, c0) != (r1, c1):
            by_first_row.setdefault(r0, []).append((r0, c0, r1, c1))
    active: list[tuple[int, int, int, Cell]] = []  # (last row, first column, last column, value)
    try:
        # Rows come from row 1 on (empty ones too); columns start at the sheet's first used column.
        for index, row in enumerate(sheet.iter_rows()):
            cells: list[Cell] = [""] * first_column + list(row) if first_column else list(row)
            for _r0, c0, r1, c1 in by_first_row.pop(index, ()):
                active.append((r1, c0, c1, cells[c0] if c0 < len(cells) else ""))
            if active:
                active = [area for area in active if area[0] >= index]
                for _r1, c0, c1, value in active:
                    if len(cells) <= c1:
                        cells.extend([""] * (c1 + 1 - len(cells)))
                    for column in range(c0, c1 + 1):
                        if blank(cells[column]):
                            cells[column] = value
            yield index + 1, cells
    except (CalamineError, ValueError, RuntimeError) as exc:
        raise _unreadable(path) from exc


def blank(value: Cell) -> bool:
    """Whether a cell is empty or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


# --- the header ---------------------------------------------------------------------------------------------


def normalise_header(text: object) -> str:
    """A header cell as compared with the known labels: full-width folded, no spaces, no '*' or ':'."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return _WHITESPACE.sub("", folded).strip("*:：").lower()


def _label_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for f in FIELDS:
        for word in (f.zh, *f.synonyms, f.en, f.key):
            index.setdefault(normalise_header(word), f.key)
    return index


_LABELS = _label_index()


def field_for_header(text: object) -> str | None:
    """The field a header cell names, or None: 身份证号码, “姓 名”, 联系电话（手机） are all recognised."""
    key = normalise_header(text)
    if not key:
        return None
    found = _LABELS.get(key)
    if found is None:
        found = _LABELS.get(_BRACKETED.sub("", key))
    return found


@dataclass
class ColumnMapping:
    """Which column holds which field: built from the header row, changeable before the import runs."""

    sheet: str
    header_row: int  # Excel row number of the header
    headers: list[str]  # the header row's cells as text, from column A
    columns: dict[int, str | None]  # column index (0 is column A) -> field key, None to ignore the column

    @property
    def unknown(self) -> list[str]:
        """Headers of the columns the import ignores (nothing to map them to, or a field already taken)."""
        return [
            self.headers[i]
            for i, key in sorted(self.columns.items())
            if key is None and i < len(self.headers) and self.headers[i]
        ]

    def column_of(self, key: str) -> int | None:
        """The column that holds field `key`, or None."""
        return next((i for i, k in self.columns.items() if k == key), None)

    def validate(self) -> None:
        """Refuse a mapping that the import cannot use: unknown fields, a field twice, no name."""
        seen: dict[str, int] = {}
        for index, key in sorted(self.columns.items()):
            if key is None:
                continue
            if key not in FIELD_BY_KEY:
                raise ValidationError(
                    f"“{key}”不是会员名册的字段。", f"{key!r} is not a field of the member roll.", code="import.mapping"
                )
            if key in seen:
                label = FIELD_BY_KEY[key].zh
                raise ValidationError(
                    f"第 {column_letter(seen[key])} 列和第 {column_letter(index)} 列都对应“{label}”，请只保留一列。",
                    f"Columns {column_letter(seen[key])} and {column_letter(index)} both map to "
                    f"{FIELD_BY_KEY[key].en}; keep one.",
                    code="import.mapping_twice",
                )
            seen[key] = index
        if "name" not in seen:
            raise ValidationError(
                "表格中没有“姓名”列；请确认表头，或指定哪一列是姓名。",
                "The sheet has no name column; check the header or say which column holds the name.",
                code="import.no_name_column",
            )


def column_letter(index: int) -> str:
    """The Excel letter of a 0-based column index: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _mapping_from(sheet: str, row_number: int, cells: Sequence[Cell]) -> ColumnMapping:
    headers = [display_text(c) for c in cells]
    columns: dict[int, str | None] = {}
    taken: set[str] = set()
    for index, text in enumerate(headers):
        key = field_for_header(text)
        if key in taken:
            key = None  # a second column for the same field (电话 and 手机): the first one wins
        if key is not None:
            taken.add(key)
        if key is not None or text:
            columns[index] = key
    return ColumnMapping(sheet=sheet, header_row=row_number, headers=headers, columns=columns)


def _find_header(sheet: str, rows: Iterable[tuple[int, list[Cell]]]) -> ColumnMapping | None:
    """The header among `rows`: the row naming the most known fields (the first of equals), if it names enough."""
    best: ColumnMapping | None = None
    best_score = 0
    for number, cells in rows:
        mapping = _mapping_from(sheet, number, cells)
        score = sum(1 for key in mapping.columns.values() if key is not None)
        if score > best_score:
            best, best_score = mapping, score
    return best if best_score >= MIN_HEADER_MATCHES else None


def _no_header(path: Path, sheet: str) -> ValidationError:
    return ValidationError(
        f"在“{path.name}”的工作表“{sheet}”前 {HEADER_SCAN_ROWS} 行中找不到表头。"
        "表头应包含“姓名”“身份证号”“联系电话”等列名；请检查是否选对了工作表。",
        f"No header row in the first {HEADER_SCAN_ROWS} rows of sheet {sheet!r} in {path.name}: a header names "
        "columns such as 姓名 (name) and 身份证号 (ID number). Check that this is the right sheet.",
        code="import.no_header",
    )


def detect_columns(path: str | os.PathLike[str], sheet: str | None = None) -> ColumnMapping:
    """Find the header row and map its columns; without `sheet`, the first sheet that has a member roll header."""
    with open_table(path, sheet, validate=False) as table:
        return table.mapping


@dataclass
class Table:
    """The rows of one sheet below its header, as `chunks` hands them out."""

    file: Path
    sheet: str
    mapping: ColumnMapping
    last_row: int  # the number of the sheet's last row
    reader: Iterator[tuple[int, list[Cell]]]
    ignored_rows: list[int] = field(default_factory=list)  # totals and signature lines below the table

    def chunks(self, progress: Progress = NoProgress(), label: str = "") -> Iterator[list[tuple[int, list[Cell]]]]:  # noqa: B008
        """(Excel row number, cells) of the data rows, `CHUNK_ROWS` at a time; blank rows are skipped and footer
        rows go to `ignored_rows`. Progress counts sheet rows; a cancel raises `CancelledError` between chunks."""
        progress.start(max(self.last_row - self.mapping.header_row, 0), label)
        reported = self.mapping.header_row
        chunk: list[tuple[int, list[Cell]]] = []
        for number, cells in self.reader:
            if all(blank(c) for c in cells):
                continue
            if _footer(cells):
                self.ignored_rows.append(number)
                continue
            chunk.append((number, cells))
            if len(chunk) == CHUNK_ROWS:
                check_cancelled(progress)
                yield chunk
                progress.advance(number - reported)
                reported, chunk = number, []
        check_cancelled(progress)
        if chunk:
            yield chunk
        progress.advance(max(self.last_row - reported, 0))


@contextmanager
def open_table(
    path: str | os.PathLike[str],
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    validate: bool = True,
) -> Iterator[Table]:
    """The table of a workbook's sheet, open while the block runs.

    With `mapping` its sheet (or `sheet`) is read with that mapping; without it the header row is found and mapped
    in `sheet`, or in the first sheet that has a member roll header. A mapping the import cannot use is refused
    unless `validate` is False.
    """
    file = Path(path)
    with _workbook(file) as book:
        if mapping is not None:
            name = sheet if sheet is not None else mapping.sheet
            opened = _sheet(book, file, name)
            reader: Iterator[tuple[int, list[Cell]]] = (
                item for item in _rows(opened, file) if item[0] > mapping.header_row
            )
        else:
            name, mapping, reader, opened = _find_table(book, file, sheet)
        if validate:
            mapping.validate()
        yield Table(file=file, sheet=name, mapping=mapping, last_row=_last_row(opened), reader=reader)


def _find_table(
    book: Any, file: Path, sheet: str | None
) -> tuple[str, ColumnMapping, Iterator[tuple[int, list[Cell]]], Any]:
    names = [sheet] if sheet is not None else list(book.sheet_names)
    for name in names:
        opened = _sheet(book, file, name)
        rows = _rows(opened, file)
        head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
        found = _find_header(name, head)
        if found is not None:
            below = [item for item in head if item[0] > found.header_row]
            return name, found, itertools.chain(below, rows), opened
    raise _no_header(file, names[0] if names else "")


def _last_row(sheet: Any) -> int:
    end = sheet.end
    return int(end[0]) + 1 if end else 0


def display_text(value: Cell) -> str:
    """A cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def number_text(value: float) -> str:
    """A number as a spreadsheet shows it: whole numbers without '.0', and no more than 15 significant digits."""
    shown = Decimal(f"{value:.15g}")
    return format(shown, "f") if value.is_integer() else str(shown)


def _footer(cells: Sequence[Cell]) -> bool:
    first = next((c for c in cells if not blank(c)), None)
    return isinstance(first, str) and normalise_header(first).startswith(_FOOTER_WORDS)
