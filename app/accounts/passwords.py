"""Password hashing with scrypt (memory-hard, in the standard library), and the rules a new password must meet.

A stored hash reads `scrypt$<n>$<r>$<p>$<salt>$<hash>` (base64), so its cost can be raised later: `needs_rehash`
says when a hash was made with less than today's cost, and signing in then stores a new one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from app.errors import ValidationError

# 2**15 x 8 x 128 bytes = 32 MiB and about 0.1 s per hash on an old office PC: slow for a guesser, fine for a login.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32
MIN_LENGTH = 8


def scrypt_key(password: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    """32 bytes derived from `password` and `salt`: a password hash, or the key that wraps the database key."""
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * n * r + 2**20, dklen=_HASH_BYTES
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """A new salted hash of `password`, to store."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = scrypt_key(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        return n, r, p, base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from (a malformed hash matches nothing)."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(scrypt_key(password, salt, n, r, p), digest)


def needs_rehash(stored: str) -> bool:
    """Whether `stored` was made with less than today's cost."""
    parsed = _parse(stored)
    return parsed is None or parsed[:3] != (SCRYPT_N, SCRYPT_R, SCRYPT_P)


def check_new_password(password: str, *, username: str = "") -> None:
    """Refuse a password that is too easy to guess, with the reason."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            f"密码至少需要 {MIN_LENGTH} 个字符。", f"A password needs at least {MIN_LENGTH} characters.",
            code="password.too_short",
        )  # fmt: skip
    if password != password.strip():
        raise ValidationError(
            "密码的开头和结尾不能是空格。", "A password cannot start or end with a space.", code="password.spaces"
        )
    if username and username.casefold() in password.casefold():
        raise ValidationError(
            "密码不能包含用户名。", "A password cannot contain the user name.", code="password.has_username"
        )
    if len(set(password)) < 4:
        raise ValidationError(
            "密码太简单（重复的字符太多），请换一个。", "The password is too simple (too many repeated characters).",
            code="password.too_simple",
        )  # fmt: skip
