"""The audit log as an Excel workbook, for an admin to keep or hand to an inspector."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app import audit
from app.accounts.users import Actor, require_role
from app.files import replacing

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

HEADERS = ("序号", "时间", "账户", "操作", "数据表", "记录编号", "详情")
WIDTHS = (8, 20, 14, 16, 14, 38, 60)


def export_audit(session: Session, actor: Actor, flt: audit.AuditFilter, out_path: str | os.PathLike[str]) -> int:
    """Write the rows `flt` selects, oldest first, to `out_path`; returns how many. Admins only; audited."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.views import Pane

    require_role(actor, "admin")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计日志")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.sheet_view.pane = Pane(ySplit=1, topLeftCell="A2", activePane="bottomLeft", state="frozen")
    sheet.append(list(HEADERS))
    rows = 0
    for entry in audit.iter_entries(session, flt):
        sheet.append(
            [
                entry.seq,
                entry.at.replace(microsecond=0),
                entry.username or "",
                audit.action_title(entry.action),
                audit.table_title(entry.tbl),
                entry.record_id or "",
                audit.detail_text(entry.detail),
            ]
        )
        rows += 1
    with replacing(Path(out_path)) as partial:
        book.save(partial)
    audit.record(session, actor.username, "export", tbl="audit_log", detail={"file": Path(out_path).name, "rows": rows})
    return rows
