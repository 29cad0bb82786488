"""Shared fixtures for the whole suite."""

import os

import pytest

# Playwright runs an event loop in the test thread; the ORM calls made by tests and
# live_server are still synchronous, so tell Django that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


def pytest_collection_modifyitems(items):
    """Run browser tests last: their transactional flush also empties data that
    migrations created (the exercise catalogue), which other tests rely on."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium (Playwright's own download is not possible everywhere)."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if os.path.exists(path):
        args["executable_path"] = path
    return args


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password() -> str:
    return "correct-horse-battery-42"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
