"""`make bench`: pages served by gunicorn with production settings, against a bare floor view.

    .venv/bin/python bench/bench_http.py [--athletes 2000] [--seconds 5] [--rounds 3]
                                         [--out docs/benchmarks.md]

1. A throwaway database (SQLite in a temporary directory, or --database-url), migrated and
   seeded with `manage.py seed_demo --athletes N` (N club athletes, 90 days of history each);
   coaches linked to the first 10, 100, 500 and N of them.
2. gunicorn (2 sync workers, DEBUG=0, HTTPS as a TLS proxy would report it with
   X-Forwarded-Proto) on a free port, with the floor view mounted (config/bench.py).
3. wrk against each page, interleaved with the floor in every round: the ratio is the page's
   requests per second over the floor's in the same round (median of the rounds), so a busy
   machine shifts both alike. p50 and p99 latencies are the page's own (median of the rounds).
4. In process: the planner's µs per call with 90 days of history, and the time to save a
   check-in (now recomputing the stored plan) against the same save without that step.

Writes its section of docs/benchmarks.md (between <!-- bench_http:start/end -->).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
COACH_SIZES = (10, 100, 500)
SECRET = "bench-" + "x" * 60


from sections import write_section  # noqa: E402 - bench/ is on sys.path


@dataclass
class Target:
    label: str
    path: str
    cookie: str = ""
    body: str = ""  # a POST with this form body when set
    csrf: str = ""


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float


def server_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        LEGDAY_BENCH_FLOOR="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=tempfile.mkdtemp(prefix="legday-static-"),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int = 2):
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r,
            ):
                if r.status == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer /healthz")
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


def prepare(athletes: int) -> dict[str, object]:
    """Bench coaches and signed-in sessions, made in this process on the same database."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from coaching import list_versions
    from coaching.club_demo import CLUB_PREFIX
    from coaching.models import CoachLink

    now = timezone.now()
    club = list(User.objects.filter(username__startswith=CLUB_PREFIX).order_by("pk"))
    coaches = {}
    for size in (*COACH_SIZES, athletes):
        coach, _ = User.objects.get_or_create(
            username=f"bench-coach-{size}", defaults={"email": f"bench-coach-{size}@example.com"}
        )
        CoachLink.objects.filter(coach=coach).delete()
        CoachLink.objects.bulk_create(
            CoachLink(
                coach=coach,
                athlete=athlete,
                status=CoachLink.Status.ACTIVE,
                initiated_by=CoachLink.Side.ATHLETE,
                accepted_at=now,
            )
            for athlete in club[:size]
        )
        list_versions.bump(coach.pk)  # bulk_create sends no signal
        coaches[size] = coach

    def cookie_for(user: User) -> str:
        client = Client()
        client.force_login(user)
        return (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )

    athlete = club[0]
    csrf = secrets.token_hex(16)  # a 32-character secret: valid as both cookie and token
    return {
        "athlete": athlete,
        "athlete_cookie": cookie_for(athlete),
        "coach_cookies": {size: cookie_for(coach) for size, coach in coaches.items()},
        "csrf": csrf,
        "csrf_cookie": f"{settings.CSRF_COOKIE_NAME}={csrf}",
    }


WRK_LUA = """
wrk.method = "{method}"
wrk.body = "{body}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


def run_wrk(url: str, target: Target, seconds: int, workdir: Path) -> Result:
    headers = ["-H", "X-Forwarded-Proto: https"]
    cookies = "; ".join(c for c in (target.cookie, target.csrf and target.csrf) if c)
    if cookies:
        headers += ["-H", f"Cookie: {cookies}"]
    script: list[str] = []
    if target.body:
        lua = workdir / "post.lua"
        lua.write_text(WRK_LUA.format(method="POST", body=target.body), encoding="utf-8")
        script = ["-s", str(lua)]
        headers += [
            "-H",
            f"X-CSRFToken: {target.csrf.split('=', 1)[1]}",
            "-H",
            f"Referer: https://{url.split('://', 1)[1]}{target.path}",
            "-H",
            "HX-Request: true",
        ]
    output = subprocess.run(
        ["wrk", "-t2", "-c4", f"-d{seconds}s", "--latency", *headers, *script, url + target.path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{target.label}: errors\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return Result(rps, _latency(output, "50%"), _latency(output, "99%"))


def _latency(output: str, percentile: str) -> float:
    match = re.search(rf"{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\b", output)
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def check_page(url: str, target: Target) -> None:
    """The page answers 200 as measured (not a redirect to the sign-in page, say)."""
    headers = {
        "X-Forwarded-Proto": "https",
        "Cookie": "; ".join(c for c in (target.cookie, target.csrf) if c),
    }
    data = None
    if target.body:
        data = target.body.encode()
        headers.update(
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": target.csrf.split("=", 1)[1],
                "Referer": f"https://{url.split('://', 1)[1]}{target.path}",
                "HX-Request": "true",
            }
        )
    request = urllib.request.Request(url + target.path, data=data, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(request, timeout=30) as response:
        if response.status != 200:
            raise RuntimeError(f"{target.label}: HTTP {response.status}")


def bench_pages(targets: list[Target], url: str, seconds: int, rounds: int, workdir: Path):
    floor = Target("floor", "/_bench/floor/")
    run_wrk(url, floor, 1, workdir)  # warm-up: workers import everything once
    rows = []
    for target in targets:
        check_page(url, target)
        run_wrk(url, target, 1, workdir)
        ratios, pages = [], []
        for _ in range(rounds):
            base = run_wrk(url, floor, seconds, workdir)
            page = run_wrk(url, target, seconds, workdir)
            ratios.append(page.rps / base.rps)
            pages.append(page)
        rows.append(
            (
                target.label,
                statistics.median(ratios),
                statistics.median(p.rps for p in pages),
                statistics.median(p.p50_ms for p in pages),
                statistics.median(p.p99_ms for p in pages),
            )
        )
        print(f"{target.label}: ratio {rows[-1][1]:.3f}", flush=True)
    return rows


def bench_in_process(athlete) -> list[tuple[str, float]]:
    """(label, value) rows: planner µs per call; check-in save ms with and without re-planning."""
    from unittest import mock

    from bench_planner import bench_planner
    from django.utils import timezone

    from accounts.form_tokens import new_token
    from recovery import stored_plans
    from recovery.models import SorenessCheckIn

    rows = [
        (f"planner, {label} ({when})", value)
        for when, label, value in bench_planner(repeats=3)
        if "90" in label or "sessions" in label
    ]

    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(athlete)

    def save_ms(repeats: int = 25) -> float:
        """The whole request saving a check-in (form, service, redirect), median ms."""
        saved = SorenessCheckIn.objects.filter(athlete=athlete).count()
        samples = []
        for index in range(repeats):
            at = timezone.now().astimezone(athlete.zone) - timedelta(minutes=index + 1)
            data = {
                "at": f"{at:%Y-%m-%dT%H:%M}",
                "soreness": str(index % 8),
                "form_token": new_token(),  # as the form page would hand out
            }
            start = time.perf_counter()
            response = client.post("/checkins/new/", data, secure=True)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302, response.content[:500]
        assert SorenessCheckIn.objects.filter(athlete=athlete).count() == saved + repeats
        return statistics.median(samples)

    with mock.patch.object(stored_plans, "refresh", lambda **kwargs: None):
        before = save_ms()
    after = save_ms()
    rows.append(("saving a check-in (POST → 302), without re-planning (ms)", before))
    rows.append(("saving a check-in (POST → 302), stored plan recomputed (ms)", after))
    rows.append(("ratio of the two saves", after / before))
    return rows


def bench_preview_parts(athlete, body: str, repeats: int = 300) -> list[tuple[str, float]]:
    """Where a preview's time goes: each step the view takes, timed on its own (ms)."""
    from django.http import QueryDict
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django_htmx.middleware import HtmxDetails

    from recovery import views
    from recovery.forms import ExerciseLineFormSet, LegWorkoutForm
    from recovery.models import LegWorkout

    request = RequestFactory().post("/workouts/preview/", HTTP_HX_REQUEST="true")
    request.user = athlete
    request.htmx = HtmxDetails(request)
    data = QueryDict(body)

    def forms():
        instance = LegWorkout(athlete=athlete)
        form = LegWorkoutForm(data, instance=instance, athlete=athlete, preview=True)
        lines = ExerciseLineFormSet(
            data, instance=instance, prefix=views.LINES_PREFIX, form_kwargs={"preview": True}
        )
        assert form.is_valid() and lines.is_valid()
        return form, lines

    form, lines = forms()
    planned = views._preview(request, form, lines, None)
    context = {"form": form, "lines": lines, "planned": planned, "workout": None}

    def chart():
        planned.__dict__.pop("chart", None)  # laid out again, as each preview does
        return planned.chart

    def draw():
        return render_to_string("recovery/workout_form.html#preview", context, request)

    def ms(step) -> float:
        step()
        samples = []
        for _ in range(3):
            start = time.perf_counter()
            for _ in range(repeats):
                step()
            samples.append((time.perf_counter() - start) * 1000 / repeats)
        return min(samples)

    return [
        ("preview step: validating the form and its lines (ms)", ms(forms)),
        (
            "preview step: reading the history and planning (ms)",
            ms(lambda: views._preview(request, form, lines, None)),
        ),
        ("preview step: laying out the chart, both layouts (ms)", ms(chart)),
        (f"preview step: drawing the response, {len(draw()) / 1000:.0f} KB (ms)", ms(draw)),
    ]


def bench_import(sessions: int = 100, repeats: int = 3) -> list[tuple[str, float]]:
    """Importing a Strong export of ``sessions`` leg days (one every 3 days), ms: planning once
    for the whole file against once per session (`replanning_once` switched off)."""
    import contextlib
    import csv
    import io
    from unittest import mock

    from django.utils import timezone

    from accounts.models import User
    from imports import services as import_services
    from imports.formats import Format
    from imports.lifting_csv import parse_lifting_csv
    from recovery import services as recovery_services

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds"
    writer.writerow([*columns.split(","), "Notes", "Workout Notes", "RPE"])
    rest = ["Legs", "1h 5m", "Squat (Barbell)", "1", "100", "5", "", "", "", "", "8"]
    writer.writerows(
        [f"{day:%Y-%m-%d} 17:30:00", *rest]
        for day in (timezone.now() - timedelta(days=3 * n + 1) for n in range(sessions))
    )
    data = out.getvalue().encode()
    tz = timezone.get_default_timezone()
    parsed = parse_lifting_csv(
        data,
        format=Format.STRONG,
        tz=tz,
        now=timezone.now(),
        catalogue=import_services.catalogue(),
    )
    assert len(parsed.sessions) == sessions and not parsed.errors, parsed.errors[:3]

    def import_ms() -> float:
        samples = []
        for _ in range(repeats):
            name = f"bench-import-{secrets.token_hex(6)}"
            athlete = User.objects.create(username=name, email=f"{name}@example.com")
            start = time.perf_counter()
            result = import_services.lifting_import(
                athlete=athlete, sessions=parsed.sessions, source=Format.STRONG
            )
            samples.append((time.perf_counter() - start) * 1000)
            assert len(result.created) == sessions
        return statistics.median(samples)

    with mock.patch.object(recovery_services, "replanning_once", contextlib.nullcontext):
        each = import_ms()
    once = import_ms()
    return [
        (f"importing {sessions} leg days from a Strong file, a plan per session (ms)", each),
        (f"importing {sessions} leg days from a Strong file, one plan (ms)", once),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--athletes", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench: wrk is needed (Debian: apt-get install wrk; `make bench` installs it)")

    workdir = Path(tempfile.mkdtemp(prefix="legday-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = server_env(database_url, args.redis_url)
    os.environ.update(env)
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    seeded = manage(env, "seed_demo", "--athletes", str(args.athletes))
    seed_seconds = time.monotonic() - started
    print(seeded.strip(), flush=True)
    ready = prepare(args.athletes)
    athlete = ready["athlete"]
    athlete_cookie = str(ready["athlete_cookie"])
    coach_cookies: dict[int, str] = ready["coach_cookies"]  # type: ignore[assignment]
    now_local = datetime.now(UTC).astimezone(athlete.zone) - timedelta(hours=3)
    preview_body = (
        f"ended_at={now_local:%Y-%m-%dT%H:%M}&minutes=60&rpe=7&notes="
        "&lines-TOTAL_FORMS=0&lines-INITIAL_FORMS=0&lines-MIN_NUM_FORMS=0&lines-MAX_NUM_FORMS=20"
    )
    targets = [
        Target("athlete dashboard (90 days)", "/", athlete_cookie),
        Target(
            "htmx workout preview (POST)",
            "/workouts/preview/",
            athlete_cookie,
            body=preview_body,
            csrf=str(ready["csrf_cookie"]),
        ),
        Target(
            "htmx workout preview, RPE left out (form errors, no plan)",
            "/workouts/preview/",
            athlete_cookie,
            body=preview_body.replace("&rpe=7", ""),
            csrf=str(ready["csrf_cookie"]),
        ),
        Target("workout list (90 days)", "/workouts/", athlete_cookie),
        *(
            Target(f"coach dashboard, {size} athletes", "/coach/", coach_cookies[size])
            for size in (*COACH_SIZES, args.athletes)
        ),
    ]
    port = free_port()
    with gunicorn(env, port):
        rows = bench_pages(targets, f"http://127.0.0.1:{port}", args.seconds, args.rounds, workdir)
    # The dashboards again with the page cache off: what drawing them costs, i.e. the first
    # view after a change or in a new minute (wrk repeats one request, which the cache serves).
    drawn = [
        Target(f"{t.label}, drawn every time (page cache off)", t.path, t.cookie)
        for t in targets
        if t.path in {"/", "/coach/"}
    ]
    port = free_port()
    with gunicorn({**env, "LEGDAY_PAGE_CACHE": "0"}, port):
        rows += bench_pages(drawn, f"http://127.0.0.1:{port}", args.seconds, args.rounds, workdir)
    process_rows = (
        bench_in_process(athlete) + bench_preview_parts(athlete, preview_body) + bench_import()
    )
    shutil.rmtree(workdir, ignore_errors=True)

    command = (
        f".venv/bin/python bench/bench_http.py --athletes {args.athletes} "
        f"--seconds {args.seconds} --rounds {args.rounds}"
        + (" --database-url …" if args.database_url else "")
        + (" --redis-url …" if args.redis_url else "")
        + (f" --out {args.out}" if args.out else "")
    )
    backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    lines = [
        "## `make bench`: pages against the floor, the coach dashboard at club scale",
        "",
        "Produced in one run by `make bench`, i.e.:",
        "",
        "```sh",
        command,
        "```",
        "",
        f"gunicorn, 2 sync workers, `DEBUG=0`, {backend}"
        + (", Redis" if args.redis_url else "")
        + f"; wrk -t2 -c4, {args.seconds} s a measurement, {args.rounds} rounds, each page "
        "right after the floor (a bare page behind the same middleware). Ratio = page req/s ÷ "
        "floor req/s in the same round (median); p50/p99 are the page's own latencies.",
        f"Seeding {args.athletes} club athletes with 90 days of history (`seed_demo --athletes`)"
        f" and migrating took {seed_seconds:.0f} s.",
        "",
        "| page | ratio to the floor | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {label} | {ratio:.3f} | {rps:,.0f} | {p50:.1f} | {p99:.1f} |"
            for label, ratio, rps, p50, p99 in rows
        ),
        "",
        "In process, on the same data:",
        "",
        "| measure | value |",
        "| --- | ---: |",
        *(f"| {label} | {value:,.2f} |" for label, value in process_rows),
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} at the end; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
    ]
    body = "\n".join(lines)
    print(body)
    if args.out:
        write_section(args.out, body, name="bench_http")


if __name__ == "__main__":
    main()
