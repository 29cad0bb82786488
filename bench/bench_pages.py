"""Benchmark: the plan command's wall time, and the athlete dashboard / workout list
with a history of 1 workout (baseline) versus 200, in one run.

    .venv/bin/python bench/bench_pages.py [--runs 20] [--out docs/benchmarks.md]

Uses a throwaway SQLite database (or DATABASE_URL if set, in a test database).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # a development server's settings
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def time_plan_command(runs: int) -> list[float]:
    command = [
        sys.executable, "manage.py", "plan", "--ended-at", "2026-11-26T08:00",
        "--tz", "Europe/Berlin", "--rpe", "7", "--minutes", "60", "--soreness", "3",
        "--now", "2026-11-26T15:00", "--json",
    ]  # fmt: skip
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return timings


def measure(client, url: str, runs: int) -> tuple[int, float, float]:
    """(queries of one request, median ms, max ms) after one warm-up request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # read now: each request clears the query log
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    return query_count, statistics.median(timings) * 1000, max(timings) * 1000


def bench_coach_dashboard(runs: int, *, now, exercise) -> list[tuple]:
    """/coach/ for a coach of 1 athlete (baseline) and of 200, each with 3 leg days."""
    from django.test import Client

    from accounts.models import User
    from coaching.models import CoachLink
    from recovery.models import ExerciseLine, LegWorkout, SorenessCheckIn

    rows = []
    for size in (1, 200):
        coach = User.objects.create_user(
            username=f"coach{size}", email=f"coach{size}@example.com", password="x"
        )
        athletes = User.objects.bulk_create(
            User(
                username=f"c{size}a{i}", email=f"c{size}a{i}@example.com", timezone="Europe/Berlin"
            )
            for i in range(size)
        )
        CoachLink.objects.bulk_create(
            CoachLink(
                coach=coach, athlete=a, status="active", initiated_by="athlete", accepted_at=now
            )
            for a in athletes
        )
        workouts = LegWorkout.objects.bulk_create(
            LegWorkout(athlete=a, ended_at=now - timedelta(hours=5 + 72 * i), minutes=60, rpe=8)
            for a in athletes
            for i in range(3)
        )
        ExerciseLine.objects.bulk_create(
            ExerciseLine(workout=w, exercise=exercise, sets=5, reps=5) for w in workouts
        )
        SorenessCheckIn.objects.bulk_create(
            SorenessCheckIn(
                athlete_id=w.athlete_id, workout=w, at=w.ended_at + timedelta(hours=2), soreness=3
            )
            for w in workouts
        )
        client = Client()
        client.force_login(coach)
        rows.append(("/coach/", f"{size} athletes", *measure(client, "/coach/", runs)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    old_config = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from accounts.models import User
        from recovery.models import Exercise, ExerciseLine, LegWorkout, SorenessCheckIn

        now = timezone.now()
        squat = Exercise.objects.get(name="Back squat")
        rows = []
        for size in (1, 200):
            user = User.objects.create_user(
                username=f"bench{size}", email=f"bench{size}@example.com", password="x"
            )
            workouts = LegWorkout.objects.bulk_create(
                LegWorkout(
                    athlete=user, ended_at=now - timedelta(hours=5 + 72 * i), minutes=60, rpe=8
                )
                for i in range(size)
            )
            ExerciseLine.objects.bulk_create(
                ExerciseLine(workout=w, exercise=squat, sets=5, reps=5) for w in workouts
            )
            SorenessCheckIn.objects.bulk_create(
                SorenessCheckIn(
                    athlete=user, workout=w, at=w.ended_at + timedelta(hours=24), soreness=4
                )
                for w in workouts[1:]
            )
            client = Client()
            client.force_login(user)
            for url in ("/", "/workouts/"):
                rows.append((url, f"{size} workouts", *measure(client, url, args.runs)))
        rows.extend(bench_coach_dashboard(args.runs, now=now, exercise=squat))
    finally:
        connection.creation.destroy_test_db(old_config, verbosity=0)

    plan_timings = time_plan_command(args.runs)
    vendor = connection.vendor
    lines = [
        "## Pages: baseline (1 workout / 1 athlete) vs 200",
        "",
        f"Database: {vendor}; {args.runs} requests each after one warm-up, Django test client "
        "(no network); times in ms.",
        "",
        "| page | data | SQL queries | median ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(f"| `{u}` | {n} | {q} | {med:.1f} | {mx:.1f} |" for u, n, q, med, mx in rows),
        "",
        "## `manage.py plan --json` wall time (process start to exit)",
        "",
        f"{args.runs} runs: median {statistics.median(plan_timings) * 1000:.0f} ms, "
        f"max {max(plan_timings) * 1000:.0f} ms, min {min(plan_timings) * 1000:.0f} ms.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        header = (
            "# Benchmarks\n\nProduced in one run by:\n\n"
            "```sh\n.venv/bin/python bench/bench_pages.py --runs 20 "
            "--out docs/benchmarks.md\n```\n\n"
        )
        # Keep the load test's own section (written by bench/load_accounts.py).
        previous = args.out.read_text() if args.out.exists() else ""
        start = previous.find("<!-- load_accounts:start -->")
        kept = "\n" + previous[start:] if start != -1 else ""
        args.out.write_text(header + text + "\n" + kept)


if __name__ == "__main__":
    main()
