"""Coach link services: invite, request, accept, decline, revoke, end."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.identity import user_by_identifier
from coaching.models import CoachLink
from coaching.services import (
    CoachLinkError,
    coach_link_accept,
    coach_link_decline,
    coach_link_end,
    coach_link_invitations_withdraw,
    coach_link_invite,
    coach_link_request,
    coach_link_requests_withdraw,
    coach_link_revoke,
)
from tests.factories import make_coach_link, make_user

pytestmark = pytest.mark.django_db

Status = CoachLink.Status
Side = CoachLink.Side


def test_invite_by_email_creates_a_pending_link(athlete, coach):
    link = coach_link_invite(athlete=athlete, identifier="  sam@EXAMPLE.com ")
    assert link is not None
    assert (link.coach, link.athlete) == (coach, athlete)
    assert link.status == Status.PENDING
    assert link.initiated_by == Side.ATHLETE
    assert link.accepted_at is None


def test_invite_by_username(athlete, coach):
    link = coach_link_invite(athlete=athlete, identifier="sam")
    assert link.coach == coach


def test_request_by_coach_creates_a_pending_link(athlete, coach):
    link = coach_link_request(coach=coach, identifier="ana@example.com")
    assert (link.coach, link.athlete) == (coach, athlete)
    assert link.status == Status.PENDING
    assert link.initiated_by == Side.COACH


def test_unknown_identifier_creates_nothing(athlete):
    assert coach_link_invite(athlete=athlete, identifier="nobody@example.com") is None
    assert coach_link_invite(athlete=athlete, identifier="nobody") is None
    assert coach_link_request(coach=athlete, identifier="ghost@example.com") is None
    assert not CoachLink.objects.exists()


def test_inactive_account_counts_as_unknown(athlete):
    make_user(username="gone", is_active=False)
    assert coach_link_invite(athlete=athlete, identifier="gone") is None
    assert not CoachLink.objects.exists()


def test_username_lookup_prefers_the_exact_spelling():
    lower = make_user(username="robin")
    upper = make_user(username="Robin", email="robin2@example.com")
    assert user_by_identifier("robin") == lower
    assert user_by_identifier("Robin") == upper
    assert user_by_identifier("ROBIN") is None  # ambiguous: treated as unknown


def test_inviting_yourself_is_refused(athlete):
    with pytest.raises(ValidationError):
        coach_link_invite(athlete=athlete, identifier="ana")
    with pytest.raises(ValidationError):
        coach_link_request(coach=athlete, identifier="ANA@example.com")
    assert not CoachLink.objects.exists()


def test_inviting_twice_is_idempotent(athlete, coach):
    first = coach_link_invite(athlete=athlete, identifier="sam")
    second = coach_link_invite(athlete=athlete, identifier="sam@example.com")
    assert second.pk == first.pk
    assert CoachLink.objects.count() == 1


def test_inviting_an_active_coach_again_changes_nothing(athlete, coach):
    link = make_coach_link(coach=coach, athlete=athlete)
    again = coach_link_invite(athlete=athlete, identifier="sam")
    assert again.pk == link.pk
    assert again.status == Status.ACTIVE
    assert CoachLink.objects.count() == 1


def test_asking_back_is_consent_from_both_sides(athlete, coach):
    request = coach_link_request(coach=coach, identifier="ana")
    link = coach_link_invite(athlete=athlete, identifier="sam")
    assert link.pk == request.pk
    link.refresh_from_db()
    assert link.status == Status.ACTIVE
    assert link.accepted_at is not None


def test_coach_accepts_an_invitation(athlete, coach):
    link = coach_link_invite(athlete=athlete, identifier="sam")
    coach_link_accept(link=link, user=coach)
    link.refresh_from_db()
    assert link.status == Status.ACTIVE
    assert link.accepted_at is not None
    assert link.ended_at is None


def test_athlete_accepts_a_request(athlete, coach):
    link = coach_link_request(coach=coach, identifier="ana")
    coach_link_accept(link=link, user=athlete)
    link.refresh_from_db()
    assert link.status == Status.ACTIVE


def test_the_asking_side_cannot_accept_its_own_invitation(athlete, coach):
    link = coach_link_invite(athlete=athlete, identifier="sam")
    with pytest.raises(CoachLinkError):
        coach_link_accept(link=link, user=athlete)
    stranger = make_user()
    with pytest.raises(CoachLinkError):
        coach_link_accept(link=link, user=stranger)
    link.refresh_from_db()
    assert link.status == Status.PENDING


def test_decline_ends_the_link_without_access(athlete, coach):
    link = coach_link_request(coach=coach, identifier="ana")
    coach_link_decline(link=link, user=athlete)
    link.refresh_from_db()
    assert link.status == Status.ENDED
    assert link.ended_by == athlete
    assert link.accepted_at is None


def test_athlete_revokes_an_active_link(athlete, coach):
    link = make_coach_link(coach=coach, athlete=athlete)
    coach_link_revoke(link=link, athlete=athlete)
    link.refresh_from_db()
    assert link.status == Status.ENDED
    assert link.ended_by == athlete
    assert link.ended_at is not None


def test_only_the_athlete_can_revoke(athlete, coach):
    link = make_coach_link(coach=coach, athlete=athlete)
    with pytest.raises(CoachLinkError):
        coach_link_revoke(link=link, athlete=coach)
    link.refresh_from_db()
    assert link.status == Status.ACTIVE


def test_coach_ends_coaching(athlete, coach):
    link = make_coach_link(coach=coach, athlete=athlete)
    coach_link_end(link=link, coach=coach)
    link.refresh_from_db()
    assert link.status == Status.ENDED
    assert link.ended_by == coach


def test_only_the_coach_can_end(athlete, coach):
    link = make_coach_link(coach=coach, athlete=athlete)
    with pytest.raises(CoachLinkError):
        coach_link_end(link=link, coach=athlete)


def test_an_ended_link_cannot_be_accepted_or_ended_again(athlete, coach):
    link = coach_link_invite(athlete=athlete, identifier="sam")
    stale = CoachLink.objects.get(pk=link.pk)
    coach_link_revoke(link=link, athlete=athlete)
    with pytest.raises(CoachLinkError):
        coach_link_accept(link=stale, user=coach)  # revoked in the meantime
    with pytest.raises(CoachLinkError):
        coach_link_end(link=stale, coach=coach)
    stale.refresh_from_db()
    assert stale.status == Status.ENDED


def test_a_new_invitation_after_the_end_starts_a_new_link(athlete, coach):
    old = make_coach_link(coach=coach, athlete=athlete, status=Status.ENDED)
    new = coach_link_invite(athlete=athlete, identifier="sam")
    assert new.pk != old.pk
    assert new.status == Status.PENDING


def test_one_user_can_be_athlete_and_coach(athlete, coach):
    coach_link_accept(link=coach_link_invite(athlete=athlete, identifier="sam"), user=coach)
    coach_link_accept(link=coach_link_invite(athlete=coach, identifier="ana"), user=athlete)
    assert CoachLink.objects.filter(status=Status.ACTIVE).count() == 2


def test_withdraw_ends_only_unanswered_invitations_of_that_side(athlete, coach):
    sent = coach_link_invite(athlete=athlete, identifier="sam")
    received = make_coach_link(athlete=athlete, status=Status.PENDING, initiated_by=Side.COACH)
    active = make_coach_link(athlete=athlete)
    assert coach_link_invitations_withdraw(athlete=athlete) == 1
    assert {link.pk: link.status for link in CoachLink.objects.all()} == {
        sent.pk: Status.ENDED,
        received.pk: Status.PENDING,
        active.pk: Status.ACTIVE,
    }


def test_coach_withdraws_unanswered_requests(athlete, coach):
    request = coach_link_request(coach=coach, identifier="ana")
    assert coach_link_requests_withdraw(coach=coach) == 1
    request.refresh_from_db()
    assert request.status == Status.ENDED
    assert request.ended_by == coach


def test_database_refuses_a_self_link(athlete):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachLink.objects.create(coach=athlete, athlete=athlete, initiated_by=Side.ATHLETE)


def test_database_refuses_a_second_open_link_per_pair(athlete, coach):
    make_coach_link(coach=coach, athlete=athlete, status=Status.PENDING)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_coach_link(coach=coach, athlete=athlete)
    make_coach_link(coach=athlete, athlete=coach)  # the other direction is another pair


def test_database_refuses_an_active_link_without_acceptance_time(athlete, coach):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachLink.objects.create(
            coach=coach, athlete=athlete, status=Status.ACTIVE, initiated_by=Side.ATHLETE
        )
