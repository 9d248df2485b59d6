"""Passwords are stored as salted scrypt hashes, and new ones must not be trivially guessable."""

from __future__ import annotations

import pytest

from app.accounts.passwords import check_new_password, hash_password, needs_rehash, verify_password
from app.errors import ValidationError


def test_a_hash_verifies_its_password_only_and_never_holds_it() -> None:
    stored = hash_password("村委会2026春")
    assert stored.startswith("scrypt$32768$8$1$")
    assert "村委会2026春" not in stored
    assert verify_password("村委会2026春", stored)
    assert not verify_password("村委会2026夏", stored)
    assert hash_password("村委会2026春") != stored  # a new salt every time
    assert not needs_rehash(stored)


@pytest.mark.parametrize("stored", ["", "plain-text", "scrypt$1$2$3$!!$!!", "bcrypt$x$y$z$a$b"])
def test_a_malformed_hash_matches_nothing_and_asks_to_be_replaced(stored: str) -> None:
    assert not verify_password("anything", stored)
    assert needs_rehash(stored)


def test_a_cheaper_hash_still_verifies_and_asks_to_be_replaced() -> None:
    import app.accounts.passwords as passwords

    old_n = passwords.SCRYPT_N
    passwords.SCRYPT_N = 2**10
    try:
        cheap = hash_password("秘书长的密码1")
    finally:
        passwords.SCRYPT_N = old_n
    assert verify_password("秘书长的密码1", cheap)
    assert needs_rehash(cheap)


@pytest.mark.parametrize(
    ("password", "code"),
    [("short1", "password.too_short"), (" leading-space", "password.spaces"), ("wangfang2026", "password.has_username"),
     ("aaaaaaaaab", "password.too_simple")],
)  # fmt: skip
def test_weak_passwords_are_refused_with_the_reason(password: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_new_password(password, username="WangFang")
    assert caught.value.code == code
    assert caught.value.zh.endswith("。") and caught.value.en


def test_a_reasonable_password_is_accepted() -> None:
    check_new_password("花园村-计生协-7", username="huayuan")
