"""Shared fixtures for the whole suite."""

import os

import pytest
from hypothesis import HealthCheck, settings

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


# Hypothesis: "ci" replays the same examples on every run (derandomize; no example database)
# and prints a reproduce_failure blob when one fails; "dev" explores new examples on each run
# and remembers failures in .hypothesis/. Neither has a deadline: a wall-clock limit fails on
# a busy machine, and timings belong in bench/. ``pytest --hypothesis-profile=NAME`` overrides.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


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
