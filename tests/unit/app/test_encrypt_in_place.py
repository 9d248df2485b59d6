"""An unencrypted database (made by hand, or by an old tool) is refused until its admin encrypts it in place."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from app.database import encrypt_plaintext, is_plaintext, open_database
from app.dbkey import Credentials, forget_keyring_entry, key_file
from app.errors import AccessDenied, DatabaseError
from app.members.checks import check_member
from app.members.service import add_member
from db.models import AuditLog, Member, User
from tests.helpers.cli import run_cli
from tests.helpers.database import ADMIN, ADMIN_LOGIN, new_database


def plaintext_office(folder: Path, *, with_accounts: bool = True) -> Path:
    """An office database with one member, decrypted into a plain SQLite file (the encrypted one removed)."""
    db = new_database(folder)
    with db.unit_of_work() as session:
        add_member(session, ADMIN, check_member({"name": "欧阳秀兰", "id_number": "11010519491231002X"}))
    key, path = db.key, db.path
    db.close()
    plain = folder / "plain.db"
    connection = sqlcipher3.connect(str(path))
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    connection.execute("SELECT sqlcipher_export('plain')")
    connection.execute("DETACH DATABASE plain")
    connection.close()
    if not with_accounts:
        raw = sqlcipher3.connect(str(plain))
        raw.execute("DELETE FROM user")
        raw.commit()
        raw.close()
    forget_keyring_entry(path)
    key_file(path).unlink(missing_ok=True)
    plain.replace(path)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    return path


def test_the_admin_encrypts_an_unencrypted_database_in_place(tmp_path: Path) -> None:
    path = plaintext_office(tmp_path)
    assert is_plaintext(path) and "欧阳秀兰".encode() in path.read_bytes()
    with pytest.raises(DatabaseError) as refused:
        open_database(path)
    assert refused.value.code == "db.plaintext"
    with pytest.raises(AccessDenied):
        encrypt_plaintext(path, Credentials("admin", "not the password"))
    assert is_plaintext(path)  # nothing changed
    store = encrypt_plaintext(path, ADMIN_LOGIN)
    assert store == "keyring" and not is_plaintext(path)
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("office.db"))
    assert "欧阳秀兰".encode() not in raw and b"11010519491231002X" not in raw
    db = open_database(path)
    with db.unit_of_work() as session:
        assert session.scalars(select(Member.name)).all() == ["欧阳秀兰"]
        assert session.scalars(select(AuditLog.action).order_by(AuditLog.seq.desc())).first() == "encrypt"
    db.close()
    assert not list(tmp_path.glob("*.encrypting"))


def test_a_database_from_before_accounts_gets_its_first_admin_when_encrypted(tmp_path: Path) -> None:
    path = plaintext_office(tmp_path, with_accounts=False)
    encrypt_plaintext(path, Credentials("wangli", "村委会电脑-2026"))
    db = open_database(path)
    with db.unit_of_work() as session:
        assert [(u.username, u.role) for u in session.scalars(select(User))] == [("wangli", "admin")]
    db.close()


def test_an_encrypted_database_is_not_encrypted_again(tmp_path: Path) -> None:
    db = new_database(tmp_path)
    db.close()
    with pytest.raises(DatabaseError) as refused:
        encrypt_plaintext(db.path, ADMIN_LOGIN)
    assert refused.value.code == "db.not_plaintext"


def test_the_cli_encrypts_with_the_admins_password(tmp_path: Path) -> None:
    path = plaintext_office(tmp_path)
    out = run_cli("encrypt", "--db", str(path))
    assert out.returncode == 0, out.stderr
    assert ("已加密数据库" in out.stdout and "密钥文件" not in out.stdout) or ".key" in out.stdout
    assert not is_plaintext(path) and key_file(path).exists()  # no keyring in the subprocess: the key file
    check = run_cli("check", "--db", str(path), "--json")
    assert check.returncode == 0, check.stderr
