"""Who sees what of a special family, their separate consent, and the person's rights (a full copy, anonymising).

Special families' records are sensitive personal information (PIPL Art. 28). The rules of design.md, enforced here:
- admins and county staff see every family; clerks see every family with health and bereavement details masked;
  volunteers see only the families they are paired with (a current pairing), masked the same way, and only the
  visits they recorded or went on;
- ID numbers and phones are masked for everyone unless revealed for a reason (admins and county staff), audited;
- only this office changes its own families (a record imported from another office is read-only here), only admins
  and clerks change them, every change is audited (field names, never values), and a family without recorded
  consent gets a warning with every change;
- an admin can hand a person a full copy of the family's data (access right) and anonymise a family whose purpose
  ended: the record keeps its counts (visits, categories, village) and loses who they were. Both are audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from app import audit
from app.accounts.users import EDITORS, Actor, require_role
from app.errors import AccessDenied, ValidationError
from app.privacy import require_reveal, wants_reveal
from app.validation import mask_id_number, mask_phone
from db.models import FamilyInsurance, FamilyPerson, Pairing, Site, SpecialFamily, Visit, VisitVisitor

if TYPE_CHECKING:
    import os

    from sqlalchemy.orm import Session

FAMILY_READERS = ("admin", "clerk", "volunteer", "county")
# Health and bereavement: masked for clerks and volunteers, shown to admins and county staff.
SENSITIVE_PERSON_FIELDS = ("health", "disability_category", "disability_grade", "disabled_on", "deceased_on")
MASK = "＊＊＊"
# What an edit may change (the registry's full form comes with the special-families screens).
EDITABLE_FAMILY_FIELDS = (
    "address", "living_arrangement", "assistance_status", "assistance_since", "township_liaison_name",
    "township_liaison_phone", "village_liaison_name", "village_liaison_phone", "doctor_contract",
    "doctor_contract_on", "priority_care", "needs", "notes", "closed_on", "closed_reason",
)  # fmt: skip
ANONYMOUS = "（已匿名）"
NO_CONSENT_WARNING = (
    "这个家庭还没有登记单独同意（日期、范围、签字人）；处理其敏感信息前请先取得书面同意并登记。",
    "This family has no recorded consent (date, scope, signer); obtain and record written consent before handling "
    "its sensitive data.",
)


def _not_visible() -> AccessDenied:
    return AccessDenied(
        "您无权查看这个家庭：志愿者只能查看与自己结对的家庭。",
        "You may not see this family: volunteers see only the families they are paired with.",
        code="access.family",
    )


def paired_family_ids(session: Session, actor: Actor, today: date | None = None) -> set[str]:
    """The families a volunteer is paired with today (none for a volunteer account not linked to a volunteer)."""
    if actor.volunteer_id is None:
        return set()
    today = today or date.today()
    rows = session.scalars(
        select(Pairing.family_id).where(
            Pairing.volunteer_id == actor.volunteer_id, Pairing.deleted.is_(False), Pairing.starts_on <= today,
            or_(Pairing.ends_on.is_(None), Pairing.ends_on >= today),
        )
    )  # fmt: skip
    return set(rows)


def require_family_access(session: Session, actor: Actor, family_id: str) -> SpecialFamily:
    """The live family `family_id`, if `actor` may see it."""
    require_role(actor, *FAMILY_READERS)
    family = session.get(SpecialFamily, family_id)
    if family is None or family.deleted:
        raise ValidationError("找不到这个家庭，可能已被删除。", "This family no longer exists.", code="family.missing")
    if actor.role == "volunteer" and family_id not in paired_family_ids(session, actor):
        raise _not_visible()
    return family


def visible_family_ids(session: Session, actor: Actor) -> list[str]:
    """The live families `actor` may see."""
    require_role(actor, *FAMILY_READERS)
    query = select(SpecialFamily.id).where(SpecialFamily.deleted.is_(False))
    if actor.role == "volunteer":
        query = query.where(SpecialFamily.id.in_(paired_family_ids(session, actor)))
    return list(session.scalars(query.order_by(SpecialFamily.id)))


@dataclass
class FamilyView:
    """A family as `actor` may see it: the family's fields and its people's, masked where the role says."""

    id: str
    family: dict[str, Any]
    people: list[dict[str, Any]] = field(default_factory=list)
    masked: bool = True


def _columns(record: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.key: getattr(record, c.key) for c in record.__table__.columns if c.key not in skip}


_SYNC_COLUMNS = ("owner_site", "rev_site", "rev_epoch", "rev_seq", "hlc", "created_at", "updated_at")


def view_family(session: Session, actor: Actor, family_id: str, *, reveal_reason: str | None = None) -> FamilyView:
    """What `actor` sees of the family; a reveal (admins and county staff, with a reason) shows everything, audited."""
    family = require_family_access(session, actor, family_id)
    reveal = wants_reveal(reveal_reason)
    if reveal:
        if actor.role not in ("admin", "county"):
            raise AccessDenied(
                "您的账户不能查看特殊家庭的完整信息。", "Your account may not see special families' full details.",
                code="access.reveal",
            )  # fmt: skip
        why = require_reveal(actor, reveal_reason)
        audit.record(session, actor.username, "reveal", tbl="special_family", record_id=family_id,
                     detail={"reason": why})  # fmt: skip
    hide_details = not reveal and actor.role in ("clerk", "volunteer")
    people = []
    for person in session.scalars(
        select(FamilyPerson).where(FamilyPerson.family_id == family_id, FamilyPerson.deleted.is_(False))
    ):
        values = _columns(person, _SYNC_COLUMNS)
        if not reveal:
            values["id_number"] = mask_id_number(values["id_number"]) or None
            values["phone"] = mask_phone(values["phone"]) or None
        if hide_details:
            for key in SENSITIVE_PERSON_FIELDS:
                if values[key] is not None:
                    values[key] = MASK
        people.append(values)
    values = _columns(family, _SYNC_COLUMNS)
    if not reveal:
        for key in ("township_liaison_phone", "village_liaison_phone"):
            values[key] = mask_phone(values[key]) or None
    if hide_details:
        values["needs"] = MASK if values["needs"] else None
    return FamilyView(family_id, values, people, masked=not reveal)


def visits_of(session: Session, actor: Actor, family_id: str) -> list[dict[str, Any]]:
    """The family's visits `actor` may see, newest first: every visit, or a volunteer's own."""
    require_family_access(session, actor, family_id)
    query = select(Visit).where(Visit.family_id == family_id, Visit.deleted.is_(False))
    if actor.role == "volunteer":
        went = select(VisitVisitor.visit_id).where(
            VisitVisitor.volunteer_id == actor.volunteer_id, VisitVisitor.deleted.is_(False)
        )
        query = query.where(or_(Visit.recorded_by == actor.username, Visit.id.in_(went)))
    return [_columns(v, _SYNC_COLUMNS) for v in session.scalars(query.order_by(Visit.visited_on.desc()))]


def own_family(session: Session, actor: Actor, family_id: str) -> SpecialFamily:
    """The family, if `actor` may change it: an admin or clerk, and a family this office owns."""
    require_role(actor, *EDITORS)
    family = require_family_access(session, actor, family_id)
    site = session.scalars(select(Site)).first()
    if site is not None and family.owner_site not in (None, site.id):
        raise AccessDenied(
            "这是从其他单位导入的记录，只能由其所属单位修改。",
            "This record was imported from another office; only that office can change it.",
            code="access.imported",
        )
    return family


def consent_warning(family: SpecialFamily) -> str | None:
    """The warning every edit of a family without recorded consent gets (Chinese; `NO_CONSENT_WARNING` has both)."""
    if family.consent_on and family.consent_scope and family.consent_signer:
        return None
    return NO_CONSENT_WARNING[0]


def update_family(session: Session, actor: Actor, family_id: str, changes: dict[str, Any]) -> list[str]:
    """Change the family's fields; returns the warnings to show (no consent recorded). Audited by field name."""
    family = own_family(session, actor, family_id)
    unknown = sorted(set(changes) - set(EDITABLE_FAMILY_FIELDS))
    if unknown:
        raise ValueError(f"not editable here: {unknown}")
    changed = sorted(key for key, value in changes.items() if getattr(family, key) != value)
    for key in changed:
        setattr(family, key, changes[key])
    if changed:
        audit.record(session, actor.username, "record_change", tbl="special_family", record_id=family_id,
                     detail={"fields": changed})  # fmt: skip
    warning = consent_warning(family)
    return [warning] if warning else []


def record_consent(session: Session, actor: Actor, family_id: str, on: date, scope: str, signer: str) -> None:
    """Record the family's separate consent (PIPL Art. 29): the date, what it covers and who signed."""
    family = own_family(session, actor, family_id)
    scope, signer = scope.strip(), signer.strip()
    if not scope or not signer:
        raise ValidationError(
            "请填写同意的范围和签字人。", "Give the scope of the consent and who signed it.", code="consent.missing"
        )
    if on > date.today():
        raise ValidationError(
            "同意日期不能晚于今天。", "The consent date cannot be in the future.", code="consent.future"
        )
    family.consent_on, family.consent_scope, family.consent_signer = on, scope[:200], signer[:50]
    audit.record(session, actor.username, "record_change", tbl="special_family", record_id=family_id,
                 detail={"fields": ["consent_on", "consent_scope", "consent_signer"]})  # fmt: skip


def export_personal_copy(
    session: Session, actor: Actor, family_id: str, out_path: str | os.PathLike[str], reason: str
) -> int:
    """Write everything the office holds on the family to a workbook for the person (access right); admins only.

    One sheet each: the family, its people, insurance, visits. Values in full: it is their own data. Audited with
    the reason; returns the number of rows written.
    """
    from openpyxl import Workbook

    from app.files import replacing

    require_role(actor, "admin")
    why = require_reveal(actor, reason)
    family = require_family_access(session, actor, family_id)
    book = Workbook(write_only=True)
    rows = 0

    def sheet(title: str, records: list[dict[str, Any]]) -> None:
        nonlocal rows
        ws = book.create_sheet(title)
        if not records:
            ws.append(["（无）"])
            return
        keys = list(records[0])
        ws.append(keys)
        for record in records:
            ws.append([_cell(record[k]) for k in keys])
            rows += 1

    sheet("家庭", [_columns(family, _SYNC_COLUMNS)])
    for title, model in (("家庭成员", FamilyPerson), ("保险", FamilyInsurance)):
        query = select(model).where(model.family_id == family_id, model.deleted.is_(False))
        sheet(title, [_columns(record, _SYNC_COLUMNS) for record in session.scalars(query)])
    sheet("走访记录", visits_of(session, actor, family_id))
    with replacing(Path(out_path)) as partial:
        book.save(partial)
    audit.record(session, actor.username, "access_copy", tbl="special_family", record_id=family_id,
                 detail={"file": Path(out_path).name, "reason": why, "rows": rows})  # fmt: skip
    return rows


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never a formula
    return value


def anonymise_family(session: Session, actor: Actor, family_id: str, reason: str, today: date | None = None) -> None:
    """Remove who the family's people are, keep what was done (categories, village, visits and their counts).

    Admins only, for the office's own families, with a reason; audited. Names become "（已匿名）"; ID numbers,
    phones, addresses, birth dates, liaisons, consent signer, needs, notes and the free text of visits are cleared.
    """
    require_role(actor, "admin")
    family = own_family(session, actor, family_id)
    if not reason.strip():
        raise ValidationError("请说明匿名化的原因。", "Give the reason for anonymising.", code="anonymise.reason")
    if family.anonymised_on is not None:
        raise ValidationError("这个家庭已经匿名化。", "This family is already anonymised.", code="anonymise.done")
    for person in session.scalars(select(FamilyPerson).where(FamilyPerson.family_id == family_id)):
        person.name, person.name_pinyin, person.name_initials = ANONYMOUS, "", ""
        person.id_number = person.phone = person.address = person.ethnicity = person.health = None
        person.birth_date = None
        person.member_id = None
    for key in ("address", "township_liaison_name", "township_liaison_phone", "village_liaison_name",
                "village_liaison_phone", "needs", "notes", "consent_signer"):  # fmt: skip
        setattr(family, key, None)
    family.household_id = None
    for visit in session.scalars(select(Visit).where(Visit.family_id == family_id)):
        visit.content = visit.state_found = visit.needs_found = visit.followup_action = visit.followup_owner = None
    family.anonymised_on = today or date.today()
    audit.record(session, actor.username, "anonymise", tbl="special_family", record_id=family_id,
                 detail={"reason": reason.strip()[:200]})  # fmt: skip
