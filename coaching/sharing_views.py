"""The sharing page: who may see your data, whom you coach, and who looked.

Every link action first finds the link through ``coaching.access`` with the
requester's role in the query, so a link of someone else (or in the wrong
state) is a 404, the same as a link that does not exist.
"""

from collections.abc import Callable
from contextlib import contextmanager

from allauth.core.internal.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.emails import has_verified_email
from accounts.http import AuthenticatedHtmxHttpRequest
from coaching.access import (
    active_link_as_athlete_or_404,
    active_link_as_coach_or_404,
    athlete_links_for_coach,
    coach_links_for_athlete,
    link_awaiting_answer_or_404,
    recent_coach_views,
)
from coaching.forms import AthleteRequestForm, CoachInviteForm
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
    invitation_withdraw,
    pending_invitations,
)

PAGE = "coaching/sharing.html"
CONFIRM_PAGE = "coaching/coach_link_confirm.html"
# The same words whether or not an account matched: the form never tells.
INVITATION_SENT = "If an account matches, they will see your invitation."
REQUEST_SENT = "If an account matches, they will see your request."


def _page_context(user, *, invite_form=None, request_form=None) -> dict:
    invitations = list(pending_invitations(user))
    return {
        "email_verified": has_verified_email(user),
        "sent_invitations": [i for i in invitations if i.sender_side == "athlete"],
        "sent_requests": [i for i in invitations if i.sender_side == "coach"],
        "coach_links": list(coach_links_for_athlete(user)),
        "athlete_links": list(athlete_links_for_coach(user)),
        "coach_views": recent_coach_views(user),
        "invite_form": invite_form or CoachInviteForm(user=user),
        "request_form": request_form or AthleteRequestForm(user=user),
    }


@login_required
@require_safe
def sharing(request: AuthenticatedHtmxHttpRequest) -> HttpResponse:
    template = f"{PAGE}#sections" if request.htmx else PAGE
    return render(request, template, _page_context(request.user))


@login_required
@require_POST
def invite_coach(request: AuthenticatedHtmxHttpRequest) -> HttpResponse:
    return _send(request, CoachInviteForm, coach_link_invite, "athlete", INVITATION_SENT, "invite")


@login_required
@require_POST
def request_athlete(request: AuthenticatedHtmxHttpRequest) -> HttpResponse:
    return _send(request, AthleteRequestForm, coach_link_request, "coach", REQUEST_SENT, "request")


def _send(
    request: AuthenticatedHtmxHttpRequest,
    form_class: type[CoachInviteForm] | type[AthleteRequestForm],
    send: Callable[..., CoachLink | None],
    sender_role: str,
    sent_message: str,
    name: str,
) -> HttpResponse:
    """An invitation (to coach me) or a request (to coach you): the same steps either way.

    ``name`` is the form's partial and context key on the sharing page (``invite_form``)."""
    if throttled := _throttled(request):
        return throttled
    form = form_class(request.POST, user=request.user)
    if form.is_valid():
        send(**{sender_role: request.user}, identifier=form.cleaned_data["identifier"])
        messages.success(request, sent_message)
        if not request.htmx:
            return redirect("sharing")
        form = form_class(user=request.user)
    key = f"{name}_form"
    if request.htmx:
        return render(request, f"{PAGE}#{key}", {key: form, "flash": True})
    return render(request, PAGE, _page_context(request.user, **{key: form}))


def _throttled(request: AuthenticatedHtmxHttpRequest) -> HttpResponse | None:
    """Invitations and requests are rate-limited per user and per client IP (429)."""
    return consume_or_429(request, app="allauth.account", action="coach_link")


@login_required
@require_POST
def withdraw_invitation(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    """Withdraw one of your own unanswered invitations or requests."""
    invitation = get_object_or_404(pending_invitations(request.user), pk=pk)
    invitation_withdraw(invitation=invitation, sender=request.user)
    messages.success(request, f"Withdrawn: {invitation.identifier}.")
    return redirect("sharing")


@login_required
@require_POST
def withdraw_invitations(request: AuthenticatedHtmxHttpRequest) -> HttpResponse:
    coach_link_invitations_withdraw(athlete=request.user)
    messages.success(request, "Every unanswered invitation is withdrawn.")
    return redirect("sharing")


@login_required
@require_POST
def withdraw_requests(request: AuthenticatedHtmxHttpRequest) -> HttpResponse:
    coach_link_requests_withdraw(coach=request.user)
    messages.success(request, "Every unanswered request is withdrawn.")
    return redirect("sharing")


@login_required
@require_POST
def link_accept(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    link = link_awaiting_answer_or_404(user=request.user, link_id=pk)
    with _gone_is_404():
        coach_link_accept(link=link, user=request.user)
    if link.athlete_id == request.user.pk:
        messages.success(request, f"{link.coach.display_name} can now see your data.")
    else:
        messages.success(request, f"You now coach {link.athlete.display_name}.")
    return _link_changed(request, link)


@login_required
@require_POST
def link_decline(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    link = link_awaiting_answer_or_404(user=request.user, link_id=pk)
    with _gone_is_404():
        coach_link_decline(link=link, user=request.user)
    messages.success(request, "Declined.")
    return _link_changed(request, link)


@login_required
@require_http_methods(["GET", "POST"])
def link_revoke(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    link = active_link_as_athlete_or_404(user=request.user, link_id=pk)
    if request.method == "GET":
        return render(request, CONFIRM_PAGE, {"link": link})
    with _gone_is_404():
        coach_link_revoke(link=link, athlete=request.user)
    messages.success(request, f"{link.coach.display_name} can no longer see your data.")
    return _link_changed(request, link)


@login_required
@require_http_methods(["GET", "POST"])
def link_end(request: AuthenticatedHtmxHttpRequest, pk: int) -> HttpResponse:
    link = active_link_as_coach_or_404(user=request.user, link_id=pk)
    if request.method == "GET":
        return render(request, CONFIRM_PAGE, {"link": link})
    with _gone_is_404():
        coach_link_end(link=link, coach=request.user)
    messages.success(request, f"You no longer coach {link.athlete.display_name}.")
    return _link_changed(request, link)


def _link_changed(request: AuthenticatedHtmxHttpRequest, link: CoachLink) -> HttpResponse:
    """htmx: the link's row, replaced in place (with the message); otherwise the page."""
    if request.htmx:
        return render(request, f"{PAGE}#link_row", {"link": link, "flash": True})
    return redirect("sharing")


@contextmanager
def _gone_is_404():
    """The link changed between lookup and write (a race): treat it as not found."""
    try:
        yield
    except CoachLinkError as error:
        raise Http404("No such link.") from error
