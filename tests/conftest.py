"""Shared fixtures for the whole suite."""

import importlib
import os

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, settings

from tests.factories import make_user

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


# Data migrations seed rows that tests rely on; a transactional test (browser tests use
# live_server) flushes every table when it ends, which would leave the next test without
# them. Each database test therefore starts by restoring whatever is missing, through the
# migration's own function, so the suite passes in any order.
_CATALOGUE_MIGRATION = importlib.import_module("recovery.migrations.0002_exercise_catalogue")
_DB_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def uses_database(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("django_db") is not None or bool(
        _DB_FIXTURES & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _migration_data(request: pytest.FixtureRequest) -> None:
    """Restore the exercise catalogue (recovery migration 0002) if a flush removed it.

    Inside a ``db`` test the rows are rolled back with the test; after a transactional
    test they go with its flush, and the next database test restores them again."""
    if not uses_database(request):
        return
    request.getfixturevalue("db")  # the test's own database setup (transactional or not)
    from django.apps import apps

    from recovery.models import Exercise

    names = [name for name, _ in _CATALOGUE_MIGRATION.CATALOGUE]
    if Exercise.objects.filter(name__in=names).count() < len(names):
        _CATALOGUE_MIGRATION.add_catalogue(apps, schema_editor=None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium (Playwright's own download is not possible everywhere)."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if os.path.exists(path):
        args["executable_path"] = path
    return args


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """MD5 instead of PBKDF2 for every user the tests make, module- and session-scoped
    fixtures included (PBKDF2 costs about half a second per password)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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


# --- People shared by every layer (factories: tests/factories.py) ---------------------------


@pytest.fixture
def athlete():
    """An athlete in Berlin (the factories' default zone) with no history yet."""
    return make_user(username="ana", first_name="Ana")


@pytest.fixture
def coach():
    """Another user, who coaches. The mixed-case email is on purpose: look-ups by email
    must ignore case in both directions."""
    return make_user(username="sam", first_name="Sam", email="Sam@example.com")


@pytest.fixture
def athlete_client(client, athlete):
    """The test client, signed in as ``athlete``."""
    client.force_login(athlete)
    return client


@pytest.fixture
def coach_client(client, coach):
    """The test client, signed in as ``coach``."""
    client.force_login(coach)
    return client


@pytest.fixture
def same_minute():
    """Every view of the test falls in one minute of the page cache (no boundary in between)."""
    from unittest import mock

    from recovery import page_cache

    with mock.patch.object(page_cache, "current_minute", return_value=page_cache.current_minute()):
        yield
