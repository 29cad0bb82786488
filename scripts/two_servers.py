"""Two app servers, one PostgreSQL, one Redis: every piece of state is shared.

    .venv/bin/python scripts/two_servers.py

Run by `.ci/run` after the test suite. It needs PostgreSQL on 127.0.0.1:5432 (user postgres,
trust auth) and Redis on 127.0.0.1:6379; without them it says so and exits 0 (skipped).

Two gunicorn servers on different ports run the production settings behind the documented
trusted-proxy setup (TRUSTED_PROXY_COUNT=1, requests carry X-Forwarded-Proto: https and
X-Forwarded-For, as the TLS proxy would add them), so secure cookies work over the loopback.
The script then
1. signs the athlete in on server A and uses that session on server B;
2. saves a check-in on B and sees the new plan on the coach's dashboard served by A;
3. fails sign-ins for one account alternately on A and B, and sees the lock (429) after
   LOCKOUT_FAILURES of them in all, on both servers: the counters live in Redis.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from zoneinfo import ZoneInfo

import redis

ROOT = Path(__file__).resolve().parent.parent
PG = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 11
PASSWORD = "two-servers-Passw0rd!"
SECRET = "two-servers-" + "s" * 50
LOCKOUT_FAILURES = 5
ZONE = "Europe/Berlin"


def reachable(address: tuple[str, int]) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(address, timeout=2):
        return True
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A cookie-keeping client speaking to one server at a time, as if through the TLS proxy
    (it sends every cookie it holds, Secure and __Host- ones included)."""

    def __init__(self, client_ip: str) -> None:
        self.cookies: dict[str, str] = {}
        self.client_ip = client_ip

    def request(
        self, port: int, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_ip,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{port}{path}"
            headers["Origin"] = f"https://127.0.0.1:{port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return response.status, text, dict(response.headers)

    def get(self, port: int, path: str) -> tuple[int, str]:
        status, text, _ = self.request(port, "GET", path)
        return status, text

    def post_form(self, port: int, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        """GET the page, then POST its form with its CSRF token and ``fields``."""
        status, page = self.get(port, path)
        assert status == 200, f"GET {path} on {port}: {status}"
        form = {"csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken")}
        token = _field(page, "form_token", required=False)
        if token:
            form["form_token"] = token
        form.update(fields)
        status, text, headers = self.request(port, "POST", path, form)
        return status, text, headers.get("Location", "")


def _field(page: str, name: str, *, required: bool = True) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)" name="{name}"', page
    )
    if match is None and required:
        raise AssertionError(f"no {name} on the page")
    return match.group(1) if match else ""


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@contextlib.contextmanager
def server(env: dict[str, str], port: int) -> Iterator[None]:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(150):
            with contextlib.suppress(OSError):
                status, _ = Browser("10.0.0.1").get(port, "/healthz")
                if status == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"the server on port {port} did not come up")
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextlib.contextmanager
def database() -> Iterator[str]:
    name = f"legday_two_servers_{os.getpid()}"
    psql = ["psql", "-h", PG[0], "-p", str(PG[1]), "-U", "postgres", "-d", "postgres", "-qc"]
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    try:
        yield f"postgres://postgres@{PG[0]}:{PG[1]}/{name}"
    finally:
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


SETUP = """
from django.utils import timezone
from accounts.models import User
from allauth.account.models import EmailAddress
from coaching.models import CoachLink
from recovery import services
from datetime import timedelta
made = {}
for name in ("ana", "coach", "victim"):
    user = User.objects.create_user(
        name, f"{name}@example.com", PASSWORD, first_name=name.title(), timezone=ZONE
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    made[name] = user
CoachLink.objects.create(coach=made["coach"], athlete=made["ana"], status="active",
                         initiated_by="athlete", accepted_at=timezone.now())
services.workout_create(athlete=made["ana"], values=services.WorkoutValues(
    ended_at=timezone.now() - timedelta(hours=20), minutes=70, rpe=8))
"""


def main() -> int:
    missing = [n for n, a in (("PostgreSQL", PG), ("Redis", REDIS)) if not reachable(a)]
    if missing:
        print(f"two_servers: skipped, {' and '.join(missing)} not reachable on 127.0.0.1")
        return 0
    with database() as database_url:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
        env.update(
            DEBUG="0",
            SECRET_KEY=SECRET,
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=database_url,
            REDIS_URL=f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
            TRUSTED_PROXY_COUNT="1",
            LOCKOUT_FAILURES=str(LOCKOUT_FAILURES),
            LOG_LEVEL="WARNING",
            STATIC_ROOT=tempfile.mkdtemp(prefix="legday-static-"),
        )
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB).flushdb()  # no old counters
        manage(env, "shell", "-c", f"PASSWORD={PASSWORD!r}; ZONE={ZONE!r}\n{SETUP}")
        a, b = free_port(), free_port()
        with server(env, a), server(env, b):
            check_shared_session_and_plans(a, b)
            check_shared_lockout(a, b)
    print("two_servers: sessions, stored plans and the lockout are shared by both servers")
    return 0


def sign_in(browser: Browser, port: int, username: str, password: str = PASSWORD) -> int:
    status, _, _ = browser.post_form(
        port, "/accounts/login/", {"login": username, "password": password}
    )
    return status


def check_shared_session_and_plans(a: int, b: int) -> None:
    athlete = Browser("203.0.113.10")
    assert sign_in(athlete, a, "ana") == 302, "signing in on A"
    status, page = athlete.get(b, "/")
    assert status == 200 and 'data-testid="verdict"' in page, f"A's session on B: {status}"
    print(f"  signed in on :{a}, dashboard served by :{b}")

    at = datetime.now(ZoneInfo(ZONE)) - timedelta(minutes=5)
    status, text, _ = athlete.post_form(
        b, "/checkins/new/", {"at": f"{at:%Y-%m-%dT%H:%M}", "soreness": "9", "pain": "on"}
    )
    assert status == 302, f"saving a check-in on B: {status}\n{text[:2000]}"
    print(f"  check-in saved on :{b}")

    coach = Browser("203.0.113.20")
    assert sign_in(coach, a, "coach") == 302, "the coach signing in on A"
    status, page = coach.get(a, "/coach/")
    assert status == 200, f"coach dashboard on A: {status}"
    row = re.search(r'<li data-testid="athlete-row".*?</li>', page, re.DOTALL)
    assert row and 'data-status="walk_instead"' in row.group(0), "A shows B's check-in"
    assert "9/10 · pain" in row.group(0)
    print(f"  coach dashboard on :{a} shows the pain report saved on :{b}")


def check_shared_lockout(a: int, b: int) -> None:
    attacker = Browser("198.51.100.7")
    for attempt in range(LOCKOUT_FAILURES):
        port = (a, b)[attempt % 2]
        status, _, _ = attacker.post_form(
            port, "/accounts/login/", {"login": "victim", "password": "wrong password"}
        )
        assert status == 200, f"failure {attempt + 1} on :{port} answered {status}"
    for port in (a, b):
        status, _, _ = Browser("198.51.100.8").post_form(
            port, "/accounts/login/", {"login": "victim", "password": PASSWORD}
        )
        assert status == 429, f"after {LOCKOUT_FAILURES} failures on both, :{port} gave {status}"
    print(f"  {LOCKOUT_FAILURES} failures split over both servers lock the account on both")


if __name__ == "__main__":
    sys.exit(main())
