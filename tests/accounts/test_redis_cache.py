"""The throttles hold with a cache shared by every worker process (Redis, REDIS_URL)."""

import socket
import threading
import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from recovery.models import SorenessCheckIn
from tests.factories import DEFAULT_PASSWORD, make_user

REDIS = "redis://127.0.0.1:6379/15"


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"legday-test-{uuid.uuid4().hex}",  # parallel runs never share keys
        }
    }
    yield caches["default"]
    caches["default"].clear()


@pytest.mark.django_db
def test_lockout_is_shared_through_redis(redis_cache):
    make_user(username="sam")
    for _ in range(5):
        Client().post(reverse("account_login"), {"login": "SAM", "password": "wrong"})
    # A fresh client (as another worker process would see it) is refused too.
    response = Client().post(
        reverse("account_login"), {"login": "sam", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429


# Threads need committed rows; serialized_rollback restores the migrations' data after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_copies_of_one_form_save_once(redis_cache):
    if connection.vendor == "sqlite":
        pytest.skip("concurrent writers: run against PostgreSQL")
    import re

    athlete = make_user(username="ana", timezone="UTC")
    client = Client()
    client.force_login(athlete)
    page = client.get("/checkins/new/").text
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    at = re.search(r'name="at" value="([^"]+)"', page).group(1)
    data = {"at": at, "soreness": "3", "form_token": token}
    statuses = []

    def post():
        statuses.append(client.post("/checkins/new/", data).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert SorenessCheckIn.objects.filter(athlete=athlete).count() == 1
    assert 500 not in statuses
