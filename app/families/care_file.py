"""A family's care file (帮扶档案): one A4 PDF with the family's record and its history of care, to print and file.

What it holds, in order: the office and village, the family as the actor may see it (`access.view_family`: ID
numbers and phones masked unless an admin or county user reveals them for a reason; health, disability and
bereavement hidden from clerks and volunteers), its people, insurance per year, the warnings the registry gives
(eligibility, missing consent; not on a volunteer's copy), the visits newest first (current ones only: a corrected
visit shows once, as corrected; a volunteer's copy holds the visits they recorded or went on), and the activities
the family attended. Every page is numbered; the print and any reveal reason are audited.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app import audit
from app.accounts.users import Actor
from app.families.access import MASK, SENSITIVE_PERSON_FIELDS, consent_warning, view_family, visits_of
from app.families.family_names import family_label, people_by_family, visitors_by_visit
from app.families.labels import (
    ACTIVITY_LABELS,
    FIVE_CARES_LABELS,
    INSURANCE_LABELS,
    NONE,
    ROLE_LABELS,
    SEX_LABELS,
    assistance_text,
    categories_text,
    disability_text,
    kind_text,
    word,
    words,
    yes_no,
)
from app.families.pdf_layout import (
    BAND_FILL,
    Fitter,
    Styles,
    column_widths,
    content_width,
    grid,
    styles,
    table,
)
from app.families.registry import eligibility_problems
from app.families.report_scope import village_names
from app.families.visits import current_visits
from app.pdf_document import chinese_date, write_pdf
from app.privacy import require_reveal
from app.progress import NoProgress, Progress
from app.site import require_site
from db.models import Activity, ActivityAttendance, FamilyInsurance, SpecialFamily, Visit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TITLE = "特殊家庭帮扶档案"
ROLE_ORDER = ("father", "mother", "child")
SECTIONS = ("一", "二", "三", "四", "五", "六", "七")
CELL_SIZE = 8.5


@dataclass(frozen=True)
class CareFileSummary:
    """What was printed."""

    pages: int
    visits: int
    activities: int
    revealed: bool


def write_care_file(
    session: Session,
    actor: Actor,
    family_id: str,
    out_path: str | os.PathLike[str],
    *,
    reveal_reason: str | None = None,
    today: date | None = None,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
) -> CareFileSummary:
    """Print the care file of the family `family_id` to the PDF `out_path`, as `actor` may see the family.

    Refused (AccessDenied) where `actor` may not see the family or may not reveal; the print (with the reveal
    reason) is audited in `session`'s transaction. Cancelling through `progress` leaves no file.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Spacer

    today = today or date.today()
    site = require_site(session)
    view = view_family(session, actor, family_id, reveal_reason=reveal_reason)
    why = None if view.masked else require_reveal(actor, reveal_reason)
    progress.start(1, "打印帮扶档案")
    sheet = styles(CELL_SIZE)
    width = content_width(A4)
    values = view.family
    village = village_names(session, [values["village_code"]])[values["village_code"]]
    people = sorted(view.people, key=lambda p: ROLE_ORDER.index(p["role"]) if p["role"] in ROLE_ORDER else 9)
    visits = _current_visits(session, actor, family_id)
    activities = _activities(session, family_id)
    hidden = any(person[key] == MASK for person in people for key in SENSITIVE_PERSON_FIELDS)

    notes = ["身份证号和电话已脱敏。" if view.masked else f"含完整身份证号和电话（查看原因：{why}），请妥善保管。"]
    if hidden or values["needs"] == MASK:
        notes.append("健康、残疾、伤亡情况及家庭需求按账户权限隐去。")
    story: list[Any] = [
        sheet.para(f"{site.name}{TITLE}", sheet.title),
        sheet.facts(
            f"家庭：{family_label({p['role']: p for p in people})}",
            f"村（居）：{village}",
            f"打印日期：{chinese_date(today)}",
        ),
        sheet.para("".join(notes), sheet.note),
    ]
    sections: list[tuple[str, list[Any]]] = [
        ("基本情况", [_facts_table(sheet, width, values, village)]),
        ("家庭成员", [_people_table(sheet, width, people)]),
        ("保险保障", [_insurance_table(session, sheet, width, family_id)]),
    ]
    warnings = _warnings(session, actor, family_id, values, today)
    if warnings:
        sections.append(
            ("需要注意", [sheet.para(f"{number}. {text}", sheet.body) for number, text in enumerate(warnings, 1)])
        )
    sections += [
        (f"走访记录（共 {len(visits)} 次，新的在前）", [_visits_table(session, sheet, width, visits)]),
        (f"参加活动（共 {len(activities)} 次）", [_activities_table(sheet, width, activities)]),
    ]
    for number, (heading, flowables) in zip(SECTIONS, sections, strict=False):
        story += [sheet.para(f"{number}、{heading}", sheet.heading), *flowables]
    story += [Spacer(1, 6), sheet.signatures()]

    pages = write_pdf(out_path, story, font=sheet.font, page_size=A4, title=f"{TITLE}（{village}）", author=site.name,
                      progress=progress)  # fmt: skip
    progress.advance(1)
    audit.record(
        session, actor.username, "print", tbl="special_family", record_id=family_id,
        detail={"file": Path(out_path).name, "pages": pages, "visits": len(visits), "revealed": not view.masked,
                **({"reason": why} if why else {})},
    )  # fmt: skip
    return CareFileSummary(pages=pages, visits=len(visits), activities=len(activities), revealed=not view.masked)


def _current_visits(session: Session, actor: Actor, family_id: str) -> list[dict[str, Any]]:
    """The visits `actor` may see (`access.visits_of`, newest first) that no correction replaced."""
    query = select(Visit.id).where(Visit.family_id == family_id, Visit.deleted.is_(False), current_visits())
    current = set(session.scalars(query))
    return [visit for visit in visits_of(session, actor, family_id) if visit["id"] in current]


def _activities(session: Session, family_id: str) -> list[Any]:
    query = (
        select(Activity.held_on, Activity.type, Activity.title, Activity.place)
        .join(ActivityAttendance, ActivityAttendance.activity_id == Activity.id)
        .where(ActivityAttendance.family_id == family_id, ActivityAttendance.deleted.is_(False),
               Activity.deleted.is_(False))
        .order_by(Activity.held_on.desc())
    )  # fmt: skip
    return list(session.execute(query))


def _warnings(session: Session, actor: Actor, family_id: str, values: dict[str, Any], today: date) -> list[str]:
    """Eligibility and consent warnings, as the registry gives them when the family is saved; none for volunteers."""
    if actor.role == "volunteer":
        return []
    people = list(people_by_family(session, [family_id]).get(family_id, {}).values())  # unmasked: only counted
    out = [problem.zh for problem in eligibility_problems(values["categories"], people, today)]
    family = session.get_one(SpecialFamily, family_id)
    no_consent = consent_warning(family)
    return [*out, no_consent] if no_consent else out


def _facts_table(sheet: Styles, width: float, values: dict[str, Any], village: str) -> Any:
    """The family's record as a form: two facts a line, long ones across the line."""
    label = 74.0
    half = (width - 2 * label) / 2
    doctor = f"已签约（{values['doctor_contract_on']}）" if values["doctor_contract_on"] else "已签约"
    consent = (
        f"{values['consent_on']}；范围：{values['consent_scope'] or NONE}；签字人：{values['consent_signer'] or NONE}"
        if values["consent_on"] else "未登记"
    )  # fmt: skip
    rows: list[tuple[str, ...]] = [
        ("家庭类别", categories_text(values["categories"]), "村（居）", village),
        ("住址", values["address"] or ""),
        ("居住情况", values["living_arrangement"] or "", "特别扶助",
         assistance_text(values["assistance_status"], values["assistance_since"])),
        ("家庭医生签约", doctor if values["doctor_contract"] else "未签约", "就医绿色通道",
         yes_no(values["priority_care"])),
        ("乡镇联系人", _liaison(values, "township"), "村级联系人", _liaison(values, "village")),
        ("家庭需求", values["needs"] or ""),
        ("单独同意", consent),
    ]  # fmt: skip
    if values["closed_on"]:
        rows.append(("结案", f"{values['closed_on']}　{values['closed_reason'] or ''}"))
    if values["anonymised_on"]:
        rows.append(("匿名化", f"{values['anonymised_on']}（成员身份信息已删除）"))
    if values["notes"]:
        rows.append(("备注", values["notes"]))
    from reportlab.lib import colors

    widths = [label, half, label, half]
    fit = Fitter(sheet, [label, width - label, label, half])
    data: list[list[Any]] = []
    band = colors.HexColor(BAND_FILL)
    commands = [*grid(sheet.font, CELL_SIZE, header_rows=0), ("BACKGROUND", (0, 0), (0, -1), band)]
    for index, row in enumerate(rows):
        if len(row) == 2:  # one fact across the line
            data.append([row[0], fit(1, row[1]), "", ""])
            commands.append(("SPAN", (1, index), (3, index)))
        else:
            data.append([row[0], fit(3, row[1]), row[2], fit(3, row[3])])
            commands.append(("BACKGROUND", (2, index), (2, index), band))
    return table(data, widths, commands, repeat=0)


def _liaison(values: dict[str, Any], level: str) -> str:
    name, phone = values[f"{level}_liaison_name"], values[f"{level}_liaison_phone"]
    return "　".join(part for part in (name, phone) if part)


def _people_table(sheet: Styles, width: float, people: list[dict[str, Any]]) -> Any:
    columns = (("身份", 46.0), ("姓名", 54.0), ("出生日期", 56.0), ("身份证号", 94.0), ("联系电话", 70.0),
               ("健康状况", 0.0), ("残疾类别及等级", 62.0), ("伤残或死亡", 82.0))  # fmt: skip
    widths = column_widths(columns, width)
    fit = Fitter(sheet, widths)
    data: list[list[Any]] = [[header for header, _ in columns]]
    for person in people:
        role = word(ROLE_LABELS, person["role"])
        if person["role"] == "child" and person["sex"]:
            role += f"（{word(SEX_LABELS, person['sex'])}）"
        data.append(fit.row([role, person["name"], person["birth_date"], person["id_number"], person["phone"],
                             person["health"], _disability(person), _loss(person)]))  # fmt: skip
    if not people:
        return _empty_table(sheet, data, widths, "（没有登记家庭成员）")
    return table(data, widths, grid(sheet.font, CELL_SIZE))


def _disability(person: dict[str, Any]) -> str:
    category, grade = person["disability_category"], person["disability_grade"]
    if MASK in (category, grade):
        return MASK
    return disability_text(category, grade)


def _loss(person: dict[str, Any]) -> str:
    disabled, died = person["disabled_on"], person["deceased_on"]
    if MASK in (disabled, died):
        return MASK
    return "\n".join(f"{what} {when}" for what, when in (("伤残", disabled), ("死亡", died)) if when)


def _insurance_table(session: Session, sheet: Styles, width: float, family_id: str) -> Any:
    query = (
        select(FamilyInsurance.year, FamilyInsurance.kind, FamilyInsurance.insurer, FamilyInsurance.premium)
        .where(FamilyInsurance.family_id == family_id, FamilyInsurance.deleted.is_(False))
        .order_by(FamilyInsurance.year.desc(), FamilyInsurance.kind)
    )
    columns = (("年度", 50.0), ("险种", 0.0), ("承保单位", 150.0), ("保费（元）", 70.0))
    widths = column_widths(columns, width)
    fit = Fitter(sheet, widths)
    data: list[list[Any]] = [[header for header, _ in columns]]
    for year, kind, insurer, premium in session.execute(query):
        data.append(fit.row([year, word(INSURANCE_LABELS, kind), insurer, f"{premium:.2f}" if premium else ""]))
    if len(data) == 1:
        return _empty_table(sheet, data, widths, "（没有登记保险）")
    return table(data, widths, [*grid(sheet.font, CELL_SIZE), ("ALIGN", (3, 1), (3, -1), "RIGHT")])


def _visits_table(session: Session, sheet: Styles, width: float, visits: list[dict[str, Any]]) -> Any:
    columns = (("日期", 54.0), ("类型", 66.0), ("走访人", 56.0), ("内容", 0.0), ("发现的情况和需求", 112.0),
               ("跟进", 98.0))  # fmt: skip
    widths = column_widths(columns, width)
    fit = Fitter(sheet, widths)
    who = visitors_by_visit(session, [visit["id"] for visit in visits])
    data: list[list[Any]] = [[header for header, _ in columns]]
    for visit in visits:
        kind = kind_text(visit["kind"]) + (f"\n{visit['hours']:g} 小时" if visit["hours"] else "")
        content = visit["content"] or ""
        if visit["five_cares"]:
            content += f"\n（{words(FIVE_CARES_LABELS, visit['five_cares'])}）"
        found = "\n".join(f"{what}：{text}" for what, text in (("情况", visit["state_found"]),
                                                              ("需求", visit["needs_found"])) if text)  # fmt: skip
        data.append(fit.row([visit["visited_on"], kind, "、".join(who.get(visit["id"], [])), content.strip(), found,
                             _followup(visit)]))  # fmt: skip
    if not visits:
        return _empty_table(sheet, data, widths, "（没有走访记录）")
    return table(data, widths, [*grid(sheet.font, CELL_SIZE), ("VALIGN", (0, 1), (-1, -1), "TOP")])


def _followup(visit: dict[str, Any]) -> str:
    if not visit["followup_action"]:
        return "已处理" if visit["followup_done"] else ""
    lines = [visit["followup_action"]]
    if visit["followup_owner"]:
        lines.append(f"负责人：{visit['followup_owner']}")
    if visit["followup_due"]:
        lines.append(f"期限：{visit['followup_due']}")
    lines.append("已完成" if visit["followup_done"] else "未完成")
    return "\n".join(lines)


def _activities_table(sheet: Styles, width: float, activities: list[Any]) -> Any:
    columns = (("日期", 56.0), ("活动类型", 86.0), ("活动名称", 0.0), ("地点", 150.0))
    widths = column_widths(columns, width)
    fit = Fitter(sheet, widths)
    data: list[list[Any]] = [[header for header, _ in columns]]
    for held_on, kind, title, place in activities:
        data.append(fit.row([held_on, word(ACTIVITY_LABELS, kind), title, place]))
    if not activities:
        return _empty_table(sheet, data, widths, "（没有参加活动的记录）")
    return table(data, widths, grid(sheet.font, CELL_SIZE))


def _empty_table(sheet: Styles, data: list[list[Any]], widths: list[float], text: str) -> Any:
    """The header row and one line across it that says there is nothing to list."""
    data.append([text, *[""] * (len(widths) - 1)])
    return table(data, widths, [*grid(sheet.font, CELL_SIZE), ("SPAN", (0, 1), (-1, 1))])
