"""A coach's list version moves with every change the list can show, and only theirs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from coaching import services as coaching_services
from coaching.list_versions import version_of
from coaching.models import CoachLink
from recovery import services
from tests.factories import make_coach_link, make_user
from tests.recovery.factories import make_check_in, make_workout

pytestmark = pytest.mark.django_db
H = timedelta(hours=1)


@pytest.fixture
def athlete():
    user = make_user(username="ana")
    make_workout(user, ended_at=timezone.now() - 20 * H)
    return user


@pytest.fixture
def coach(athlete):
    user = make_user(username="cora")
    make_coach_link(coach=user, athlete=athlete)
    return user


@pytest.fixture
def other_coach():
    """Coaches someone else: their list never moves with Ana's changes."""
    user = make_user(username="otto")
    make_coach_link(coach=user, athlete=make_user(username="ben"))
    return user


def moves(coach, change) -> bool:
    before = version_of(coach.pk)
    change()
    return version_of(coach.pk) != before


def test_an_athletes_write_through_the_services_moves_their_coachs_list(
    athlete, coach, other_coach
):
    values = services.CheckInValues(at=timezone.now() - H, soreness=3)
    before = version_of(other_coach.pk)
    assert moves(coach, lambda: services.checkin_create(athlete=athlete, values=values))
    assert version_of(other_coach.pk) == before


def test_an_athletes_row_saved_outside_the_services_moves_the_list(athlete, coach):
    assert moves(coach, lambda: make_check_in(athlete, at=timezone.now() - H, soreness=5))


@pytest.mark.parametrize(
    "end",
    [
        lambda link: coaching_services.coach_link_revoke(link=link, athlete=link.athlete),
        lambda link: coaching_services.coach_link_end(link=link, coach=link.coach),
    ],
    ids=["revoked by the athlete", "ended by the coach"],
)
def test_a_link_that_ends_moves_the_list(athlete, coach, end):
    link = CoachLink.objects.get(coach=coach, athlete=athlete)
    assert moves(coach, lambda: end(link))


def test_an_accepted_request_moves_the_list(athlete, coach):
    newcomer = make_user(username="nia")
    link = make_coach_link(
        coach=coach,
        athlete=newcomer,
        status=CoachLink.Status.PENDING,
        initiated_by=CoachLink.Side.COACH,  # the coach asked; the athlete answers
    )
    assert moves(coach, lambda: coaching_services.coach_link_accept(link=link, user=newcomer))


def test_a_link_saved_or_deleted_another_way_moves_the_list(athlete, coach):
    link = CoachLink.objects.get(coach=coach, athlete=athlete)

    def admin_ends_it():
        link.status = CoachLink.Status.ENDED
        link.ended_at = timezone.now()
        link.save()

    assert moves(coach, admin_ends_it)
    assert moves(coach, athlete.delete)  # the link goes with the athlete's account


def test_a_coach_without_a_list_reads_version_zero():
    assert version_of(make_user(username="solo").pk) == 0
