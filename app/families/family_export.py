"""The special families and their visits to Excel: `families export` and `visits export`.

One row per family (village, categories, the parents and the child, assistance, liaisons, doctor contract, consent,
closing), or one row per current visit (a corrected visit once, as corrected). Rows are read a page at a time and
streamed into the workbook (`app.families.workbook`: ID numbers and phones as text, formula-like values never
evaluated). The roles of `app.families.access` hold: volunteers export only the families they are paired with and the
visits they recorded or went on; ID numbers and phones are masked unless an admin or county user reveals them for a
reason; health, disability, bereavement dates and needs are hidden from clerks and volunteers. Every export is
audited, with the reason of a reveal.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, or_, select

from app import audit
from app.accounts.users import Actor, require_role
from app.families.access import FAMILY_READERS, MASK, paired_family_ids
from app.families.family_names import Person, family_headers, people_by_family, visitors_by_visit
from app.families.labels import (
    FIVE_CARES_LABELS,
    SEX_LABELS,
    assistance_text,
    categories_text,
    disability_text,
    kind_text,
    word,
    words,
    yes_no,
)
from app.families.report_scope import check_village, check_year, family_reveal, village_names
from app.families.visits import current_visits
from app.families.workbook import Column, writing
from app.progress import NoProgress, Progress, check_cancelled
from app.validation import mask_id_number, mask_phone
from db.models import SpecialFamily, Visit, VisitVisitor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PAGE_ROWS = 500
FAMILIES_SHEET = "特殊家庭"
VISITS_SHEET = "走访记录"
FAMILY_COLUMNS = (
    Column("村（居）", 14), Column("家庭类别", 16), Column("住址", 26), Column("居住情况", 12),
    Column("父亲", 10), Column("父亲身份证号", 22, "text"), Column("父亲电话", 15, "text"),
    Column("母亲", 10), Column("母亲身份证号", 22, "text"), Column("母亲电话", 15, "text"),
    Column("父母健康状况", 22), Column("子女", 10), Column("子女性别", 8), Column("子女出生日期", 12),
    Column("子女身份证号", 22, "text"), Column("子女伤残或死亡情况", 26), Column("特别扶助", 18),
    Column("乡镇联系人", 10), Column("乡镇联系人电话", 15, "text"), Column("村级联系人", 10),
    Column("村级联系人电话", 15, "text"), Column("家庭医生签约", 12), Column("签约日期", 12),
    Column("就医绿色通道", 12), Column("家庭需求", 24), Column("单独同意日期", 12), Column("结案日期", 12),
    Column("结案原因", 20), Column("家庭编号", 38),
)  # fmt: skip
VISIT_COLUMNS = (
    Column("村（居）", 14), Column("家庭（母亲、父亲）", 18), Column("走访日期", 12), Column("走访类型", 14),
    Column("走访人", 16), Column("内容", 36), Column("五关怀一倡导", 20), Column("发现的情况", 24),
    Column("发现的需求", 24), Column("跟进事项", 24), Column("跟进负责人", 10), Column("跟进期限", 12),
    Column("跟进完成", 10), Column("服务时长（小时）", 10), Column("登记人", 10),
)  # fmt: skip


@dataclass(frozen=True)
class ExportSummary:
    """What was exported."""

    rows: int
    revealed: bool


def export_families(
    session: Session,
    actor: Actor,
    out_path: str | os.PathLike[str],
    *,
    village_code: str | None = None,
    reveal_reason: str | None = None,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
) -> ExportSummary:
    """Write the families `actor` may see (of one village, or all) to the workbook `out_path`, by village."""
    require_role(actor, *FAMILY_READERS)
    if village_code:
        check_village(session, village_code)
    why = family_reveal(actor, reveal_reason)
    hide = why is None and actor.role in ("clerk", "volunteer")
    conditions: list[Any] = [SpecialFamily.deleted.is_(False)]
    if village_code:
        conditions.append(SpecialFamily.village_code == village_code)
    if actor.role == "volunteer":
        conditions.append(SpecialFamily.id.in_(paired_family_ids(session, actor)))
    progress.start(session.scalar(select(func.count()).where(*conditions)) or 0, "导出特殊家庭")
    query = (
        select(*SpecialFamily.__table__.columns)
        .where(*conditions)
        .order_by(SpecialFamily.village_code, SpecialFamily.id)
    )
    rows = 0
    with writing(out_path) as book:
        sheet = book.sheet(FAMILIES_SHEET, FAMILY_COLUMNS)
        for page in _pages(session, query):
            check_cancelled(progress)
            villages = village_names(session, {family.village_code for family in page})
            people = people_by_family(session, [family.id for family in page])
            for family in page:
                sheet.append(_family_row(family, villages[family.village_code], people.get(family.id, {}),
                                         reveal=why is not None, hide=hide))  # fmt: skip
            rows += len(page)
            progress.advance(len(page))
        check_cancelled(progress)
    _audit(session, actor, "special_family", out_path, rows, why, village=village_code)
    return ExportSummary(rows, why is not None)


def export_visits(
    session: Session,
    actor: Actor,
    out_path: str | os.PathLike[str],
    *,
    village_code: str | None = None,
    year: int | None = None,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
) -> ExportSummary:
    """Write the current visits `actor` may see (of one village and year, or all) to the workbook `out_path`.

    Visits by date within each village; the families are named by their parents (no ID numbers in this file).
    """
    require_role(actor, *FAMILY_READERS)
    if village_code:
        check_village(session, village_code)
    if year is not None:
        check_year(year)
    conditions: list[Any] = [SpecialFamily.deleted.is_(False), Visit.deleted.is_(False), current_visits()]
    if village_code:
        conditions.append(SpecialFamily.village_code == village_code)
    if year is not None:
        conditions.append(Visit.visited_on.between(date(year, 1, 1), date(year, 12, 31)))
    if actor.role == "volunteer":  # as `access.visits_of`: their families, and the visits they recorded or went on
        went = select(VisitVisitor.visit_id).where(
            VisitVisitor.volunteer_id == actor.volunteer_id, VisitVisitor.deleted.is_(False)
        )
        conditions += [
            SpecialFamily.id.in_(paired_family_ids(session, actor)),
            or_(Visit.recorded_by == actor.username, Visit.id.in_(went)),
        ]
    joined = select(func.count()).select_from(Visit).join(SpecialFamily, SpecialFamily.id == Visit.family_id)
    progress.start(session.scalar(joined.where(*conditions)) or 0, "导出走访记录")
    query = (
        select(*Visit.__table__.columns)
        .join(SpecialFamily, SpecialFamily.id == Visit.family_id)
        .where(*conditions)
        .order_by(SpecialFamily.village_code, Visit.visited_on, Visit.created_at)
    )
    rows = 0
    with writing(out_path) as book:
        sheet = book.sheet(VISITS_SHEET, VISIT_COLUMNS)
        for page in _pages(session, query):
            check_cancelled(progress)
            families = family_headers(session, {visit.family_id for visit in page})
            who = visitors_by_visit(session, [visit.id for visit in page])
            for visit in page:
                family = families[visit.family_id]
                sheet.append([
                    family.village, family.label, visit.visited_on, kind_text(visit.kind),
                    "、".join(who.get(visit.id, [])), visit.content, words(FIVE_CARES_LABELS, visit.five_cares),
                    visit.state_found, visit.needs_found, visit.followup_action, visit.followup_owner,
                    visit.followup_due, yes_no(visit.followup_done) if visit.followup_action else None, visit.hours,
                    visit.recorded_by,
                ])  # fmt: skip
            rows += len(page)
            progress.advance(len(page))
        check_cancelled(progress)
    _audit(session, actor, "visit", out_path, rows, None, village=village_code, year=year)
    return ExportSummary(rows, False)


def _pages(session: Session, query: Select[Any]) -> Iterator[Sequence[Any]]:
    """The query's rows as plain values (never ORM objects that pile up in the session), a page at a time."""
    yield from session.execute(query.execution_options(yield_per=PAGE_ROWS)).partitions()


def _family_row(family: Any, village: str, people: dict[str, Person], *, reveal: bool, hide: bool) -> list[Any]:
    father, mother, child = (people.get(role, {}) for role in ("father", "mother", "child"))

    def number(person: Person) -> str | None:
        value = person.get("id_number")
        return value if reveal else (mask_id_number(value) or None)

    def phone(value: str | None) -> str | None:
        return value if reveal else (mask_phone(value) or None)

    def sensitive(text: str | None) -> str | None:
        return (MASK if text else None) if hide else (text or None)

    health = "；".join(f"{role}：{p['health']}" for role, p in (("父亲", father), ("母亲", mother)) if p.get("health"))
    return [
        village, categories_text(family.categories), family.address, family.living_arrangement,
        father.get("name"), number(father), phone(father.get("phone")),
        mother.get("name"), number(mother), phone(mother.get("phone")),
        sensitive(health), child.get("name"), word(SEX_LABELS, child.get("sex")) or None, child.get("birth_date"),
        number(child), sensitive(_child_state(child)),
        assistance_text(family.assistance_status, family.assistance_since),
        family.township_liaison_name, phone(family.township_liaison_phone),
        family.village_liaison_name, phone(family.village_liaison_phone),
        yes_no(family.doctor_contract), family.doctor_contract_on, yes_no(family.priority_care),
        sensitive(family.needs), family.consent_on, family.closed_on, family.closed_reason, family.id,
    ]  # fmt: skip


def _child_state(child: Person) -> str:
    """The child's disability and the dates of disability or death: "肢体 二级，伤残 2010-06-01"."""
    parts = [disability_text(child.get("disability_category"), child.get("disability_grade"))]
    parts += [
        f"{what} {child[key]}" for what, key in (("伤残", "disabled_on"), ("死亡", "deceased_on")) if child.get(key)
    ]
    return "，".join(part for part in parts if part)


def _audit(
    session: Session,
    actor: Actor,
    table: str,
    out_path: str | os.PathLike[str],
    rows: int,
    why: str | None,
    **scope: object,
) -> None:
    detail = {
        "file": Path(out_path).name,
        "rows": rows,
        "revealed": why is not None,
        **{key: value for key, value in scope.items() if value is not None},
        **({"reason": why} if why else {}),
    }
    audit.record(session, actor.username, "export", tbl=table, detail=detail)  # fmt: skip
