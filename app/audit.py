"""The audit log: who signed in, revealed, exported, printed, imported or changed what, and when.

Each row holds its action, the table and id of the record it concerns and a short detail (a reason, a file name,
counts), never a sensitive value itself. Rows are hash-chained: each row's hash covers its own fields and the hash of
the row before it, and `audit_head` keeps the newest row's number and hash, so an edited, deleted or cut-off row
breaks the chain where `verify_chain` finds it. Rows are written in the transaction of the action they record: an
action that fails leaves no row, except sign-in failures, which are committed on their own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from db.models.accounts import AuditHead, AuditLog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GENESIS = "0" * 64

# Every action the log records, with what a person reads in the log's browser.
ACTIONS: dict[str, tuple[str, str]] = {
    "setup": ("建立数据库", "database created"),
    "login": ("登录", "signed in"),
    "login_failed": ("登录失败", "failed sign-in"),
    "logout": ("退出登录", "signed out"),
    "lock": ("锁定屏幕", "screen locked"),
    "reveal": ("查看完整信息", "revealed"),
    "export": ("导出", "export"),
    "print": ("打印", "print"),
    "import": ("导入", "import"),
    "sync_export": ("导出同步包", "sync package exported"),
    "sync_import": ("导入同步包", "sync package imported"),
    "backup": ("备份", "backup"),
    "restore": ("恢复备份", "backup restored"),
    "user_create": ("新建账户", "account created"),
    "user_disable": ("停用账户", "account disabled"),
    "user_enable": ("启用账户", "account enabled"),
    "user_reset": ("重设密码", "password reset"),
    "user_role": ("更改角色", "role changed"),
    "password_change": ("修改密码", "password changed"),
    "record_change": ("修改记录", "record changed"),
    "record_delete": ("删除记录", "record deleted"),
    "access_copy": ("个人信息副本", "copy of a person's data"),
    "anonymise": ("匿名化", "anonymised"),
    "unlock": ("用恢复密钥解锁", "unlocked with the recovery key"),
    "encrypt": ("加密数据库", "database encrypted"),
    "settings": ("更改设置", "settings changed"),
}


@dataclass(frozen=True)
class AuditEntry:
    """One row of the log as the browser and the export show it."""

    seq: int
    at: datetime
    username: str | None
    action: str
    tbl: str | None
    record_id: str | None
    detail: str | None


@dataclass(frozen=True)
class ChainReport:
    """What checking the chain found: ok, or the first row that does not fit and why."""

    rows: int
    ok: bool
    broken_at: int | None = None
    problem: str | None = None


def _hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    username: str | None,
    action: str,
    tbl: str | None,
    record_id: str | None,
    detail: str | None,
) -> str:
    fields = [seq, at.isoformat(timespec="microseconds"), username, action, tbl, record_id, detail]
    payload = prev_hash + json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _detail_text(detail: str | dict[str, Any] | None) -> str | None:
    if detail is None or isinstance(detail, str):
        return detail
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=_plain)


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def record(
    session: Session,
    username: str | None,
    action: str,
    *,
    tbl: str | None = None,
    record_id: str | None = None,
    detail: str | dict[str, Any] | None = None,
    at: datetime | None = None,
) -> int:
    """Append one row to the log in `session`'s transaction; returns its number.

    `detail` says what a reader needs (a reason, a file name, counts); callers never put an ID number, phone or
    health detail in it.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    head = session.get(AuditHead, 1)
    seq, prev_hash = (head.seq + 1, head.hash) if head is not None else (1, GENESIS)
    at = at or datetime.now()
    text = _detail_text(detail)
    digest = _hash(prev_hash, seq, at, username, action, tbl, record_id, text)
    session.add(
        AuditLog(
            seq=seq,
            at=at,
            username=username,
            action=action,
            tbl=tbl,
            record_id=record_id,
            detail=text,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    if head is None:
        session.add(AuditHead(id=1, seq=seq, hash=digest))
    else:
        head.seq, head.hash = seq, digest
    session.flush()
    return seq


def verify_chain(session: Session) -> ChainReport:
    """Check every row against its hash and its neighbour, and the newest against `audit_head`."""
    rows = 0
    expected_seq, prev_hash = 1, GENESIS
    for row in session.execute(select(AuditLog).order_by(AuditLog.seq).execution_options(yield_per=2000)).scalars():
        rows += 1
        if row.seq != expected_seq:
            return ChainReport(rows, False, expected_seq, "missing")
        if row.prev_hash != prev_hash:
            return ChainReport(rows, False, row.seq, "relinked")
        if row.hash != _hash(prev_hash, row.seq, row.at, row.username, row.action, row.tbl, row.record_id, row.detail):
            return ChainReport(rows, False, row.seq, "edited")
        expected_seq, prev_hash = row.seq + 1, row.hash
    head = session.get(AuditHead, 1)
    newest = (head.seq, head.hash) if head is not None else (0, GENESIS)
    last = expected_seq - 1
    if newest != (last, prev_hash):
        if newest[0] > last:
            return ChainReport(rows, False, expected_seq, "cut")
        # The head names the newest row but not its hash (that row was edited), or an older row (rows were added
        # after it without the app).
        return ChainReport(rows, False, newest[0] if newest[0] == last else newest[0] + 1, "edited")
    return ChainReport(rows, True)


def problem_text(report: ChainReport, lang: str = "zh") -> str:
    """The chain report as a sentence."""
    if report.ok:
        return (
            f"审计日志完整：{report.rows} 条记录，校验全部通过。"
            if lang == "zh"
            else (f"The audit log is intact: {report.rows} rows, every check passed.")
        )
    zh = {
        "missing": "第 {n} 条记录被删除",
        "relinked": "第 {n} 条记录前面的记录被删除或替换",
        "edited": "第 {n} 条记录被修改",
        "cut": "从第 {n} 条起的最新记录被删除",
    }
    en = {
        "missing": "row {n} was deleted",
        "relinked": "a row before row {n} was deleted or replaced",
        "edited": "row {n} was edited",
        "cut": "the newest rows from row {n} on were deleted",
    }
    problem = report.problem or "edited"
    if lang == "zh":
        return "审计日志被篡改：" + zh[problem].format(n=report.broken_at) + "。"
    return "The audit log was tampered with: " + en[problem].format(n=report.broken_at) + "."


@dataclass(frozen=True)
class AuditFilter:
    """What the log's browser and export show: a period, a user, actions, a search in the detail."""

    since: date | None = None
    until: date | None = None
    username: str | None = None
    actions: Sequence[str] = ()
    text: str = ""


def _conditions(flt: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if flt.since is not None:
        conditions.append(AuditLog.at >= datetime.combine(flt.since, time.min))
    if flt.until is not None:
        conditions.append(AuditLog.at < datetime.combine(flt.until + timedelta(days=1), time.min))
    if flt.username:
        conditions.append(func.lower(AuditLog.username) == flt.username.strip().lower())
    if flt.actions:
        conditions.append(AuditLog.action.in_(list(flt.actions)))
    if flt.text.strip():
        text = flt.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{text}%"
        conditions.append(
            AuditLog.detail.like(like, escape="\\")
            | AuditLog.record_id.like(like, escape="\\")
            | AuditLog.tbl.like(like, escape="\\")
        )
    return conditions


def count_entries(session: Session, flt: AuditFilter) -> int:
    return session.scalar(select(func.count()).select_from(AuditLog).where(*_conditions(flt))) or 0


def entries(session: Session, flt: AuditFilter, *, offset: int = 0, limit: int | None = None) -> list[AuditEntry]:
    """The rows `flt` selects, newest first."""
    query = select(AuditLog).where(*_conditions(flt)).order_by(AuditLog.seq.desc()).offset(offset).limit(limit)
    return [_entry(row) for row in session.scalars(query)]


def iter_entries(session: Session, flt: AuditFilter) -> Iterator[AuditEntry]:
    """Every row `flt` selects, oldest first, streamed (for an export)."""
    query = select(AuditLog).where(*_conditions(flt)).order_by(AuditLog.seq).execution_options(yield_per=2000)
    for row in session.execute(query).scalars():
        yield _entry(row)


def _entry(row: AuditLog) -> AuditEntry:
    return AuditEntry(row.seq, row.at, row.username, row.action, row.tbl, row.record_id, row.detail)


def action_title(action: str, lang: str = "zh") -> str:
    zh, en = ACTIONS.get(action, (action, action))
    return zh if lang == "zh" else en


TABLES = {
    "user": ("账户", "account"),
    "member": ("会员", "member"),
    "special_family": ("计生特殊家庭", "special family"),
    "visit": ("走访记录", "visit"),
    "activity": ("活动", "activity"),
    "family_insurance": ("家庭保险", "family insurance"),
    "audit_log": ("审计日志", "audit log"),
}
_DETAIL_KEYS = {
    "file": ("文件", "file"), "rows": ("行数", "rows"), "pages": ("页数", "pages"), "reason": ("原因", "reason"),
    "revealed": ("完整号码", "full numbers"), "username": ("账户", "account"), "role": ("角色", "role"),
    "from": ("原角色", "from"), "to": ("新角色", "to"), "fields": ("字段", "fields"), "created": ("新增", "created"),
    "updated": ("更新", "updated"), "rejected": ("有误", "rejected"), "mode": ("方式", "mode"),
    "key_store": ("密钥保存于", "key kept in"), "where": ("位置", "where"), "what": ("内容", "what"),
    "from_revision": ("原版本", "from version"), "family": ("家庭", "family"), "kind": ("类型", "kind"),
    "supersedes": ("更正记录", "corrects"), "families": ("家庭数", "families"), "year": ("年度", "year"),
    "deleted": ("删除", "deleted"), "people": ("人数", "people"),
}  # fmt: skip


def table_title(tbl: str | None, lang: str = "zh") -> str:
    """The table a row concerns, in words."""
    if not tbl:
        return ""
    zh, en = TABLES.get(tbl, (tbl, tbl))
    return zh if lang == "zh" else en


def detail_text(detail: str | None, lang: str = "zh") -> str:
    """A row's detail as a person reads it: "文件：x.xlsx；行数：3" rather than JSON."""
    if not detail:
        return ""
    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return detail
    from app.backups import REASONS  # a backup's reason is a code; say it in words

    parts = []
    for key, value in values.items():
        zh, en = _DETAIL_KEYS.get(key, (key, key))
        if key == "reason" and value in REASONS:
            value = REASONS[value][0 if lang == "zh" else 1]
        if isinstance(value, bool):
            value = ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
        elif isinstance(value, list):
            value = "、".join(str(v) for v in value) if lang == "zh" else ", ".join(str(v) for v in value)
        parts.append(f"{zh}：{value}" if lang == "zh" else f"{en}: {value}")
    return "；".join(parts) if lang == "zh" else "; ".join(parts)
