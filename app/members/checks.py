"""Checking one member as typed in the form or read from a spreadsheet row, before anything is written.

`check_member` needs no database: it normalises each field with the shared validators and returns the values to
store with every problem found (errors block saving; warnings are shown and may be accepted). `find_duplicates`
then asks the database: the same ID number blocks, the same name and birth date warns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.members.fields import MIGRANT_LABELS, ROLE_LABELS, SEX_LABELS, STATUS_LABELS, code_for
from app.validation import name_pinyin, normalise_name, parse_date, parse_id_number, parse_phone
from db.models import Member

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something wrong with one field; `code` is stable for tests and reports."""

    field: str
    severity: Severity
    zh: str
    en: str
    code: str
    other_member_id: str | None = None  # the existing member a duplicate points to

    def message(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh


@dataclass
class CheckedMember:
    """The values to store and the problems found."""

    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class CheckedWithPeople(CheckedMember):
    """A record with the people it holds (a special family, a household): their values beside the record's."""

    people: list[dict[str, Any]] = field(default_factory=list)


def _text(value: object) -> str:
    """A cell or field as trimmed text; whole-number floats (as spreadsheets give them) lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def problem_from(field_key: str, exc: ValidationError, severity: Severity = "error") -> Problem:
    """The problem a failed check of field `field_key` raised, in its words."""
    return Problem(field_key, severity, exc.zh, exc.en, exc.code)


def check_member(raw: dict[str, object], *, today: date | None = None) -> CheckedMember:
    """Normalise the fields in `raw` (keys as in `app.members.fields`) and collect what is wrong with them."""
    today = today or date.today()
    values: dict[str, Any] = {}
    problems: list[Problem] = []

    name = _text(raw.get("name"))
    try:
        values["name"] = normalise_name(name)
        values["name_pinyin"], values["name_initials"] = name_pinyin(values["name"])
    except ValidationError as exc:
        problems.append(problem_from("name", exc))

    for key in ("ethnicity", "address", "member_no", "political_status", "education", "occupation", "notes"):
        text = _text(raw.get(key))
        values[key] = text or None
    for key, limit in (("ethnicity", 20), ("address", 200), ("member_no", 30), ("occupation", 50)):
        if values[key] and len(values[key]) > limit:
            problems.append(
                Problem(key, "error", f"内容过长（最多 {limit} 个字）。", f"Too long (at most {limit} characters).",
                        f"{key}.too_long")
            )  # fmt: skip

    sex_text = _text(raw.get("sex"))
    sex = code_for(SEX_LABELS, sex_text) if sex_text else None
    if sex_text and sex is None:
        problems.append(
            Problem("sex", "error", f"性别“{sex_text}”无法识别，应为“男”或“女”。",
                    f"Sex '{sex_text}' is not recognised; use 男 or 女.", "sex.unknown")
        )  # fmt: skip
    birth: date | None = None
    birth_raw = raw.get("birth_date")
    if _text(birth_raw):
        try:
            birth = parse_date(birth_raw, today=today, allow_future=False)
        except ValidationError as exc:
            problems.append(problem_from("birth_date", exc))

    id_text = _text(raw.get("id_number"))
    values["id_number"] = None
    if id_text:
        if "*" in id_text:
            problems.append(
                Problem("id_number", "error",
                        f"身份证号“{id_text}”是隐去了部分数字的号码，无法据此登记或找到会员；"
                        "请使用显示完整号码导出的表格。",
                        f"ID number {id_text!r} is masked; it cannot identify a member. "
                        "Use an export with full ID numbers.", "id_number.masked")
            )  # fmt: skip
        elif isinstance(raw.get("id_number"), float) or "e+" in id_text.lower():
            problems.append(
                Problem("id_number", "error",
                        f"身份证号“{id_text}”被表格存成了数字，后几位已经丢失；请把该列设为文本格式后重新填写。",
                        f"ID number {id_text!r} was stored as a number and has lost its last digits; "
                        "format the column as text and enter it again.", "id_number.as_number")
            )  # fmt: skip
        else:
            try:
                parsed = parse_id_number(id_text, today=today)
            except ValidationError as exc:
                problems.append(problem_from("id_number", exc))
            else:
                values["id_number"] = parsed.value
                if parsed.upgraded_from_15:
                    problems.append(
                        Problem("id_number", "warning", f"15 位身份证号已升级为 18 位：{parsed.value}。",
                                f"The 15-digit ID number was upgraded to 18 digits: {parsed.value}.",
                                "id_number.upgraded")
                    )  # fmt: skip
                if birth is not None and birth != parsed.birth_date:
                    problems.append(
                        Problem("birth_date", "warning",
                                f"出生日期 {birth.isoformat()} 与身份证号中的 {parsed.birth_date.isoformat()} 不一致。",
                                f"Date of birth {birth.isoformat()} differs from {parsed.birth_date.isoformat()} "
                                "in the ID number.", "birth_date.mismatch")
                    )  # fmt: skip
                if sex is not None and sex != parsed.sex:
                    problems.append(
                        Problem("sex", "warning", "性别与身份证号第 17 位不一致。",
                                "Sex differs from the 17th digit of the ID number.", "sex.mismatch")
                    )  # fmt: skip
                birth = birth or parsed.birth_date
                sex = sex or parsed.sex
    values["birth_date"] = birth
    values["sex"] = sex

    phone_text = _text(raw.get("phone"))
    values["phone"] = None
    if phone_text:
        try:
            values["phone"] = parse_phone(phone_text).value
        except ValidationError as exc:
            problems.append(problem_from("phone", exc))

    values["joined_on"] = None
    if _text(raw.get("joined_on")):
        try:
            values["joined_on"] = parse_date(raw.get("joined_on"), today=today, allow_future=False)
        except ValidationError as exc:
            problems.append(problem_from("joined_on", exc))

    roles_raw = raw.get("roles")
    roles: list[str] = []
    items = (
        roles_raw if isinstance(roles_raw, list) else _text(roles_raw).replace("，", ",").replace("、", ",").split(",")
    )
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        role = code_for(ROLE_LABELS, item)
        if role is None:
            problems.append(
                Problem("roles", "error", f"职务“{item}”不在职务列表中。", f"Role '{item}' is not in the list.",
                        "roles.unknown")
            )  # fmt: skip
        elif role not in roles:
            roles.append(role)
    values["roles"] = roles

    for key, labels, default in (("status", STATUS_LABELS, "active"), ("migrant_status", MIGRANT_LABELS, "none")):
        text = _text(raw.get(key))
        code = code_for(labels, text) if text else default
        if code is None:
            problems.append(
                Problem(key, "error", f"“{text}”无法识别。", f"{text!r} is not recognised.", f"{key}.unknown")
            )
        values[key] = code or default

    for key in ("village_code", "group_id", "member_type"):
        if key in raw:
            values[key] = _text(raw.get(key)) or None
    if not values.get("member_type"):
        values["member_type"] = "individual"
    return CheckedMember(values, problems)


def find_duplicates(session: Session, values: dict[str, Any], *, exclude_id: str | None = None) -> list[Problem]:
    """Members already on the roll that `values` would duplicate: the same ID number (an error) or the same name
    and date of birth (a warning)."""
    problems: list[Problem] = []
    live = Member.deleted.is_(False)
    if values.get("id_number"):
        stmt = select(Member.id, Member.name).where(live, Member.id_number == values["id_number"])
        if exclude_id:
            stmt = stmt.where(Member.id != exclude_id)
        hit = session.execute(stmt).first()
        if hit is not None:
            problems.append(
                Problem("id_number", "error", f"身份证号已登记在会员“{hit.name}”名下。",
                        f"This ID number is already on the roll, for {hit.name}.", "member.duplicate_id", hit.id)
            )  # fmt: skip
    if values.get("name") and values.get("birth_date"):
        same_stmt = select(Member.id).where(
            live, Member.name == values["name"], Member.birth_date == values["birth_date"]
        )
        if exclude_id:
            same_stmt = same_stmt.where(Member.id != exclude_id)
        same = session.scalars(same_stmt).first()
        if same is not None and not any(p.other_member_id == same for p in problems):
            problems.append(
                Problem("name", "warning", f"已有同名且出生日期相同的会员“{values['name']}”，请确认不是同一人。",
                        f"A member named {values['name']} with the same date of birth is already on the roll.",
                        "member.same_name_birth", same)
            )  # fmt: skip
    return problems
