"""Production settings: refuse to start half-configured, pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Set for the test run (tests/settings.py, conftest): each case states its own.
    dropped = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


SECRET = "x" * 30 + "-a-long-random-production-secret-key-0123456789"


def test_deploy_check_passes_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY=SECRET, ALLOWED_HOSTS="example.com",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "example.com"}, "SECRET_KEY"),
        ({"SECRET_KEY": SECRET}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without(env, missing):
    result = manage("check", DEBUG="0", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_development_needs_no_configuration():
    result = manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_set():
    """Issue 10, finding 7: an unset DEBUG must not mean a debug server."""
    result = manage("check")  # no DEBUG, no SECRET_KEY: production rules apply
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", DEBUG="0", SECRET_KEY="x", ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_production_cookies_sessions_and_proxy_setting():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.SESSION_COOKIE_AGE, s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    env = {"DEBUG": "0", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "example.com"}
    result = manage("shell", "-c", code, **env, TRUSTED_PROXY_COUNT="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "__Host-sessionid", "__Host-csrftoken", "True", str(12 * 60 * 60), "1"
    ]  # fmt: skip


def test_sqlite_is_tuned_for_concurrent_use(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("running against another database")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout" in options["init_command"]


@pytest.mark.parametrize(
    ("redis_url", "cache", "sessions"),
    [
        ("", "LocMemCache", "accounts.session_store"),
        ("redis://127.0.0.1:6379/5", "RedisCache", "sessions.backends.cached_db"),
    ],
)
def test_redis_url_switches_the_cache_and_the_sessions(redis_url, cache, sessions):
    """Several app servers share throttles and sessions through Redis; one needs nothing."""
    code = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.DATABASES['default']"
        "['CONN_MAX_AGE'], 'django.middleware.gzip.GZipMiddleware' in s.MIDDLEWARE)"
    )
    env = {"DEBUG": "0", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "example.com"}
    result = manage("shell", "-c", code, **env, REDIS_URL=redis_url)
    assert result.returncode == 0, result.stderr
    backend, engine, max_age, gzip = result.stdout.strip().splitlines()[-1].split()
    assert backend.endswith(cache) and engine.endswith(sessions)
    assert int(max_age) > 0  # connections persist between requests, SQLite included
    assert gzip == "True"
