"""The recovery key sheet: one A4 page the admin prints at set-up and locks away.

It holds the database key as a recovery code (`app.dbkey.recovery_code`) and says when and how to use it. Anyone
with the sheet and the database file can read everything, so the page says that too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.dbkey import recovery_code
from app.files import replacing
from app.fonts import register_cjk_font

CODE_FONT = "Courier-Bold"  # one of PDF's standard fonts: every viewer has it, and each character is as wide


def write_recovery_sheet(
    out_path: Path, key: bytes, *, site_name: str, database: Path, admin: str, today: date | None = None
) -> None:
    """Write the sheet for the database `database` of `site_name` to `out_path` (a PDF)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    font = register_cjk_font()
    today = today or date.today()
    groups = recovery_code(key).split("-")
    width, height = A4
    with replacing(Path(out_path)) as partial:
        canvas = Canvas(str(partial), pagesize=A4)
        canvas.setTitle("FPA Desk 数据库恢复密钥")
        y = height - 30 * mm
        canvas.setFont(font, 20)
        canvas.drawCentredString(width / 2, y, "计生协基层工作台 数据库恢复密钥")
        y -= 9 * mm
        canvas.setFont(font, 11)
        canvas.drawCentredString(width / 2, y, "FPA Desk database recovery key")
        y -= 16 * mm
        facts: tuple[tuple[str, str], ...] = (
            ("单位", site_name),
            ("数据库文件", str(database)),
            ("管理员账户", admin),
            ("生成日期", f"{today.year}年{today.month}月{today.day}日"),
        )
        for label, value in facts:
            canvas.setFont(font, 11)
            canvas.drawString(25 * mm, y, f"{label}：{value}")
            y -= 7 * mm
        y -= 8 * mm
        canvas.setFont(font, 12)
        canvas.drawString(25 * mm, y, "恢复密钥（14 组，每组 4 个字符）：")
        y -= 14 * mm
        canvas.setFont(CODE_FONT, 18)
        for start in range(0, len(groups), 5):
            canvas.drawString(30 * mm, y, "  ".join(groups[start : start + 5]))
            y -= 11 * mm
        y -= 8 * mm
        canvas.setFont(font, 11)
        for line in (
            "何时使用：系统钥匙串中的密钥丢失（重装系统、换电脑）或密钥文件损坏、无法打开数据库时。",
            "如何使用：在登录界面选择“用恢复密钥解锁”，或由管理员运行：",
            "    fpa-desk unlock --db 数据库文件 --user 管理员账户 --recovery-key 恢复密钥",
            "请打印本页，锁在安全的地方，然后删除本 PDF 文件。",
            "拿到本页和数据库文件的人可以读取全部数据，包括特殊家庭的敏感信息：切勿拍照、复印或发送。",
            "When: the key in the OS keyring or the key file is lost or damaged and the database cannot be opened.",
            "How: choose 'Unlock with the recovery key' at sign-in, or run fpa-desk unlock --recovery-key.",
            "Print this page, lock it away and delete the PDF.",
            "Anyone with this page and the database file can read everything.",
        ):
            canvas.drawString(25 * mm, y, line)
            y -= 7 * mm
        canvas.showPage()
        canvas.save()
