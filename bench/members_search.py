"""Search and the list's first page at 100,000 members, against a primary-key lookup on the same database.

Queries of each kind are drawn from the demo database with a fixed seed: one Chinese character, two, a whole name,
full pinyin, initials, the last 4 characters of an ID number, a whole ID number, a whole phone number, a member
number. Each query is timed as the list runs it (`first_page`): the first page of the matches in order and their
count, as for the whole roll. The baseline is one member read by primary key, timed the same way; ratios compare
p95 with p95.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from bench.startup import demo_database

QUERIES_PER_KIND = 200


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def _time(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _queries(session: Any, rng: random.Random) -> dict[str, list[str]]:
    from sqlalchemy import select

    from db.models import Member

    rows = session.execute(
        select(Member.name, Member.name_pinyin, Member.name_initials, Member.id_number, Member.phone, Member.member_no)
        .where(Member.deleted.is_(False))
        .order_by(Member.id)
    ).all()
    sample = rng.sample(rows, QUERIES_PER_KIND)
    return {
        "one_character": [r.name[rng.randrange(len(r.name))] for r in sample],
        "two_characters": [r.name[:2] for r in sample],
        "whole_name": [r.name for r in sample],
        "full_pinyin": [r.name_pinyin for r in sample],
        "initials": [r.name_initials for r in sample],
        "id_last4": [r.id_number[-4:] for r in sample if r.id_number],
        "id_whole": [r.id_number for r in sample if r.id_number],
        "phone_whole": [r.phone for r in sample if r.phone],
        "member_no": [r.member_no for r in sample if r.member_no],
    }


def run(out: Path, *, members: int = 100_000, trials: int = 5) -> Iterator[dict[str, Any]]:
    from app.database import open_database
    from app.members.listing import MemberFilter, first_page, member_ids
    from db.models import Member

    database = demo_database(out, members)
    from app.accounts.users import Actor
    from bench.startup import bench_login

    ADMIN = Actor("admin", "admin")
    db = open_database(database, bench_login())
    page = 500
    try:
        with db.unit_of_work() as session:
            rng = random.Random(20261123)
            queries = _queries(session, rng)
            ids = member_ids(session, ADMIN, MemberFilter(), limit=1000)

            def list_query(text: str) -> None:
                first_page(session, ADMIN, MemberFilter(query=text, status="current"), page)

            for text in queries["whole_name"][:20]:  # warm the page cache like a user's first minute does
                list_query(text)
            baseline = [_time(partial(session.get, Member, i, populate_existing=True)) for i in ids[:200]]
            base_p95 = _p95(baseline)
            every: list[float] = []
            for kind, texts in queries.items():
                times = [_time(partial(list_query, t)) for t in texts]
                every += times
                yield _line(f"members_search_{kind}_p95_{members}", _p95(times), base_p95)
            yield _line(f"members_search_all_median_{members}", statistics.median(every), statistics.median(baseline))
            yield _line(f"members_search_all_p95_{members}", _p95(every), base_p95)
            whole_roll = [_time(partial(list_query, "")) for _ in range(max(trials, 5))]
            yield _line(
                f"members_list_first_page_{members}", statistics.median(whole_roll), statistics.median(baseline)
            )
    finally:
        db.close()


def _line(name: str, value: float, baseline: float) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 2),
        "unit": "ms",
        "baseline": "member_by_primary_key",
        "baseline_value": round(baseline, 3),
        "ratio": round(value / baseline, 1),
    }
