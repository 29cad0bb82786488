"""Load test: 50 simulated athletes sign in, log leg days and check-ins, read dashboards.

    .venv/bin/python bench/load_accounts.py [--users 50] [--concurrency 16] [--out FILE]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/legday_bench \
        .venv/bin/python bench/load_accounts.py

Starts gunicorn on 127.0.0.1 against a throwaway database (a temporary SQLite file, or
the PostgreSQL database named by DATABASE_URL, whose tables it creates with migrate and
whose bench users it removes afterwards), with TRUSTED_PROXY_COUNT=1: each simulated
athlete sends its own address in X-Forwarded-For, as if behind one proxy. Every athlete
signs in through the real form (CSRF, throttles, password hashing), saves 2 leg days and
3 check-ins through the forms (one-time form tokens), re-posts one check-in as a double
click would, and reads the dashboard 3 times. The run stops issuing requests after
--deadline seconds (default 100; the whole run stays under 2 minutes).

It reports server errors (5xx), throttled answers (429, counted apart), other unexpected
statuses, and whether the rows stored equal the posts that succeeded. With --out it
replaces its own section of that file (between the load_accounts markers).
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-horse-battery-42"
PREFIX = "loadbench"
START, END = "<!-- load_accounts:start -->", "<!-- load_accounts:end -->"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to count, not to follow


class Athlete:
    """One simulated athlete: its own cookies and its own client address."""

    def __init__(self, base: str, n: int, stats: Stats):
        self.base, self.n, self.stats = base, n, stats
        self.username = f"{PREFIX}{n:03d}"
        self.ip = f"10.{n // 250}.{n % 250}.{7 + n % 200}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        req.add_header("X-Forwarded-For", self.ip)
        req.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        self.stats.record(path, "POST" if data is not None else "GET", status, started)
        return status, text

    def form(self, path: str) -> dict:
        status, text = self.request(path)
        if status != 200:
            return {}
        fields = {"csrfmiddlewaretoken": html.unescape(CSRF.search(text).group(1))}
        token = FORM_TOKEN.search(text)
        if token:
            fields["form_token"] = html.unescape(token.group(1))
        return fields

    def run(self, deadline: float) -> None:
        login = self.form("/accounts/login/")
        status, _ = self.request(
            "/accounts/login/", {**login, "login": self.username, "password": PASSWORD}
        )
        if status != 302:
            return
        now = datetime.now(UTC)
        for i in range(2):
            if time.monotonic() > deadline:
                return
            fields = self.form("/workouts/new/")
            ended = now - timedelta(hours=30 - 8 * i, minutes=self.n % 50)
            data = {
                **fields,
                "ended_at": ended.strftime("%Y-%m-%dT%H:%M"),
                "minutes": str(45 + 5 * i),
                "rpe": str(6 + i),
                "notes": f"bench {self.n}/{i}",
                "lines-TOTAL_FORMS": "0",
                "lines-INITIAL_FORMS": "0",
                "lines-MIN_NUM_FORMS": "0",
                "lines-MAX_NUM_FORMS": "20",
            }
            status, _ = self.request("/workouts/new/", data)
            self.stats.saved("workouts", status == 302)
        for i in range(3):
            if time.monotonic() > deadline:
                return
            fields = self.form("/checkins/new/")
            at = now - timedelta(hours=5 - i, minutes=self.n % 50)
            data = {**fields, "at": at.strftime("%Y-%m-%dT%H:%M"), "soreness": str(2 + i)}
            status, _ = self.request("/checkins/new/", data)
            self.stats.saved("check_ins", status == 302)
            if i == 0:  # a double click: the same form, same token, again
                status, _ = self.request("/checkins/new/", data)
                self.stats.resubmitted(status)
        for _ in range(3):
            if time.monotonic() > deadline:
                return
            self.request("/")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.timings: dict[str, list[float]] = {}
        self.saves: Counter = Counter()
        self.resubmits: Counter = Counter()

    def record(self, path: str, method: str, status: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        with self.lock:
            self.statuses[status] += 1
            self.timings.setdefault(f"{method} {path}", []).append(elapsed)

    def saved(self, kind: str, ok: bool) -> None:
        with self.lock:
            self.saves[kind if ok else f"{kind} not saved"] += 1

    def resubmitted(self, status: int) -> None:
        with self.lock:
            self.resubmits[status] += 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_athletes(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from accounts.emails import email_mark_verified

    User = get_user_model()
    User.objects.filter(username__startswith=PREFIX).delete()
    password = make_password(PASSWORD)  # hashed once, shared: creating users stays fast
    users = User.objects.bulk_create(
        User(
            username=f"{PREFIX}{n:03d}",
            email=f"{PREFIX}{n:03d}@example.com",
            password=password,
            timezone="UTC",
        )
        for n in range(count)
    )
    for user in User.objects.filter(username__startswith=PREFIX):
        email_mark_verified(user)
    assert len(users) == count


def stored_rows() -> dict[str, int]:
    from recovery.models import LegWorkout, SorenessCheckIn

    mine = {"athlete__username__startswith": PREFIX}
    return {
        "workouts": LegWorkout.objects.filter(**mine).count(),
        "check_ins": SorenessCheckIn.objects.filter(**mine).count(),
    }


def remove_athletes() -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username__startswith=PREFIX).delete()


def start_server(env: dict, port: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "8",
        "--worker-class", "gthread", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--deadline", type=float, default=100.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="legday-load-")
    env = {
        "DEBUG": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir}/load.sqlite3"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env={**os.environ, **env}, check=True,
    )  # fmt: skip
    django_setup(env)
    from django.db import connection

    vendor = connection.vendor
    create_athletes(args.users)
    port = free_port()
    server = start_server(env, port)
    stats = Stats()
    load_started = time.monotonic()
    try:
        deadline = load_started + args.deadline
        base = f"http://127.0.0.1:{port}"
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            for future in [
                pool.submit(Athlete(base, n, stats).run, deadline) for n in range(args.users)
            ]:
                future.result()
        load_seconds = time.monotonic() - load_started
        rows = stored_rows()
    finally:
        server.terminate()
        server.wait(timeout=10)
        remove_athletes()

    requests = sum(stats.statuses.values())
    errors = sum(n for status, n in stats.statuses.items() if status >= 500)
    throttled = stats.statuses.get(429, 0)
    expected = {200, 302}
    unexpected = {s: n for s, n in stats.statuses.items() if s not in expected | {429} and s < 500}
    posted = {kind: stats.saves[kind] for kind in ("workouts", "check_ins")}
    match = rows == posted
    slowest = sorted(
        ((statistics.median(t), max(t), len(t), name) for name, t in stats.timings.items()),
        reverse=True,
    )
    lines = [
        f"### {vendor} — {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"{args.users} athletes, {args.concurrency} at a time, gunicorn 1 worker × 8 threads; "
        f"{requests} requests in {load_seconds:.1f} s ({requests / load_seconds:.0f}/s).",
        "",
        f"- server errors (5xx): **{errors}**; throttled (429, counted apart): {throttled}; "
        f"other unexpected statuses: {unexpected or 'none'}",
        f"- rows stored {rows} vs successful posts {posted}: "
        f"**{'equal' if match else 'DIFFERENT'}**",
        f"- double-clicked check-ins: {dict(stats.resubmits)} "
        "(200 = refused as already saved, no second row)",
        "",
        "| request | count | median ms | max ms |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| `{name}` | {n} | {med * 1000:.0f} | {mx * 1000:.0f} |"
            for med, mx, n, name in slowest
        ),
        "",
        f"Total wall time {time.monotonic() - started:.0f} s. Machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        write_section(args.out, vendor, text)
    if errors or not match:
        raise SystemExit(1)


def write_section(path: Path, vendor: str, text: str) -> None:
    """Replace this database's part of the load-test section, keeping everything else."""
    content = path.read_text() if path.exists() else "# Benchmarks\n"
    header = (
        "## Load test: 50 athletes sign in, log, read (`bench/load_accounts.py`)\n\n"
        "```sh\n.venv/bin/python bench/load_accounts.py --out docs/benchmarks.md\n"
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/legday_bench \\\n"
        "  .venv/bin/python bench/load_accounts.py --out docs/benchmarks.md\n```\n\n"
        "Each athlete has its own client address (X-Forwarded-For through "
        "`TRUSTED_PROXY_COUNT=1`). Sign-in time is mostly password hashing (PBKDF2) on a "
        "2-core machine shared with other work.\n"
    )
    parts = {}
    if START in content:
        before, rest = content.split(START, 1)
        section, after = rest.split(END, 1)
        for block in section.split("\n### ")[1:]:
            parts[block.split(" ", 1)[0]] = "### " + block.strip()
    else:
        before, after = content.rstrip() + "\n\n", "\n"
    parts[vendor] = text
    body = "\n\n".join(parts[key] for key in sorted(parts))
    path.write_text(f"{before}{START}\n{header}\n{body}\n{END}{after}")


if __name__ == "__main__":
    main()
