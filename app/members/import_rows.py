"""What the rows of an imported roll mean: each row checked, then compared with the file's earlier rows and with
the roll in the database.

`RowRules.check` checks a chunk of rows on their own; `RowChecker.decide` then compares them with the file's
earlier rows and the roll. An import so holds the state of the whole file (the first row of each ID number) but
never every row at once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from itertools import batched
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import ColumnElement, func, literal_column, select

from app.members.checks import Problem, check_member
from app.members.fields import FIELD_BY_KEY
from app.members.import_table import Cell, ColumnMapping, blank, display_text
from app.members.service import EDITABLE
from app.validation._text import to_halfwidth
from db.models import Member, MemberGroup, Region

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Status = Literal["new", "update", "unchanged", "duplicate", "warning", "error"]
OnExisting = Literal["skip", "update"]
Action = Literal["create", "update"]

_LOOKUP_CHUNK = 500  # ids or names per lookup query; SQLite's bound-parameter limit is far above this
# What people type in a cell to say "nothing here".
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "\\", "－", "／"})
_WHITESPACE = re.compile(r"\s+")
_ROLE_SEPARATORS = re.compile(r"[；;/／|\s]+")
_REGION_CODE = re.compile(r"^\d{12}$")
# Suffixes a region's name may carry in one place and not in another: 城关村 / 城关村计生协 / 城关村村民委员会.
_REGION_SUFFIXES = ("计划生育协会", "计生协", "村民委员会", "居民委员会", "村委会", "居委会")
_EXACT_FLOAT_LIMIT = 2**53  # above this a float no longer holds every integer: an ID number has lost digits
_SEX_WORDS = {"男性": "男", "女性": "女"}


@dataclass
class RowResult:
    """One data row of the sheet and what the import makes of it."""

    row: int  # Excel row number
    cells: list[Cell]  # the row as read, from column A (attached by `RowChecker.decide`)
    compared: list[str]  # the stored columns the row speaks for: those of its filled cells
    status: Status = "new"
    problems: list[Problem] = field(default_factory=list)
    action: Action | None = None  # what importing this row does; None: nothing
    member_id: str | None = None  # the member on the roll it matches, or the one created
    values: dict[str, Any] = field(default_factory=dict)  # checked values, as stored
    changed: list[str] = field(default_factory=list)  # fields an update changes
    new_group: str | None = None  # the member group this row's import creates (named in the sheet, not on the roll)
    digest: int | None = None  # fingerprint of `values`, for rows with an ID number (see `_digest`)

    def messages(self, lang: str = "zh") -> list[str]:
        """The row's problems as sentences."""
        return [p.message(lang) for p in self.problems]


def describe_problem(mapping: ColumnMapping, problem: Problem, lang: str) -> str:
    """A problem led by the header of its column as the sheet names it (家庭住址：…)."""
    column = mapping.column_of(problem.field)
    if column is not None and column < len(mapping.headers) and mapping.headers[column]:
        header = mapping.headers[column]
    elif problem.field in FIELD_BY_KEY:
        f = FIELD_BY_KEY[problem.field]
        header = f.en if lang.startswith("en") else f.zh
    else:
        return problem.message(lang)
    return f"{header}: {problem.message(lang)}" if lang.startswith("en") else f"{header}：{problem.message(lang)}"


def problem_text(mapping: ColumnMapping, row: RowResult, lang: str = "zh") -> str:
    """The row's problems in one line, as the error report's 问题 column shows them."""
    described = [describe_problem(mapping, p, lang) for p in row.problems]
    if lang.startswith("en"):
        return " ".join(described)
    return "；".join(text.rstrip("。") for text in described) + ("。" if row.problems else "")


# --- one row ------------------------------------------------------------------------------------------------


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


def _raw(mapped: Sequence[tuple[int, str]], cells: Sequence[Cell]) -> dict[str, Cell]:
    width = len(cells)
    return {key: _field_value(key, cells[index] if index < width else "") for index, key in mapped}


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


@dataclass
class Places:
    """The office's regions and member groups, as rows name them: plain data, loaded once per import."""

    regions: dict[str, str] = field(default_factory=dict)  # name key -> code
    codes: set[str] = field(default_factory=set)
    groups: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # name key -> [(id, village)]

    @classmethod
    def load(cls, session: Session) -> Places:
        places = cls()
        for code, name in session.execute(select(Region.code, Region.name)):
            places.codes.add(code)
            places.regions.setdefault(_name_key(name), code)
            places.regions.setdefault(_region_key(name), code)
        for gid, name, village in session.execute(
            select(MemberGroup.id, MemberGroup.name, MemberGroup.village_code).where(MemberGroup.deleted.is_(False))
        ):
            places.groups.setdefault(_name_key(name), []).append((gid, village))
        return places

    def village(self, value: Cell) -> tuple[str | None, Problem | None]:
        text = display_text(value)
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
        """(existing group id, name of a group to create, problem). A group the roll does not have yet is created
        by the import; the preview and the summary list those groups."""
        text = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", display_text(value))).strip()
        if not text:
            return None, None, None
        if len(text) > 50:
            return None, None, _too_long("group_id", 50)
        candidates = self.groups.get(_name_key(text), [])
        if candidates:
            same_village = [gid for gid, v in candidates if v == village]
            return (same_village or [candidates[0][0]])[0], None, None
        return None, text, None


def _compared_keys(raw: dict[str, Cell], values: dict[str, Any]) -> list[str]:
    """The stored columns a row speaks for: those of its filled cells (an empty cell leaves a member's value)."""
    keys: list[str] = []
    for key, cell in raw.items():
        if blank(cell):
            continue
        if key == "name":
            keys += ["name", "name_pinyin", "name_initials"]
        elif key == "id_number":
            keys += ["id_number"] + [k for k in ("birth_date", "sex") if values.get(k) is not None]
        elif key in EDITABLE:
            keys.append(key)
    return list(dict.fromkeys(keys))


def _digest(values: dict[str, Any]) -> int:
    """A fingerprint of a row's checked values, compared only between rows with the same ID number: two rows
    with the same one say the same thing (64 bits: a chance collision is out of reach)."""
    return hash(tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(values.items())))


# --- the rows of a file -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowRules:
    """Checks rows on their own: their cells, and the office's villages and groups they name (loaded once)."""

    mapped: tuple[tuple[int, str], ...]  # (column index, field key) of the mapped columns
    places: Places
    today: date

    @classmethod
    def for_mapping(cls, session: Session, mapping: ColumnMapping, today: date) -> RowRules:
        mapped = tuple((index, key) for index, key in sorted(mapping.columns.items()) if key is not None)
        return cls(mapped, Places.load(session), today)

    def check(self, chunk: Sequence[tuple[int, list[Cell]]]) -> list[RowResult]:
        """The chunk's rows checked one by one; `RowChecker.decide` then attaches their cells and compares them
        with the file and the roll."""
        return [self._check_row(number, cells) for number, cells in chunk]

    def _check_row(self, number: int, cells: list[Cell]) -> RowResult:
        raw = _raw(self.mapped, cells)
        fields: dict[str, object] = {k: v for k, v in raw.items() if k not in ("village_code", "group_id")}
        checked = check_member(fields, today=self.today)
        values = checked.values
        problems = checked.problems
        for key, limit in _LIMITS.items():
            text = values.get(key)
            if isinstance(text, str) and len(text) > limit and not any(p.field == key for p in problems):
                problems.append(_too_long(key, limit))
        compared = _compared_keys(raw, values)
        result = RowResult(row=number, cells=[], compared=compared, values=values, problems=problems)
        if "village_code" in raw:
            values["village_code"], problem = self.places.village(raw["village_code"])
            if problem is not None:
                problems.append(problem)
        if "group_id" in raw:
            values["group_id"], result.new_group, problem = self.places.group(
                raw["group_id"], values.get("village_code")
            )
            if problem is not None:
                problems.append(problem)
        if values.get("id_number"):
            result.digest = _digest(values)
        return result


class RowChecker:
    """Gives each checked row its status and action, chunk by chunk, comparing it with the file's earlier rows
    and with the roll as it was before the import.

    Remembers the first row of each ID number in the file. The members this import creates are not "already on
    the roll" for later rows: lookups read only the rows that were there before (lower rowids).
    """

    def __init__(self, session: Session, on_existing: OnExisting) -> None:
        if on_existing not in ("skip", "update"):
            raise ValueError(f"on_existing must be 'skip' or 'update', not {on_existing!r}")
        self.session = session
        self.on_existing = on_existing
        # Rows the import writes get higher rowids: the lookups read only the roll as it was before.
        rowid: ColumnElement[int] = literal_column("member.rowid")
        roll_end = session.execute(select(func.coalesce(func.max(rowid), 0)).select_from(Member)).scalar_one()
        self._before_import = rowid <= roll_end
        self._first_by_id: dict[str, tuple[int, int | None]] = {}  # ID number -> (row, digest of its values)

    def _in_file(self, r: RowResult) -> Problem | None:
        """A problem if an earlier row of the file has the same ID number; else remember this row as its first."""
        number = r.values.get("id_number")
        if not number:
            return None
        first = self._first_by_id.setdefault(number, (r.row, r.digest))
        if first == (r.row, r.digest):
            return None
        first_row, same = first[0], first[1] == r.digest
        return Problem(
            "id_number", "warning" if same else "error",
            f"与第 {first_row} 行的身份证号相同" + ("，内容也相同，本行不再导入。" if same
                                                    else "，但其他内容不同；请核对是哪一行填错了。"),
            f"Same ID number as row {first_row}" + (" and the same content; this row is skipped." if same
                                                      else ", but other cells differ; check which row is wrong."),
            "import.duplicate_in_file" if same else "import.conflict_in_file",
        )  # fmt: skip

    def decide(self, chunk: Sequence[tuple[int, list[Cell]]], rows: list[RowResult]) -> list[RowResult]:
        """Give the checked rows of the next chunk their cells, status and action (in place); returns them."""
        for (_number, cells), r in zip(chunk, rows, strict=True):
            r.cells = cells
        in_file = {r.row: problem for r in rows if (problem := self._in_file(r)) is not None}
        first_seen = [r.values["id_number"] for r in rows if r.values.get("id_number") and r.row not in in_file]
        existing = self._existing_by_id(first_seen)
        without_id = self._existing_without_id([r for r in rows if not r.values.get("id_number")])
        same_person = self._same_name_and_birth([r for r in rows if r.row not in in_file], existing)
        for r in rows:
            if r.row in in_file:
                r.problems.append(in_file[r.row])
            match = existing.get(r.values.get("id_number") or "") if r.row not in in_file else None
            if match is None and r.row in without_id:
                match = without_id[r.row]
                same_person.pop(r.row, None)
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
            r.changed = [k for k in r.compared if r.values.get(k) != match.get(k)]
            if r.new_group is not None and "group_id" not in r.changed:
                r.changed.append("group_id")
            if not r.changed:
                r.status, r.action = "unchanged", None
            elif self.on_existing == "skip":
                r.status, r.action = "duplicate", None
                r.problems.append(
                    Problem("id_number", "warning",
                            f"已在名册中（会员“{match['name']}”），按“跳过已有会员”的设置未导入；需要更新请选择“更新已有会员”。",
                            f"Already on the roll (member {match['name']}); skipped as asked. Choose 'update' to "
                            "change the member.", "import.already_on_roll", match["id"])
                )  # fmt: skip
            else:
                r.status, r.action = ("warning" if warned else "update"), "update"
        return rows

    def _existing_by_id(self, numbers: list[str]) -> dict[str, dict[str, Any]]:
        """Live members holding these ID numbers, with their editable values."""
        found: dict[str, dict[str, Any]] = {}
        columns = [Member.id, Member.deleted, *(getattr(Member, k) for k in EDITABLE)]
        for chunk in batched(numbers, _LOOKUP_CHUNK):
            # Only the ID number in SQL, so that its index is used however the planner judges `deleted`.
            stmt = select(*columns).where(Member.id_number.in_(_values(chunk)), self._before_import)
            for row in self.session.execute(stmt):
                if not row.deleted:
                    values = dict(row._mapping)
                    del values["deleted"]
                    found.setdefault(values["id_number"], values)
        return found

    def _existing_without_id(self, rows: list[RowResult]) -> dict[int, dict[str, Any]]:
        """Members on the roll without an ID number (group members, mostly) that rows without one stand for: the
        same name and member number, or the same name when the roll has only one such member of that name. A roll
        exported and imported again then updates them instead of adding them twice."""
        wanted = [r for r in rows if r.values.get("name")]
        if not wanted:
            return {}
        columns = [Member.id, Member.deleted, *(getattr(Member, k) for k in EDITABLE)]
        by_name: dict[str, list[dict[str, Any]]] = {}
        names = sorted({r.values["name"] for r in wanted})
        for chunk in batched(names, _LOOKUP_CHUNK):
            stmt = select(*columns).where(
                Member.id_number.is_(None), Member.name.in_(_values(chunk)), self._before_import
            )
            for row in self.session.execute(stmt):
                if not row.deleted:
                    values = dict(row._mapping)
                    del values["deleted"]
                    by_name.setdefault(values["name"], []).append(values)
        found: dict[int, dict[str, Any]] = {}
        for r in wanted:
            candidates = by_name.get(r.values["name"], [])
            number = r.values.get("member_no")
            same_no = [c for c in candidates if number and c.get("member_no") == number]
            if len(same_no) == 1:
                found[r.row] = same_no[0]
            elif not number and len(candidates) == 1:
                found[r.row] = candidates[0]
        return found

    def _same_name_and_birth(self, rows: list[RowResult], existing: dict[str, dict[str, Any]]) -> dict[int, Problem]:
        """Warnings for new rows whose name and date of birth match a member on the roll before this import (see
        `find_duplicates`)."""
        wanted = [
            r
            for r in rows
            if r.values.get("name") and r.values.get("birth_date") and (r.values.get("id_number") or "") not in existing
        ]
        people: dict[tuple[str, date | None], str] = {}
        births = sorted({r.values["birth_date"] for r in wanted})
        for chunk in batched(births, _LOOKUP_CHUNK):
            # Looked up by date of birth (indexed; a few members a day), matched by name here.
            stmt = select(Member.id, Member.name, Member.birth_date, Member.deleted).where(
                Member.birth_date.in_(_values(chunk)), self._before_import
            )
            for row in self.session.execute(stmt):
                if not row.deleted:
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


def _values(values: Sequence[object]) -> Any:
    """`values` as one bound parameter SQL reads as a list (`x IN (SELECT value FROM json_each(?))`): one
    statement to compile and one parameter to bind, however many values there are."""
    return select(func.json_each(json.dumps([str(v) for v in values])).table_valued("value").c.value).scalar_subquery()
