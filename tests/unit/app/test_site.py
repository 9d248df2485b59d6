"""Setting up an office: what is accepted, what is refused, and with which message."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.database import Database
from app.errors import ValidationError
from app.site import SiteSetup, get_site, region_level, require_site, set_up_site, validate_setup
from db.models import Region, Site
from tests.helpers.database import new_database


@pytest.mark.parametrize(
    ("code", "level"),
    [("440105000000", "county"), ("440105001000", "township"), ("440105001001", "village")],
)
def test_region_level_from_code(code: str, level: str) -> None:
    assert region_level(code) == level


def test_good_setup_is_trimmed_and_full_width_digits_accepted() -> None:
    setup = validate_setup(SiteSetup("  城关村  计生协 ", "village", "４４０１０５００１００１"))
    assert setup == SiteSetup("城关村 计生协", "village", "440105001001")


@pytest.mark.parametrize(
    ("setup", "code", "words"),
    [
        (SiteSetup("", "village", "440105001001"), "site.name_empty", "名称"),
        (SiteSetup("村", "town", "440105001001"), "site.level", "级别"),
        (SiteSetup("村", "village", "44010500100"), "site.region_code", "12 位"),
        (SiteSetup("村", "village", "44010500100A"), "site.region_code", "12 位"),
        (SiteSetup("村", "village", "000105001001"), "site.region_code", "12 位"),
        (SiteSetup("村", "village", "440105001000"), "site.level_mismatch", "不符"),
        (SiteSetup("县", "county", "440105001001"), "site.level_mismatch", "不符"),
    ],
)
def test_bad_setup_is_refused_with_a_chinese_sentence(setup: SiteSetup, code: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_setup(setup)
    assert caught.value.code == code
    assert words in caught.value.message("zh")
    assert caught.value.message("en").isascii()


def test_set_up_creates_the_site_and_its_region(tmp_path: pytest.TempPathFactory) -> None:
    db = new_database(tmp_path, setup=None)  # type: ignore[arg-type]
    with db.unit_of_work() as s:
        assert get_site(s) is None
        info = set_up_site(s, SiteSetup("城关村计生协", "village", "440105001001"))
    with db.unit_of_work() as s:
        site = s.scalars(select(Site)).one()
        assert (site.id, site.name, site.level, site.last_change_seq) == (info.id, "城关村计生协", "village", 0)
        assert len(site.epoch) == 16
        assert s.get(Region, "440105001001") is not None
        assert require_site(s) == info
    db.close()


def test_second_set_up_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError, match="已设置"), db.unit_of_work() as s:
        set_up_site(s, SiteSetup("另一个村", "village", "440105001002"))
    with db.unit_of_work() as s:
        assert [site.name for site in s.scalars(select(Site))] == ["城关村计生协"]
