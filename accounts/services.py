"""Writes for coach links: invite, request, accept, decline, revoke, end.

Each function takes the acting user and checks that they are the right party
for the step; a link in the wrong state or a wrong party raises
``CoachLinkError``. Views look links up through ``accounts.access`` first (so a
foreign link is a 404 before we get here); the checks below guard against races
and programming mistakes. State changes are conditional UPDATEs, so a revoke
that lands between a lookup and an accept can never be undone by the accept.

Inviting or requesting never tells the caller whether an account matched: both
return ``None`` for an unknown identifier and create nothing.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import CoachLink

User = get_user_model()
Side = CoachLink.Side
Status = CoachLink.Status
OPEN_STATUSES = (Status.PENDING, Status.ACTIVE)


class CoachLinkError(Exception):
    """The link is not in a state, or the user not the party, that allows this step."""


def user_by_identifier(identifier: str):
    """The active account with this email (any letter case) or username, or ``None``."""
    identifier = identifier.strip()
    if not identifier:
        return None
    users = User._default_manager.filter(is_active=True)
    if "@" in identifier:
        match = users.filter(email__iexact=identifier).first()
        if match is not None:
            return match
    candidates = list(users.filter(username__iexact=identifier)[:2])
    exact = [user for user in candidates if user.username == identifier]
    if exact:
        return exact[0]
    return candidates[0] if len(candidates) == 1 else None


def identifies_user(identifier: str, user) -> bool:
    """Whether ``identifier`` names ``user`` themselves (used to refuse self-invites)."""
    match = user_by_identifier(identifier)
    return match is not None and match.pk == user.pk


def coach_link_invite(*, athlete, identifier: str) -> CoachLink | None:
    """``athlete`` asks the account named by ``identifier`` to be their coach."""
    coach = user_by_identifier(identifier)
    if coach is None:
        return None
    return _coach_link_open(coach=coach, athlete=athlete, initiated_by=Side.ATHLETE)


def coach_link_request(*, coach, identifier: str) -> CoachLink | None:
    """``coach`` asks the account named by ``identifier`` for access to their data."""
    athlete = user_by_identifier(identifier)
    if athlete is None:
        return None
    return _coach_link_open(coach=coach, athlete=athlete, initiated_by=Side.COACH)


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
    return _withdraw_unanswered(Q(athlete=athlete, initiated_by=Side.ATHLETE), user=athlete)


def coach_link_requests_withdraw(*, coach) -> int:
    """End every request ``coach`` sent that has not been answered yet."""
    return _withdraw_unanswered(Q(coach=coach, initiated_by=Side.COACH), user=coach)


def _withdraw_unanswered(party: Q, *, user) -> int:
    return CoachLink.objects.filter(party, status=Status.PENDING).update(
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
    for field, value in changes.items():
        setattr(link, field, value)
