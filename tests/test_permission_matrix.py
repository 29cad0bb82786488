"""Who may open which URL: every route of the project, for every kind of visitor.

MATRIX names every URL pattern (the admin site aside, checked on its own below) with
the status each role gets on GET and, for routes that change or reveal data, what a
forbidden POST gets. A new URL pattern fails ``test_matrix_names_every_route`` until
someone decides, here, who may use it.

The owner's data carries two canaries: their display name and a note. Neither may
appear in any refused response (302/403/404/405), nor anywhere in the pages of a role
that has no active consent link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from coaching.models import AccessLogEntry, CoachLink, LinkInvitation
from integrations import services as integration_services
from integrations.models import ApiToken, FeedToken
from recovery.models import ExerciseLine, LegWorkout, RecoveryRun, SorenessCheckIn
from tests.factories import DEFAULT_PASSWORD, make_coach_link, make_user
from tests.recovery.factories import make_check_in, make_run, make_workout

pytestmark = pytest.mark.django_db

User = get_user_model()
Status = CoachLink.Status
Side = CoachLink.Side

OWNER_NAME = "Zelda Owner"
SECRET_NOTE = "SECRET-NOTE-123"
CANARIES = (OWNER_NAME, SECRET_NOTE)

ROLES = (
    "anonymous",
    "owner",
    "other_athlete",
    "coach_active",
    "coach_none",
    "coach_ended",
    "coach_pending",
)
NON_OWNERS = ROLES[2:]
# Routes on which a coach with an active link legitimately sees the owner's name.
SHARED_WITH_ACTIVE_COACH = {
    "coach_dashboard",
    "coach_athlete",
    "sharing",
    "coach_link_end",
    "api-v1:coach_athletes",
}


# --- Expected outcomes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location is ``to`` (or, with ``prefix``, starts with it)."""

    to: str
    prefix: bool = False

    def __str__(self) -> str:
        return f"302 → {self.to}{'…' if self.prefix else ''}"


TO_LOGIN = Redirect("/accounts/login/?next=", prefix=True)
TO_HOME = Redirect("/")
# An account whose only use of Legday is coaching (an active athlete link, no leg days of its
# own) lands on its athletes wherever the others land on the home page.
TO_COACH = Redirect("/coach/")
TO_SHARING = Redirect("/sharing/")
OK, NOT_FOUND, NOT_ALLOWED = 200, 404, 405
UNAUTHORIZED = 401  # the API answers a missing or bad credential with 401, never a redirect
ALLOWED = None  # in a ``post`` table: this role may POST here (not a refusal to test)

Outcome = int | Redirect


def roles(
    *,
    anonymous: Outcome | None = TO_LOGIN,
    owner: Outcome | None = OK,
    others: Outcome | None = OK,
    **overrides: Outcome | None,
) -> dict[str, Outcome | None]:
    """An outcome for each role: ``others`` for everyone but the anonymous visitor and owner."""
    table = {"anonymous": anonymous, "owner": owner} | dict.fromkeys(NON_OWNERS, others)
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return table | overrides


PUBLIC = roles(anonymous=OK, owner=OK, others=OK)
PUBLIC_SIGNED_OUT_ONLY = roles(anonymous=OK, owner=TO_HOME, others=TO_HOME, coach_active=TO_COACH)
SIGNED_IN_ONLY = roles()
OWNER_ONLY = roles(others=NOT_FOUND)
# POSTs the owner may make; anyone else is refused as if the object did not exist.
OWNER_WRITES = roles(owner=ALLOWED, others=NOT_FOUND)
POST_ONLY = roles(owner=NOT_ALLOWED, others=NOT_ALLOWED)
GET_ONLY_POST = POST_ONLY  # POST to a GET-only private page: 302 signed out, 405 signed in
ANONYMOUS_REFUSED = {"anonymous": TO_LOGIN}
TO_LOGIN_PAGE = Redirect("/accounts/login/")
TO_REAUTHENTICATE = Redirect("/accounts/reauthenticate/")


# The JSON API: 401 without a credential; each caller reads their own rows.
API_SIGNED_IN = roles(anonymous=UNAUTHORIZED)
API_WRITE_REFUSED = {"anonymous": UNAUTHORIZED}
# The feeds: the secret in the URL alone authorises them, whoever sends it.
ANYONE_WITH_THE_SECRET = PUBLIC


def signed_in_everyone(outcome: Outcome, *, anonymous: Outcome = TO_LOGIN) -> dict:
    """A page about the visitor's own account: the same outcome for every signed-in role."""
    return roles(anonymous=anonymous, owner=outcome, others=outcome)


# --- The data every case runs against ------------------------------------------------------


@dataclass
class World:
    users: dict[str, object]
    workout: LegWorkout
    check_in: SorenessCheckIn
    run: RecoveryRun
    active_link: CoachLink
    pending_request: CoachLink  # coach_pending asked; the owner has to answer
    invitation: CoachLink  # the owner invited someone who has not answered
    sent_invitation: LinkInvitation  # the owner's invitation as typed, waiting for an account
    sessions: dict[str, str] = field(default_factory=dict)  # role -> signed-in session key

    @property
    def owner(self):
        return self.users["owner"]


def build_world() -> World:
    now = timezone.now().replace(microsecond=0)
    owner = make_user(username="zelda", first_name="Zelda", last_name="Owner")
    users = {
        "owner": owner,
        "other_athlete": make_user(username="olga", first_name="Olga"),
        "coach_active": make_user(username="cora", first_name="Cora"),
        "coach_none": make_user(username="nico", first_name="Nico"),
        "coach_ended": make_user(username="enzo", first_name="Enzo"),
        "coach_pending": make_user(username="pia", first_name="Pia"),
    }
    workout = make_workout(owner, ended_at=now - timedelta(hours=3), notes=SECRET_NOTE)
    check_in = make_check_in(owner, at=now - timedelta(hours=1), soreness=4, note=SECRET_NOTE)
    run = make_run(owner, workout=workout, minutes=20, note=SECRET_NOTE)
    # The other athlete has data of their own, so their pages are not empty states.
    other = users["other_athlete"]
    make_workout(other, ended_at=now - timedelta(hours=5), notes="olga's own notes")
    make_check_in(other, at=now - timedelta(hours=2), soreness=2)

    active = make_coach_link(coach=users["coach_active"], athlete=owner)
    make_coach_link(coach=users["coach_ended"], athlete=owner, status=Status.ENDED)
    pending = make_coach_link(
        coach=users["coach_pending"],
        athlete=owner,
        status=Status.PENDING,
        initiated_by=Side.COACH,
    )
    invitation = make_coach_link(
        coach=make_user(username="ivy", first_name="Ivy"),
        athlete=owner,
        status=Status.PENDING,
        initiated_by=Side.ATHLETE,
    )
    sent = LinkInvitation.objects.create(
        sender=owner, sender_side=Side.ATHLETE, identifier="ghost@example.com"
    )
    sessions = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return World(users, workout, check_in, run, active, pending, invitation, sent, sessions)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """One world for the whole module, built inside a transaction that is rolled back at
    the end. Each test still runs in its own savepoint (``pytestmark`` above), so what a
    test writes is undone before the next one sees the world."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        world = build_world()
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def client_for(world: World, role: str) -> Client:
    """A fresh client (no cookies from earlier cases), signed in with the role's session."""
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


# --- How to build each route's URL and POST body --------------------------------------------


def no_kwargs(world: World) -> dict:
    return {}


def workout_pk(world: World) -> dict:
    return {"pk": world.workout.pk}


def check_in_pk(world: World) -> dict:
    return {"pk": world.check_in.pk}


def run_pk(world: World) -> dict:
    return {"pk": world.run.pk}


def active_link_pk(world: World) -> dict:
    return {"pk": world.active_link.pk}


def sent_invitation_pk(world: World) -> dict:
    return {"pk": world.sent_invitation.pk}


def pending_request_pk(world: World) -> dict:
    return {"pk": world.pending_request.pk}


def owner_id(world: World) -> dict:
    return {"athlete_id": world.owner.pk}


def owner_feed_secret(world: World) -> dict:
    return {"secret": integration_services.feed_token_for(user=world.owner).secret}


def owner_api_token_pk(world: World) -> dict:
    token = ApiToken.objects.filter(user=world.owner, revoked_at__isnull=True).first()
    if token is None:
        token = integration_services.api_token_create(
            user=world.owner, name="owner's script", scope="write", now=timezone.now()
        ).token
    return {"pk": token.pk}


def bogus_reset_token(world: World) -> dict:
    return {"uidb36": "1", "key": "bad-token"}


def bogus_confirmation_key(world: World) -> dict:
    return {"key": "bogus-key"}


def local_input(moment) -> str:
    """A datetime-local value; every user here lives in the factory's default zone."""
    return moment.astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%dT%H:%M")


def workout_data(world: World) -> dict:
    return {
        "ended_at": local_input(timezone.now() - timedelta(hours=1)),
        "minutes": "5",
        "rpe": "1",
        "notes": "HACKED",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "athlete": str(world.owner.pk),
    }


def check_in_data(world: World) -> dict:
    return {
        "at": local_input(timezone.now()),
        "soreness": "0",
        "note": "HACKED",
        "athlete": str(world.owner.pk),
    }


def run_data(world: World) -> dict:
    return {
        "workout": str(world.workout.pk),
        "started_at": local_input(timezone.now()),
        "minutes": "5",
        "rpe": "1",
        "outcome": "completed",
        "legs_felt": "fine",
        "note": "HACKED",
        "athlete": str(world.owner.pk),
    }


def empty_data(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Route:
    """One URL pattern: its kwargs, who gets what on GET, and which POSTs are refused.

    ``post`` maps each role for whom a POST must not touch the owner's data to the
    response it gets; roles marked ALLOWED (or left out) may legitimately POST there.
    """

    get: dict[str, Outcome]
    kwargs: Callable[[World], dict] = no_kwargs
    query: Callable[[World], str] | None = None
    post: dict[str, Outcome | None] = field(default_factory=dict)
    post_data: Callable[[World], dict] = empty_data

    @property
    def refused_posts(self) -> dict[str, Outcome]:
        return {role: outcome for role, outcome in self.post.items() if outcome is not ALLOWED}

    def url(self, name: str, world: World) -> str:
        url = reverse(name, kwargs=self.kwargs(world))
        return f"{url}?{self.query(world)}" if self.query else url


MATRIX: dict[str, Route] = {
    # Accounts: Legday's own pages
    "settings": Route(
        get=SIGNED_IN_ONLY,
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {"first_name": "HACKED", "timezone": "UTC"},
    ),
    "account_export": Route(get=SIGNED_IN_ONLY, post=GET_ONLY_POST),
    "account_export_csv": Route(get=SIGNED_IN_ONLY, post=GET_ONLY_POST),
    "account_delete": Route(
        get=SIGNED_IN_ONLY,
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {"password": DEFAULT_PASSWORD},
    ),
    # Accounts: django-allauth (each signed-in user only ever acts on their own account)
    "account_signup": Route(get=PUBLIC_SIGNED_OUT_ONLY),
    "account_login": Route(get=PUBLIC_SIGNED_OUT_ONLY),
    "account_logout": Route(
        get=roles(anonymous=NOT_ALLOWED, owner=NOT_ALLOWED, others=NOT_ALLOWED)
    ),
    "account_inactive": Route(get=PUBLIC),
    "account_email_verification_sent": Route(get=PUBLIC),
    "account_confirm_email": Route(get=PUBLIC, kwargs=bogus_confirmation_key),
    "account_confirm_login_code": Route(
        get=signed_in_everyone(TO_HOME, anonymous=TO_LOGIN_PAGE) | {"coach_active": TO_COACH}
    ),
    "account_email": Route(
        get=SIGNED_IN_ONLY,
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {"action_add": "", "email": "hacked@example.com"},
    ),
    "account_change_password": Route(
        get=SIGNED_IN_ONLY,
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "an0ther-horse-battery",
            "password2": "an0ther-horse-battery",
        },
    ),
    "account_set_password": Route(get=signed_in_everyone(Redirect("/accounts/password/change/"))),
    "account_reauthenticate": Route(get=SIGNED_IN_ONLY),
    "account_request_reauthentication_code": Route(get=SIGNED_IN_ONLY),
    "account_confirm_reauthentication_code": Route(
        get=signed_in_everyone(Redirect("/accounts/reauthenticate/code/"))
    ),
    "account_reset_password": Route(get=PUBLIC),
    "account_reset_password_done": Route(get=PUBLIC),
    "account_reset_password_from_key": Route(get=PUBLIC, kwargs=bogus_reset_token),
    "account_reset_password_from_key_done": Route(get=PUBLIC),
    # MFA: activating needs a verified email; codes need a recent sign-in or an authenticator.
    "mfa_index": Route(get=SIGNED_IN_ONLY, post=GET_ONLY_POST),
    "mfa_authenticate": Route(
        get=signed_in_everyone(TO_HOME, anonymous=TO_LOGIN_PAGE) | {"coach_active": TO_COACH}
    ),
    "mfa_reauthenticate": Route(get=signed_in_everyone(TO_REAUTHENTICATE)),
    # Refused until the visitor re-confirmed their password and verified their email.
    "mfa_activate_totp": Route(
        get=signed_in_everyone(Redirect("/accounts/", prefix=True)),
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {"code": "123456"},
    ),
    "mfa_deactivate_totp": Route(get=signed_in_everyone(NOT_FOUND), post=ANONYMOUS_REFUSED),
    "mfa_generate_recovery_codes": Route(
        get=signed_in_everyone(Redirect("/accounts/reauthenticate/?next=", prefix=True)),
        post=ANONYMOUS_REFUSED,
    ),
    "mfa_view_recovery_codes": Route(get=signed_in_everyone(NOT_FOUND)),
    "mfa_download_recovery_codes": Route(get=signed_in_everyone(NOT_FOUND)),
    # Imports: every signed-in user imports into their own account only
    "import_upload": Route(get=SIGNED_IN_ONLY, post=ANONYMOUS_REFUSED),
    "import_confirm": Route(get=POST_ONLY, post=ANONYMOUS_REFUSED),
    "import_run": Route(get=POST_ONLY, post=ANONYMOUS_REFUSED),
    "import_heart_rate": Route(
        get=POST_ONLY,
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {"max_heart_rate": "150"},
    ),
    # Sharing
    "sharing": Route(get=SIGNED_IN_ONLY, post=GET_ONLY_POST),
    "sharing_invite": Route(
        get=POST_ONLY,
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {"invite-identifier": "zelda"},
    ),
    "sharing_request": Route(
        get=POST_ONLY,
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {"request-identifier": "zelda"},
    ),
    # Withdrawing only ever ends the requester's own unanswered links.
    "sharing_invitations_withdraw": Route(
        get=POST_ONLY, post=roles(owner=ALLOWED, others=TO_SHARING)
    ),
    "sharing_invitation_withdraw": Route(
        get=POST_ONLY, kwargs=sent_invitation_pk, post=OWNER_WRITES
    ),
    "sharing_requests_withdraw": Route(
        get=POST_ONLY, post=roles(owner=TO_SHARING, others=TO_SHARING, coach_pending=ALLOWED)
    ),
    # Only the owner answers coach_pending's request; the asker cannot accept it.
    "coach_link_accept": Route(
        get=POST_ONLY,
        kwargs=pending_request_pk,
        post=OWNER_WRITES,
    ),
    "coach_link_decline": Route(
        get=POST_ONLY,
        kwargs=pending_request_pk,
        post=OWNER_WRITES,
    ),
    # Only the athlete revokes, only the coach ends; GET shows the confirmation page.
    "coach_link_revoke": Route(
        get=OWNER_ONLY,
        kwargs=active_link_pk,
        post=OWNER_WRITES,
    ),
    "coach_link_end": Route(
        get=roles(owner=NOT_FOUND, others=NOT_FOUND, coach_active=OK),
        kwargs=active_link_pk,
        post=roles(owner=NOT_FOUND, others=NOT_FOUND, coach_active=ALLOWED),
    ),
    # Athlete pages
    "home": Route(get=PUBLIC | {"coach_active": TO_COACH}),
    "workout_list": Route(get=SIGNED_IN_ONLY, post=GET_ONLY_POST),
    "workout_create": Route(get=SIGNED_IN_ONLY, post=ANONYMOUS_REFUSED, post_data=workout_data),
    "workout_preview": Route(
        get=POST_ONLY,
        query=lambda world: f"workout={world.workout.pk}",
        post=OWNER_WRITES,
        post_data=workout_data,
    ),
    "workout_detail": Route(get=OWNER_ONLY, kwargs=workout_pk, post=GET_ONLY_POST),
    "workout_edit": Route(
        get=OWNER_ONLY,
        kwargs=workout_pk,
        post=OWNER_WRITES,
        post_data=workout_data,
    ),
    "workout_delete": Route(get=OWNER_ONLY, kwargs=workout_pk, post=OWNER_WRITES),
    "checkin_list": Route(get=SIGNED_IN_ONLY, post=GET_ONLY_POST),
    "checkin_create": Route(get=SIGNED_IN_ONLY, post=ANONYMOUS_REFUSED, post_data=check_in_data),
    "checkin_preview": Route(
        get=POST_ONLY,
        query=lambda world: f"check_in={world.check_in.pk}",
        post=OWNER_WRITES,
        post_data=check_in_data,
    ),
    "checkin_edit": Route(
        get=OWNER_ONLY,
        kwargs=check_in_pk,
        post=OWNER_WRITES,
        post_data=check_in_data,
    ),
    "checkin_delete": Route(get=OWNER_ONLY, kwargs=check_in_pk, post=OWNER_WRITES),
    "run_list": Route(get=SIGNED_IN_ONLY, post=GET_ONLY_POST),
    "run_create": Route(get=SIGNED_IN_ONLY, post=ANONYMOUS_REFUSED, post_data=run_data),
    "run_edit": Route(
        get=OWNER_ONLY,
        kwargs=run_pk,
        post=OWNER_WRITES,
        post_data=run_data,
    ),
    "run_delete": Route(get=OWNER_ONLY, kwargs=run_pk, post=OWNER_WRITES),
    # Coach pages: read-only, even for the active coach.
    "coach_dashboard": Route(get=SIGNED_IN_ONLY, post=GET_ONLY_POST),
    "coach_athlete": Route(
        get=roles(others=NOT_FOUND, coach_active=OK),
        kwargs=owner_id,
        post=GET_ONLY_POST,
    ),
    # Calendar feeds (the owner's secret: their own plan; the owner coaches no one).
    "calendar_feed": Route(get=ANYONE_WITH_THE_SECRET, kwargs=owner_feed_secret),
    "calendar_feed_athletes": Route(get=ANYONE_WITH_THE_SECRET, kwargs=owner_feed_secret),
    # The settings page's feed and token forms: each user acts on their own.
    "feed_regenerate": Route(get=POST_ONLY, post=ANONYMOUS_REFUSED),
    "api_token_create": Route(
        get=POST_ONLY,
        post=ANONYMOUS_REFUSED,
        post_data=lambda world: {"name": "HACKED", "scope": "write"},
    ),
    "api_token_revoke": Route(get=OWNER_ONLY, kwargs=owner_api_token_pk, post=OWNER_WRITES),
    # The JSON API (session-authenticated here; tokens: tests/integrations/test_api.py).
    "api-v1:api-root": Route(get=roles(anonymous=NOT_FOUND, owner=NOT_FOUND, others=NOT_FOUND)),
    "api-v1:openapi-json": Route(get=PUBLIC),
    "api-v1:openapi-view": Route(get=PUBLIC),
    # Coaches have no leg day of their own: no plan.
    "api-v1:plan": Route(get=roles(anonymous=UNAUTHORIZED, others=NOT_FOUND, other_athlete=OK)),
    # ninja names each method of a path apart; both names resolve to the same URL.
    "api-v1:workouts": Route(get=API_SIGNED_IN, post=API_WRITE_REFUSED),
    "api-v1:workout_create": Route(get=API_SIGNED_IN, post=API_WRITE_REFUSED),
    "api-v1:checkins": Route(get=API_SIGNED_IN, post=API_WRITE_REFUSED),
    "api-v1:checkin_create": Route(get=API_SIGNED_IN, post=API_WRITE_REFUSED),
    "api-v1:runs": Route(get=API_SIGNED_IN, post=API_WRITE_REFUSED),
    "api-v1:run_create": Route(get=API_SIGNED_IN, post=API_WRITE_REFUSED),
    "api-v1:coach_athletes": Route(get=API_SIGNED_IN),
    "api-v1:coach_athlete_plan": Route(
        get=roles(anonymous=UNAUTHORIZED, others=NOT_FOUND, coach_active=OK), kwargs=owner_id
    ),
}


# --- Walking the URLconf --------------------------------------------------------------------


def _walk(patterns, namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin site: see test_admin_refuses_non_staff
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def project_route_names() -> list[str]:
    return list(_walk(get_resolver().url_patterns))


def test_matrix_names_every_route():
    names = project_route_names()
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"URL names used twice: {duplicates}"
    missing = sorted(set(names) - set(MATRIX))
    assert not missing, f"URL patterns without a permission entry in MATRIX: {missing}"
    stale = sorted(set(MATRIX) - set(names))
    assert not stale, f"MATRIX names routes that no longer exist: {stale}"


def test_matrix_gives_every_role_an_outcome():
    for name, route in MATRIX.items():
        assert set(route.get) == set(ROLES), name
        assert set(route.post) <= set(ROLES), name


def test_walker_sees_nested_and_unnamed_patterns():
    """The walk must not miss a pattern: check it on a small nested URLconf."""
    from django.urls import include, path

    def view(request):  # pragma: no cover - never called
        return None

    patterns = [
        path("a/", include([path("b/", include([path("c/", view, name="deep")]))])),
        path("x/", include(([path("y/", view, name="inner")], "space"))),
        path("nameless/", view),
    ]
    assert list(_walk(patterns)) == ["deep", "space:inner", "<unnamed nameless/>"]


# --- Checks ---------------------------------------------------------------------------------


def assert_outcome(response, expected: Outcome, url: str) -> None:
    assert response.status_code != 500
    if isinstance(expected, Redirect):
        assert response.status_code == 302, f"{url}: {response.status_code}, expected {expected}"
        location = response["Location"]
        if expected.prefix:
            assert location.startswith(expected.to), f"{url} → {location}, expected {expected}"
        else:
            assert location == expected.to, f"{url} → {location}, expected {expected}"
    else:
        assert response.status_code == expected, (
            f"{url}: {response.status_code}, expected {expected}"
        )


def assert_no_leak(response, *, role: str, route_name: str) -> None:
    """Refused responses never carry the owner's data; nor does any page of an unlinked role."""
    allowed = response.status_code == 200 and (
        role == "owner" or (role == "coach_active" and route_name in SHARED_WITH_ACTIVE_COACH)
    )
    if allowed:
        return
    body = response.content.decode(errors="replace")
    for canary in CANARIES:
        assert canary not in body, f"{canary!r} leaked to {role} on {route_name}"


def owner_snapshot(world: World) -> dict:
    """Everything of the owner's that a foreign POST could change."""
    owner = world.owner
    return {
        "user": User.objects.filter(pk=owner.pk)
        .values("username", "password", "first_name", "last_name", "email", "timezone")
        .first(),
        "workouts": list(LegWorkout.objects.filter(athlete=owner).order_by("pk").values()),
        "lines": list(ExerciseLine.objects.filter(workout__athlete=owner).order_by("pk").values()),
        "check_ins": list(SorenessCheckIn.objects.filter(athlete=owner).order_by("pk").values()),
        "runs": list(RecoveryRun.objects.filter(athlete=owner).order_by("pk").values()),
        "links": list(
            CoachLink.objects.filter(Q(athlete=owner) | Q(coach=owner)).order_by("pk").values()
        ),
        "access_log": list(AccessLogEntry.objects.filter(athlete=owner).values()),
        "invitations": list(LinkInvitation.objects.filter(sender=owner).order_by("pk").values()),
        "feed": list(FeedToken.objects.filter(user=owner).values()),
        "api_tokens": list(ApiToken.objects.filter(user=owner).order_by("pk").values()),
    }


# --- The matrix, case by case ---------------------------------------------------------------


GET_CASES = [
    pytest.param(name, role, id=f"{name}-{role}") for name in MATRIX for role in MATRIX[name].get
]
POST_CASES = [
    pytest.param(name, role, id=f"{name}-{role}")
    for name in MATRIX
    for role in MATRIX[name].refused_posts
]


@pytest.mark.parametrize(("route_name", "role"), GET_CASES)
def test_get(world, route_name, role):
    route = MATRIX[route_name]
    url = route.url(route_name, world)
    response = client_for(world, role).get(url)
    assert_outcome(response, route.get[role], url)
    assert_no_leak(response, role=role, route_name=route_name)


@pytest.mark.parametrize(("route_name", "role"), POST_CASES)
def test_refused_post_changes_nothing(world, route_name, role):
    route = MATRIX[route_name]
    url = route.url(route_name, world)
    client = client_for(world, role)
    before = owner_snapshot(world)
    response = client.post(url, route.post_data(world))
    assert_outcome(response, route.refused_posts[role], url)
    assert_no_leak(response, role=role, route_name=route_name)
    assert owner_snapshot(world) == before


CREATE_ROUTES = {  # route: its POST body, with the owner's id smuggled in
    "workout_create": workout_data,
    "checkin_create": check_in_data,
    "run_create": run_data,
}


@pytest.mark.parametrize("role", NON_OWNERS)
@pytest.mark.parametrize("route_name", list(CREATE_ROUTES))
def test_create_never_writes_to_the_owner(world, route_name, role):
    """A posted ``athlete`` field (or the owner's workout id on a run) is ignored or refused."""
    client = client_for(world, role)
    before = owner_snapshot(world)
    response = client.post(reverse(route_name), CREATE_ROUTES[route_name](world))
    assert response.status_code in (200, 302)
    assert_no_leak(response, role=role, route_name=route_name)
    assert owner_snapshot(world) == before
    if route_name == "run_create":
        # The owner's workout is not a valid choice for anyone else's run.
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert not RecoveryRun.objects.filter(athlete=world.users[role]).exists()


@pytest.mark.parametrize("role", NON_OWNERS[1:])
def test_api_create_never_writes_to_the_owner(world, role):
    """Through the API (signed in with the session): a smuggled ``athlete`` is ignored and the
    owner's workout is no valid choice for anyone else's run."""
    client = client_for(world, role)
    before = owner_snapshot(world)
    at = timezone.now().isoformat()
    check_in = {"at": at, "soreness": 1, "note": "HACKED", "athlete": world.owner.pk}
    response = client.post("/api/v1/checkins", check_in, content_type="application/json")
    assert response.status_code == 201
    run = {"workout_id": world.workout.pk, "started_at": at, "minutes": 20, "rpe": 3}
    response = client.post("/api/v1/runs", run, content_type="application/json")
    assert response.status_code == 422
    assert "Select a valid choice" in response.json()["errors"]["workout"][0]
    assert_no_leak(response, role=role, route_name="api-v1:run_create")
    assert owner_snapshot(world) == before


# --- The canaries are real: the owner and the active coach do see them ----------------------


def test_canaries_show_where_they_are_allowed(world):
    owner = client_for(world, "owner")
    assert SECRET_NOTE in owner.get(reverse("checkin_list")).text
    assert SECRET_NOTE in owner.get(reverse("run_list")).text
    assert SECRET_NOTE in owner.get(reverse("workout_edit", args=[world.workout.pk])).text
    coach = client_for(world, "coach_active")
    assert OWNER_NAME in coach.get(reverse("coach_dashboard")).text
    assert OWNER_NAME in coach.get(reverse("coach_athlete", args=[world.owner.pk])).text


# --- The admin site -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("admin_page", ["index", "workout"])
def test_admin_refuses_non_staff(world, role, admin_page):
    url = (
        "/admin/"
        if admin_page == "index"
        else f"/admin/recovery/legworkout/{world.workout.pk}/change/"
    )
    response = client_for(world, role).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert_no_leak(response, role=role, route_name="admin")


def test_admin_lets_staff_in(world):
    staff = make_user(username="stella", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
