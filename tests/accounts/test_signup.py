import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import SignUpForm
from tests.factories import make_user

pytestmark = pytest.mark.django_db

User = get_user_model()


def signup_data(**overrides):
    data = {
        "username": "runner",
        "email": "runner@example.com",
        "first_name": "Robin",
        "timezone": "Europe/Berlin",
        "password1": "correct-horse-battery-42",
        "password2": "correct-horse-battery-42",
    }
    data.update(overrides)
    return data


def test_signup_creates_user_signs_in_and_redirects(client):
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(username="runner")
    assert user.timezone == "Europe/Berlin"
    assert client.get(reverse("home")).context["user"] == user


def test_signup_page_renders(client):
    response = client.get(reverse("signup"))
    assert response.status_code == 200
    assert b'data-browser-timezone="true"' in response.content


def test_duplicate_email_is_rejected_case_insensitively(client):
    make_user(username="first", email="Runner@Example.com")
    response = client.post(reverse("signup"), signup_data(email="runner@example.COM"))
    assert response.status_code == 200
    assert "An account with this email address already exists." in response.content.decode()
    assert not User.objects.filter(username="runner").exists()


def test_weak_password_is_rejected(client):
    response = client.post(
        reverse("signup"), signup_data(password1="12345678", password2="12345678")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["password2"]
    assert any("too common" in e for e in errors)
    assert not User.objects.filter(username="runner").exists()


def test_unknown_timezone_is_rejected(client):
    response = client.post(reverse("signup"), signup_data(timezone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors
    assert not User.objects.exists()


def test_signed_in_user_is_sent_home_from_signup(client):
    client.force_login(make_user())
    assert client.get(reverse("signup")).status_code == 302


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    username=st.text(max_size=200),
    email=st.text(max_size=300),
    timezone=st.text(max_size=80),
    password=st.text(max_size=100),
)
def test_arbitrary_signup_input_never_crashes(username, email, timezone, password):
    form = SignUpForm(
        data=signup_data(
            username=username,
            email=email,
            timezone=timezone,
            password1=password,
            password2=password,
        )
    )
    form.is_valid()  # must not raise; a form either validates or reports field errors
    if not form.is_valid():
        assert form.errors
