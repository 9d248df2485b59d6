"""Unlocking a database with the printed recovery key when the keyring entry or the key file is lost."""

from __future__ import annotations

from pathlib import Path

from app import audit
from app.accounts.users import require_role, sign_in
from app.database import check_key, connect_with_key
from app.dbkey import Credentials, KeyStore, key_from_recovery_code, store_key
from app.errors import DatabaseError, ValidationError


def unlock_with_recovery_code(path: Path, code: str, admin: Credentials) -> KeyStore:
    """Check the code against the database, sign `admin` in, and store the key again; returns where.

    The key goes to the keyring, or (without one) into the key file for `admin`; other users get theirs back when
    the admin resets their passwords.
    """
    key = key_from_recovery_code(code)
    if not path.is_file():
        raise DatabaseError(f"数据库 {path} 不存在。", f"Database {path} does not exist.", code="db.missing")
    try:
        check_key(path, key)
    except DatabaseError as exc:
        raise ValidationError(
            f"这个恢复密钥打不开数据库 {path}：请确认恢复密钥页属于这个数据库。",
            f"This recovery key does not open database {path}: check that the sheet belongs to this database.",
            code="recovery.wrong_database",
        ) from exc
    db = connect_with_key(path, key, "keyring")
    try:
        actor = sign_in(db, admin.username, admin.password)
        require_role(actor, "admin")
        store = store_key(path, key, admin)
        with db.unit_of_work(actor.username) as session:
            audit.record(session, actor.username, "unlock", detail={"key_store": store})
    finally:
        db.close()
    return store
