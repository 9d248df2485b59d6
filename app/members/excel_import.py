"""Importing a member roll from a workbook (.xlsx, .xls, .ods) as offices keep them.

Real rolls have a title above the header, merged cells, header words of their own, ID numbers typed as numbers,
dates in every spelling, blank rows and a 合计 row at the bottom. The import finds the header row, maps the columns
to `app.members.fields`, checks every row with `check_member`, and compares it with the file's other rows and with
the roll in the database. `preview` says per row what would happen; `run_import` does it in one transaction, so a
cancel or a refused import leaves the database exactly as it was.

Rows are read with calamine, row by row; the error report is written with openpyxl's write-only workbook.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import insert, select

from app.errors import ValidationError
from app.members.checks import Problem, check_member
from app.members.fields import FIELD_BY_KEY, FIELDS
from app.members.service import EDITABLE
from app.progress import NoProgress, Progress, check_cancelled
from app.site import require_site
from app.validation._text import to_halfwidth
from db.base import new_id
from db.engine import refresh_statistics
from db.models import Member, MemberGroup, MemberStatusEvent, Region
from db.models.search import member_grams_deferred

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.database import Database

Cell = int | float | str | bool | date | datetime | time | timedelta | None
Status = Literal["new", "update", "unchanged", "duplicate", "warning", "error"]
OnExisting = Literal["skip", "update"]
Mode = Literal["all", "valid"]
Action = Literal["create", "update"]

HEADER_SCAN_ROWS = 20  # a header further down than this is not a header
MIN_HEADER_MATCHES = 2
CHUNK_ROWS = 500
# A big import changes the roll enough for SQLite's planner statistics to need a refresh (about a second).
STATISTICS_AFTER_ROWS = 2000  # rows per bulk statement, per progress step and per cancellation check
MAX_UNPACKED_BYTES = 1 << 30  # a workbook that unpacks to more than this is not a member roll
_LOOKUP_CHUNK = 500  # SQLite's bound-parameter limit is far above this

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
# What people type in a cell to say "nothing here".
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "\\", "－", "／"})
_WHITESPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^]]*\]|【[^】]*】")
_ROLE_SEPARATORS = re.compile(r"[；;/／|\s]+")
_REGION_CODE = re.compile(r"^\d{12}$")
# Suffixes a region's name may carry in one place and not in another: 城关村 / 城关村计生协 / 城关村村民委员会.
_REGION_SUFFIXES = ("计划生育协会", "计生协", "村民委员会", "居民委员会", "村委会", "居委会")
_EXACT_FLOAT_LIMIT = 2**53  # above this a float no longer holds every integer: an ID number has lost digits
_SEX_WORDS = {"男性": "男", "女性": "女"}


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
                        if _blank(cells[column]):
                            cells[column] = value
            yield index + 1, cells
    except (CalamineError, ValueError, RuntimeError) as exc:
        raise _unreadable(path) from exc


def _blank(value: Cell) -> bool:
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
    headers = [_display(c) for c in cells]
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
    file = Path(path)
    with _workbook(file) as book:
        return _open_table(book, file, sheet, None)[1]


def _open_table(
    book: Any, file: Path, sheet: str | None, mapping: ColumnMapping | None
) -> tuple[str, ColumnMapping, Iterator[tuple[int, list[Cell]]], int]:
    """(sheet name, mapping, the rows below the header, the number of the sheet's last row)."""
    if mapping is not None:
        name = sheet if sheet is not None else mapping.sheet
        opened = _sheet(book, file, name)
        reader = (item for item in _rows(opened, file) if item[0] > mapping.header_row)
        return name, mapping, reader, _last_row(opened)
    names = [sheet] if sheet is not None else list(book.sheet_names)
    for name in names:
        opened = _sheet(book, file, name)
        rows = _rows(opened, file)
        head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
        found = _find_header(name, head)
        if found is not None:
            below = [item for item in head if item[0] > found.header_row]
            return name, found, itertools.chain(below, rows), _last_row(opened)
    raise _no_header(file, names[0] if names else "")


def _last_row(sheet: Any) -> int:
    end = sheet.end
    return int(end[0]) + 1 if end else 0


# --- checking rows ------------------------------------------------------------------------------------------


@dataclass
class RowResult:
    """One data row of the sheet and what the import makes of it."""

    row: int  # Excel row number
    cells: list[Cell]  # the row as read, from column A
    raw: dict[str, Cell]  # the mapped cells by field key
    status: Status = "new"
    problems: list[Problem] = field(default_factory=list)
    action: Action | None = None  # what importing this row does; None: nothing
    member_id: str | None = None  # the member on the roll it matches, or the one created
    values: dict[str, Any] = field(default_factory=dict)  # checked values, as stored
    changed: list[str] = field(default_factory=list)  # fields an update changes
    new_group: str | None = None  # a member group created for this row

    def messages(self, lang: str = "zh") -> list[str]:
        """The row's problems as sentences."""
        return [p.message(lang) for p in self.problems]


@dataclass
class ImportPreview:
    """What importing a sheet would do, row by row."""

    file: str
    sheet: str
    mapping: ColumnMapping
    rows: list[RowResult]
    on_existing: OnExisting
    ignored_rows: list[int] = field(default_factory=list)  # totals and signature lines below the table
    new_groups: list[str] = field(default_factory=list)  # member groups the import would create

    def count(self, status: Status) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def describe(self, row: RowResult, lang: str = "zh") -> list[str]:
        """The row's problems, each led by the header of its column as the sheet names it (家庭住址：…)."""
        return [_describe(self.mapping, p, lang) for p in row.problems]

    def problem_text(self, row: RowResult, lang: str = "zh") -> str:
        """The row's problems in one line, as the error report's 问题 column shows them."""
        if lang.startswith("en"):
            return " ".join(self.describe(row, lang))
        return "；".join(text.rstrip("。") for text in self.describe(row, lang)) + ("。" if row.problems else "")

    @property
    def has_errors(self) -> bool:
        return any(r.status == "error" for r in self.rows)


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    created: int
    updated: int
    unchanged: int
    skipped: int  # duplicates, rows matching a member when told to skip, and valid rows of a refused import
    rejected: int  # rows with errors
    warnings: int  # rows imported with a warning
    preview: ImportPreview
    mode: Mode
    dry_run: bool
    imported: bool  # False for a dry run and for an import refused because of errors (mode "all")
    groups_created: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[RowResult]:
        return self.preview.rows

    @property
    def mapping(self) -> ColumnMapping:
        return self.preview.mapping

    @property
    def refused(self) -> bool:
        """True when mode "all" found errors and so imported nothing."""
        return self.mode == "all" and self.preview.has_errors

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "warnings": self.warnings,
        }


def _describe(mapping: ColumnMapping, problem: Problem, lang: str) -> str:
    column = mapping.column_of(problem.field)
    if column is not None and column < len(mapping.headers) and mapping.headers[column]:
        header = mapping.headers[column]
    elif problem.field in FIELD_BY_KEY:
        f = FIELD_BY_KEY[problem.field]
        header = f.en if lang.startswith("en") else f.zh
    else:
        return problem.message(lang)
    return f"{header}: {problem.message(lang)}" if lang.startswith("en") else f"{header}：{problem.message(lang)}"


def _display(value: Cell) -> str:
    """A cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _number_text(value: float) -> str:
    """A number as a spreadsheet shows it: whole numbers without '.0', and no more than 15 significant digits."""
    shown = Decimal(f"{value:.15g}")
    return format(shown, "f") if value.is_integer() else str(shown)


def _footer(cells: Sequence[Cell]) -> bool:
    first = next((c for c in cells if not _blank(c)), None)
    return isinstance(first, str) and normalise_header(first).startswith(_FOOTER_WORDS)


def _field_value(key: str, value: Cell) -> Cell:
    """A mapped cell as `check_member` expects it."""
    if isinstance(value, str):
        text = value.strip()
        if text in _PLACEHOLDERS:
            return ""
        if key == "roles":
            return _ROLE_SEPARATORS.sub("、", text)
        if key == "sex":
            return _SEX_WORDS.get(text, text)
        return text
    if key == "id_number" and isinstance(value, int | float) and not isinstance(value, bool):
        # A whole number small enough to be exact kept its digits (an old 15-digit number); anything bigger
        # has lost its last digits and stays a float, which `check_member` rejects with an explanation.
        if float(value).is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
            return str(int(value))
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool) and key != "birth_date" and key != "joined_on":
        return str(value)
    if isinstance(value, time | timedelta):
        return str(value)
    return value


def _raw(mapping: ColumnMapping, cells: Sequence[Cell]) -> dict[str, Cell]:
    raw: dict[str, Cell] = {}
    for index, key in mapping.columns.items():
        if key is not None:
            raw[key] = _field_value(key, cells[index] if index < len(cells) else "")
    return raw


def _filled(value: Cell) -> bool:
    return not _blank(value)


def _name_key(text: str) -> str:
    return _WHITESPACE.sub("", to_halfwidth(unicodedata.normalize("NFC", text)))


def _region_key(text: str) -> str:
    key = _name_key(text)
    for suffix in _REGION_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def _too_long(key: str, limit: int) -> Problem:
    return Problem(
        key, "error", f"内容过长（最多 {limit} 个字）。", f"Too long (at most {limit} characters).", f"{key}.too_long"
    )


def _column_limits() -> dict[str, int]:
    limits: dict[str, int] = {}
    for column in Member.__table__.columns:
        length = getattr(column.type, "length", None)
        if isinstance(length, int) and column.key in EDITABLE:
            limits[column.key] = length
    return limits


_LIMITS = _column_limits()


class _Context:
    """What the checks need from the database: regions, member groups, matching members."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.regions: dict[str, str] = {}  # name key -> code
        self.codes: set[str] = set()
        for code, name in session.execute(select(Region.code, Region.name)):
            self.codes.add(code)
            self.regions.setdefault(_name_key(name), code)
            self.regions.setdefault(_region_key(name), code)
        self.groups: dict[str, list[tuple[str, str | None]]] = {}  # name key -> [(id, village code)]
        for gid, name, village in session.execute(
            select(MemberGroup.id, MemberGroup.name, MemberGroup.village_code).where(MemberGroup.deleted.is_(False))
        ):
            self.groups.setdefault(_name_key(name), []).append((gid, village))

    def village(self, value: Cell) -> tuple[str | None, Problem | None]:
        text = _display(value)
        if not text:
            return None, None
        code = to_halfwidth(text).strip()
        if _REGION_CODE.match(code):
            if code in self.codes:
                return code, None
            return code, Problem(
                "village_code", "warning", f"区划代码 {code} 不在本单位的区划表中，请核对。",
                f"Region code {code} is not in this office's region table; please check it.", "village.unknown_code",
            )  # fmt: skip
        found = self.regions.get(_name_key(text)) or self.regions.get(_region_key(text))
        if found is None:
            return None, Problem(
                "village_code", "error",
                f"所属村（居）“{text}”不在本单位的区划表中；请填写区划表中的村名或 12 位区划代码。",
                f"Village {text!r} is not in this office's region table; use its name there or its 12-digit code.",
                "village.unknown",
            )  # fmt: skip
        return found, None

    def group(self, value: Cell, village: str | None) -> tuple[str | None, str | None, Problem | None]:
        """(existing group id, name of a group to create, problem)."""
        text = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", _display(value))).strip()
        if not text:
            return None, None, None
        if len(text) > 50:
            return None, None, _too_long("group_id", 50)
        candidates = self.groups.get(_name_key(text), [])
        if candidates:
            same_village = [gid for gid, v in candidates if v == village]
            return (same_village or [candidates[0][0]])[0], None, None
        return None, text, Problem(
            "group_id", "warning", f"会员小组“{text}”尚未建立，导入时将新建该小组。",
            f"Member group {text!r} does not exist yet; the import will create it.", "group.created",
        )  # fmt: skip


def _check_row(number: int, cells: list[Cell], mapping: ColumnMapping, ctx: _Context, today: date) -> RowResult:
    raw = _raw(mapping, cells)
    fields: dict[str, object] = {k: v for k, v in raw.items() if k not in ("village_code", "group_id")}
    checked = check_member(fields, today=today)
    values = checked.values
    problems = list(checked.problems)
    for key, limit in _LIMITS.items():
        text = values.get(key)
        if isinstance(text, str) and len(text) > limit and not any(p.field == key for p in problems):
            problems.append(_too_long(key, limit))
    result = RowResult(row=number, cells=cells, raw=raw, values=values, problems=problems)
    if "village_code" in raw:
        values["village_code"], problem = ctx.village(raw["village_code"])
        if problem is not None:
            problems.append(problem)
    if "group_id" in raw:
        values["group_id"], result.new_group, problem = ctx.group(raw["group_id"], values.get("village_code"))
        if problem is not None:
            problems.append(problem)
    return result


def _compared_keys(raw: dict[str, Cell], values: dict[str, Any]) -> list[str]:
    """The stored columns a row speaks for: those of its filled cells (an empty cell leaves a member's value)."""
    keys: list[str] = []
    for key, cell in raw.items():
        if not _filled(cell):
            continue
        if key == "name":
            keys += ["name", "name_pinyin", "name_initials"]
        elif key == "id_number":
            keys += ["id_number"] + [k for k in ("birth_date", "sex") if values.get(k) is not None]
        elif key in EDITABLE:
            keys.append(key)
    return list(dict.fromkeys(keys))


def _decide(rows: list[RowResult], ctx: _Context, on_existing: OnExisting) -> None:
    """Compare the checked rows with each other and with the roll, and give each its status."""
    first_by_id: dict[str, RowResult] = {}
    in_file: dict[int, Problem] = {}
    for r in rows:
        number = r.values.get("id_number")
        if not number:
            continue
        first = first_by_id.setdefault(number, r)
        if first is r:
            continue
        same = first.values == r.values
        in_file[r.row] = Problem(
            "id_number", "warning" if same else "error",
            f"与第 {first.row} 行的身份证号相同" + ("，内容也相同，本行不再导入。" if same
                                                    else "，但其他内容不同；请核对是哪一行填错了。"),
            f"Same ID number as row {first.row}" + (" and the same content; this row is skipped." if same
                                                      else ", but other cells differ; check which row is wrong."),
            "import.duplicate_in_file" if same else "import.conflict_in_file",
        )  # fmt: skip

    existing = _existing_by_id(ctx.session, [n for n in first_by_id])
    same_person = _same_name_and_birth(ctx.session, rows, existing)
    for r in rows:
        if r.row in in_file:
            r.problems.append(in_file[r.row])
        match = existing.get(r.values.get("id_number") or "")
        if match is not None:
            r.member_id = match["id"]
        elif r.row in same_person:
            r.problems.append(same_person[r.row])
        if any(p.severity == "error" for p in r.problems):
            r.status, r.action = "error", None
            continue
        if r.row in in_file:
            r.status, r.action = "duplicate", None
            continue
        warned = any(p.severity == "warning" for p in r.problems)
        if match is None:
            r.status, r.action = ("warning" if warned else "new"), "create"
            continue
        r.changed = [k for k in _compared_keys(r.raw, r.values) if r.values.get(k) != match.get(k)]
        if r.new_group is not None and "group_id" not in r.changed:
            r.changed.append("group_id")
        if not r.changed:
            r.status, r.action = "unchanged", None
        elif on_existing == "skip":
            r.status, r.action = "duplicate", None
            r.problems.append(
                Problem("id_number", "warning",
                        f"已在名册中（会员“{match['name']}”），按“跳过已有会员”的设置未导入；需要更新请选择“更新已有会员”。",
                        f"Already on the roll (member {match['name']}); skipped as asked. Choose 'update' to change "
                        "the member.", "import.already_on_roll", match["id"])
            )  # fmt: skip
        else:
            r.status, r.action = ("warning" if warned else "update"), "update"


def _chunks[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_by_id(session: Session, numbers: list[str]) -> dict[str, dict[str, Any]]:
    """Live members holding these ID numbers, with their editable values."""
    found: dict[str, dict[str, Any]] = {}
    columns = [Member.id, *(getattr(Member, k) for k in EDITABLE)]
    for chunk in _chunks(numbers, _LOOKUP_CHUNK):
        stmt = select(*columns).where(Member.deleted.is_(False), Member.id_number.in_(chunk))
        for row in session.execute(stmt):
            values = dict(row._mapping)
            found.setdefault(values["id_number"], values)
    return found


def _same_name_and_birth(
    session: Session, rows: list[RowResult], existing: dict[str, dict[str, Any]]
) -> dict[int, Problem]:
    """Warnings for new rows whose name and date of birth match a member on the roll (see `find_duplicates`)."""
    wanted = [
        r
        for r in rows
        if r.values.get("name") and r.values.get("birth_date") and (r.values.get("id_number") or "") not in existing
    ]
    people: dict[tuple[str, date | None], str] = {}
    names = sorted({r.values["name"] for r in wanted})
    for chunk in _chunks(names, _LOOKUP_CHUNK):
        stmt = select(Member.id, Member.name, Member.birth_date).where(
            Member.deleted.is_(False), Member.name.in_(chunk)
        )
        for row in session.execute(stmt):
            people.setdefault((row.name, row.birth_date), row.id)
    out: dict[int, Problem] = {}
    for r in wanted:
        mid = people.get((r.values["name"], r.values["birth_date"]))
        if mid is not None:
            name = r.values["name"]
            out[r.row] = Problem(
                "name", "warning", f"已有同名且出生日期相同的会员“{name}”，请确认不是同一人。",
                f"A member named {name} with the same date of birth is already on the roll.",
                "member.same_name_birth", mid,
            )  # fmt: skip
    return out


def preview(
    session: Session,
    path: str | os.PathLike[str],
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    on_existing: OnExisting = "skip",
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
    today: date | None = None,
) -> ImportPreview:
    """What importing `sheet` of the workbook at `path` would do, row by row; writes nothing.

    Without `mapping` the header row is found and mapped automatically; without `sheet` the mapping's sheet (or
    the first sheet with a member roll header) is read.
    """
    if on_existing not in ("skip", "update"):
        raise ValueError(f"on_existing must be 'skip' or 'update', not {on_existing!r}")
    file = Path(path)
    today = today or date.today()
    ctx = _Context(session)
    rows: list[RowResult] = []
    ignored: list[int] = []
    with _workbook(file) as book:
        sheet, mapping, reader, last_row = _open_table(book, file, sheet, mapping)
        mapping.validate()
        progress.start(max(last_row - mapping.header_row, 0), "检查")
        done = 0
        for number, cells in reader:
            if all(_blank(c) for c in cells):
                continue
            if _footer(cells):
                ignored.append(number)
                continue
            rows.append(_check_row(number, cells, mapping, ctx, today))
            done += 1
            if done % CHUNK_ROWS == 0:
                progress.advance(CHUNK_ROWS)
                check_cancelled(progress)
        progress.advance(done % CHUNK_ROWS)
    check_cancelled(progress)
    _decide(rows, ctx, on_existing)
    new_groups = list(dict.fromkeys(r.new_group for r in rows if r.new_group and r.action is not None))
    return ImportPreview(
        file=str(file),
        sheet=sheet,
        mapping=mapping,
        rows=rows,
        on_existing=on_existing,
        ignored_rows=ignored,
        new_groups=new_groups,
    )


# --- importing ----------------------------------------------------------------------------------------------


def run_import(
    db: Database,
    path: str | os.PathLike[str],
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    mode: Mode = "all",
    on_existing: OnExisting = "skip",
    dry_run: bool = False,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
    today: date | None = None,
    user: str | None = None,
) -> ImportSummary:
    """Import the members of a sheet in one transaction; runs off the GUI thread.

    Mode "all" imports nothing when any row has an error; mode "valid" imports exactly the rows without errors.
    Members matched by ID number are updated or left alone as `on_existing` says. A dry run only checks. A
    cancel through `progress` raises `CancelledError` and leaves the database as it was.
    """
    if mode not in ("all", "valid"):
        raise ValueError(f"mode must be 'all' or 'valid', not {mode!r}")
    with db.unit_of_work(user) as session:
        require_site(session)
        result = preview(session, path, sheet, mapping, on_existing=on_existing, progress=progress, today=today)
        refused = mode == "all" and result.has_errors
        chosen = [] if refused else [r for r in result.rows if r.action is not None]
        groups: list[str] = []
        if chosen and not dry_run:
            groups = _write(session, chosen, progress)
    imported = not dry_run and not refused
    blocked = sum(1 for r in result.rows if r.action is not None) if refused else 0
    created = sum(1 for r in chosen if r.action == "create")
    updated = sum(1 for r in chosen if r.action == "update")
    return ImportSummary(
        created=created,
        updated=updated,
        unchanged=result.count("unchanged"),
        skipped=result.count("duplicate") + blocked,
        rejected=result.count("error"),
        warnings=sum(1 for r in chosen if r.status == "warning"),
        preview=result,
        mode=mode,
        dry_run=dry_run,
        imported=imported,
        groups_created=groups if imported else ([] if refused else result.new_groups),
    )


def _write(session: Session, rows: list[RowResult], progress: Progress) -> list[str]:
    """Create the new member groups, insert the new members in bulk, update the matched ones."""
    progress.start(len(rows), "导入")
    new_groups: dict[str, MemberGroup] = {}
    for r in rows:
        if r.new_group and r.new_group not in new_groups:
            new_groups[r.new_group] = MemberGroup(
                id=new_id(), name=r.new_group, village_code=r.values.get("village_code")
            )
    session.add_all(new_groups.values())
    session.flush()  # one flush: one allocation of change numbers for all the new groups
    group_ids = {name: group.id for name, group in new_groups.items()}
    for r in rows:
        if r.new_group:
            r.values["group_id"] = group_ids[r.new_group]

    creates = [r for r in rows if r.action == "create"]
    updates = [r for r in rows if r.action == "update"]
    # Every row carries the same keys (render_nulls), so each chunk goes to the driver as one statement.
    member_stmt = insert(Member).execution_options(render_nulls=True)
    event_stmt = insert(MemberStatusEvent).execution_options(render_nulls=True)
    # New members are indexed for search in one statement after the inserts (updates keep their trigger).
    with member_grams_deferred(session.connection()):
        for chunk in _chunks(creates, CHUNK_ROWS):
            check_cancelled(progress)
            members: list[dict[str, Any]] = []
            events: list[dict[str, Any]] = []
            for r in chunk:
                r.member_id = new_id()
                joined = r.values.get("joined_on")
                status = r.values.get("status") or "active"
                members.append(
                    {
                        "id": r.member_id,
                        **{key: r.values.get(key) for key in EDITABLE},
                        "member_type": r.values.get("member_type") or "individual",
                        "roles": r.values.get("roles") or [],
                        "migrant_status": r.values.get("migrant_status") or "none",
                        "status": status,
                        "status_since": joined if status == "active" else None,
                    }
                )
                if joined is not None:
                    events.append(
                        {"member_id": r.member_id, "event": "join", "on_date": joined, "place": None, "reason": None}
                    )
            session.execute(member_stmt, members)
            if events:
                session.execute(event_stmt, events)
            progress.advance(len(chunk))
    for chunk in _chunks(updates, CHUNK_ROWS):
        check_cancelled(progress)
        by_id = {r.member_id: r for r in chunk}
        for member in session.scalars(select(Member).where(Member.id.in_(list(by_id)))):
            r = by_id[member.id]
            for key in r.changed:
                setattr(member, key, r.values.get(key))
        session.flush()
        progress.advance(len(chunk))
    check_cancelled(progress)
    if len(creates) + len(updates) >= STATISTICS_AFTER_ROWS:
        refresh_statistics(session.connection())
    return list(group_ids)


# --- the error report ---------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_error_report(
    result: ImportPreview | ImportSummary, out_path: str | os.PathLike[str], lang: str = "zh"
) -> int:
    """Write the rows that have problems, as they were in the sheet, with a column saying what is wrong.

    Returns the number of rows written. The file appears whole or not at all.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    checked = result.preview if isinstance(result, ImportSummary) else result
    rows = [r for r in checked.rows if r.problems]
    mapping = checked.mapping
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
            value = _number_text(value)
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
            if value.startswith(_FORMULA_START):
                out.quotePrefix = True
            if as_text:
                out.number_format = "@"
        elif isinstance(value, datetime | date):
            out.number_format = "yyyy-mm-dd"
        return out

    headers = [*mapping.headers, *[None] * (width - len(mapping.headers))]
    sheet.append([cell(h) for h in [*headers, "Problems" if en else "问题", "Row" if en else "原行号"]])
    for r in rows:
        cells = [*r.cells, *[None] * (width - len(r.cells))]
        sheet.append(
            [
                *(cell(v, as_text=i in text_columns) for i, v in enumerate(cells)),
                cell(checked.problem_text(r, lang)),
                cell(r.row),
            ]
        )
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=out.parent)
    os.close(handle)
    try:
        book.save(temp)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(rows)
