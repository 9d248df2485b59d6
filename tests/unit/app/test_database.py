"""Opening databases: new, existing, missing, not a database, unencrypted, and where the key is kept."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.accounts.recovery import unlock_with_recovery_code
from app.accounts.users import create_user, reset_password, set_disabled
from app.database import create_database, open_database
from app.dbkey import Credentials, forget_keyring_entry, key_file, key_from_recovery_code, recovery_code
from app.errors import AccessDenied, DatabaseError, ValidationError
from app.members.checks import check_member
from app.members.service import add_member
from app.site import get_site
from tests.helpers.database import ADMIN, ADMIN_LOGIN, PASSWORD, new_database


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without an OS keyring: the key goes to the key file."""
    monkeypatch.setattr("app.dbkey._keyring_set", lambda path, key: False)
    monkeypatch.setattr("app.dbkey._keyring_get", lambda path: None)


def test_reopening_finds_the_key_in_the_keyring(tmp_path: Path) -> None:
    new_database(tmp_path).close()
    db = open_database(tmp_path / "office.db")
    assert db.key_store == "keyring"
    assert not key_file(tmp_path / "office.db").exists()
    with db.unit_of_work() as s:
        site = get_site(s)
        assert site is not None and site.name == "城关村计生协"
    db.close()


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_each_users_password_unlocks_a_private_key_file(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    assert db.key_store == "file"
    path = key_file(db.path)
    assert path.stat().st_mode & 0o077 == 0
    with db.unit_of_work() as session:
        create_user(session, ADMIN, "clerk", "李会计", "clerk", "会计的密码-2026")
    key = db.key
    db.close()
    text = path.read_text(encoding="utf-8")
    assert key.hex() not in text and PASSWORD not in text  # the key file holds the key only sealed
    assert set(json.loads(text)["wraps"]) == {"admin", "clerk"}

    with pytest.raises(AccessDenied) as needs_login:
        open_database(tmp_path / "office.db")
    assert needs_login.value.code == "login.needed"
    with pytest.raises(AccessDenied, match="用户名或密码不正确"):
        open_database(tmp_path / "office.db", Credentials("admin", "wrong password"))
    with pytest.raises(AccessDenied, match="用户名或密码不正确"):
        open_database(tmp_path / "office.db", Credentials("nobody", PASSWORD))
    clerk = open_database(tmp_path / "office.db", Credentials("Clerk", "会计的密码-2026"))
    assert clerk.key_store == "file" and clerk.key == key
    clerk.close()


@pytest.mark.usefixtures("no_keyring")
def test_password_changes_reseal_the_key_and_a_disabled_user_loses_it(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    with db.unit_of_work() as session:
        create_user(session, ADMIN, "clerk", "", "clerk", "会计的密码-2026")
    with db.unit_of_work() as session:
        reset_password(session, ADMIN, "clerk", "新的会计密码-11")
    db.close()
    with pytest.raises(AccessDenied):
        open_database(db.path, Credentials("clerk", "会计的密码-2026"))
    db = open_database(db.path, Credentials("clerk", "新的会计密码-11"))
    db.close()
    db = open_database(db.path, ADMIN_LOGIN)
    with db.unit_of_work() as session:
        set_disabled(session, ADMIN, "clerk", True)
    db.close()
    with pytest.raises(AccessDenied):
        open_database(db.path, Credentials("clerk", "新的会计密码-11"))


def test_neither_names_nor_id_numbers_are_in_the_files_bytes(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    with db.unit_of_work() as session:
        add_member(session, ADMIN, check_member({"name": "欧阳秀兰", "id_number": "11010519491231002X",
                                                 "phone": "13812345678"}))  # fmt: skip
    db.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("office.db"))
    for secret in ("欧阳秀兰", "11010519491231002X", "13812345678", "城关村计生协"):
        assert secret.encode("utf-8") not in raw
        assert secret.encode("utf-16-le") not in raw
    assert b"SQLite format 3" not in raw


def test_the_wrong_key_is_a_clear_error_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_database(tmp_path).close()
    monkeypatch.setattr("app.dbkey._keyring_get", lambda path: b"\x01" * 32)
    with pytest.raises(DatabaseError) as caught:
        open_database(tmp_path / "office.db")
    assert caught.value.code == "db.unreadable"
    assert "密钥不对" in caught.value.message("zh")


def test_the_recovery_code_round_trips_and_catches_typing_mistakes() -> None:
    key = bytes(range(32))
    code = recovery_code(key)
    groups = code.split("-")
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert key_from_recovery_code(code) == key
    assert key_from_recovery_code(code.lower().replace("-", " ")) == key  # spaces, lower case
    mistyped = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    with pytest.raises(ValidationError, match="恢复密钥不正确"):
        key_from_recovery_code(mistyped)
    with pytest.raises(ValidationError):
        key_from_recovery_code("not a code")


@pytest.mark.parametrize("keyring_works", [True, False])
def test_the_recovery_key_opens_a_database_whose_key_was_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keyring_works: bool
) -> None:
    if not keyring_works:
        monkeypatch.setattr("app.dbkey._keyring_set", lambda path, key: False)
        monkeypatch.setattr("app.dbkey._keyring_get", lambda path: None)
    db = new_database(tmp_path)
    code = recovery_code(db.key)
    db.close()
    forget_keyring_entry(db.path)
    key_file(db.path).unlink(missing_ok=True)
    with pytest.raises(DatabaseError) as lost:
        open_database(db.path)
    assert lost.value.code == "db.no_key" and "unlock --recovery-key" in lost.value.message()

    other = recovery_code(bytes(32))
    with pytest.raises(ValidationError, match="打不开数据库"):
        unlock_with_recovery_code(db.path, other, ADMIN_LOGIN)
    store = unlock_with_recovery_code(db.path, code, ADMIN_LOGIN)
    assert store == ("keyring" if keyring_works else "file")
    again = open_database(db.path, ADMIN_LOGIN)
    with again.unit_of_work() as session:
        assert get_site(session) is not None
    again.close()


def test_creating_checks_the_admins_password_before_writing_anything(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="至少需要 8 个字符"):
        create_database(tmp_path / "office.db", Credentials("admin", "short"))
    assert list(tmp_path.iterdir()) == []


def test_an_unencrypted_database_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as plain:
        plain.execute("CREATE TABLE t (x)")
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert caught.value.code == "db.plaintext" and "没有加密" in caught.value.message()


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="不存在") as caught:
        open_database(tmp_path / "nope.db")
    assert caught.value.code == "db.missing"


def test_a_file_that_is_not_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "roll.db"
    path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a database" * 100)
    monkeypatch.setattr("app.dbkey._keyring_get", lambda path: b"\x00" * 32)
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert caught.value.code == "db.unreadable"
    assert "无法读取数据库" in caught.value.message("zh")


def test_a_damaged_key_file_says_to_use_the_recovery_key(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    path.write_bytes(b"\0" * 4096)
    key_file(path).write_text("00" * 32)  # not a key file of this version
    with pytest.raises(DatabaseError) as caught:
        open_database(path, ADMIN_LOGIN)
    assert caught.value.code == "db.bad_key_file" and "恢复密钥" in caught.value.message()


def test_a_database_without_its_key(tmp_path: Path) -> None:
    path = tmp_path / "orphan.db"
    path.write_bytes(b"\0" * 4096)
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert caught.value.code == "db.no_key"


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database(tmp_path)
    assert caught.value.code == "db.is_dir"
