"""The words for the special families' codes, (Chinese, English), as glossary.md has them: one place for the
screens, the printed files and the workbooks. Plain Python (no database module), so the GUI can import it at once.

A code without words (an office's own insurance kind, typed in) is shown as it was stored.
"""

from __future__ import annotations

from collections.abc import Iterable

LIST_SEPARATOR = "、"
DEFAULT_CONTACT_DAYS = 30  # a family not visited for this many days is listed as "not contacted"
# The "village" of the families with none recorded, where a village code is asked for (a region code is 12 digits).
NO_VILLAGE_CODE = "-"
NONE = "—"  # an empty cell of a printed table or workbook: "nothing yet", not "forgotten"

CATEGORY_LABELS = {
    "child_deceased": ("独生子女死亡", "only child deceased"),
    "child_disabled": ("独生子女伤残", "only child disabled"),
    "surgery_complication": ("计划生育手术并发症", "family-planning surgery complication"),
}
# The five items of the yearly 五个一, in the order every checklist shows them.
ITEM_LABELS = {
    "condolence_visit": ("走访慰问", "Condolence visit"),
    "volunteer_home_service": ("志愿者上门服务", "Volunteer home service"),
    "group_activity": ("集体交流活动", "Group activity"),
    "psych_support": ("心理疏导", "Psychological support"),
    "insurance": ("保险保障", "Insurance"),
}
ITEMS = tuple(ITEM_LABELS)
KIND_LABELS = {
    "condolence_visit": ("走访慰问", "condolence visit"),
    "volunteer_home_service": ("志愿者上门服务", "volunteer home service"),
    "group_activity": ("集体交流活动", "group activity"),
    "psych_support": ("心理疏导", "psychological support"),
    "insurance": ("保险保障", "insurance"),
    "holiday_visit": ("节日慰问", "holiday visit"),
    "phone_call": ("电话问候", "phone call"),
    "emergency": ("应急探视", "emergency visit"),
    "other": ("其他", "other"),
}
ASSISTANCE_LABELS = {
    "none": ("未纳入", "not included"),
    "eligible": ("符合条件", "eligible"),
    "receiving": ("正在享受", "receiving"),
    "suspended": ("暂停发放", "suspended"),
    "stopped": ("停止发放", "stopped"),
}
INSURANCE_LABELS = {
    "inpatient_care_insurance": ("住院护理补贴保险", "inpatient-care allowance insurance"),
    "family_accident_insurance": ("计划生育家庭意外伤害保险", "family-planning family accident insurance"),
}
ACTIVITY_LABELS = {
    "group_activity": ("集体交流活动", "group activity"),
    "members_day": ("5·29会员活动日", "members' day"),
    "training": ("培训", "training"),
    "publicity": ("宣传活动", "publicity"),
    "free_clinic": ("义诊", "free clinic"),
    "other": ("其他活动", "other activity"),
}
FIVE_CARES_LABELS = {
    "life": ("生活关怀", "life care"),
    "spiritual": ("精神关怀", "spiritual care"),
    "elderly": ("养老关怀", "elderly care"),
    "health": ("健康关怀", "health care"),
    "rebirth": ("再生育关怀", "re-birth care"),
    "advocacy": ("关爱倡导", "advocacy"),
}
ROLE_LABELS = {"father": ("父亲", "father"), "mother": ("母亲", "mother"), "child": ("子女", "child")}
SEX_LABELS = {"M": ("男", "male"), "F": ("女", "female")}
GRADE_WORDS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}  # disability grades, 1 the most severe


def word(labels: dict[str, tuple[str, str]], code: str | None) -> str:
    """The Chinese word for `code`, the code itself if it has none, "" for None."""
    if code is None:
        return ""
    return labels[code][0] if code in labels else code


def words(labels: dict[str, tuple[str, str]], codes: Iterable[str] | None) -> str:
    """Several codes in words, joined by "、"."""
    return LIST_SEPARATOR.join(word(labels, code) for code in codes or ())


def categories_text(categories: Iterable[str] | None) -> str:
    """A family's categories in words."""
    return words(CATEGORY_LABELS, categories)


def kind_text(kind: str) -> str:
    """A kind of visit in words."""
    return word(KIND_LABELS, kind)


def assistance_text(status: str | None, since: int | None) -> str:
    """The special assistance's status, with the year it started where there is one: "正在享受（2015 年起）"."""
    text = word(ASSISTANCE_LABELS, status) or word(ASSISTANCE_LABELS, "none")
    return f"{text}（{since} 年起）" if since and status != "none" else text


def yes_no(value: bool | None) -> str:
    return "是" if value else "否"


def disability_text(category: str | None, grade: int | None) -> str:
    """A disability in words: "肢体 二级"."""
    return " ".join(part for part in (category, GRADE_WORDS.get(grade or 0)) if part)
