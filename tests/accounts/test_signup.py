import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(username="runner")
    assert user.timezone == "Europe/Berlin"
    assert client.get(reverse("home")).context["user"] == user


def test_signup_page_renders(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert b'data-browser-timezone="true"' in response.content


def test_duplicate_email_is_rejected_case_insensitively(client):
    make_user(username="first", email="Runner@Example.com")
    response = client.post(reverse("account_signup"), signup_data(email="runner@example.COM"))
    assert response.status_code == 200
    assert "already" in response.context["form"].errors["email"][0]
    assert not User.objects.filter(username="runner").exists()


def test_weak_password_is_rejected(client):
    response = client.post(
        reverse("account_signup"), signup_data(password1="12345678", password2="12345678")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["password1"]
    assert any("too common" in e for e in errors)
    assert not User.objects.filter(username="runner").exists()


def test_unknown_timezone_is_rejected(client):
    response = client.post(reverse("account_signup"), signup_data(timezone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors
    assert not User.objects.exists()


def test_signed_in_user_is_sent_home_from_signup(client):
    client.force_login(make_user())
    assert client.get(reverse("account_signup")).status_code == 302


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
    from allauth.account.forms import SignupForm

    form = SignupForm(
        data=signup_data(
            username=username,
            email=email,
            timezone=timezone,
            password1=password,
            password2=password,
        )
    )
    form.is_valid()  # must not raise; a form either validates or reports field errors
    if timezone not in zoneinfo.available_timezones():
        assert "timezone" in form.errors
    if len(password) < 8:  # AUTH_PASSWORD_VALIDATORS' minimum length
        assert {"password1", "password2"} & set(form.errors)


def test_new_address_is_unverified_and_user_is_signed_in(client):
    from allauth.account.models import EmailAddress

    client.post(reverse("account_signup"), signup_data())
    user = User.objects.get(username="runner")
    address = EmailAddress.objects.get(user=user)
    assert address.email == "runner@example.com"
    assert not address.verified
    assert int(client.session["_auth_user_id"]) == user.pk


# --- one identity per person (issue 10, finding 2) --------------------------------------------


def test_finding_2_email_equal_to_someone_elses_username_is_refused(client):
    coach = make_user(username="coachy@example.test", email="real-coach@example.com")
    response = client.post(
        reverse("account_signup"),
        signup_data(username="impostor", email="Coachy@Example.test"),
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.filter(username="impostor").exists()
    # The real coach still signs in with that username.
    client.post(
        reverse("account_login"),
        {"login": "coachy@example.test", "password": "correct-horse-battery-42"},
    )
    assert int(client.session["_auth_user_id"]) == coach.pk


def test_username_equal_to_someone_elses_email_is_refused(client):
    make_user(username="first", email="taken@example.com")
    response = client.post(reverse("account_signup"), signup_data(username="TAKEN@example.com"))
    assert response.status_code == 200
    assert "username" in response.context["form"].errors


def test_username_differing_only_in_case_is_refused(client):
    make_user(username="Runner")
    response = client.post(reverse("account_signup"), signup_data(username="rUNNER"))
    assert "username" in response.context["form"].errors


@pytest.mark.parametrize(
    "name",
    [
        "Legday Support: verify at evil.example",
        "Team ADMIN",
        "s u p p o r t",
        "see https://evil.example",
        "www.example.org",
        "evil[.]example",
        "LegdaySupport",
        "evil dot example",
    ],
)
def test_display_name_cannot_carry_links_or_pose_as_staff(client, name):
    response = client.post(reverse("account_signup"), signup_data(first_name=name))
    assert response.status_code == 200
    assert "first_name" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.parametrize("username", ["admin", "Legday", "SUPPORT", "legday_support", "Admin2"])
def test_staff_like_usernames_are_refused(client, username):
    response = client.post(reverse("account_signup"), signup_data(username=username))
    assert "username" in response.context["form"].errors


@pytest.mark.parametrize("name", ["Badminton Coach", "J. Smith", "Zoë O'Neil", "Coach Kim 2"])
def test_ordinary_display_names_are_fine(client, name):
    response = client.post(reverse("account_signup"), signup_data(first_name=name))
    assert response.status_code == 302
    assert User.objects.get(username="runner").first_name == name
