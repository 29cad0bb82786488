"""Benchmark: the planner with a 90-day history and 30 check-ins, against a one-session
baseline, in one run; plus the dashboard's query count at growing history sizes.

    .venv/bin/python bench/bench_planner.py [--repeats 7] [--out docs/benchmarks.md]

Writes (or replaces) its own section of the output file, between the markers
<!-- bench_planner:start --> and <!-- bench_planner:end -->; other sections are kept.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=BERLIN)


from sections import write_section  # noqa: E402 - bench/ is on sys.path


def history(days: int = 90, check_ins: int = 30):
    """Leg days twice a week for ``days`` and ``check_ins`` check-ins on the latest ones."""
    from recovery.planner import CheckInInput, SessionInput

    rng = random.Random(7)
    sessions = [
        SessionInput(
            ended_at=NOW - timedelta(days=day, hours=rng.uniform(0, 4)),
            rpe=rng.choice([6, 7, 8, 9]),
            minutes=rng.choice([45, 60, 75]),
            eccentric_heavy=rng.random() < 0.4,
        )
        for day in range(1, days + 1, 3)
    ]
    notes = []
    for index, session in enumerate(sorted(sessions, key=lambda s: s.ended_at, reverse=True)):
        for hours in (12, 24, 48):
            at = session.ended_at + timedelta(hours=hours)
            if at <= NOW and len(notes) < check_ins:
                notes.append(
                    CheckInInput(
                        at=at, soreness=rng.randint(1, 8), order=(float(len(notes)), index)
                    )
                )
    return sessions, notes


def per_call(function: Callable[[], object], *, repeats: int, calls: int) -> float:
    """Median over ``repeats`` of the mean µs per call of ``calls`` calls."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        samples.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(samples)


def bench_planner(repeats: int) -> list[tuple[str, str, float]]:
    from recovery import planner
    from recovery.planner import (
        SessionInput,
        current_check_ins,
        make_plan,
        personal_curve,
    )

    sessions, notes = history()
    latest = max(sessions, key=lambda s: s.ended_at)
    earlier = [s for s in sessions if s is not latest]
    counted = current_check_ins(notes, now=NOW)
    personal = personal_curve(sessions=earlier, check_ins=counted)
    single = [SessionInput(ended_at=NOW - timedelta(hours=20), rpe=7, minutes=60)]
    rows = []
    for label, hours in (("now", 0), ("+10 h (night)", 10), ("+30 h", 30)):
        moment = NOW + timedelta(hours=hours)
        baseline = per_call(
            lambda m=moment: make_plan(sessions=single, tz=BERLIN, now=m),
            repeats=repeats,
            calls=200,
        )
        cached = per_call(
            lambda m=moment: make_plan(
                sessions=sessions, check_ins=notes, tz=BERLIN, now=m, personal=personal
            ),
            repeats=repeats,
            calls=200,
        )

        def uncached(m: datetime = moment) -> object:
            planner._fit.cache_clear()  # as on the first view after a change
            return make_plan(sessions=sessions, check_ins=notes, tz=BERLIN, now=m)

        full = per_call(uncached, repeats=repeats, calls=50)
        rows.append((label, "1 session, no check-in (baseline)", baseline))
        rows.append(
            (label, f"{len(sessions)} sessions / {len(notes)} check-ins, fit cached", cached)
        )
        rows.append(
            (label, f"{len(sessions)} sessions / {len(notes)} check-ins, fit each call", full)
        )

    def fit_alone() -> object:
        planner._fit.cache_clear()
        return personal_curve(sessions=earlier, check_ins=counted)

    fit = per_call(fit_alone, repeats=repeats, calls=50)
    rows.append(("-", f"the personal fit alone ({len(counted)} check-ins)", fit))
    return rows


def dashboard_queries() -> list[tuple[int, int]]:
    """(workouts in history, SQL queries of one dashboard request)."""
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, get_runner

    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        from tests.factories import make_user
        from tests.recovery.factories import make_history

        results = []
        for size in (1, 50, 200):
            athlete = make_user(username=f"bench{size}")
            make_history(athlete, size)
            client = Client()
            client.force_login(athlete)
            client.get("/")
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/").status_code == 200
            results.append((size, len(queries)))
        return results
    finally:
        runner.teardown_databases(old)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    rows = bench_planner(args.repeats)
    queries = dashboard_queries()
    lines = [
        "## The planner: 90 days of history vs one session",
        "",
        "Produced in one run by:",
        "",
        "```sh",
        f".venv/bin/python bench/bench_planner.py --repeats {args.repeats}"
        + (f" --out {args.out}" if args.out else ""),
        "```",
        "",
        f"`make_plan` µs per call (median of {args.repeats} repeats); `now` is a weekday at "
        "14:00 Berlin, then 10 and 30 hours later. Leg days every third day for 90 days.",
        "",
        "| now | input | µs per call |",
        "| --- | --- | ---: |",
        *(f"| {when} | {label} | {value:,.0f} |" for when, label, value in rows),
        "",
        "Dashboard SQL queries by history size (the count must not grow):",
        "",
        "| workouts in history | queries on `/` |",
        "| ---: | ---: |",
        *(f"| {size} | {count} |" for size, count in queries),
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} at the end; "
        f"{datetime.now().date().isoformat()}.",
    ]
    body = "\n".join(lines)
    print(body)
    if args.out:
        write_section(args.out, body, name="bench_planner")


if __name__ == "__main__":
    main()
