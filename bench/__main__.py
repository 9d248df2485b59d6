"""`python -m bench`: run the benchmarks, print one JSON object per line.

Each line: {"name", "value", "unit", "baseline", "baseline_value", "ratio"}; the baseline is measured in the same
run, so ratios compare like with like on whatever machine runs them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench import families_checklist, families_page, members_excel, members_search, startup

OUT = Path(__file__).resolve().parent / "out"

BENCHMARKS: dict[str, Callable[..., Iterator[dict[str, Any]]]] = {
    "startup": startup.run,
    "members_search": members_search.run,
    "members_excel": members_excel.run,
    "families_checklist": families_checklist.run,
    "families_page": families_page.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--members", type=int, help="members in the demo database (default: each benchmark's own)")
    parser.add_argument("--trials", type=int, default=5, help="timed runs of each program")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the demo databases")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    for name in args.names or list(BENCHMARKS):
        options = {"trials": args.trials} | ({"members": args.members} if args.members else {})
        for line in BENCHMARKS[name](args.out, **options):
            print(json.dumps(line, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
