"""The database key: 32 random bytes, kept in the OS keyring, or in a key file that each user's password unlocks.

Where no keyring exists (a headless machine, some locked-down office PCs) the key file beside the database holds one
copy of the key per user, each encrypted with AES-256-GCM under a key derived from that user's password (scrypt):
signing in unlocks the database, and the file alone gives nothing away. The recovery key printed at set-up is the
database key itself, written for people, with a checksum against typing mistakes.

The keyring is asked in a worker thread with a short timeout: with a D-Bus session but no secret service it can
block for two minutes, and on a headless machine it raises at once.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.errors import AccessDenied, DatabaseError, ValidationError

SERVICE = "fpa-desk"
KEYRING_TIMEOUT_S = 3.0
KEY_BYTES = 32
KeyStore = Literal["keyring", "file"]
_FORMAT = "fpa-desk-key-file"
_VERSION = 2
_CHECKSUM_BYTES = 3  # 32 + 3 bytes = 56 base32 characters, no padding


@dataclass(frozen=True)
class Credentials:
    """A user name and password, as typed at sign-in (or taken from FPA_DESK_PASSWORD)."""

    username: str
    password: str = field(repr=False)


def _with_timeout[T](fn: Callable[[], T]) -> T | None:
    """`fn()` run in a daemon thread; None if it fails or does not answer in time."""
    box: list[T] = []

    def run() -> None:
        # Any keyring failure means "no keyring here".
        with contextlib.suppress(Exception):
            box.append(fn())

    worker = threading.Thread(target=run, name="keyring", daemon=True)
    worker.start()
    worker.join(KEYRING_TIMEOUT_S)
    return box[0] if box else None


def _account(db_path: Path) -> str:
    return f"database:{db_path.resolve()}"


def key_file(db_path: Path) -> Path:
    """The key file used where no OS keyring exists."""
    return db_path.with_name(db_path.name + ".key")


def _keyring_get(db_path: Path) -> bytes | None:
    import keyring

    value = _with_timeout(lambda: keyring.get_password(SERVICE, _account(db_path)))
    return bytes.fromhex(value) if value else None


def _keyring_set(db_path: Path, key: bytes) -> bool:
    import keyring

    def store() -> bool:
        keyring.set_password(SERVICE, _account(db_path), key.hex())
        return True

    return bool(_with_timeout(store)) and _keyring_get(db_path) == key


def forget_keyring_entry(db_path: Path) -> None:
    """Remove the database's key from the keyring (a deleted database, or a test of losing it)."""
    import keyring

    def delete() -> bool:
        keyring.delete_password(SERVICE, _account(db_path))
        return True

    _with_timeout(delete)


# The key file ------------------------------------------------------------------------------------------------


def _unreadable_key_file(path: Path) -> DatabaseError:
    return DatabaseError(
        f"密钥文件 {path} 已损坏或不是 FPA Desk 的密钥文件；请用恢复密钥解锁（fpa-desk unlock --recovery-key）。",
        f"Key file {path} is damaged or not an FPA Desk key file; unlock with the recovery key "
        "(fpa-desk unlock --recovery-key).",
        code="db.bad_key_file",
    )


def _read_wraps(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise _unreadable_key_file(path) from exc
    if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("wraps"), dict):
        raise _unreadable_key_file(path)
    wraps: dict[str, dict[str, Any]] = data["wraps"]
    return wraps


def _write_wraps(path: Path, wraps: dict[str, dict[str, Any]]) -> None:
    """Replace the key file in one step (a crash leaves the old file or the new one), readable by this user only."""
    text = json.dumps(
        {
            "format": _FORMAT,
            "version": _VERSION,
            "about": "The FPA Desk database key, encrypted once per user with a key derived from their password.",
            "wraps": wraps,
        },
        indent=1,
        sort_keys=True,
    )
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def _aad(username: str) -> bytes:
    return b"fpa-desk-key:" + username.casefold().encode("utf-8")


def _wrap(key: bytes, credentials: Credentials) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from app.accounts.passwords import SCRYPT_N, SCRYPT_P, SCRYPT_R, scrypt_key

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapping_key = scrypt_key(credentials.password, salt)
    sealed = AESGCM(wrapping_key).encrypt(nonce, key, _aad(credentials.username))
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "nonce": nonce.hex(),
        "sealed": sealed.hex(),
    }


def _unwrap(entry: dict[str, Any] | None, credentials: Credentials) -> bytes | None:
    """The key sealed in `entry` if `credentials` open it; None otherwise (also for a missing or damaged entry)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from app.accounts.passwords import scrypt_key

    if entry is None:
        scrypt_key(credentials.password, b"-" * 16)  # as slow as a real attempt: no hint whether the user exists
        return None
    try:
        wrapping_key = scrypt_key(
            credentials.password, bytes.fromhex(entry["salt"]), int(entry["n"]), int(entry["r"]), int(entry["p"])
        )
        return AESGCM(wrapping_key).decrypt(
            bytes.fromhex(entry["nonce"]), bytes.fromhex(entry["sealed"]), _aad(credentials.username)
        )
    except (InvalidTag, KeyError, TypeError, ValueError):
        return None


def _wrong_login() -> AccessDenied:
    return AccessDenied("用户名或密码不正确。", "Wrong user name or password.", code="login.failed")


def grant(db_path: Path, key: bytes, credentials: Credentials) -> bool:
    """Let `credentials` unlock the key file (a new user, a new password); False where the keyring holds the key."""
    path = key_file(db_path)
    if not path.exists():
        return False
    wraps = _read_wraps(path)
    wraps[credentials.username.casefold()] = _wrap(key, credentials)
    _write_wraps(path, wraps)
    return True


def revoke(db_path: Path, username: str) -> None:
    """Remove a user's copy of the key from the key file (a disabled account can no longer unlock it)."""
    path = key_file(db_path)
    if path.exists():
        wraps = _read_wraps(path)
        if wraps.pop(username.casefold(), None) is not None:
            _write_wraps(path, wraps)


def users_with_key(db_path: Path) -> set[str]:
    """The (case-folded) user names whose password unlocks the key file; empty where the keyring holds the key."""
    path = key_file(db_path)
    return set(_read_wraps(path)) if path.exists() else set()


# Loading, creating and re-storing the key ---------------------------------------------------------------------


def needs_credentials(db_path: Path) -> bool:
    """Whether opening the database needs a user's password to unlock its key file."""
    return key_file(db_path).exists()


def load_key(db_path: Path, credentials: Credentials | None = None) -> tuple[bytes, KeyStore]:
    """The key of an existing database, and where it was found.

    With a key file the user's `credentials` unlock it (a wrong name or password is refused like a failed sign-in);
    otherwise the keyring is asked.
    """
    path = key_file(db_path)
    if path.exists() and credentials is not None:
        key = _unwrap(_read_wraps(path).get(credentials.username.casefold()), credentials)
        if key is None:
            raise _wrong_login()
        return key, "file"
    key = _keyring_get(db_path)
    if key is not None:
        return key, "keyring"
    if path.exists():
        raise AccessDenied(
            "本机没有系统钥匙串，数据库密钥由各账户的密码保护：请先登录。",
            "This computer has no OS keyring; the database key is protected by each user's password: sign in first.",
            code="login.needed",
        )
    raise DatabaseError(
        f"找不到数据库 {db_path} 的密钥（系统钥匙串和密钥文件中都没有）；"
        "请用恢复密钥解锁：fpa-desk unlock --recovery-key。",
        f"The key of database {db_path} is in neither the system keyring nor a key file; unlock it with the "
        "recovery key: fpa-desk unlock --recovery-key.",
        code="db.no_key",
    )


def create_key(db_path: Path, admin: Credentials) -> tuple[bytes, KeyStore]:
    """A new key for a new database: in the keyring, or else in a new key file that `admin`'s password unlocks."""
    key = secrets.token_bytes(KEY_BYTES)
    return key, store_key(db_path, key, admin)


def store_key(db_path: Path, key: bytes, credentials: Credentials | None) -> KeyStore:
    """Keep `key` in the keyring, or else in the key file for `credentials` (required then)."""
    if _keyring_set(db_path, key):
        return "keyring"
    if credentials is None:
        raise _no_keyring()
    path = key_file(db_path)
    wraps = _read_wraps(path) if path.exists() else {}
    wraps[credentials.username.casefold()] = _wrap(key, credentials)
    _write_wraps(path, wraps)
    return "file"


def _no_keyring() -> AccessDenied:
    return AccessDenied(
        "本机没有系统钥匙串：需要一个账户的用户名和密码来保护数据库密钥。",
        "This computer has no OS keyring: a user's name and password are needed to protect the database key.",
        code="login.needed",
    )


# The recovery key ---------------------------------------------------------------------------------------------


def recovery_code(key: bytes) -> str:
    """The key as 14 groups of 4 letters and digits, with a checksum, to print and keep in a safe place."""
    checksum = hashlib.sha256(key).digest()[:_CHECKSUM_BYTES]
    text = base64.b32encode(key + checksum).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def key_from_recovery_code(text: str) -> bytes:
    """The key a recovery code stands for; a clear error for a mistyped one."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(str.maketrans("018", "OIB"))
    wrong = ValidationError(
        "恢复密钥不正确：请对照打印的恢复密钥页逐组核对（共 14 组，每组 4 个字符）。",
        "The recovery key is wrong: check it group by group against the printed sheet (14 groups of 4).",
        code="recovery.wrong",
    )
    try:
        raw = base64.b32decode(cleaned)
    except ValueError as exc:
        raise wrong from exc
    key, checksum = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if len(key) != KEY_BYTES or hashlib.sha256(key).digest()[:_CHECKSUM_BYTES] != checksum:
        raise wrong
    return key
