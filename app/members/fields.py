"""The member roll's fields: one list that the form, the Excel import and export, and the printed roster share.

Chinese labels follow the glossary and the registers offices keep; the import also accepts the synonyms offices
use for the same column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "date", "id_number", "phone", "choice", "roles", "group", "region"]


@dataclass(frozen=True)
class Field:
    """One column of the member roll."""

    key: str
    zh: str
    en: str
    kind: Kind = "text"
    synonyms: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", "Name", synonyms=("名字", "会员姓名", "姓 名")),
    Field("sex", "性别", "Sex", "choice"),
    Field("ethnicity", "民族", "Ethnicity"),
    Field("id_number", "身份证号", "ID number", "id_number", ("公民身份号码", "身份证号码", "身份证", "证件号码")),
    Field("birth_date", "出生日期", "Date of birth", "date", ("出生年月", "出生年月日", "生日")),
    Field("phone", "联系电话", "Phone", "phone", ("手机号码", "电话", "手机", "联系方式", "电话号码")),
    Field("address", "住址", "Address", synonyms=("家庭住址", "现住址", "地址", "居住地址")),
    Field("village_code", "所属村（居）", "Village", "region", ("村（居）", "村居", "所属村", "村别")),
    Field("member_no", "会员证号", "Member no.", synonyms=("会员编号", "会员号", "证号")),
    Field("joined_on", "入会时间", "Joined on", "date", ("入会日期", "入会年月")),
    Field("group_id", "所属小组", "Member group", "group", ("小组", "会员小组", "所在小组")),
    Field("roles", "职务", "Roles", "roles", ("会内职务", "担任职务")),
    Field("political_status", "政治面貌", "Political status"),
    Field("education", "文化程度", "Education", synonyms=("学历",)),
    Field("occupation", "职业", "Occupation", synonyms=("工作单位及职务",)),
    Field("status", "会员状态", "Status", "choice", ("状态",)),
    Field("migrant_status", "流动情况", "Migrant", "choice", ("流动人口", "是否流动")),
    Field("notes", "备注", "Notes", synonyms=("说明",)),
)
FIELD_BY_KEY = {field.key: field for field in FIELDS}

SEX_LABELS = {"M": ("男", "Male"), "F": ("女", "Female")}
STATUS_LABELS = {
    "active": ("在册", "Active"),
    "transferred_out": ("转出", "Transferred out"),
    "transferred_in": ("转入", "Transferred in"),
    "withdrawn": ("退会", "Withdrawn"),
    "removed": ("除名", "Removed"),
    "deceased": ("死亡", "Deceased"),
}
ROLE_LABELS = {
    "director": ("理事", "Director"),
    "president": ("会长", "President"),
    "vice_president": ("副会长", "Vice president"),
    "secretary_general": ("秘书长", "Secretary general"),
    "group_leader": ("会员小组长", "Group leader"),
    "hub_head": ("中心户长", "Hub household head"),
    "core_member": ("骨干会员", "Core member"),
}
MIGRANT_LABELS = {"none": ("否", "No"), "out": ("流出", "Moved out"), "in": ("流入", "Moved in")}
EVENT_LABELS = {
    "join": ("入会", "Joined"),
    "transfer_in": ("转入", "Transferred in"),
    "transfer_out": ("转出", "Transferred out"),
    "withdraw": ("退会", "Withdrew"),
    "remove": ("除名", "Removed"),
    "decease": ("死亡", "Died"),
}
# The status each event leaves a member in.
EVENT_STATUS = {
    "join": "active",
    "transfer_in": "transferred_in",
    "transfer_out": "transferred_out",
    "withdraw": "withdrawn",
    "remove": "removed",
    "decease": "deceased",
}


def label(labels: dict[str, tuple[str, str]], code: str | None, lang: str = "zh") -> str:
    """The word for `code` in the user's language; unknown codes are shown as they are."""
    if code is None:
        return ""
    words = labels.get(code)
    if words is None:
        return code
    return words[1] if lang.startswith("en") else words[0]


def code_for(labels: dict[str, tuple[str, str]], text: str) -> str | None:
    """The code whose Chinese or English word (or the code itself) is `text`; None if nothing matches."""
    wanted = text.strip().lower()
    for code, (zh, en) in labels.items():
        if wanted in (code, zh, en.lower()):
            return code
    return None
