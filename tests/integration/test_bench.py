"""`python -m bench` prints one JSON object per benchmark, each with its baseline measured in the same run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _bench(name: str, members: int, out: Path) -> list[dict[str, Any]]:
    """Run one benchmark on a small demo office; the JSON lines it printed."""
    result = subprocess.run(
        [sys.executable, "-m", "bench", name, "--members", str(members), "--trials", "1", "--out", str(out)],
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_startup_benchmark_prints_ratios_against_a_bare_window(tmp_path: Path) -> None:
    lines = _bench("startup", 200, tmp_path)
    assert [line["name"] for line in lines] == ["startup_window_shown_200", "startup_office_ready_200"]
    for line in lines:
        assert set(line) == {"name", "value", "unit", "baseline", "baseline_value", "ratio"}
        assert line["unit"] == "s"
        assert line["baseline"] == "bare_qmainwindow_shown"
        assert line["value"] > 0 and line["baseline_value"] > 0
        assert abs(line["ratio"] - line["value"] / line["baseline_value"]) < 0.05
    assert (tmp_path / "demo-200.db").exists()


def test_unknown_benchmark_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "nonesuch"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "unknown benchmark 'nonesuch'" in result.stderr


def test_members_search_benchmark_reports_every_kind_of_query(tmp_path: Path) -> None:
    names = [line["name"] for line in _bench("members_search", 400, tmp_path)]
    kinds = ["one_character", "two_characters", "whole_name", "full_pinyin", "initials", "id_last4", "id_whole",
             "phone_whole", "member_no"]  # fmt: skip
    assert names == [
        *(f"members_search_{kind}_p95_400" for kind in kinds),
        "members_search_all_median_400",
        "members_search_all_p95_400",
        "members_list_first_page_400",
    ]


def _ratios_hold(lines: list[dict[str, Any]]) -> None:
    for line in lines:
        assert set(line) == {"name", "value", "unit", "baseline", "baseline_value", "ratio"}
        assert line["unit"] == "ms" and line["baseline"] == "plain_sql_aggregate"
        assert line["value"] > 0 and line["baseline_value"] > 0
        assert abs(line["ratio"] - line["value"] / line["baseline_value"]) < 0.05 * line["ratio"] + 0.01


def test_families_checklist_benchmark_times_the_services_against_a_plain_aggregate(tmp_path: Path) -> None:
    lines = _bench("families_checklist", 60, tmp_path)
    assert [line["name"] for line in lines] == [
        "families_checklist_60", "families_coverage_60", "families_dashboard_data_60", "families_families_missing_60"
    ]  # fmt: skip
    _ratios_hold(lines)
    assert (tmp_path / "families-60.db").exists()


def test_families_page_benchmark_times_the_overview_and_the_checklist_tab_as_drawn(tmp_path: Path) -> None:
    lines = _bench("families_page", 60, tmp_path)
    assert [line["name"] for line in lines] == ["families_page_overview_60", "families_page_checklist_tab_60"]
    _ratios_hold(lines)
