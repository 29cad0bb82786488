"""Invitations reach only verified addresses; senders see them as typed (issue 10, finding 2)."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from coaching.models import CoachLink, LinkInvitation
from coaching.services import (
    coach_link_decline,
    coach_link_invite,
    coach_link_request,
    invitations_deliver,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db
SHARING = "/sharing/"


def verify(user):
    address = EmailAddress.objects.get(user=user)
    address.verified = True
    address.save()
    invitations_deliver(user)  # what the email_confirmed signal does


def test_invitation_to_an_unverified_account_waits_until_it_verifies():
    athlete = make_user(username="ana")
    coach = make_user(username="cora", email="cora@example.com", verified=False)
    assert coach_link_invite(athlete=athlete, identifier="Cora@Example.com") is None
    assert not CoachLink.objects.exists()
    invitation = LinkInvitation.objects.get()
    assert (invitation.identifier, invitation.status) == ("Cora@Example.com", "waiting")
    verify(coach)
    link = CoachLink.objects.get()
    assert (link.coach, link.athlete, link.status) == (coach, athlete, "pending")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.link) == ("delivered", link)


def test_email_confirmation_signal_delivers(client):
    from allauth.account.models import EmailConfirmationHMAC

    athlete = make_user(username="ana")
    coach = make_user(username="cora", email="cora@example.com", verified=False)
    coach_link_invite(athlete=athlete, identifier="cora")
    confirmation = EmailConfirmationHMAC(EmailAddress.objects.get(user=coach))
    client.force_login(coach)
    response = client.post(reverse("account_confirm_email", args=[confirmation.key]))
    assert response.status_code == 302
    assert CoachLink.objects.filter(coach=coach, athlete=athlete, status="pending").exists()


def test_finding_2_an_impostors_unverified_email_receives_nothing():
    """The impostor registers (before the fix) or claims the address: it never verifies."""
    athlete = make_user(username="ana")
    impostor = make_user(username="imp", email="coachy@example.test", verified=False)
    coach_link_invite(athlete=athlete, identifier="coachy@example.test")
    assert not CoachLink.objects.filter(coach=impostor).exists()


def test_sender_sees_pending_invitations_exactly_as_typed_and_can_withdraw(client):
    athlete = make_user(username="ana")
    make_user(username="cora", email="cora@example.com")
    client.force_login(athlete)
    client.post(reverse("sharing_invite"), {"invite-identifier": "CORA@example.com"})
    client.post(reverse("sharing_invite"), {"invite-identifier": "ghost@example.com"})
    page = client.get(SHARING).text
    assert "CORA@example.com" in page
    assert "ghost@example.com" in page
    for invitation in LinkInvitation.objects.all():
        response = client.post(reverse("sharing_invitation_withdraw", args=[invitation.pk]))
        assert response.status_code == 302
    client.get(SHARING)  # shows the "withdrawn" messages
    page = client.get(SHARING).text
    assert "CORA@example.com" not in page
    assert "ghost@example.com" not in page
    assert not CoachLink.objects.filter(status="pending").exists()


def test_no_one_else_can_withdraw_an_invitation(client):
    athlete = make_user(username="ana")
    coach_link_invite(athlete=athlete, identifier="ghost")
    invitation = LinkInvitation.objects.get()
    client.force_login(make_user())
    response = client.post(reverse("sharing_invitation_withdraw", args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "waiting"


def test_after_a_decline_the_coach_cannot_ask_again_for_30_days():
    coach = make_user(username="cora")
    athlete = make_user(username="ana")
    link = coach_link_request(coach=coach, identifier="ana")
    coach_link_decline(link=link, user=athlete)
    for _ in range(20):
        assert coach_link_request(coach=coach, identifier="ana") is None
    assert CoachLink.objects.filter(status="pending").count() == 0
    # 31 days later the coach may ask again.
    CoachLink.objects.filter(pk=link.pk).update(ended_at=timezone.now() - timedelta(days=31))
    LinkInvitation.objects.update(status="withdrawn")
    assert coach_link_request(coach=coach, identifier="ana") is not None


def test_invitations_are_rate_limited(client):
    athlete = make_user(username="ana")
    client.force_login(athlete)
    statuses = [
        client.post(
            reverse("sharing_invite"), {"invite-identifier": f"c{n}@example.com"}
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[-1] == 429


def test_unverified_users_are_told_invitations_wait(client):
    user = make_user(verified=False)
    client.force_login(user)
    assert 'data-testid="verify-email-notice"' in client.get(SHARING).text
    verify(user)
    assert 'data-testid="verify-email-notice"' not in client.get(SHARING).text
