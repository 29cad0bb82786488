"""Receivers: coaching reacts to account events without accounts knowing about coaching."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver


@receiver(email_confirmed, dispatch_uid="coaching.deliver_waiting_invitations")
def deliver_waiting_invitations(sender, request, email_address, **kwargs):
    """Invitations sent to this account's name wait for a verified address: deliver them."""
    from coaching.services import invitations_deliver

    invitations_deliver(email_address.user)
