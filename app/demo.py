"""The demo office: a realistic township (or the site already set up) filled with invented people and records.

Everything is invented, but shaped like a real office's data so that screens, reports, search and sync can be tried
on it: villages and member groups under the township, members with Chinese names and valid ID numbers, liaison
households, special families with their parents and child, insurance, a year of visits, volunteers in teams,
activities with attendance.

The same seed, member count and `today` give the same records, ids included; only the sync columns (change
numbers, clock values, timestamps) differ from run to run. Every row goes in through ORM bulk inserts in one unit
of work, so the change log records each one and a cancel leaves the database as it was.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select

from app.database import Database
from app.progress import NoProgress, Progress, check_cancelled
from app.site import SiteInfo, SiteSetup, get_site, region_level, set_up_site
from app.validation.id_number import make_id_number
from app.validation.pinyin import name_pinyin
from db.base import Base, is_syncable
from db.engine import refresh_statistics
from db.models import (
    Activity,
    ActivityAttendance,
    ContactLog,
    FamilyInsurance,
    FamilyPerson,
    Household,
    HouseholdMember,
    Member,
    MemberGroup,
    MemberStatusEvent,
    Pairing,
    Region,
    SpecialFamily,
    Visit,
    VisitVisitor,
    Volunteer,
    VolunteerRecord,
    VolunteerTeam,
)
from db.models.families import FIVE_CARES, FIVE_ONES
from db.models.members import MEMBER_ROLES
from db.models.search import member_grams_deferred

DEFAULT_SITE = SiteSetup(name="示范镇计生协", level="township", region_code="441423101000")
CHUNK_ROWS = 5000

Row = dict[str, Any]

# The bits `uuid.UUID(..., version=4)` clears and sets: the version nibble and the RFC 4122 variant.
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


def _expand[T](options: Sequence[tuple[T, float]], scale: float = 1) -> tuple[T, ...]:
    """A weighted choice as a table to pick from uniformly: each option repeated as often as its weight."""
    return tuple(value for value, weight in options for _ in range(round(weight * scale)))


@dataclass(frozen=True)
class DemoSummary:
    """What the demo put in the database: rows added per table."""

    counts: dict[str, int]


def build_demo(
    db: Database,
    *,
    members: int,
    seed: int,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
    site: SiteSetup | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Fill `db` with a demo office of `members` members, in one transaction.

    A database without a site is first set up as `site` (a township by default) and marked as a demo; a database
    that has a site gets the demo records under it. Cancelling through `progress` raises `CancelledError` and
    leaves the database as it was, site included.
    """
    if members < 0:
        raise ValueError("members must not be negative")
    today = today or date.today()
    with _gc_paused(), db.unit_of_work() as session:
        info = get_site(session)
        created_site = info is None
        if info is None:
            info = set_up_site(session, site or DEFAULT_SITE, is_demo=True)
        known_regions = {code: name for code, name in session.execute(select(Region.code, Region.name))}
        check_cancelled(progress)
        plan = _Generator(seed=seed, today=today, site=info, known_regions=known_regions).generate(members)
        check_cancelled(progress)

        progress.start(sum(len(rows) for _, rows in plan.tables))
        counts: dict[str, int] = {"site": 1 if created_site else 0}
        logged = 0
        with member_grams_deferred(session.connection()):
            for model, rows in plan.tables:
                # Without render_nulls the ORM leaves out each row's None values and splits a chunk into one
                # statement per pattern of missing columns: thousands of small batches instead of one.
                stmt = insert(model).execution_options(render_nulls=True)
                for start in range(0, len(rows), CHUNK_ROWS):
                    check_cancelled(progress)
                    chunk = rows[start : start + CHUNK_ROWS]
                    session.execute(stmt, chunk)
                    progress.advance(len(chunk))
                table = model.__tablename__
                counts[table] = counts.get(table, 0) + len(rows)
                if is_syncable(model):
                    logged += len(rows)
        check_cancelled(progress)
        counts["change_log"] = logged
        refresh_statistics(session.connection())
    return DemoSummary(counts=counts)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a while.

    The demo holds a few hundred thousand row dicts at once; each full collection would walk all of them, about a
    sixth of the run time at 100,000 members. The rows form no cycles, so nothing is lost by waiting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- invented names, places and words -----------------------------------------------------------------------

# Common surnames with their rough share of the population (per mille), most frequent first.
_SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 55), ("陈", 46), ("杨", 31), ("赵", 23), ("黄", 22), ("周", 21),
    ("吴", 20), ("徐", 16), ("孙", 15), ("胡", 13), ("朱", 13), ("高", 12), ("林", 12), ("何", 11), ("郭", 11),
    ("马", 11), ("罗", 9), ("梁", 8), ("宋", 8), ("郑", 8), ("谢", 7), ("韩", 6), ("唐", 6), ("冯", 6), ("于", 6),
    ("董", 5), ("肖", 5), ("程", 5), ("曹", 5), ("袁", 5), ("邓", 5), ("许", 5), ("傅", 4), ("沈", 4), ("曾", 4),
    ("彭", 4), ("吕", 4), ("苏", 4), ("卢", 4), ("蒋", 4), ("蔡", 4), ("贾", 4), ("丁", 3), ("魏", 3), ("薛", 3),
    ("叶", 3), ("阎", 3), ("余", 3), ("潘", 3), ("杜", 3), ("戴", 3), ("夏", 3), ("钟", 3), ("汪", 3), ("田", 3),
    ("任", 3), ("姜", 3), ("范", 3), ("方", 3), ("石", 3), ("姚", 3), ("谭", 3), ("廖", 2), ("邹", 2), ("熊", 2),
    ("金", 2), ("陆", 2), ("郝", 2), ("孔", 2), ("白", 2), ("崔", 2), ("康", 2), ("毛", 2), ("邱", 2), ("秦", 2),
    ("江", 2), ("史", 2), ("顾", 2), ("侯", 2), ("邵", 2), ("孟", 2), ("龙", 2), ("万", 2), ("段", 2), ("雷", 2),
    ("钱", 2), ("汤", 2), ("尹", 2), ("黎", 2), ("易", 2), ("常", 2), ("武", 2), ("乔", 2), ("贺", 2), ("赖", 2),
    ("龚", 2), ("文", 2), ("覃", 1), ("单", 0.3), ("欧阳", 0.3), ("司马", 0.1), ("上官", 0.1),
)  # fmt: skip

# Given names by sex and by the generation they are typical of (born before 1965, 1965-1984, from 1985).
_GIVEN: dict[tuple[str, int], tuple[str, ...]] = {
    ("M", 0): (
        "建国", "国庆", "建华", "建军", "志强", "德福", "福生", "永福", "桂林", "金山", "长春", "德明", "玉山",
        "振华", "树林", "文华", "学文", "庆丰", "胜利", "解放", "有才", "荣华", "忠", "福", "贵", "明", "强",
        "发", "顺", "祥", "卫东", "红军", "援朝", "和平", "跃进", "光明", "国强", "家兴", "守业", "宝山",
    ),
    ("F", 0): (
        "秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "秀珍", "玉梅", "桂芳", "秀云", "素珍",
        "玉英", "淑英", "凤兰", "桂珍", "秀芳", "翠英", "金凤", "秀梅", "玉芬", "淑兰", "春梅", "冬梅", "英",
        "兰", "珍", "芬", "梅", "菊", "凤", "红英", "爱华", "爱珍", "美英", "月英", "翠兰", "玉凤", "秀莲",
    ),
    ("M", 1): (
        "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "刚", "平", "辉", "鹏", "华", "飞", "波", "建平",
        "海涛", "海波", "志刚", "志勇", "志明", "小军", "小平", "小龙", "文斌", "文军", "永强", "永刚", "建新",
        "俊峰", "晓东", "晓明", "卫国", "立新", "红兵", "国平", "海燕", "春生", "冬生",
    ),
    ("F", 1): (
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "红", "梅", "琴", "云", "萍", "丽娟", "丽华",
        "海燕", "小红", "小燕", "小梅", "晓红", "晓燕", "春燕", "春霞", "红梅", "丽萍", "美玲", "秀丽", "艳红",
        "桂香", "雪梅", "玉洁", "金玲", "翠萍", "丽芳", "凤霞", "爱玲", "慧", "莉",
    ),
    ("M", 2): (
        "浩", "宇", "鑫", "帅", "旭", "凯", "健", "俊", "博", "晨", "浩然", "宇航", "子豪", "俊杰", "家豪", "志豪",
        "嘉伟", "思远", "文博", "明轩", "泽宇", "天佑", "一鸣", "宇轩", "振宇", "鹏飞", "昊天", "晨阳", "子轩",
        "浩宇", "博文", "建宇", "梓豪", "俊宇", "家乐", "睿", "涵", "峻", "航", "毅",
    ),
    ("F", 2): (
        "婷", "倩", "雪", "颖", "佳", "琳", "欣", "悦", "璐", "洁", "欣怡", "思雨", "雨欣", "佳怡", "梓涵",
        "诗涵", "静怡", "婉婷", "雅琪", "梦瑶", "雨涵", "紫涵", "可欣", "佳琪", "心怡", "晓雯", "丹丹", "婷婷",
        "倩倩", "晶晶", "思琪", "雅婷", "慧敏", "嘉欣", "若曦", "一诺", "语嫣", "玥", "萌", "瑶",
    ),
}  # fmt: skip

_VILLAGE_NAMES = (
    "东坑", "西岭", "南塘", "北山", "石桥", "新屋", "上围", "下围", "黄沙", "大坪", "长岭", "高陂", "龙岗", "凤凰",
    "白石", "青山", "桃源", "柳溪", "梅岭", "竹园", "杨梅", "枫树", "莲塘", "荷田", "下洋", "上洋", "中和", "永安",
    "太平", "仁里", "福田", "和平", "光明", "新华", "团结", "前进", "红星", "金坑", "银湖", "水口", "塘头", "坪上",
    "岭下", "田心", "湖洋", "河东", "河西", "樟树", "松林", "双溪",
)  # fmt: skip
_TOWNSHIP_NAMES = (
    "城关镇", "新安镇", "永和镇", "石门镇", "大安乡", "高桥镇", "清溪镇", "长乐镇", "白沙镇", "青龙乡",
    "黄坡镇", "龙潭镇", "马鞍镇", "三江镇", "古城镇", "金溪乡", "桥头镇", "沙河镇", "石鼓镇", "凤山乡",
)  # fmt: skip
# Counties elsewhere (GB/T 2260) where some residents' ID numbers were issued.
_OTHER_COUNTIES = ("440105", "445122", "441481", "360722", "430521", "450881", "510722", "420921", "350521", "441622")
_PLACES = (
    "广东省深圳市宝安区", "广东省东莞市", "广东省广州市白云区", "广东省佛山市南海区", "浙江省宁波市鄞州区",
    "浙江省温州市", "福建省厦门市集美区", "上海市闵行区", "江苏省苏州市昆山市", "江西省赣州市",
    "湖南省郴州市", "广西壮族自治区贺州市",
)  # fmt: skip
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "186", "187", "188",
    "189", "191", "198", "199",
)  # fmt: skip
_ETHNICITIES = _expand(
    (
        ("汉族", 960),
        ("壮族", 8),
        ("瑶族", 8),
        ("畲族", 8),
        ("回族", 5),
        ("苗族", 5),
        ("土家族", 4),
        ("满族", 2),
    )
)
_POLITICAL = _expand((("群众", 84), ("中共党员", 12), ("共青团员", 4)))
_EDUCATION = _expand((("小学", 22), ("初中", 38), ("高中", 16), ("中专", 8), ("大专", 9), ("本科", 6), ("研究生", 1)))
_OCCUPATIONS = _expand(
    (
    ("农民", 45), ("务工", 15), ("个体户", 9), ("工人", 6), ("教师", 3), ("医生", 2), ("村干部", 2), ("退休", 12),
    ("家务", 6),
)
)  # fmt: skip
_GROUP_MEMBER_KINDS = (("农民专业合作社", "93"), ("卫生室", "12"), ("小学", "12"), ("幼儿园", "52"))
_CN_DIGITS = "零一二三四五六七八九"

# Relations to the household head (GB/T 4761): spouse, children, parents, grandchildren.
_HUSBAND, _WIFE = "11", "12"
_ONLY_SON, _ONLY_DAUGHTER = "21", "31"
_SONS, _DAUGHTERS = ("22", "23"), ("32", "33")
_MOTHER = "52"
_GRANDSON, _GRANDDAUGHTER = "41", "42"

_DISABILITY_CATEGORIES = ("肢体", "智力", "精神", "视力", "听力", "言语", "多重")
_HEALTH = ("良好", "良好", "高血压", "糖尿病", "冠心病", "慢性支气管炎", "关节炎", "行动不便", "长期服药")
_LIVING = ("夫妻同住", "夫妻同住", "夫妻同住", "独居", "与亲属同住", "入住养老机构")
_NEEDS = ("定期健康体检", "心理慰藉", "生活照料", "养老保障", "就医陪护", "节日慰问", "住房修缮")
_INSURERS = ("中国人寿保险", "中国人民财产保险", "中华联合财产保险")
_CONTACT_TEXT = (
    "入户了解家庭近况，宣传计划生育奖励扶助政策。",
    "电话询问老人身体情况，提醒按时体检。",
    "微信联系，转发优生优育和健康知识。",
    "了解外出务工人员返乡情况，登记联系方式。",
    "宣传5·29会员活动日义诊安排，邀请参加。",
    "了解孩子入学情况，宣传助学政策。",
)
_ISSUES = (
    "反映老人看病报销手续繁琐。",
    "希望帮忙联系家庭医生上门。",
    "咨询独生子女父母奖励金发放时间。",
    "房屋年久失修，希望协调帮助。",
    "家中老人需要定期送药。",
)
_VISIT_TEXT: dict[str, tuple[str, ...]] = {
    "condolence_visit": ("上门走访慰问，送去慰问金和米油。", "走访慰问，陪老人聊家常，了解生活困难。"),
    "holiday_visit": ("春节前走访慰问，送上年货和慰问金。", "重阳节上门慰问，送去节日问候。"),
    "volunteer_home_service": ("志愿者上门打扫卫生、整理房间。", "志愿者上门陪伴聊天，代购生活用品。"),
    "psych_support": ("心理咨询师上门开展心理疏导。", "开展一对一心理陪伴，倾听老人心声。"),
    "insurance": ("为家庭办理住院护理补贴保险并送达保单。", "送上计划生育家庭意外伤害保险保单，讲解理赔流程。"),
    "phone_call": ("电话问候，了解近期身体和情绪。", "电话联系，提醒参加集体活动。"),
    "emergency": ("得知老人突发疾病住院，立即到医院探望并协助办理手续。",),
    "other": ("协助办理特别扶助金年审材料。", "陪同老人到镇卫生院体检。"),
}
_VISIT_CARES: dict[str, tuple[str, ...]] = {
    "condolence_visit": ("life", "spiritual"),
    "holiday_visit": ("life", "spiritual"),
    "volunteer_home_service": ("life", "elderly"),
    "psych_support": ("spiritual",),
    "insurance": ("life", "health"),
    "phone_call": ("spiritual",),
    "emergency": ("health", "life"),
    "other": ("advocacy",),
}
_VISIT_HOURS: dict[str, tuple[float, ...]] = {
    "condolence_visit": (1.0, 1.5, 2.0),
    "holiday_visit": (1.0, 1.5),
    "volunteer_home_service": (2.0, 2.5, 3.0, 4.0),
    "psych_support": (1.5, 2.0),
    "insurance": (0.5, 1.0),
    "phone_call": (0.5,),
    "emergency": (3.0, 4.0, 6.0),
    "other": (1.0, 2.0),
}
_STATE_FOUND = (
    "老两口身体尚可，情绪较稳定。",
    "女方患高血压，按时服药，生活能自理。",
    "男方行动不便，需要生活照料。",
    "情绪低落，思念孩子，需持续心理疏导。",
    "家中整洁，生活规律，精神状态良好。",
    "孩子病情稳定，家人照护压力较大。",
)
_NEEDS_FOUND = (
    "希望家庭医生上门体检。",
    "房屋漏雨，需协调修缮。",
    "希望多参加集体活动。",
    "需要代购常用药品。",
    "希望了解养老保险政策。",
)
_FOLLOWUPS = ("联系家庭医生上门体检", "协调村委会修缮房屋", "代购药品送上门", "协助申请临时救助")


@dataclass
class _Village:
    code: str
    name: str
    township: str  # the township's name for addresses, "" when unknown
    township_code: str
    clans: tuple[str, ...]  # the village's big surnames
    groups: list[Row] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # indexes into the member rows
    squadron_id: str | None = None


@dataclass
class _Plan:
    """Rows to insert, model by model, parents before children."""

    tables: list[tuple[type[Base], list[Row]]]


class _Generator:
    """Invents the records of one demo office from a seed; no database access."""

    def __init__(self, *, seed: int, today: date, site: SiteInfo, known_regions: dict[str, str]) -> None:
        self.rng = random.Random(seed)
        # Ids come from their own stream, so that adding a column to the data never changes every id.
        self._id_rng = random.Random(f"fpa-demo-ids:{seed}")
        self.today = today
        self.site = site
        self.known_regions = known_regions
        self.county_code = site.region_code[:6]
        self._ids_taken: set[str] = set()
        self._liaisons: dict[str, list[Row]] = {}
        self._phones_taken: set[str] = set()
        # Birth-date ordinal ranges per age.
        self._age_range = {age: self._birth_range(age) for age in range(0, 100)}

    # --- identity helpers ---------------------------------------------------------------------------------

    def new_id(self) -> str:
        """A random (version 4) UUID from the seed: `str(uuid.UUID(int=bits, version=4))`, formatted directly."""
        bits = self._id_rng.getrandbits(128) & _UUID_CLEAR | _UUID_SET
        text = f"{bits:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def pick[T](self, options: Sequence[T]) -> T:
        """One of `options`, uniformly; cheaper than `Random.choice` in the loops that make every person."""
        return options[int(self.rng.random() * len(options))]

    def between(self, low: int, high: int) -> int:
        """An integer from `low` to `high` inclusive, uniformly; cheaper than `Random.randint`."""
        return low + int(self.rng.random() * (high - low + 1))

    def _birth_range(self, age: int) -> tuple[int, int]:
        """Ordinals of the first and last birth dates that make someone `age` years old today."""
        latest = _years_before(self.today, age)
        earliest = _years_before(self.today, age + 1) + timedelta(days=1)
        return earliest.toordinal(), latest.toordinal()

    def birth_for_age(self, age: int) -> date:
        lo, hi = self._age_range[age]
        return date.fromordinal(self.between(lo, hi))

    def surname(self, clans: Sequence[str] = ()) -> str:
        if clans and self.rng.random() < 0.45:
            return self.pick(clans)
        return self.pick(_SURNAME_TABLE)

    def given_name(self, sex: str, birth_year: int) -> str:
        era = 0 if birth_year < 1965 else 1 if birth_year < 1985 else 2
        return self.pick(_GIVEN[sex, era])

    def id_number(self, sex: str, birth: date, *, local: float = 0.9) -> str:
        region = self.county_code if self.rng.random() < local else self.pick(_OTHER_COUNTIES)
        parity = 1 if sex == "M" else 0
        while True:
            value = make_id_number(region, birth, int(self.rng.random() * 500) * 2 + parity)
            if value not in self._ids_taken:
                self._ids_taken.add(value)
                return value

    def phone(self) -> str:
        while True:
            value = f"{self.pick(_MOBILE_PREFIXES)}{int(self.rng.random() * 100_000_000):08d}"
            if value not in self._phones_taken:
                self._phones_taken.add(value)
                return value

    def address(self, village: _Village, group_no: int | None = None) -> str:
        group = f"{_cn_number(group_no)}组" if group_no else ""
        return f"{village.township}{village.name}{group}{self.between(1, 199)}号"

    def person(
        self,
        village: _Village,
        *,
        sex: str | None = None,
        age: int | None = None,
        birth: date | None = None,
        surname: str | None = None,
        group_no: int | None = None,
        phone: bool = True,
    ) -> Row:
        """The person core (see `db.base.Person`) of someone invented who lives in `village`."""
        rng = self.rng
        sex = sex or ("F" if rng.random() < 0.55 else "M")
        if birth is None:
            birth = self.birth_for_age(age if age is not None else self.between(30, 70))
        name = (surname or self.surname(village.clans)) + self.given_name(sex, birth.year)
        full, initials = name_pinyin(name)
        return {
            "name": name,
            "name_pinyin": full,
            "name_initials": initials,
            "sex": sex,
            "ethnicity": self.pick(_ETHNICITIES),
            "id_number": self.id_number(sex, birth),
            "birth_date": birth,
            "phone": self.phone() if phone else None,
            "address": self.address(village, group_no),
        }

    def date_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return date.fromordinal(self.between(first.toordinal(), last.toordinal()))

    def member_age(self) -> int:
        """An age from 18 to 85, weighted like a rural member roll (most members are 40 to 70)."""
        return self.between(*self.pick(_AGE_BUCKETS))

    # --- the office ---------------------------------------------------------------------------------------

    def generate(self, members: int) -> _Plan:
        regions, villages = self.villages(members)
        member_rows, events = self.members(villages, members)
        groups = [g for v in villages for g in v.groups]
        teams, volunteers, records = self.volunteers(villages, member_rows, members)
        households, household_members, contacts = self.households(villages, member_rows, members)
        family = self.families(villages, member_rows, volunteers, households, household_members, members)
        activities, attendance = self.activities(villages, member_rows, volunteers, family.open_families)
        return _Plan(
            [
                (Region, regions),
                (MemberGroup, groups),
                (Member, member_rows),
                (MemberStatusEvent, events),
                (Household, households),
                (HouseholdMember, household_members),
                (ContactLog, contacts),
                (VolunteerTeam, teams),
                (Volunteer, volunteers),
                (VolunteerRecord, records),
                (SpecialFamily, family.families),
                (FamilyPerson, family.persons),
                (FamilyInsurance, family.insurance),
                (Pairing, family.pairings),
                (Visit, family.visits),
                (VisitVisitor, family.visitors),
                (Activity, activities),
                (ActivityAttendance, attendance),
            ]
        )

    def villages(self, members: int) -> tuple[list[Row], list[_Village]]:
        """The villages the records live in, with their member groups, and the region rows this site lacks."""
        rng = self.rng
        code = self.site.region_code
        level = region_level(code)
        regions: list[Row] = []
        villages: list[_Village] = []

        def add_region(rcode: str, name: str, rlevel: str, parent: str | None) -> None:
            if rcode not in self.known_regions:
                self.known_regions[rcode] = name
                regions.append({"code": rcode, "name": name, "level": rlevel, "parent_code": parent})

        if level == "village":
            name = _strip_office(self.known_regions.get(code) or self.site.name)
            township = _strip_office(self.known_regions.get(code[:9] + "000", ""))
            villages.append(_Village(code, name, township, code[:9] + "000", self._clans()))
        else:
            if level == "township":
                townships = [(code, _strip_office(self.site.name))]
            else:
                count = max(1, min(len(_TOWNSHIP_NAMES), members // 15000 + 1))
                names = rng.sample(_TOWNSHIP_NAMES, count)
                townships = [(f"{code[:6]}{100 + i:03d}000", names[i]) for i in range(count)]
                for tcode, tname in townships:
                    add_region(tcode, tname, "township", code)
            total = max(3, min(40 * len(townships), 3 + members // 3000))
            for t, (tcode, tname) in enumerate(townships):
                share = total // len(townships) + (1 if t < total % len(townships) else 0)
                names = rng.sample(_VILLAGE_NAMES, max(1, min(share, len(_VILLAGE_NAMES))))
                for i, vname in enumerate(names):
                    vcode = f"{tcode[:9]}{201 + i:03d}"
                    villages.append(_Village(vcode, f"{vname}村", tname, tcode, self._clans()))
                    add_region(vcode, f"{vname}村", "village", tcode)
        return regions, villages

    def _clans(self) -> tuple[str, ...]:
        return tuple(self.surname() for _ in range(self.between(1, 2)))

    def members(self, villages: list[_Village], count: int) -> tuple[list[Row], list[Row]]:
        """The member roll, its groups' leaders and officers, and the status history of members who changed."""
        rng = self.rng
        today = self.today
        weights = [rng.uniform(0.5, 1.5) for _ in villages]
        placed = rng.choices(range(len(villages)), weights=weights, k=count)
        per_village = [0] * len(villages)
        for v in placed:
            per_village[v] += 1
        for village, n in zip(villages, per_village, strict=True):
            for g in range(1, max(3, min(15, n // 60 + 2)) + 1):
                village.groups.append(
                    {
                        "id": self.new_id(),
                        "name": f"{village.name}{_cn_number(g)}组",
                        "village_code": village.code,
                        "leader_member_id": None,
                        "notes": None,
                    }
                )
        group_members = min(len(villages), count // 200)
        rows: list[Row] = []
        events: list[Row] = []
        serial = [0] * len(villages)
        earliest_join = date(1995, 1, 1)
        recent = today - timedelta(days=365)  # members who joined since then have not left
        for i, v in enumerate(placed):
            village = villages[v]
            serial[v] += 1
            group_no = self.between(1, len(village.groups))
            group = village.groups[group_no - 1]
            base = {
                "id": self.new_id(),
                "village_code": village.code,
                "member_no": f"{village.code[6:]}{serial[v]:05d}",
                "group_id": group["id"],
                "roles": [],
                "notes": None,
            }
            if serial[v] == 1 and v < group_members:
                rows.append(self._group_member(base, village, group_no))
                village.members.append(i)
                continue
            age = self.member_age()
            person = self.person(village, age=age, group_no=group_no)
            birth: date = person["birth_date"]
            joined = self.date_between(max(earliest_join, _years_before(birth, -18)), today - timedelta(days=30))
            status, since = "active", joined
            migrant: tuple[str, str | None, date | None] = ("none", None, None)
            roll = rng.random()
            if roll < 0.02:
                status = "transferred_in"
                events.append(self._event(base["id"], "transfer_in", joined, self.pick(_PLACES), None))
            elif joined > recent:
                pass  # a recent joiner is still active; the history shows the join from `joined_on`
            elif roll < 0.105:
                since = self.date_between(joined + timedelta(days=90), today - timedelta(days=1))
                if (age >= 70 and roll < 0.06) or roll < 0.03:
                    status, event, place, reason = "deceased", "decease", None, "因病去世"
                elif roll < 0.07:
                    status, event, place, reason = "transferred_out", "transfer_out", self.pick(_PLACES), "迁出"
                elif roll < 0.09:
                    status, event, place, reason = "withdrawn", "withdraw", None, "本人申请退会"
                else:
                    status, event, place, reason = "removed", "remove", None, "长期不参加活动，经理事会决定除名"
                # The history holds the change; the join itself is the member's joined_on.
                events.append(self._event(base["id"], event, since, place, reason))
            elif age <= 55 and roll < 0.25:
                migrant = ("out", self.pick(_PLACES), self.date_between(joined, today - timedelta(days=30)))
            elif age <= 55 and roll < 0.28:
                migrant = ("in", self.pick(_PLACES), self.date_between(joined, today - timedelta(days=30)))
            occupation = "退休" if age >= 62 and rng.random() < 0.5 else self.pick(_OCCUPATIONS)
            political = self.pick(_POLITICAL)
            if political == "共青团员" and age > 28:
                political = "群众"
            rows.append(
                {
                    **base,
                    **person,
                    "member_type": "individual",
                    "org_credit_code": None,
                    "joined_on": joined,
                    "political_status": political,
                    "education": self.pick(_EDUCATION),
                    "occupation": occupation,
                    "migrant_status": migrant[0],
                    "migrant_place": migrant[1],
                    "migrant_since": migrant[2],
                    "status": status,
                    "status_since": since,
                }
            )
            village.members.append(i)
        self._assign_roles(villages, rows)
        return rows, events

    def _group_member(self, base: Row, village: _Village, group_no: int) -> Row:
        """A group member (团体会员): an organisation in the village, with its unified social credit code."""
        kind, code_prefix = self.pick(_GROUP_MEMBER_KINDS)
        name = f"{village.name}{kind}"
        full, initials = name_pinyin(name)
        joined = self.date_between(date(2005, 1, 1), self.today - timedelta(days=30))
        return {
            **base,
            "name": name,
            "name_pinyin": full,
            "name_initials": initials,
            "sex": None,
            "ethnicity": None,
            "id_number": None,
            "birth_date": None,
            "phone": self.phone(),
            "address": self.address(village, group_no),
            "member_type": "group",
            "org_credit_code": _credit_code(code_prefix, village.code[:6], self.rng),
            "joined_on": joined,
            "political_status": None,
            "education": None,
            "occupation": None,
            "migrant_status": "none",
            "migrant_place": None,
            "migrant_since": None,
            "status": "active",
            "status_since": joined,
        }

    def _event(self, member_id: str, event: str, on: date, place: str | None, reason: str | None) -> Row:
        return {
            "id": self.new_id(),
            "member_id": member_id,
            "event": event,
            "on_date": on,
            "place": place,
            "reason": reason,
        }

    def _assign_roles(self, villages: list[_Village], rows: list[Row]) -> None:
        """Officers and directors per village, a leader per group, hub heads and core members among the rest."""
        rng = self.rng
        today = self.today
        for village in villages:
            able = [
                i
                for i in village.members
                if rows[i]["member_type"] == "individual"
                and rows[i]["status"] in ("active", "transferred_in")
                and 28 <= _age(rows[i]["birth_date"], today) <= 68
            ]
            if not able:
                continue
            officers = rng.sample(able, min(len(able), self.between(6, 9)))
            titles = ["president", "vice_president", "secretary_general", "vice_president"]
            for n, i in enumerate(officers):
                rows[i]["roles"] = ["director"] + ([titles[n]] if n < len(titles) else [])
            by_group: dict[str, list[int]] = {}
            for i in able:
                by_group.setdefault(rows[i]["group_id"], []).append(i)
            for group in village.groups:
                candidates = by_group.get(group["id"])
                if candidates:
                    leader = self.pick(candidates)
                    rows[leader]["roles"] = [*rows[leader]["roles"], "group_leader"]
                    group["leader_member_id"] = rows[leader]["id"]
            for i in able:
                roll = rng.random()
                if roll < 0.015:
                    rows[i]["roles"] = [*rows[i]["roles"], "hub_head"]
                if roll < 0.07 or (roll > 0.99 and rows[i]["roles"]):
                    rows[i]["roles"] = [*rows[i]["roles"], "core_member"]
            for i in able:
                if len(rows[i]["roles"]) > 1:
                    order = {role: n for n, role in enumerate(MEMBER_ROLES)}
                    rows[i]["roles"] = sorted(dict.fromkeys(rows[i]["roles"]), key=order.__getitem__)

    # --- liaison households -------------------------------------------------------------------------------

    def households(
        self, villages: list[_Village], members: list[Row], count: int
    ) -> tuple[list[Row], list[Row], list[Row]]:
        """Households each looked after by a hub head, group leader or core member of their village."""
        rng = self.rng
        rows: list[Row] = []
        people: list[Row] = []
        contacts: list[Row] = []
        if count == 0:
            return rows, people, contacts
        weights = [len(v.members) + 1 for v in villages]
        for v in rng.choices(range(len(villages)), weights=weights, k=max(1, count // 10)):
            village = villages[v]
            liaison = self.village_liaison(village, members)
            self._household(village, liaison, rows, people, contacts, tags=None)
        return rows, people, contacts

    def village_liaison(self, village: _Village, members: list[Row]) -> Row | None:
        """A member who keeps in touch with households: a hub head, group leader or core member if there is one."""
        pool = self._liaisons.get(village.code)
        if pool is None:
            keen = {"hub_head", "group_leader", "core_member"}
            pool = [
                members[i] for i in village.members if keen.intersection(members[i]["roles"]) and _active(members[i])
            ]
            if not pool:
                pool = [members[i] for i in village.members if _active(members[i])]
            self._liaisons[village.code] = pool
        return self.pick(pool) if pool else None

    def _household(
        self,
        village: _Village,
        liaison: Row | None,
        rows: list[Row],
        people: list[Row],
        contacts: list[Row],
        *,
        tags: list[str] | None,
        head: Row | None = None,
    ) -> Row:
        rng = self.rng
        today = self.today
        if head is None:
            head = self.person(village, sex="M" if rng.random() < 0.8 else "F", age=self.between(26, 80))
        head_age = _age(head["birth_date"], today)
        if tags is None:
            tags = []
            if rng.random() < 0.35:
                tags.append("one_child")
            elif head_age < 70 and rng.random() < 0.15:
                tags.append("two_daughters")
            if rng.random() < 0.15:
                tags.append("migrant")
            if rng.random() < 0.06:
                tags.append("hardship")
        household: Row = {
            "id": self.new_id(),
            "head_name": head["name"],
            "head_id_number": head["id_number"],
            "address": head["address"],
            "village_code": village.code,
            "phone": head["phone"],
            "tags": tags,
            "liaison_member_id": liaison["id"] if liaison else None,
            "contact_frequency": "monthly" if {"hardship", "special_family"} & set(tags) else "quarterly",
            "notes": None,
        }
        rows.append(household)
        if "special_family" in tags:
            return household
        surname = head["name"][:1]
        born = head["birth_date"].year
        relations: list[tuple[str, str, int]] = []  # relation, sex, birth year
        if rng.random() < 0.85:
            relations.append((_WIFE, "F", born + self.between(-2, 5)) if head["sex"] == "M" else (_HUSBAND, "M", born))
        children_born = born + self.between(22, 32)
        if children_born < today.year:
            if "one_child" in tags:
                sex = self.pick("MF")
                relations.append((_ONLY_SON if sex == "M" else _ONLY_DAUGHTER, sex, children_born))
            elif "two_daughters" in tags:
                relations += [(_DAUGHTERS[0], "F", children_born), (_DAUGHTERS[1], "F", children_born + 3)]
            else:
                for n in range(self.between(0, 2)):
                    sex = self.pick("MF")
                    relations.append(((_SONS if sex == "M" else _DAUGHTERS)[n], sex, children_born + 3 * n))
        if head_age < 55 and rng.random() < 0.25:
            relations.append((_MOTHER, "F", born - self.between(22, 30)))
        if head_age > 55 and children_born + 25 < today.year and rng.random() < 0.3:
            sex = self.pick("MF")
            relations.append((_GRANDSON if sex == "M" else _GRANDDAUGHTER, sex, children_born + self.between(23, 30)))
        for relation, sex, year in relations:
            if year > today.year:
                continue
            own = relation in (_WIFE, _HUSBAND, _MOTHER)
            name = (self.surname() if own else surname) + self.given_name(sex, year)
            people.append(
                {
                    "id": self.new_id(),
                    "household_id": household["id"],
                    "name": name,
                    "relation": relation,
                    "birth_year": year,
                }
            )
        for _ in range(self.pick((0, 1, 1, 1, 2))):
            on = self.date_between(today - timedelta(days=364), today)
            contacts.append(
                {
                    "id": self.new_id(),
                    "household_id": household["id"],
                    "member_id": household["liaison_member_id"],
                    "on_date": on,
                    "mode": self.pick(("home_visit", "home_visit", "phone", "wechat")),
                    "content": self.pick(_CONTACT_TEXT),
                    "issues_raised": self.pick(_ISSUES) if rng.random() < 0.12 else None,
                }
            )
        return household

    # --- volunteers ---------------------------------------------------------------------------------------

    def volunteers(
        self, villages: list[_Village], members: list[Row], count: int
    ) -> tuple[list[Row], list[Row], list[Row]]:
        """Volunteer teams in tiers, volunteers (half of them members) and the entries in their files."""
        rng = self.rng
        today = self.today
        office = _strip_office(self.site.name)
        teams: list[Row] = []

        def team(name: str, tier: str, parent: Row | None, region: str) -> Row:
            row = {
                "id": self.new_id(),
                "name": name,
                "tier": tier,
                "parent_id": parent["id"] if parent else None,
                "region_code": region,
                "leader_volunteer_id": None,
            }
            teams.append(row)
            return row

        corps = team(f"{office}计生协志愿服务总队", "corps", None, self.site.region_code)
        brigades: dict[str, Row] = {}
        for village in villages:
            if village.township_code not in brigades:
                prefix = village.township if region_level(self.site.region_code) == "county" else office
                brigades[village.township_code] = team(f"{prefix}关爱帮扶大队", "brigade", corps, village.township_code)
        specialists = team(f"{office}专业志愿服务大队", "brigade", corps, self.site.region_code)
        squads = {
            skill: team(f"{office}{label}小队", "squad", specialists, self.site.region_code)
            for skill, label in (("counsellor", "心理疏导"), ("medical", "医疗健康"), ("legal", "法律援助"))
        }
        for village in villages:
            village.squadron_id = team(
                f"{village.name}志愿服务中队", "squadron", brigades[village.township_code], village.code
            )["id"]

        volunteers: list[Row] = []
        records: list[Row] = []
        if count == 0:
            return teams, volunteers, records
        taken: set[int] = set()
        weights = [len(v.members) + 1 for v in villages]
        team_members: dict[str, list[Row]] = {}
        for v in rng.choices(range(len(villages)), weights=weights, k=max(3, count // 100)):
            village = villages[v]
            person: Row | None = None
            member_id = None
            if rng.random() < 0.55:
                for _ in range(8):
                    i = self.pick(village.members) if village.members else -1
                    if i < 0 or i in taken or not _active(members[i]):
                        continue
                    if _age(members[i]["birth_date"], today) <= 70:
                        taken.add(i)
                        person = {key: members[i][key] for key in _PERSON_KEYS}
                        member_id = members[i]["id"]
                        break
            if person is None:
                person = self.person(village, age=self.between(20, 68))
            skills = [skill for skill, share in _SKILL_SHARES if rng.random() < share]
            special = [s for s in skills if s in squads]
            team_row = squads[special[0]] if special and rng.random() < 0.7 else None
            team_id = team_row["id"] if team_row else village.squadron_id
            assert team_id is not None
            joined = self.date_between(today - timedelta(days=3650), today - timedelta(days=14))
            volunteer: Row = {
                **person,
                "id": self.new_id(),
                "member_id": member_id,
                "team_id": team_id,
                "skills": skills,
                "status": self.pick(_VOLUNTEER_STATUSES),
                "joined_on": joined,
                "village_code": village.code,
                "notes": None,
            }
            volunteers.append(volunteer)
            team_members.setdefault(team_id, []).append(volunteer)
            # Even a tiny office shows one entry in a volunteer's file.
            for _ in range(self.pick((0, 1, 1, 2, 2, 3)) or (0 if records else 1)):
                records.append(self._volunteer_record(volunteer))

        by_id = {row["id"]: row for row in teams}
        for tid, crew in team_members.items():
            active = [row for row in crew if row["status"] == "active"] or crew
            by_id[tid]["leader_volunteer_id"] = self.pick(active)["id"]
        for row in teams:
            if row["leader_volunteer_id"] is None:
                row["leader_volunteer_id"] = self.pick(volunteers)["id"]
        return teams, volunteers, records

    def _volunteer_record(self, volunteer: Row) -> Row:
        kind = self.pick(_RECORD_KINDS)
        titles, hours = _RECORD_TITLES[kind]
        title = self.pick(titles)
        return {
            "id": self.new_id(),
            "volunteer_id": volunteer["id"],
            "kind": kind,
            "on_date": self.date_between(volunteer["joined_on"], self.today),
            "title": title,
            "hours": hours,
            "notes": None,
        }

    # --- special families ---------------------------------------------------------------------------------

    def families(
        self,
        villages: list[_Village],
        members: list[Row],
        volunteers: list[Row],
        households: list[Row],
        household_members: list[Row],
        count: int,
    ) -> _Families:
        """Special families (about 0.75% of the members), their people, insurance, pairings and a year of visits."""
        out = _Families()
        if count == 0:
            return out
        rng = self.rng
        today = self.today
        township_cadres = [self.person(villages[0], age=self.between(30, 55)) for _ in range(3)]
        by_village: dict[str, list[Row]] = {}
        for row in volunteers:
            if row["status"] == "active":
                by_village.setdefault(row["village_code"], []).append(row)
        counsellors = [row for row in volunteers if "counsellor" in row["skills"] and row["status"] == "active"]
        active_volunteers = [row for row in volunteers if row["status"] == "active"] or volunteers
        secretaries = {
            v.code: next((members[i] for i in v.members if "secretary_general" in members[i]["roles"]), None)
            for v in villages
        }
        used_members: set[int] = set()
        weights = [len(v.members) + 1 for v in villages]
        for v in rng.choices(range(len(villages)), weights=weights, k=max(2, round(count * 0.0075))):
            village = villages[v]
            family_id = self.new_id()
            roll = rng.random()
            categories = (
                ["child_deceased"]
                if roll < 0.55
                else ["child_disabled"]
                if roll < 0.94
                else ["surgery_complication"]
                if roll < 0.98
                else ["child_deceased", "surgery_complication"]
            )
            mother_age = self.between(49, 82)
            mother = self._family_parent(village, members, used_members, "F", mother_age)
            father = self._family_parent(
                village, members, used_members, "M", min(90, mother_age + self.between(0, 4)), mother
            )
            persons = [("father", father), ("mother", mother)]
            closed = rng.random() < 0.02
            widowed = rng.random() < 0.15
            for _, parent in persons:
                parent["health"] = self.pick(_HEALTH)
            if closed:
                for _, parent in persons:
                    parent["deceased_on"] = self.date_between(today - timedelta(days=1500), today - timedelta(days=400))
            elif widowed:
                gone = father if rng.random() < 0.65 else mother
                gone["deceased_on"] = self.date_between(today - timedelta(days=3000), today - timedelta(days=30))
            if "surgery_complication" in categories:
                patient = mother if rng.random() < 0.8 else father
                patient["health"] = "计划生育手术并发症"
                patient["disability_grade"] = self.between(1, 3)
            child_born = self.date_between(
                _years_before(mother["birth_date"], -22), _years_before(mother["birth_date"], -34)
            )
            child_born = min(child_born, today - timedelta(days=400))
            child_sex = self.pick("MF")
            child = self._family_child(village, father, child_born, child_sex)
            if "child_deceased" in categories:
                child["deceased_on"] = self.date_between(child_born + timedelta(days=365), today - timedelta(days=200))
                child["phone"] = None
            elif "child_disabled" in categories:
                child["disability_category"] = self.pick(_DISABILITY_CATEGORIES)
                child["disability_grade"] = self.between(1, 3)
                child["disabled_on"] = self.date_between(child_born, today - timedelta(days=200))
                child["health"] = "残疾"
            persons.append(("child", child))
            alive = [p for _, p in persons[:2] if p.get("deceased_on") is None]
            head = alive[0] if alive else father
            liaison = self.village_liaison(village, members)
            household = self._household(
                village,
                liaison,
                households,
                household_members,
                [],
                tags=["special_family"] if categories == ["surgery_complication"] else ["special_family", "one_child"],
                head=head,
            )
            secretary = secretaries.get(village.code) or liaison
            cadre = self.pick(township_cadres)
            event_year = (child.get("deceased_on") or child.get("disabled_on") or date(2008, 1, 1)).year
            since = max(2008, mother["birth_date"].year + 49, event_year + 1)
            status = "stopped" if closed else "receiving" if since <= today.year else "eligible"
            if status == "receiving":
                status = self.pick(_ASSISTANCE)
            consent_on = self.date_between(today - timedelta(days=1800), today - timedelta(days=400))
            family: Row = {
                "id": family_id,
                "village_code": village.code,
                "address": household["address"],
                "categories": categories,
                "living_arrangement": "独居" if len(alive) == 1 and rng.random() < 0.6 else self.pick(_LIVING),
                "household_id": household["id"],
                "assistance_status": status,
                "assistance_since": since if status in ("receiving", "suspended", "stopped") else None,
                "township_liaison_name": cadre["name"],
                "township_liaison_phone": cadre["phone"],
                "village_liaison_name": secretary["name"] if secretary else None,
                "village_liaison_phone": secretary["phone"] if secretary else None,
                "doctor_contract": rng.random() < 0.96,
                "doctor_contract_on": self.date_between(today - timedelta(days=1000), today - timedelta(days=30)),
                "priority_care": rng.random() < 0.92,
                "needs": "、".join(rng.sample(_NEEDS, self.between(1, 3))) if rng.random() < 0.7 else None,
                "consent_on": consent_on,
                "consent_scope": "个人信息登记、走访帮扶记录、保险办理、统计上报",
                "consent_signer": head["name"],
                "closed_on": None,
                "closed_reason": None,
                "notes": None,
            }
            if not family["doctor_contract"]:
                family["doctor_contract_on"] = None
            if closed:
                last_death = max(p["deceased_on"] for _, p in persons[:2])
                family["closed_on"] = last_death + timedelta(days=self.between(10, 60))
                family["closed_reason"] = "夫妻双方均已去世"
            out.families.append(family)
            for role, person in persons:
                out.persons.append({**_FAMILY_PERSON_DEFAULTS, **person, "family_id": family_id, "role": role})
            if closed:
                continue
            out.open_families.append(family)
            self._insurance(family, out)
            helpers = self._pairings(family, village, by_village, active_volunteers, members, out)
            self._visits(family, categories, helpers, counsellors, secretary, cadre, out)
        return out

    def _family_parent(
        self,
        village: _Village,
        members: list[Row],
        used: set[int],
        sex: str,
        age: int,
        spouse: Row | None = None,
    ) -> Row:
        """A parent of a special family: in one family of three a member of the village, otherwise invented."""
        rng = self.rng
        if rng.random() < 0.35 and village.members:
            for _ in range(12):
                i = self.pick(village.members)
                row = members[i]
                if i in used or row["sex"] != sex or row["status"] == "deceased" or row["member_type"] != "individual":
                    continue
                if 49 <= _age(row["birth_date"], self.today) <= 90:
                    used.add(i)
                    return {**{key: row[key] for key in _PERSON_KEYS}, "id": self.new_id(), "member_id": row["id"]}
        person = self.person(village, sex=sex, age=age)
        if spouse is not None:
            person["address"] = spouse["address"]
        return {**person, "id": self.new_id(), "member_id": None}

    def _family_child(self, village: _Village, father: Row, born: date, sex: str) -> Row:
        person = self.person(village, sex=sex, birth=born, surname=father["name"][: _surname_length(father["name"])])
        person["address"] = father["address"]
        person["phone"] = self.phone() if self.rng.random() < 0.5 else None
        return {**person, "id": self.new_id(), "member_id": None}

    def _insurance(self, family: Row, out: _Families) -> None:
        for year in (self.today.year - 1, self.today.year):
            kinds = ["family_accident_insurance"]
            if "child_deceased" in family["categories"]:
                kinds.insert(0, "inpatient_care_insurance")
            for kind in kinds:
                out.insurance.append(
                    {
                        "id": self.new_id(),
                        "family_id": family["id"],
                        "year": year,
                        "kind": kind,
                        "insurer": self.pick(_INSURERS),
                        "premium": 100.0 if kind == "inpatient_care_insurance" else self.pick((30.0, 50.0, 60.0)),
                    }
                )

    def _pairings(
        self,
        family: Row,
        village: _Village,
        by_village: dict[str, list[Row]],
        active_volunteers: list[Row],
        members: list[Row],
        out: _Families,
    ) -> list[Row]:
        """One or two volunteers paired with the family (and sometimes a core member); returns the volunteers."""
        rng = self.rng
        today = self.today
        local = by_village.get(village.code) or active_volunteers
        helpers = rng.sample(local, min(len(local), self.pick((1, 1, 2))))
        for helper in helpers:
            starts = self.date_between(
                max(helper["joined_on"], today - timedelta(days=1800)), today - timedelta(days=7)
            )
            if rng.random() < 0.1:
                earlier = self.pick(active_volunteers)
                out.pairings.append(
                    {
                        "id": self.new_id(),
                        "family_id": family["id"],
                        "volunteer_id": earlier["id"],
                        "member_id": None,
                        "starts_on": starts - timedelta(days=self.between(200, 900)),
                        "ends_on": starts - timedelta(days=1),
                    }
                )
            out.pairings.append(
                {
                    "id": self.new_id(),
                    "family_id": family["id"],
                    "volunteer_id": helper["id"],
                    "member_id": None,
                    "starts_on": starts,
                    "ends_on": None,
                }
            )
        if rng.random() < 0.25:
            core = [members[i] for i in village.members if "core_member" in members[i]["roles"]]
            if core:
                out.pairings.append(
                    {
                        "id": self.new_id(),
                        "family_id": family["id"],
                        "volunteer_id": None,
                        "member_id": self.pick(core)["id"],
                        "starts_on": self.date_between(today - timedelta(days=1800), today - timedelta(days=7)),
                        "ends_on": None,
                    }
                )
        return helpers

    def _visits(
        self,
        family: Row,
        categories: list[str],
        helpers: list[Row],
        counsellors: list[Row],
        secretary: Row | None,
        cadre: Row,
        out: _Families,
    ) -> None:
        """A year of visits: most families get all of the 五个一 but group activities (those are activities)."""
        rng = self.rng
        today = self.today
        kinds: list[str] = []
        complete = rng.random() < 0.85
        for kind in FIVE_ONES:
            if kind == "group_activity":
                continue
            if complete or rng.random() < 0.7:
                kinds.append(kind)
        kinds += ["condolence_visit"] * self.between(0, 1) + ["volunteer_home_service"] * self.between(0, 2)
        kinds += ["holiday_visit"] * self.between(1, 2) + ["phone_call"] * self.between(0, 3)
        if rng.random() < 0.04:
            kinds.append("emergency")
        if rng.random() < 0.08:
            kinds.append("other")
        year_ago = today - timedelta(days=364)
        for kind in kinds:
            on = self.date_between(year_ago, today)
            cares = list(_VISIT_CARES[kind])
            if rng.random() < 0.3:
                cares.append(self.pick(("health", "elderly", "advocacy")))
            if "child_deceased" in categories and kind == "psych_support" and rng.random() < 0.1:
                cares.append("rebirth")
            cares = sorted(set(cares), key=FIVE_CARES.index)
            visitors: list[Row] = []
            if kind in ("volunteer_home_service", "psych_support", "condolence_visit") and helpers:
                visitors += [{"volunteer_id": h["id"], "member_id": None, "name": None} for h in helpers]
            if kind == "psych_support" and counsellors:
                pro = self.pick(counsellors)
                if pro not in helpers:
                    visitors.append({"volunteer_id": pro["id"], "member_id": None, "name": None})
            if kind in ("condolence_visit", "holiday_visit", "emergency"):
                visitors.append({"volunteer_id": None, "member_id": None, "name": cadre["name"]})
            if secretary is not None and (kind not in ("volunteer_home_service", "psych_support") or not visitors):
                visitors.append({"volunteer_id": None, "member_id": secretary["id"], "name": None})
            if not visitors:
                visitors.append({"volunteer_id": None, "member_id": None, "name": cadre["name"]})
            recorder = secretary["name"] if secretary else cadre["name"]
            follow = rng.random() < 0.15
            due = on + timedelta(days=self.between(7, 30))
            visit: Row = {
                "id": self.new_id(),
                "family_id": family["id"],
                "visited_on": on,
                "kind": kind,
                "content": self.pick(_VISIT_TEXT[kind]),
                "five_cares": cares,
                "state_found": self.pick(_STATE_FOUND),
                "needs_found": self.pick(_NEEDS_FOUND) if rng.random() < 0.25 else None,
                "followup_action": self.pick(_FOLLOWUPS) if follow else None,
                "followup_owner": recorder if follow else None,
                "followup_due": due if follow else None,
                "followup_done": follow and (due < today and rng.random() < 0.8),
                "hours": self.pick(_VISIT_HOURS[kind]),
                "recorded_by": recorder,
                "supersedes_id": None,
            }
            out.visits.append(visit)
            self._visitors(visit, visitors, out)
            if rng.random() < 0.01:
                # A correction is a new visit that supersedes the old one.
                fixed = {**visit, "id": self.new_id(), "supersedes_id": visit["id"]}
                fixed["content"] = f"（更正）{visit['content']}"
                out.visits.append(fixed)
                self._visitors(fixed, visitors, out)

    def _visitors(self, visit: Row, visitors: list[Row], out: _Families) -> None:
        for who in visitors:
            out.visitors.append({"id": self.new_id(), "visit_id": visit["id"], **who})

    # --- activities ---------------------------------------------------------------------------------------

    def activities(
        self, villages: list[_Village], members: list[Row], volunteers: list[Row], families: list[Row]
    ) -> tuple[list[Row], list[Row]]:
        """A year of activities: members' day and a few more per village; group activities for special families."""
        rng = self.rng
        today = self.today
        year_ago = today - timedelta(days=364)
        members_day = date(today.year, 5, 29)
        if members_day > today:
            members_day = date(today.year - 1, 5, 29)
        office = _strip_office(self.site.name)
        rows: list[Row] = []
        attendance: list[Row] = []
        active_volunteers = [row for row in volunteers if row["status"] == "active"]

        def activity(held: date, kind: str, title: str, place: str, village: str | None, hours: float) -> Row:
            row: Row = {
                "id": self.new_id(),
                "held_on": held,
                "type": kind,
                "title": title,
                "place": place,
                "village_code": village,
                "participant_count": 0,
                "hours": hours,
                "notes": None,
            }
            rows.append(row)
            return row

        def attend(row: Row, *, family: Row | None = None, member: Row | None = None, vol: Row | None = None) -> None:
            attendance.append(
                {
                    "id": self.new_id(),
                    "activity_id": row["id"],
                    "family_id": family["id"] if family else None,
                    "member_id": member["id"] if member else None,
                    "volunteer_id": vol["id"] if vol else None,
                }
            )

        for village in villages:
            plan = [("members_day", members_day, "5·29会员活动日宣传服务", f"{village.name}文化广场")]
            for _ in range(self.between(1, 3)):
                kind, title, place = self.pick(_VILLAGE_ACTIVITIES)
                plan.append((kind, self.date_between(year_ago, today), title, f"{village.name}{place}"))
            active_members = [members[i] for i in village.members if _active(members[i])]
            for kind, held, title, place in plan:
                row = activity(held, kind, title, place, village.code, self.pick((2.0, 3.0, 4.0)))
                present = rng.sample(active_members, min(len(active_members), self.between(4, 14)))
                for member in present:
                    attend(row, member=member)
                helpers = [v for v in active_volunteers if v["village_code"] == village.code]
                for vol in rng.sample(helpers, min(len(helpers), self.between(0, 3))):
                    attend(row, vol=vol)
                row["participant_count"] = len(present) + self.between(10, 80)

        gatherings = [
            activity(
                self.date_between(year_ago, today),
                "group_activity",
                title,
                f"{office}暖心家园",
                None,
                3.0,
            )
            for title in ("暖心家园新春联谊会", "暖心家园重阳敬老活动", "暖心家园健康讲座")
        ]
        training = activity(
            self.date_between(year_ago, today), "training", "计生志愿者服务能力培训", f"{office}会员之家", None, 4.0
        )
        for family in families:
            if rng.random() < 0.85:
                for gathering in rng.sample(gatherings, self.between(1, 2)):
                    attend(gathering, family=family)
        for gathering in gatherings:
            for vol in rng.sample(active_volunteers, min(len(active_volunteers), self.between(4, 10))):
                attend(gathering, vol=vol)
        for vol in rng.sample(active_volunteers, min(len(active_volunteers), 30)):
            attend(training, vol=vol)
        counted: dict[str, int] = {}
        for row in attendance:
            counted[row["activity_id"]] = counted.get(row["activity_id"], 0) + 1
        for row in rows:
            row["participant_count"] = max(row["participant_count"], counted.get(row["id"], 0))
        return rows, attendance


@dataclass
class _Families:
    families: list[Row] = field(default_factory=list)
    open_families: list[Row] = field(default_factory=list)
    persons: list[Row] = field(default_factory=list)
    insurance: list[Row] = field(default_factory=list)
    pairings: list[Row] = field(default_factory=list)
    visits: list[Row] = field(default_factory=list)
    visitors: list[Row] = field(default_factory=list)


_PERSON_KEYS = (
    "name",
    "name_pinyin",
    "name_initials",
    "sex",
    "ethnicity",
    "id_number",
    "birth_date",
    "phone",
    "address",
)
_FAMILY_PERSON_DEFAULTS: Row = {
    "health": None,
    "disability_category": None,
    "disability_grade": None,
    "disabled_on": None,
    "deceased_on": None,
}
_SKILL_SHARES = (
    ("counsellor", 0.05),
    ("social_worker", 0.04),
    ("medical", 0.08),
    ("legal", 0.02),
    ("teacher", 0.06),
    ("housekeeping", 0.08),
)
_VILLAGE_ACTIVITIES = (
    ("publicity", "优生优育知识宣传", "会员之家"),
    ("free_clinic", "健康义诊进村", "卫生室"),
    ("training", "会员小组长培训", "会员之家"),
    ("publicity", "计生奖励扶助政策宣讲", "村委会"),
    ("other", "会员座谈会", "会员之家"),
)
_RECORD_KINDS = _expand((("training", 40), ("service", 30), ("award", 12), ("evaluation", 12), ("certificate", 6)))
_RECORD_TITLES: dict[str, tuple[tuple[str, ...], float | None]] = {
    "training": (("计生特殊家庭心理健康服务培训", "志愿服务基础知识培训", "应急救护培训"), 4.0),
    "service": (("5·29会员活动日宣传服务", "义诊活动协助", "暖心家园活动服务"), 3.0),
    "award": (("优秀志愿者", "5·29会员活动日先进个人", "最美计生志愿者"), None),
    "evaluation": (("年度考核：优秀", "年度考核：合格"), None),
    "certificate": (("心理咨询师证书", "社会工作者职业水平证书", "红十字救护员证"), None),
}
_VOLUNTEER_STATUSES = _expand((("active", 88), ("inactive", 8), ("left", 4)))
_ASSISTANCE = _expand((("receiving", 90), ("eligible", 4), ("suspended", 3), ("none", 3)))
# Members' ages: few under 30, most between 40 and 70.
_AGE_BUCKETS = _expand((((18, 29), 8), ((30, 39), 14), ((40, 49), 20), ((50, 59), 24), ((60, 69), 20), ((70, 85), 14)))
_SURNAME_TABLE = _expand(_SURNAMES, scale=10)


def _years_before(day: date, years: int) -> date:
    """The same calendar day `years` years earlier (later if negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _active(member: Row) -> bool:
    return member["status"] in ("active", "transferred_in") and member["member_type"] == "individual"


def _strip_office(name: str) -> str:
    """A place's name from an office's name: 示范镇计生协 gives 示范镇."""
    for suffix in ("计划生育协会", "计生协会", "计生协"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)].strip()
    return name.strip()


def _surname_length(name: str) -> int:
    return 2 if len(name) >= 3 and name[:2] in ("欧阳", "司马", "上官") else 1


def _cn_number(n: int | None) -> str:
    """1-99 in Chinese numerals, as group names use them: 1 一, 10 十, 12 十二, 20 二十."""
    if not n:
        return ""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _credit_code(prefix: str, region6: str, rng: random.Random) -> str:
    """A valid unified social credit code (GB 32100): prefix, region, organisation code (GB 11714), check."""
    body = "".join(str(rng.randrange(10)) for _ in range(8))
    org_check = 11 - sum(int(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    org = body + ("X" if org_check == 10 else "0" if org_check == 11 else str(org_check))
    first17 = prefix + region6 + org
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return first17 + _CREDIT_CHARS[(31 - total % 31) % 31]


DEMO_ACCOUNTS = (
    ("clerk", "演示工作人员", "clerk"),
    ("volunteer", "演示志愿者", "volunteer"),
    ("county", "演示县级", "county"),
)


def add_demo_accounts(db: Database, admin: str, password: str) -> list[str]:
    """One account per other role, with the admin's password, so the demo shows what each role sees.

    The volunteer account belongs to a volunteer with a current pairing. Returns the user names created.
    """
    from app.accounts.users import Actor, create_user

    acting = Actor(admin, "admin")
    made = []
    with db.unit_of_work(admin) as session:
        paired = session.scalar(
            select(Pairing.volunteer_id).where(Pairing.volunteer_id.is_not(None), Pairing.ends_on.is_(None)).limit(1)
        )
        for username, display_name, role in DEMO_ACCOUNTS:
            if username.casefold() == admin.casefold():
                continue
            volunteer = paired if role == "volunteer" else None
            create_user(session, acting, username, display_name, role, password, volunteer_id=volunteer)
            made.append(username)
    return made
