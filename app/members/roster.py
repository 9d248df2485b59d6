"""The printed member roster (会员花名册): a PDF of the members a filter selects, ready to sign and file.

A4 landscape; the office's name and the date in the title; the column headers repeated at the top of every page;
"第 X 页 / 共 Y 页" at the foot of each page; ID and phone numbers masked unless revealed for a reason; lines for
the preparer's and the reviewer's signatures and the date at the end. The text is set in the embedded CJK font
(`app.fonts`), so the file prints the same on any PC, rare name characters included.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.accounts.users import READERS, Actor, require_role
from app.fonts import register_cjk_font
from app.members.listing import MemberFilter, count_members
from app.members.roll_rows import roll_pages
from app.pdf_document import MARGIN, chinese_date, write_pdf
from app.privacy import require_reveal, wants_reveal
from app.progress import NoProgress, Progress, check_cancelled
from app.site import require_site
from db.models import Region

TITLE = "会员花名册"
# Paragraphs collapse runs of spaces (ideographic ones too): the gaps between the parts are non-breaking spaces.
GAP = "&nbsp;" * 12
SIGNATURES = GAP.join(("制表人：________________", "审核人：________________", "日期：________年____月____日"))
FONT_SIZE = 9
CELL_PADDING = 6.0  # points, left and right together

# (field key, header, width in points); the address takes the width the others leave.
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("#", "序号", 28),
    ("name", "姓名", 58),
    ("sex", "性别", 28),
    ("birth_date", "出生日期", 60),
    ("id_number", "身份证号", 112),
    ("phone", "联系电话", 72),
    ("village_code", "所属村（居）", 72),
    ("group_id", "所属小组", 62),
    ("address", "住址", 0),
    ("member_no", "会员证号", 64),
    ("joined_on", "入会时间", 60),
    ("roles", "职务", 72),
)
# Columns whose text may need more than one line.
WRAPPED = frozenset({"name", "village_code", "group_id", "address", "roles"})


@dataclass(frozen=True)
class RosterSummary:
    """What was printed."""

    rows: int
    pages: int
    revealed: bool


def write_roster(
    session: Session,
    actor: Actor,
    flt: MemberFilter,
    out_path: str | os.PathLike[str],
    *,
    reveal_reason: str | None = None,
    today: date | None = None,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
) -> RosterSummary:
    """Print the members `flt` selects, in its order, to the PDF `out_path`.

    ID and phone numbers are masked unless `reveal_reason` gives a reason, which a permitted role may
    (`app.privacy`); the print and its reason are audited in `session`'s transaction. Cancelling through `progress`
    raises `CancelledError` and leaves no file. Runs off the GUI thread.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

    font = register_cjk_font()
    site = require_site(session)
    require_role(actor, *READERS)
    reveal = wants_reveal(reveal_reason)
    why = require_reveal(actor, reveal_reason) if reveal else None
    today = today or date.today()
    page_size = landscape(A4)

    cell_style = ParagraphStyle("cell", fontName=font, fontSize=FONT_SIZE, leading=FONT_SIZE * 1.25, wordWrap="CJK")
    title_style = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1, spaceAfter=4)
    line_style = ParagraphStyle("line", fontName=font, fontSize=10, leading=14, alignment=1, spaceAfter=8)
    sign_style = ParagraphStyle("sign", fontName=font, fontSize=11, leading=16, spaceBefore=24)

    progress.start(count_members(session, actor, flt), "打印会员花名册")
    members: list[dict[str, Any]] = []
    for page in roll_pages(session, flt, reveal=reveal):
        check_cancelled(progress)
        members += page
        progress.advance(len(page))
    rows = len(members)

    # One village's roster (a village office's, or --village) names the village once, above the table.
    villages = {m["village_code"] for m in members}
    one_village = flt.village_code is not None or len(villages) == 1
    columns = [c for c in COLUMNS if not (c[0] == "village_code" and one_village)]
    fixed = sum(width for _, _, width in columns)
    widths = [width or page_size[0] - 2 * MARGIN - fixed for _, _, width in columns]
    data: list[list[Any]] = [[header for _, header, _ in columns]]
    wrap = _wrapper(columns, widths, cell_style, Paragraph)
    data += [_cells(columns, member, number, wrap) for number, member in enumerate(members, 1)]

    # LongTable measures rows only as far as a page reaches, which makes each page break of a long roster cheaper.
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, FONT_SIZE),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
            ]
        )
    )
    title = f"{site.name}{TITLE}"
    if flt.village_code:
        where: str | None = _village_name(session, flt.village_code)
    else:
        where = next(iter(villages)) if len(villages) == 1 else None
    facts = [f"村（居）：{where}" if where else "", f"共 {rows} 人", f"制表日期：{chinese_date(today)}"]
    story: list[Any] = [
        Paragraph(escape(title), title_style),
        Paragraph(GAP.join(escape(fact) for fact in facts if fact), line_style),
        table,
    ]
    if rows == 0:
        story.append(Paragraph("（没有符合条件的会员）", cell_style))
    story += [Spacer(1, 6), Paragraph(SIGNATURES, sign_style)]

    pages = write_pdf(out_path, story, font=font, page_size=page_size, title=title, author=site.name,
                      progress=progress)  # fmt: skip
    summary = RosterSummary(rows=rows, pages=pages, revealed=reveal)
    audit.record(
        session,
        actor.username,
        "print",
        tbl="member",
        detail={
            "file": Path(out_path).name,
            "rows": rows,
            "pages": summary.pages,
            "revealed": reveal,
            **({"reason": why} if why else {}),
        },
    )
    return summary


def _wrapper(
    columns: list[tuple[str, str, float]], widths: list[float], style: Any, paragraph: Callable[..., Any]
) -> Callable[[str, str], Any]:
    """A function that gives a cell's text as is if it fits on one line, or as a paragraph that wraps.

    Paragraphs cost the layout several times more than plain strings; most cells fit, so only the others wrap.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    room = {key: width - CELL_PADDING for (key, _, _), width in zip(columns, widths, strict=True)}

    def wrap(key: str, text: str) -> Any:
        if key in WRAPPED and stringWidth(text, style.fontName, style.fontSize) > room[key]:
            return paragraph(escape(text), style)
        return text

    return wrap


def _cells(
    columns: list[tuple[str, str, float]], row: dict[str, Any], number: int, wrap: Callable[[str, str], Any]
) -> list[Any]:
    cells: list[Any] = []
    for key, _, _ in columns:
        value = number if key == "#" else row.get(key)
        if value is None:
            cells.append("")
        elif isinstance(value, date):
            cells.append(value.isoformat())
        else:
            cells.append(wrap(key, str(value)))
    return cells


def _village_name(session: Session, code: str) -> str:
    return session.scalar(select(Region.name).where(Region.code == code)) or code


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
