"""Opening databases: new, existing, missing, not a database, and where the key is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.database import open_database
from app.dbkey import key_file
from app.errors import DatabaseError
from app.site import get_site
from tests.helpers.database import new_database


def test_reopening_finds_the_key_in_the_keyring(tmp_path: Path) -> None:
    new_database(tmp_path).close()
    db = open_database(tmp_path / "office.db")
    assert db.key_store == "keyring"
    assert not key_file(tmp_path / "office.db").exists()
    with db.unit_of_work() as s:
        site = get_site(s)
        assert site is not None and site.name == "城关村计生协"
    db.close()


def test_without_a_keyring_the_key_goes_to_a_private_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.dbkey._keyring_set", lambda path, key: False)
    monkeypatch.setattr("app.dbkey._keyring_get", lambda path: None)
    db = new_database(tmp_path)
    assert db.key_store == "file"
    assert key_file(db.path).stat().st_mode & 0o077 == 0
    db.close()
    again = open_database(tmp_path / "office.db")
    assert again.key_store == "file"
    again.close()


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="不存在") as caught:
        open_database(tmp_path / "nope.db")
    assert caught.value.code == "db.missing"


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "roll.db"
    path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a database" * 100)
    key_file(path).write_text("00" * 32)
    with pytest.raises(DatabaseError) as caught:
        open_database(path)
    assert caught.value.code == "db.unreadable"
    assert "无法读取数据库" in caught.value.message("zh")


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
