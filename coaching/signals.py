"""Receivers: coaching reacts to account events without accounts knowing about coaching."""

from typing import Any

from allauth.account.signals import email_confirmed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from coaching.models import CoachLink


@receiver(email_confirmed, dispatch_uid="coaching.deliver_waiting_invitations")
def deliver_waiting_invitations(sender, request, email_address, **kwargs):
    """Invitations sent to this account's name wait for a verified address: deliver them."""
    from coaching.services import invitations_deliver

    invitations_deliver(email_address.user)


def _link_saved(sender: type, instance: CoachLink, **kwargs: Any) -> None:
    """A link saved (the services, the admin): the coach's list may show another set of
    athletes. Status changes by `QuerySet.update` in the services bump the version themselves."""
    from coaching.list_versions import bump

    bump(instance.coach_id)


def _link_deleted(sender: type, instance: CoachLink, **kwargs: Any) -> None:
    """A link deleted (with either account): no new row for a coach being deleted."""
    from coaching.list_versions import bump

    bump(instance.coach_id, create=False)


def connect() -> None:
    post_save.connect(_link_saved, sender=CoachLink, dispatch_uid="coach-list-link-saved")
    post_delete.connect(_link_deleted, sender=CoachLink, dispatch_uid="coach-list-link-deleted")
