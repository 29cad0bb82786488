"""Writes for coach links: invite, request, accept, decline, revoke, end.

Each function takes the acting user and checks that they are the right party
for the step; a link in the wrong state or a wrong party raises
``CoachLinkError``. Views look links up through ``coaching.access`` first (so a
foreign link is a 404 before we get here); the checks below guard against races
and programming mistakes. State changes are conditional UPDATEs, so a revoke
that lands between a lookup and an accept can never be undone by the accept.

Inviting or requesting never tells the caller whether an account matched: each
records a ``LinkInvitation`` exactly as typed (what the sender sees on /sharing/),
and creates a pending link only for an account with a *verified* address. An
invitation to anyone else waits, and is delivered when an account with that
username or email verifies its address (``invitations_deliver``). After an athlete
declines a coach's request, that coach's further requests to them are not delivered
for ``DECLINE_COOLDOWN``.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.identity import identifies_user, verified_user_by_identifier
from coaching import list_versions
from coaching.models import CoachLink, LinkInvitation

User = get_user_model()
Side = CoachLink.Side
Status = CoachLink.Status
OPEN_STATUSES = (Status.PENDING, Status.ACTIVE)
Invitation = LinkInvitation.Status
DECLINE_COOLDOWN = timedelta(days=30)


class CoachLinkError(Exception):
    """The link is not in a state, or the user not the party, that allows this step."""


def coach_link_invite(*, athlete, identifier: str) -> CoachLink | None:
    """``athlete`` asks the account named by ``identifier`` to be their coach."""
    return _invitation_send(sender=athlete, side=Side.ATHLETE, identifier=identifier)


def coach_link_request(*, coach, identifier: str) -> CoachLink | None:
    """``coach`` asks the account named by ``identifier`` for access to their data."""
    return _invitation_send(sender=coach, side=Side.COACH, identifier=identifier)


def _invitation_send(*, sender, side: str, identifier: str) -> CoachLink | None:
    identifier = identifier.strip()
    if identifies_user(identifier, sender):
        raise ValidationError("You cannot link to yourself.", code="self_link")
    invitation = (
        LinkInvitation.objects.filter(
            sender=sender, sender_side=side, identifier__iexact=identifier
        )
        .filter(_unanswered())
        .first()
    )
    if invitation is None:
        invitation = LinkInvitation.objects.create(
            sender=sender, sender_side=side, identifier=identifier
        )
    if invitation.status != Invitation.WAITING:
        return invitation.link
    recipient = verified_user_by_identifier(identifier)
    if recipient is None or recipient.pk == sender.pk:
        return None
    return _invitation_deliver(invitation, recipient)


def _invitation_deliver(invitation: LinkInvitation, recipient) -> CoachLink | None:
    """Turn a waiting invitation into a pending link to ``recipient`` (or leave it waiting)."""
    sender = invitation.sender
    if invitation.sender_side == Side.ATHLETE:
        coach, athlete = recipient, sender
    else:
        coach, athlete = sender, recipient
        if recently_declined(coach=coach, athlete=athlete):
            return None  # waits, like an invitation to nobody: the coach learns nothing
    link = _coach_link_open(coach=coach, athlete=athlete, initiated_by=invitation.sender_side)
    LinkInvitation.objects.filter(pk=invitation.pk, status=Invitation.WAITING).update(
        status=Invitation.DELIVERED, link=link
    )
    invitation.status, invitation.link = Invitation.DELIVERED, link
    return link


def recently_declined(*, coach, athlete) -> bool:
    """Whether ``athlete`` declined a request of ``coach`` within ``DECLINE_COOLDOWN``."""
    return CoachLink.objects.filter(
        coach=coach,
        athlete=athlete,
        initiated_by=Side.COACH,
        status=Status.ENDED,
        accepted_at__isnull=True,
        ended_by=athlete,
        ended_at__gte=timezone.now() - DECLINE_COOLDOWN,
    ).exists()


def invitations_deliver(user) -> int:
    """Deliver invitations waiting for ``user`` (called once they verify an address)."""
    names = [user.get_username()]
    names += EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    named = Q()
    for name in names:
        named |= Q(identifier__iexact=name)
    waiting = (
        LinkInvitation.objects.filter(named, status=Invitation.WAITING)
        .exclude(sender=user)
        .select_related("sender")
    )
    delivered = 0
    for invitation in waiting:
        if verified_user_by_identifier(invitation.identifier) == user:
            delivered += _invitation_deliver(invitation, user) is not None
    return delivered


def _unanswered() -> Q:
    """Invitations still open from the sender's side: waiting, or delivered and pending."""
    return Q(status=Invitation.WAITING) | Q(
        status=Invitation.DELIVERED, link__status=Status.PENDING
    )


def pending_invitations(sender):
    """The sender's unanswered invitations and requests, exactly as typed."""
    return LinkInvitation.objects.filter(_unanswered(), sender=sender).order_by("-created_at")


def invitation_withdraw(*, invitation: LinkInvitation, sender) -> None:
    """Withdraw one unanswered invitation (ending its link if it was delivered)."""
    if invitation.sender_id != sender.pk:
        raise CoachLinkError("Only the sender can withdraw an invitation.")
    now = timezone.now()
    if invitation.link_id is not None:
        CoachLink.objects.filter(pk=invitation.link_id, status=Status.PENDING).update(
            status=Status.ENDED, ended_at=now, ended_by=sender
        )
    LinkInvitation.objects.filter(pk=invitation.pk).update(status=Invitation.WITHDRAWN)


def _coach_link_open(*, coach, athlete, initiated_by: str) -> CoachLink:
    """Create a pending link, or return the open one (idempotent).

    If the other side already asked for the same link, asking back is consent from
    both sides: the pending link becomes active.
    """
    if coach.pk == athlete.pk:
        raise ValidationError("You cannot link to yourself.", code="self_link")
    try:
        with transaction.atomic():
            link = _open_link(coach=coach, athlete=athlete)
            if link is None:
                return CoachLink.objects.create(
                    coach=coach, athlete=athlete, initiated_by=initiated_by
                )
    except IntegrityError:
        # A concurrent request created the open link first: use that one.
        link = _open_link(coach=coach, athlete=athlete)
        if link is None:
            raise
    if link.status == Status.PENDING and link.initiated_by != initiated_by:
        asker = athlete if initiated_by == Side.ATHLETE else coach
        return coach_link_accept(link=link, user=asker)
    return link


def _open_link(*, coach, athlete) -> CoachLink | None:
    return (
        CoachLink.objects.filter(coach=coach, athlete=athlete, status__in=OPEN_STATUSES)
        .select_related("coach", "athlete")
        .first()
    )


def coach_link_accept(*, link: CoachLink, user) -> CoachLink:
    """The invited side (never the side that asked) accepts a pending link."""
    _require_answering_party(link, user)
    now = timezone.now()
    _transition(link, Q(status=Status.PENDING), status=Status.ACTIVE, accepted_at=now)
    return link


def coach_link_decline(*, link: CoachLink, user) -> CoachLink:
    """The invited side declines a pending link; it ends without ever being active."""
    _require_answering_party(link, user)
    now = timezone.now()
    _transition(link, Q(status=Status.PENDING), status=Status.ENDED, ended_at=now, ended_by=user)
    return link


def coach_link_revoke(*, link: CoachLink, athlete) -> CoachLink:
    """The athlete ends a link at any time; the coach loses access on their next request."""
    if link.athlete_id != athlete.pk:
        raise CoachLinkError("Only the athlete can revoke a coach's access.")
    return _end(link, user=athlete)


def coach_link_end(*, link: CoachLink, coach) -> CoachLink:
    """The coach ends a link (stops coaching the athlete, or withdraws a request)."""
    if link.coach_id != coach.pk:
        raise CoachLinkError("Only the coach can end coaching.")
    return _end(link, user=coach)


def coach_link_invitations_withdraw(*, athlete) -> int:
    """End every invitation ``athlete`` sent that has not been answered yet."""
    return _withdraw_unanswered(Side.ATHLETE, Q(athlete=athlete), user=athlete)


def coach_link_requests_withdraw(*, coach) -> int:
    """End every request ``coach`` sent that has not been answered yet."""
    return _withdraw_unanswered(Side.COACH, Q(coach=coach), user=coach)


def _withdraw_unanswered(side: str, party: Q, *, user) -> int:
    LinkInvitation.objects.filter(sender=user, sender_side=side).filter(_unanswered()).update(
        status=Invitation.WITHDRAWN
    )
    return CoachLink.objects.filter(party, initiated_by=side, status=Status.PENDING).update(
        status=Status.ENDED, ended_at=timezone.now(), ended_by=user
    )


def _end(link: CoachLink, *, user) -> CoachLink:
    now = timezone.now()
    _transition(link, Q(status__in=OPEN_STATUSES), status=Status.ENDED, ended_at=now, ended_by=user)
    return link


def _require_answering_party(link: CoachLink, user) -> None:
    answering_user_id = link.coach_id if link.answering_side == Side.COACH else link.athlete_id
    if answering_user_id != user.pk:
        raise CoachLinkError("Only the invited side can answer.")


def _transition(link: CoachLink, allowed: Q, **changes) -> None:
    """Apply ``changes`` only if the row is still in an ``allowed`` state."""
    updated = CoachLink.objects.filter(allowed, pk=link.pk).update(**changes)
    if not updated:
        raise CoachLinkError("The link has changed in the meantime.")
    list_versions.bump(link.coach_id)  # an update sends no signal
    for field, value in changes.items():
        setattr(link, field, value)
