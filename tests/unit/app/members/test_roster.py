"""The printed roster: what the PDF embeds, and the text a reader (or a printer) finds on its pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.database import Database
from app.errors import CancelledError, FpaError
from app.fonts import register_cjk_font
from app.members.listing import MemberFilter
from app.members.roster import RosterSummary, write_roster
from db.models import Member
from tests.helpers.database import ADMIN, VILLAGE
from tests.helpers.roll import OTHER_VILLAGE, RARE_NAMES, add_other_village, build_roll

TODAY = date(2026, 11, 23)
TITLE = f"{VILLAGE.name}会员花名册"


def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install poppler-utils (apt-get install poppler-utils)")
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _poppler("pdftotext", "-layout", *pages, str(pdf), "-")


class Cancelling:
    """Progress that cancels once the roster is being laid out (after the rows were read)."""

    def __init__(self, after: int) -> None:
        self.checks, self.after = 0, after

    def start(self, total: int, label: str = "") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def cancelled(self) -> bool:
        self.checks += 1
        return self.checks > self.after


@pytest.fixture
def roll(db: Database) -> Database:
    build_roll(db, members=60)  # more than fit on one page
    return db


def _roster(db: Database, path: Path, flt: MemberFilter | None = None, reveal: str | None = None) -> RosterSummary:
    with db.unit_of_work() as session:
        return write_roster(
            session, ADMIN, flt or MemberFilter(status="current"), path, reveal_reason=reveal, today=TODAY
        )


def test_the_font_is_embedded_as_a_truetype_subset(roll: Database, tmp_path: Path) -> None:
    out = tmp_path / "roster.pdf"
    _roster(roll, out)
    lines = _poppler("pdffonts", str(out)).splitlines()[2:]
    assert lines
    for line in lines:
        # name, type, encoding, emb, sub, uni, object, generation
        name, kind, *_, emb, sub, uni, _obj, _gen = line.split()
        assert name.endswith("+NotoSansCJKsc-Regular") and kind == "TrueType", line
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line
    assert out.stat().st_size < 400_000


def test_pages_show_title_numbers_masked_ids_rare_names_and_signatures(roll: Database, tmp_path: Path) -> None:
    out = tmp_path / "roster.pdf"
    summary = _roster(roll, out)
    assert summary.pages >= 2 and summary.rows > 40 and not summary.revealed
    text = _text(out)
    first, second, last = _text(out, 1), _text(out, 2), _text(out, summary.pages)
    assert TITLE in first and "制表日期：2026年11月23日" in first and f"共 {summary.rows} 人" in first
    assert f"第 1 页 / 共 {summary.pages} 页" in first
    assert f"第 2 页 / 共 {summary.pages} 页" in second
    for page in (first, second):
        assert re.search(r"序号\s+姓名\s+性别\s+出生日期\s+身份证号", page)  # the header row on every page
    assert re.search(r"\d{6}\*{8}[\dX]{4}", text)
    with roll.unit_of_work() as session:
        stored = [n for n in session.scalars(select(Member.id_number)) if n]
    assert not any(number in text for number in stored)
    for name in RARE_NAMES:
        assert name in text
    assert "制表人" in last and "审核人" in last and "日期：" in last


def test_a_revealed_roster_shows_full_numbers(roll: Database, tmp_path: Path) -> None:
    out = tmp_path / "roster.pdf"
    assert _roster(roll, out, reveal="报送乡镇计生协").revealed
    text = _text(out)
    with roll.unit_of_work() as session:
        rare = session.scalars(select(Member.id_number).where(Member.name == RARE_NAMES[0])).one()
    assert rare is not None and rare in text


def test_the_village_filter_and_the_village_column(roll: Database, tmp_path: Path) -> None:
    add_other_village(roll)
    both, one = tmp_path / "both.pdf", tmp_path / "one.pdf"
    _roster(roll, both)
    assert "所属村（居）" in _text(both, 1)  # members of two villages: a column says which
    summary = _roster(roll, one, MemberFilter(village_code=OTHER_VILLAGE, status="current"))
    text = _text(one)
    assert summary.rows == 1 and summary.pages == 1
    assert "钱多多" in text and "村（居）：新河村" in text and "所属村（居）" not in text


def test_a_cancelled_roster_leaves_no_file(roll: Database, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    with roll.unit_of_work() as session, pytest.raises(CancelledError):
        # One check per page of rows read, then one per printed page: cancel while pages are laid out.
        write_roster(session, ADMIN, MemberFilter(), folder / "roster.pdf", progress=Cancelling(after=2))
    assert list(folder.iterdir()) == []


def test_a_missing_font_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(FpaError) as raised:
        register_cjk_font(tmp_path / "NotoSansCJKsc-Regular.ttf")
    assert raised.value.code == "font.missing"
    assert "make font" in raised.value.zh and "fonts-noto-cjk" in raised.value.zh


def test_cli_roster(roll: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "花名册.pdf"
    db = str(roll.path)
    roll.close()
    assert main(["report", "roster", "--db", db, "-o", str(out), "--village", VILLAGE.region_code, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["file"] == str(out) and result["revealed"] is False
    assert result["pages"] >= 2 and result["rows"] > 40
    assert f"第 1 页 / 共 {result['pages']} 页" in _text(out, 1)
    assert main(["report", "roster", "--db", db, "-o", str(tmp_path / "r.xlsx")]) == 2
