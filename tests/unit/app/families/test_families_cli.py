"""`fpa-desk families export`, `visits export` and `report five-ones|family-file|annual` as a user types them:
the files they write, the JSON they print, and one clear sentence with a non-zero exit for bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from tests.helpers.database import add_users, new_database
from tests.helpers.families import V1, Families, build_families

YEAR = "2025"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Families]]:
    db = new_database(tmp_path_factory.mktemp("families_cli"))
    add_users(db, "clerk")
    families = build_families(db)
    path = str(db.path)
    db.close()
    yield path, families


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    """Exit code, the JSON on stdout (when --json was given and it worked), and stderr."""
    code = main(list(args))
    captured = capsys.readouterr()
    data = json.loads(captured.out) if "--json" in args and code == 0 else {}
    return code, data, captured.err


def test_families_and_visits_export(
    office: tuple[str, Families], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _fam = office
    out = tmp_path / "特殊家庭.xlsx"
    code, data, err = _run(capsys, "families", "export", "--db", db, "-o", str(out), "--json")
    assert code == 0 and not err
    assert data == {"ok": True, "file": str(out), "rows": 3, "revealed": False}
    assert load_workbook(out).sheetnames == ["特殊家庭"]

    visits = tmp_path / "走访.xlsx"
    code, _data, _err = _run(capsys, "visits", "export", "--db", db, "-o", str(visits), "--village", V1, "--year",
                             YEAR)  # fmt: skip
    assert code == 0
    assert load_workbook(visits)["走访记录"].max_row == 1 + 5


def test_plain_text_says_what_was_written_and_that_numbers_are_masked(
    office: tuple[str, Families], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _fam = office
    out = tmp_path / "f.xlsx"
    assert main(["families", "export", "--db", db, "-o", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"已导出 3 户特殊家庭：{out}", "身份证号和电话已脱敏。"]


def test_five_ones_as_pdf_or_workbook_by_suffix(
    office: tuple[str, Families], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _fam = office
    pdf, xlsx = tmp_path / "五个一.pdf", tmp_path / "五个一.xlsx"
    code, data, _err = _run(capsys, "report", "five-ones", "--db", db, "--year", YEAR, "-o", str(pdf), "--json")
    assert code == 0 and data["families"] == 3 and data["complete"] == 1 and data["complete_percent"] == 33.3
    assert data["pages"] == 1 and pdf.read_bytes().startswith(b"%PDF")
    code, data, _err = _run(capsys, "report", "five-ones", "--db", db, "--year", YEAR, "--village", V1, "--days",
                            "60", "-o", str(xlsx), "--json")  # fmt: skip
    assert code == 0 and data["families"] == 2 and data["pages"] is None
    assert load_workbook(xlsx).sheetnames == ["五个一清单", "覆盖率", "待办事项"]


def test_family_file_and_annual_report(
    office: tuple[str, Families], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, fam = office
    care = tmp_path / "档案.pdf"
    code, data, _err = _run(capsys, "report", "family-file", fam.bereaved, "--db", db, "-o", str(care), "--reveal",
                            "核对特别扶助名单", "--json")  # fmt: skip
    assert code == 0 and data == {"ok": True, "file": str(care), "pages": 1, "visits": 4, "revealed": True}
    annual = tmp_path / "年度.pdf"
    code, data, _err = _run(capsys, "report", "annual", "--db", db, "--year", YEAR, "--village", V1, "-o",
                            str(annual), "--json")  # fmt: skip
    assert code == 0 and data["families"] == 2 and data["visits"] == 5 and annual.stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["report", "five-ones", "--year", YEAR, "-o", "{tmp}/list.docx"], 2,
         "输出文件名应以 .pdf 或 .xlsx 结尾，而不是“list.docx”。"),
        (["report", "five-ones", "--year", "1999", "-o", "{tmp}/list.pdf"], 1, "年度应在 2000 到"),
        (["report", "five-ones", "--year", "去年", "-o", "{tmp}/list.pdf"], 2, "命令参数有误"),
        (["report", "five-ones", "--year", YEAR, "--days", "0", "-o", "{tmp}/list.xlsx"], 1, "未联系天数应在 1 到"),
        (["report", "annual", "--year", YEAR, "-o", "{tmp}/a.pdf"], 2, "--village"),
        (["report", "annual", "--year", YEAR, "--village", "440105009999", "-o", "{tmp}/a.pdf"], 1,
         "本单位没有区划代码为 440105009999 的村（居）。"),
        (["report", "family-file", "no-such-family", "-o", "{tmp}/f.pdf"], 2, "没有编号为“no-such-family”的家庭"),
        (["report", "family-file", "x", "-o", "{tmp}/f.xlsx"], 2, "输出文件名应以 .pdf 结尾"),
        (["families", "export", "-o", "{tmp}/f.csv"], 2, "输出文件名应以 .xlsx 结尾"),
        (["visits", "export", "--year", "2100", "-o", "{tmp}/v.xlsx"], 1, "年度应在 2000 到"),
    ],
)  # fmt: skip
def test_bad_input_is_one_sentence_and_a_non_zero_exit(
    office: tuple[str, Families],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    db, _fam = office
    full = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--db", db]
    assert main(full) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_errors_in_english_and_a_clerk_refused_a_reveal(
    office: tuple[str, Families], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, fam = office
    monkeypatch.setenv("FPA_DESK_LANG", "en")
    assert main(["report", "five-ones", "--db", db, "--year", YEAR, "-o", str(tmp_path / "x.doc")]) == 2
    assert capsys.readouterr().err.strip() == "The output file name must end in .pdf or .xlsx, not 'x.doc'."
    assert main(["report", "family-file", "nope", "--db", db, "-o", str(tmp_path / "f.pdf")]) == 2
    assert "There is no family with id 'nope'" in capsys.readouterr().err
    monkeypatch.setenv("FPA_DESK_LANG", "zh")
    monkeypatch.setenv("FPA_DESK_USER", "clerk")
    out = tmp_path / "clerk.pdf"
    assert main(["report", "family-file", fam.bereaved, "--db", db, "-o", str(out), "--reveal", "想看看"]) == 1
    assert capsys.readouterr().err.strip() == "您的账户不能查看特殊家庭的完整信息。"
    assert not out.exists()
    assert main(["report", "family-file", fam.bereaved, "--db", db, "-o", str(out)]) == 0
    assert out.exists()
