"""The command line: what a secretary or a script sees on stdout, stderr and in the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.helpers.cli import run_cli


def test_version() -> None:
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("fpa-desk 0.")


def test_init_then_check_as_json(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    out = run_cli(
        "init",
        "--db",
        str(db),
        "--name",
        "城关村计生协",
        "--level",
        "village",
        "--region-code",
        "440105001001",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    created = json.loads(out.stdout)
    assert created["site"]["name"] == "城关村计生协" and created["key_store"] == "file"
    out = run_cli("check", "--db", str(db), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] is True and report["integrity"] == ["ok"]
    assert report["counts"]["site"] == 1 and report["counts"]["member"] == 0


def test_check_in_plain_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "office.db"
    assert (
        main(["init", "--db", str(db), "--name", "城关村", "--level", "village", "--region-code", "440105001001"]) == 0
    )
    assert main(["check", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "完整性检查：正常" in out and "本单位：城关村（440105001001）" in out and "member: 0" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--db", "{tmp}/missing.db"], "不存在"),
        (["init", "--db", "{tmp}/x.db", "--name", "村", "--level", "village", "--region-code", "123"], "12 位数字"),
        (
            ["init", "--db", "{tmp}/x.db", "--name", "村", "--level", "city", "--region-code", "440105001001"],
            "参数有误",
        ),
        (["frobnicate"], "参数有误"),
        ([], "请指定一个命令"),
    ],
)
def test_errors_are_one_sentence_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = main([a.replace("{tmp}", str(tmp_path)) for a in args])
    err = capsys.readouterr().err
    assert code != 0
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_errors_in_english_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setenv("FPA_DESK_LANG", "en")
    assert main(["check", "--db", str(tmp_path / "missing.db")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "office.db"
    args = ["init", "--db", str(db), "--name", "城关村", "--level", "village", "--region-code", "440105001001"]
    assert main(args) == 0
    assert main(args) == 2
    assert "已存在" in capsys.readouterr().err


def test_unexpected_error_is_a_sentence_and_a_log_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(session: object) -> None:
        raise KeyError("bug")

    db = tmp_path / "office.db"
    assert main(["init", "--db", str(db), "--name", "村", "--level", "village", "--region-code", "440105001001"]) == 0
    monkeypatch.setattr("app.check.check_database", broken)
    assert main(["check", "--db", str(db)]) == 70
    err = capsys.readouterr().err
    assert "内部错误：KeyError" in err and "Traceback" not in err
    log = Path(err.split("详情见 ")[1].rstrip("。\n"))
    assert "KeyError: 'bug'" in log.read_text(encoding="utf-8")
