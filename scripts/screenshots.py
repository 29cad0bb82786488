"""Regenerate the README's screenshots: the athlete's dashboard and the coach's dashboard,
at desktop and phone widths (docs/screenshot*.png).

    make screenshots        # or: .venv/bin/python scripts/screenshots.py [--out docs]

Migrates a throwaway SQLite database, loads the demo data with ``manage.py seed_demo``,
serves it with ``manage.py runserver`` on a free port, signs the demo athlete and the demo
coach in and photographs their dashboards at desktop (1280 px) and phone (360 px) widths with
Playwright
driving Debian's Chromium (``CHROMIUM_PATH``, default /usr/bin/chromium).

The test suite never writes these files; run this when the dashboard's look changes.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import ViewportSize

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
MOBILE: ViewportSize = {"width": 360, "height": 740}
DEMO_ZONE = "Europe/Berlin"  # the demo athlete's and coach's zone: no device-zone notice
SERVER_START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str], **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"runserver exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise SystemExit(f"runserver did not answer {url} within {SERVER_START_TIMEOUT_S} s")


@contextmanager
def demo_server(env: dict[str, str]) -> Iterator[str]:
    """Yield the base URL of a runserver serving freshly seeded demo data."""
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("seed_demo", env=env, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base_url}/accounts/login/", server)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)


def demo_session_key() -> tuple[str, list[str]]:
    """(cookie name, session key) of signed-in sessions for the demo athlete and the demo coach,
    made through Django rather than the login form, so this script does not depend on that
    page's markup."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from recovery.demo import DEMO_ATHLETE, DEMO_COACH_USERNAME

    keys = []
    for username in (DEMO_ATHLETE.username, DEMO_COACH_USERNAME):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        keys.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return settings.SESSION_COOKIE_NAME, keys


def take_screenshots(base_url: str, out: Path) -> list[Path]:
    from playwright.sync_api import expect, sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    cookie_name, (athlete_key, coach_key) = demo_session_key()
    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for key, url, prefix, ready in (
            (athlete_key, "/", "screenshot", "timeline-chart"),
            (coach_key, "/coach/", "screenshot-coach", "athlete-table"),
        ):
            context = browser.new_context(viewport=DESKTOP, timezone_id=DEMO_ZONE)
            context.add_cookies([{"name": cookie_name, "value": key, "url": base_url}])
            page = context.new_page()
            page.goto(f"{base_url}{url}")
            for suffix, viewport in (("", DESKTOP), ("-mobile", MOBILE)):
                page.set_viewport_size(viewport)
                expect(page.get_by_test_id("verdict").first).to_be_visible()
                expect(page.get_by_test_id(ready)).to_be_visible()
                path = out / f"{prefix}{suffix}.png"
                page.screenshot(path=path, full_page=True)
                shots.append(path)
            context.close()
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="legday-screenshots-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite3'}",
            "DEBUG": "1",
            # Playwright's sync API runs an event loop in this thread; the ORM calls are sync.
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        }
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        with demo_server(env) as base_url:
            shots = take_screenshots(base_url, args.out)
    for shot in shots:
        print(f"wrote {shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot}")


if __name__ == "__main__":
    main()
