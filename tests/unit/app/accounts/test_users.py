"""Accounts: the first admin, admin-only management, signing in with lockout, and changing a password."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts.users import (
    LOCK_TIME,
    MAX_FAILURES,
    Actor,
    change_password,
    create_user,
    reset_password,
    set_disabled,
    sign_in,
)
from app.database import Database, connect_with_key, create_database
from app.dbkey import Credentials
from app.errors import AccessDenied, ValidationError
from db.models.accounts import User

ADMIN = Actor("admin", "admin")
CLERK = Actor("clerk1", "clerk")
NOW = datetime(2026, 11, 23, 9, 0)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Database]:
    db = create_database(tmp_path / "office.db", Credentials("admin", "办公室-密码-2026"), "王书记")
    with db.unit_of_work() as session:
        create_user(session, ADMIN, "clerk1", "李会计", "clerk", "村里的电脑密码-8")
    yield db
    db.close()


def _user(db: Database, name: str) -> User:
    with db.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == name))
        assert user is not None
        return user


def test_the_first_account_is_an_admin_created_without_anyone_signed_in(tmp_path: Path) -> None:
    db = connect_with_key(tmp_path / "bare.db", secrets.token_bytes(32), "keyring")  # no account yet
    with db.unit_of_work() as session, pytest.raises(ValidationError, match="第一个账户必须是管理员"):
        create_user(session, None, "clerk", "", "clerk", "办公室-密码-2026")
    with db.unit_of_work() as session:
        create_user(session, None, "admin", "", "admin", "办公室-密码-2026")
    with db.unit_of_work() as session, pytest.raises(AccessDenied):
        create_user(session, None, "second", "", "admin", "办公室-密码-2026")  # set-up happens once
    stored = _user(db, "admin")
    db.close()
    assert stored.role == "admin" and stored.display_name == "admin"
    assert "办公室-密码-2026" not in stored.password_hash


def test_only_an_admin_manages_accounts(office: Database) -> None:
    with office.unit_of_work() as session:
        with pytest.raises(AccessDenied, match="没有这项操作的权限"):
            create_user(session, CLERK, "v1", "", "volunteer", "志愿者的密码-1")
        with pytest.raises(AccessDenied):
            reset_password(session, CLERK, "admin", "新的密码-2026")
        with pytest.raises(AccessDenied):
            set_disabled(session, CLERK, "admin", True)
    with office.unit_of_work() as session:
        with pytest.raises(ValidationError, match="已被使用"):
            create_user(session, ADMIN, "Clerk1", "", "clerk", "村里的电脑密码-9")  # names compare without case
        with pytest.raises(ValidationError, match="没有“boss”这个角色"):
            create_user(session, ADMIN, "v2", "", "boss", "村里的电脑密码-9")
        with pytest.raises(ValidationError, match="用户名须为"):
            create_user(session, ADMIN, "张三", "", "clerk", "村里的电脑密码-9")
        with pytest.raises(ValidationError, match="不能停用自己的账户"):
            set_disabled(session, ADMIN, "admin", True)


def test_signing_in_gives_the_actor_and_a_wrong_password_does_not_say_which_part_was_wrong(office: Database) -> None:
    assert sign_in(office, "Clerk1", "村里的电脑密码-8", now=NOW) == CLERK
    with pytest.raises(AccessDenied) as wrong_password:
        sign_in(office, "clerk1", "村里的电脑密码-7", now=NOW)
    with pytest.raises(AccessDenied) as no_such_user:
        sign_in(office, "nobody", "村里的电脑密码-8", now=NOW)
    assert wrong_password.value.zh == no_such_user.value.zh == "用户名或密码不正确。"
    assert _user(office, "clerk1").failed_logins == 1  # counted although the sign-in was refused


def test_repeated_failures_lock_the_account_until_the_time_it_names(office: Database) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AccessDenied, match="用户名或密码不正确"):
            sign_in(office, "clerk1", "guess-1234", now=NOW)
    with pytest.raises(AccessDenied, match="账户已锁定到 09:15"):
        sign_in(office, "clerk1", "guess-1234", now=NOW)
    with pytest.raises(AccessDenied, match="已锁定"):  # even the right password waits
        sign_in(office, "clerk1", "村里的电脑密码-8", now=NOW + LOCK_TIME - timedelta(seconds=1))
    assert sign_in(office, "clerk1", "村里的电脑密码-8", now=NOW + LOCK_TIME) == CLERK
    assert _user(office, "clerk1").failed_logins == 0


def test_an_admin_reset_lifts_a_lock_and_a_disabled_account_cannot_sign_in(office: Database) -> None:
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccessDenied):
            sign_in(office, "clerk1", "guess-1234", now=NOW)
    with office.unit_of_work() as session:
        reset_password(session, ADMIN, "clerk1", "重设后的密码-1")
    assert sign_in(office, "clerk1", "重设后的密码-1", now=NOW) == CLERK
    with office.unit_of_work() as session:
        set_disabled(session, ADMIN, "clerk1", True)
    with pytest.raises(AccessDenied, match="已停用"):
        sign_in(office, "clerk1", "重设后的密码-1", now=NOW)
    with office.unit_of_work() as session:
        set_disabled(session, ADMIN, "clerk1", False)
    assert sign_in(office, "clerk1", "重设后的密码-1", now=NOW) == CLERK


def test_users_change_their_own_password_given_the_current_one(office: Database) -> None:
    with office.unit_of_work() as session, pytest.raises(AccessDenied, match="当前密码不正确"):
        change_password(session, CLERK, "not-the-password", "新的密码-2026")
    with office.unit_of_work() as session, pytest.raises(ValidationError, match="至少需要 8 个字符"):
        change_password(session, CLERK, "村里的电脑密码-8", "short")
    with office.unit_of_work() as session:
        change_password(session, CLERK, "村里的电脑密码-8", "新的密码-2026")
    with pytest.raises(AccessDenied):
        sign_in(office, "clerk1", "村里的电脑密码-8", now=NOW)
    assert sign_in(office, "clerk1", "新的密码-2026", now=NOW) == CLERK


def test_a_volunteer_account_is_linked_to_a_volunteer_and_signs_in_as_them(office: Database) -> None:
    from app.accounts.users import find_volunteer, volunteer_choices
    from app.site import set_up_site
    from db.models import Volunteer
    from tests.helpers.database import VILLAGE

    with office.unit_of_work() as session:
        set_up_site(session, VILLAGE)
        session.add(Volunteer(name="赵志愿", name_pinyin="zhaozhiyuan"))
    with office.unit_of_work() as session:
        assert [label for _id, label in volunteer_choices(session, ADMIN)] == ["赵志愿"]
        volunteer_id = find_volunteer(session, ADMIN, "赵志愿")
        with pytest.raises(ValidationError, match="没有名叫“钱志愿”的志愿者"):
            find_volunteer(session, ADMIN, "钱志愿")
        with pytest.raises(ValidationError, match="只有志愿者账户可以关联志愿者"):
            create_user(session, ADMIN, "clerk2", "", "clerk", "志愿者的密码-1", volunteer_id=volunteer_id)
        create_user(session, ADMIN, "zhao", "赵志愿", "volunteer", "志愿者的密码-1", volunteer_id=volunteer_id)
    assert sign_in(office, "zhao", "志愿者的密码-1", now=NOW) == Actor("zhao", "volunteer", volunteer_id)
