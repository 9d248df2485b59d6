"""The member roll to Excel ("export what I see"), and the blank template offices fill in for an import.

The workbook is written with openpyxl's write-only mode, a page of rows at a time, to a temporary file beside the
target that is renamed into place at the end: a failure or a cancel leaves no partial file, and an existing file
is replaced only by a complete one.

Cells are written so that the file reads back as it was meant:
- ID numbers, phone numbers and member numbers are text cells formatted as text ("@"), so Excel never turns an ID
  number into 4.40105199001011e+17 nor drops a member number's leading zeros;
- dates are real dates with a date format;
- headers are exactly the `zh` labels of `app.members.fields`, so the import maps them back;
- a value that starts with = + - @ (or a tab or carriage return) is a text cell with the "quote prefix" style. That
  is what Excel itself stores when a user types '=1+2: both Excel and LibreOffice show the literal text =1+2, never
  evaluate it, and keep it text when the cell is edited. The value is not changed (no apostrophe or space added), so
  an import reads back exactly the name that was exported.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import audit
from app.accounts.users import READERS, Actor, require_role
from app.files import replacing
from app.members.fields import FIELDS, MIGRANT_LABELS, ROLE_LABELS, SEX_LABELS, STATUS_LABELS, Field
from app.members.listing import MemberFilter, count_members
from app.members.roll_rows import ROLE_SEPARATOR, roll_pages
from app.privacy import require_reveal, wants_reveal
from app.progress import NoProgress, Progress, check_cancelled
from app.xlsx_cells import DATE_FORMAT, FORMULA_STARTS, TEXT_FORMAT, discard_rows, literal_cell

SHEET_ZH = "会员名册"
SHEET_EN = "Member roll"
GUIDE_SHEET = "填写说明"
TEXT_KEYS = frozenset({"id_number", "phone", "member_no"})
DATE_KEYS = frozenset(field.key for field in FIELDS if field.kind == "date")
# Column widths in characters; a Han character takes about two.
WIDTHS = {
    "name": 12,
    "sex": 6,
    "ethnicity": 8,
    "id_number": 22,
    "birth_date": 12,
    "phone": 16,
    "address": 32,
    "village_code": 16,
    "member_no": 14,
    "joined_on": 12,
    "group_id": 14,
    "roles": 18,
    "political_status": 12,
    "education": 10,
    "occupation": 16,
    "status": 10,
    "migrant_status": 10,
    "notes": 30,
}


def export_members(
    session: Session,
    actor: Actor,
    flt: MemberFilter,
    out_path: str | os.PathLike[str],
    *,
    reveal_reason: str | None = None,
    lang: str = "zh",
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
) -> int:
    """Write the members `flt` selects, in its order, to the workbook `out_path`; returns the rows written.

    ID and phone numbers are masked unless `reveal_reason` gives a reason for showing them in full, which a
    permitted role may (`app.privacy`). A revealed export imports back to the same members. The export and its
    reason are audited in `session`'s transaction. Cancelling through `progress` raises `CancelledError` and leaves
    no file. Runs off the GUI thread.
    """
    from openpyxl import Workbook

    require_role(actor, *READERS)
    reveal = wants_reveal(reveal_reason)
    why = require_reveal(actor, reveal_reason) if reveal else None
    english = lang.startswith("en")
    progress.start(count_members(session, actor, flt), "导出会员名册")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_EN if english else SHEET_ZH)
    _prepare_sheet(sheet)
    sheet.append(_header_cells(sheet, english))
    cell = _cell_factory(sheet)
    written = 0
    try:
        for page in roll_pages(session, flt, reveal=reveal, lang=lang):
            check_cancelled(progress)
            for row in page:
                sheet.append([cell(field.key, row[field.key]) for field in FIELDS])
            written += len(page)
            progress.advance(len(page))
        check_cancelled(progress)
        with replacing(Path(out_path)) as partial:
            book.save(partial)
    except BaseException:
        discard_rows(sheet)
        raise
    audit.record(
        session,
        actor.username,
        "export",
        tbl="member",
        detail={"file": Path(out_path).name, "rows": written, "revealed": reveal, **({"reason": why} if why else {})},
    )
    return written


def write_template(out_path: str | os.PathLike[str]) -> None:
    """Write the blank import template: the roll's headers, and a sheet that explains each column in Chinese."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_ZH)
    _prepare_sheet(sheet)
    for field in FIELDS:
        # Blank cells of these columns are text (or date) before anyone types: an ID number typed there stays whole.
        if field.key in TEXT_KEYS:
            sheet.column_dimensions[_letter(field)].number_format = TEXT_FORMAT
        elif field.key in DATE_KEYS:
            sheet.column_dimensions[_letter(field)].number_format = DATE_FORMAT
    sheet.append(_header_cells(sheet, english=False))

    guide = book.create_sheet(GUIDE_SHEET)
    guide.freeze_panes = "A2"
    for letter, width in (("A", 16), ("B", 12), ("C", 80), ("D", 24)):
        guide.column_dimensions[letter].width = width
    from openpyxl.cell import WriteOnlyCell

    def bold(text: str) -> Any:
        cell = WriteOnlyCell(guide, value=text)
        cell.font = Font(bold=True)
        return cell

    def wrapped(text: str) -> Any:
        cell = WriteOnlyCell(guide, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    guide.append([bold("列名"), bold("是否必填"), bold("填写要求"), bold("示例")])
    for field in FIELDS:
        required, rule, example = GUIDE[field.key]
        if field.synonyms:
            rule += f"（本列的列名也可以写作：{'、'.join(field.synonyms)}）"
        guide.append([field.zh, required, wrapped(rule), literal_cell(guide, example)])
    guide.append([])
    for line in GENERAL_NOTES:
        guide.append([None, None, wrapped(line)])
    with replacing(Path(out_path)) as partial:
        book.save(partial)


def _words(labels: dict[str, tuple[str, str]]) -> str:
    return "、".join(f"“{zh}”" for zh, _ in labels.values())


DATE_RULE = "日期，可写作 2017-05-29、2017/5/29、2017.5.29、2017年5月29日 或 20170529，也可以是表格的日期格式"
# Per column: required or not, what to write, an example.
GUIDE: dict[str, tuple[str, str, str]] = {
    "name": ("必填", "会员的姓名；少数民族姓名中的间隔号写作“·”", "张三"),
    "sex": ("选填", "“男”或“女”；不填时按身份证号第 17 位确定", "女"),
    "ethnicity": ("选填", "民族名称", "汉族"),
    "id_number": (
        "个人会员应填",
        "导入时按身份证号识别已在名册中的会员。18 位公民身份号码（15 位的旧号码会自动升级为 18 位），"
        "最后一位可以是 X；请保持本列为文本格式，否则表格会把号码存成数字而丢失后几位",
        "44010519900101123X",
    ),
    "birth_date": ("选填", f"{DATE_RULE}；不填时按身份证号确定", "1990-01-01"),
    "phone": ("选填", "手机号码（11 位）或带区号的固定电话（如 020-12345678）", "13800138000"),
    "address": ("选填", "家庭住址，最多 200 个字", "城关村三组 12 号"),
    "village_code": ("选填", "本单位区划表中的村（居）名称，或 12 位统计用区划代码", "城关村"),
    "member_no": ("选填", "会员证号，按本地编号规则填写；开头的 0 会保留", "0012"),
    "joined_on": ("选填", DATE_RULE, "2017年5月29日"),
    "group_id": ("选填", "会员小组名称；尚未建立的小组会在导入时新建", "第三小组"),
    "roles": (
        "选填",
        f"会内职务，可填多个，用“、”或逗号分隔；可选：{_words(ROLE_LABELS)}",
        f"理事{ROLE_SEPARATOR}会员小组长",
    ),
    "political_status": ("选填", "如：中共党员、共青团员、群众", "群众"),
    "education": ("选填", "如：小学、初中、高中、大专、本科", "初中"),
    "occupation": ("选填", "职业或工作单位及职务，最多 50 个字", "务农"),
    "status": ("选填", f"可选：{_words(STATUS_LABELS)}；不填时为“在册”", "在册"),
    "migrant_status": ("选填", f"可选：{_words(MIGRANT_LABELS)}；不填时为“否”", "否"),
    "notes": ("选填", "其他需要说明的情况", ""),
}
GENERAL_NOTES = (
    "填写说明：",
    "1. 请在“会员名册”工作表中从第 2 行起每行填写一位会员，第 1 行的列名请勿修改；"
    "不需要的列可以删除，列的顺序可以调整。",
    "2. 表格上方可以有标题行，表格下方的“合计”行和签字行会被忽略。",
    f"3. 性别只能填{_words(SEX_LABELS)}。",
    "4. 身份证号与已在名册中的会员相同时，按导入时的选择跳过或更新该会员。",
    "5. 导入前会逐行检查，有问题的行会在检查报告中列出原因，可以修改后重新导入。",
)


def _prepare_sheet(sheet: Any) -> None:
    """Freeze the header row and set every column's width (before any row: write-only sheets need it so)."""
    sheet.freeze_panes = "A2"
    for field in FIELDS:
        sheet.column_dimensions[_letter(field)].width = WIDTHS.get(field.key, 12)


def _letter(field: Field) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(FIELDS.index(field) + 1))


def _header_cells(sheet: Any, english: bool) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    font = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    centre = Alignment(horizontal="center", vertical="center")
    cells = []
    for field in FIELDS:
        cell = WriteOnlyCell(sheet, value=field.en if english else field.zh)
        cell.font, cell.fill, cell.alignment = font, fill, centre
        cells.append(cell)
    return cells


def _cell_factory(sheet: Any) -> Callable[[str, Any], Any]:
    """A function that turns one display value into what `sheet.append` should get for its column."""
    from openpyxl.cell import WriteOnlyCell

    def cell(key: str, value: Any) -> Any:
        if value is None:
            return None
        if key in TEXT_KEYS:
            out = WriteOnlyCell(sheet, value=str(value))
            out.data_type = "s"
            out.number_format = TEXT_FORMAT
            if value.startswith(FORMULA_STARTS):
                out.quotePrefix = True
            return out
        if isinstance(value, date):
            out = WriteOnlyCell(sheet, value=value)
            out.number_format = DATE_FORMAT
            return out
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return literal_cell(sheet, value)
        return value

    return cell
