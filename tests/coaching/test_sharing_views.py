"""The /sharing/ page: coaches, coached athletes, the access log, and link actions."""

import re
from datetime import timedelta

import pytest
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.urls import reverse
from django.utils import timezone

from coaching.models import AccessLogEntry, CoachLink
from tests.factories import make_coach_link, make_user

pytestmark = pytest.mark.django_db

Status = CoachLink.Status
Side = CoachLink.Side
HTMX = {"HX-Request": "true"}
SHARING = reverse("sharing")
# Per-response tokens: masked CSRF tokens and the CSP nonce differ on every render.
PER_RESPONSE_TOKENS = re.compile(r'(csrfmiddlewaretoken" value=|nonce=|"x-csrftoken": )"[^"]+"')


def text(response) -> str:
    return response.content.decode()


def without_tokens(html: str) -> str:
    return PER_RESPONSE_TOKENS.sub("", html)


# The page


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "sharing", []),
        ("post", "sharing_invite", []),
        ("post", "sharing_request", []),
        ("post", "sharing_invitations_withdraw", []),
        ("post", "coach_link_accept", [1]),
        ("get", "coach_link_revoke", [1]),
        ("post", "coach_link_end", [1]),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_full_page_and_htmx_fragment(athlete_client):
    page = athlete_client.get(SHARING)
    assert page.status_code == 200
    assert "<html" in text(page)
    assert 'href="/sharing/"' in text(page)  # the nav link

    fragment = athlete_client.get(SHARING, headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in text(fragment)
    assert 'id="sharing-sections"' in text(fragment)
    assert "Who viewed your data" in text(fragment)


def test_empty_states(athlete_client):
    html = text(athlete_client.get(SHARING))
    assert "No coach can see your data" in html
    assert "You coach no one yet" in html
    assert "No coach has viewed your data yet" in html


def test_page_lists_links_by_role(athlete_client, athlete, coach):
    make_coach_link(coach=coach, athlete=athlete)
    make_coach_link(
        coach=make_user(username="lee", first_name="Lee"),
        athlete=athlete,
        status=Status.PENDING,
        initiated_by=Side.COACH,
    )
    make_coach_link(
        coach=athlete,
        athlete=make_user(username="kim", first_name="Kim"),
        status=Status.PENDING,
        initiated_by=Side.ATHLETE,
    )
    make_coach_link(
        coach=make_user(username="old", first_name="Old"), athlete=athlete, status=Status.ENDED
    )
    html = text(athlete_client.get(SHARING))
    coaches, athletes = html.split("Athletes you coach")
    assert "Sam" in coaches and "Revoke access" in coaches
    assert "Lee" in coaches and "Asks to coach you" in coaches
    assert "Kim" in athletes and "Invites you to coach them" in athletes
    assert "Old" not in html


def test_unanswered_invitations_are_not_listed_to_the_sender(athlete_client, athlete, coach):
    make_coach_link(coach=coach, athlete=athlete, status=Status.PENDING)
    assert "Sam" not in text(athlete_client.get(SHARING))


def test_page_query_count_is_constant(athlete_client, athlete, django_assert_max_num_queries):
    for _ in range(5):
        make_coach_link(athlete=athlete)
        make_coach_link(coach=athlete)
        AccessLogEntry.objects.create(
            coach=make_user(), athlete=athlete, page="dashboard", path="/coach/"
        )
    with django_assert_max_num_queries(8):
        response = athlete_client.get(SHARING)
    assert response.status_code == 200


# Inviting and requesting


def invite(client, identifier: str, **kwargs):
    return client.post(reverse("sharing_invite"), {"invite-identifier": identifier}, **kwargs)


def test_invite_a_coach(athlete_client, athlete, coach):
    response = invite(athlete_client, "sam@example.com", follow=True)
    assert response.redirect_chain == [(SHARING, 302)]
    assert "If an account matches, they will see your invitation." in text(response)
    link = CoachLink.objects.get()
    assert (link.coach, link.athlete, link.status) == (coach, athlete, Status.PENDING)


def test_unknown_and_known_identifiers_look_the_same(athlete_client, coach):
    unknown = invite(athlete_client, "nobody@example.com", follow=True)
    assert not CoachLink.objects.exists()
    athlete_client.post(reverse("sharing_invitations_withdraw"))
    athlete_client.get(SHARING)  # shows (and so clears) the "withdrawn" message
    known = invite(athlete_client, "sam@example.com", follow=True)
    assert CoachLink.objects.count() == 1
    assert unknown.redirect_chain == known.redirect_chain

    # The page lists each invitation exactly as typed; otherwise the two are identical.
    def page(response, typed):
        html = without_tokens(text(response)).replace(typed, "someone@example.com")
        return re.sub(r"/sharing/invitations/\d+/", "/sharing/invitations/N/", html)

    assert page(unknown, "nobody@example.com") == page(known, "sam@example.com")


def test_unknown_and_known_identifiers_look_the_same_with_htmx(athlete_client, coach):
    unknown = invite(athlete_client, "nobody", headers=HTMX)
    known = invite(athlete_client, "sam", headers=HTMX)
    assert unknown.status_code == known.status_code == 200
    assert without_tokens(text(unknown)) == without_tokens(text(known))
    assert "<html" not in text(known)
    assert "If an account matches" in text(known)
    assert CoachLink.objects.count() == 1


def test_invite_twice_is_silently_idempotent(athlete_client, coach):
    first = invite(athlete_client, "sam", follow=True)
    second = invite(athlete_client, "SAM", follow=True)
    assert without_tokens(text(first)) == without_tokens(text(second))
    assert CoachLink.objects.count() == 1


def test_inviting_yourself_is_a_form_error(athlete_client):
    response = invite(athlete_client, "ana@example.com")
    assert response.status_code == 200
    assert "That is you" in text(response)
    assert "<html" in text(response)
    response = invite(athlete_client, "ana", headers=HTMX)
    assert response.status_code == 200
    assert "That is you" in text(response)
    assert "<html" not in text(response)
    assert not CoachLink.objects.exists()


def test_blank_invite_is_a_form_error(athlete_client):
    response = invite(athlete_client, "   ", headers=HTMX)
    assert response.status_code == 200
    assert "This field is required" in text(response)


def test_coach_requests_an_athlete(client, coach, athlete):
    client.force_login(coach)
    response = client.post(reverse("sharing_request"), {"request-identifier": "ana"}, follow=True)
    assert "If an account matches, they will see your request." in text(response)
    link = CoachLink.objects.get()
    assert (link.coach, link.athlete, link.initiated_by) == (coach, athlete, Side.COACH)


def test_withdraw_unanswered_invitations(athlete_client, athlete, coach):
    link = make_coach_link(coach=coach, athlete=athlete, status=Status.PENDING)
    response = athlete_client.post(reverse("sharing_invitations_withdraw"), follow=True)
    assert "Every unanswered invitation is withdrawn." in text(response)
    link.refresh_from_db()
    assert link.status == Status.ENDED


# Answering, revoking, ending


def test_coach_accepts_an_invitation(client, coach, athlete):
    link = make_coach_link(coach=coach, athlete=athlete, status=Status.PENDING)
    client.force_login(coach)
    response = client.post(reverse("coach_link_accept", args=[link.pk]), follow=True)
    assert response.redirect_chain == [(SHARING, 302)]
    assert "You now coach Ana." in text(response)
    link.refresh_from_db()
    assert link.status == Status.ACTIVE


def test_athlete_accepts_a_request_with_htmx(athlete_client, athlete, coach):
    link = make_coach_link(
        coach=coach, athlete=athlete, status=Status.PENDING, initiated_by=Side.COACH
    )
    response = athlete_client.post(reverse("coach_link_accept", args=[link.pk]), headers=HTMX)
    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith(f'<li class="list-group-item" id="link-{link.pk}"')
    assert "Sam can now see your data." in html
    assert "Revoke access" in html
    link.refresh_from_db()
    assert link.status == Status.ACTIVE


def test_athlete_declines_a_request(athlete_client, athlete, coach):
    link = make_coach_link(
        coach=coach, athlete=athlete, status=Status.PENDING, initiated_by=Side.COACH
    )
    response = athlete_client.post(reverse("coach_link_decline", args=[link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == Status.ENDED
    assert link.accepted_at is None


def test_revoke_asks_for_confirmation_first(athlete_client, athlete, coach):
    link = make_coach_link(coach=coach, athlete=athlete)
    url = reverse("coach_link_revoke", args=[link.pk])
    confirm = athlete_client.get(url)
    assert confirm.status_code == 200
    assert "Revoke Sam's access?" in text(confirm)
    assert f'action="{url}"' in text(confirm)
    link.refresh_from_db()
    assert link.status == Status.ACTIVE

    response = athlete_client.post(url, follow=True)
    assert "Sam can no longer see your data." in text(response)
    link.refresh_from_db()
    assert link.status == Status.ENDED
    assert link.ended_by == athlete


def test_revoke_with_htmx_replaces_the_row(athlete_client, athlete, coach):
    link = make_coach_link(coach=coach, athlete=athlete)
    response = athlete_client.post(reverse("coach_link_revoke", args=[link.pk]), headers=HTMX)
    html = text(response)
    assert response.status_code == 200
    assert f'id="link-{link.pk}"' in html
    assert "No longer sees your data" in html
    assert "Sam can no longer see your data." in html
    assert "Revoke access" not in html


def test_coach_ends_coaching(client, coach, athlete):
    link = make_coach_link(coach=coach, athlete=athlete)
    client.force_login(coach)
    url = reverse("coach_link_end", args=[link.pk])
    assert "Stop coaching Ana?" in text(client.get(url))
    response = client.post(url, follow=True)
    assert "You no longer coach Ana." in text(response)
    link.refresh_from_db()
    assert link.status == Status.ENDED
    assert link.ended_by == coach


@pytest.mark.parametrize("name", ["coach_link_accept", "coach_link_decline"])
def test_link_actions_need_post(athlete_client, athlete, name):
    link = make_coach_link(athlete=athlete, status=Status.PENDING, initiated_by=Side.COACH)
    assert athlete_client.get(reverse(name, args=[link.pk])).status_code == 405


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("coach_link_accept", "post"),
        ("coach_link_decline", "post"),
        ("coach_link_revoke", "get"),
        ("coach_link_revoke", "post"),
        ("coach_link_end", "get"),
        ("coach_link_end", "post"),
    ],
)
def test_someone_elses_link_is_a_404(client, name, method):
    stranger = make_user()
    client.force_login(stranger)
    active = make_coach_link()
    pending = make_coach_link(status=Status.PENDING)
    for link in (active, pending):
        response = getattr(client, method)(reverse(name, args=[link.pk]))
        assert response.status_code == 404
    assert getattr(client, method)(reverse(name, args=[999_999])).status_code == 404
    active.refresh_from_db()
    pending.refresh_from_db()
    assert (active.status, pending.status) == (Status.ACTIVE, Status.PENDING)


def test_a_party_in_the_wrong_role_gets_a_404(client, coach, athlete):
    invitation = make_coach_link(coach=coach, athlete=athlete, status=Status.PENDING)
    active = make_coach_link(coach=athlete, athlete=coach)
    client.force_login(athlete)
    # The sender cannot accept their own invitation (nor see whom it went to).
    assert client.post(reverse("coach_link_accept", args=[invitation.pk])).status_code == 404
    assert client.get(reverse("coach_link_revoke", args=[invitation.pk])).status_code == 404
    # As this link's coach, ana may end it but not "revoke" it as the athlete.
    assert client.post(reverse("coach_link_revoke", args=[active.pk])).status_code == 404
    assert client.post(reverse("coach_link_accept", args=[active.pk])).status_code == 404


def test_an_ended_link_cannot_be_acted_on(athlete_client, athlete):
    link = make_coach_link(athlete=athlete, status=Status.ENDED)
    assert athlete_client.post(reverse("coach_link_revoke", args=[link.pk])).status_code == 404
    assert athlete_client.post(reverse("coach_link_accept", args=[link.pk])).status_code == 404


# The access log


def test_access_log_is_humanized_in_the_athletes_timezone(client, coach):
    athlete = make_user(username="tokyo", timezone="Asia/Tokyo")
    at = timezone.now() - timedelta(hours=2)
    AccessLogEntry.objects.create(coach=coach, athlete=athlete, page="dashboard", path="/", at=at)
    AccessLogEntry.objects.create(coach=coach, athlete=athlete, page="workout", path="/", at=at)
    client.force_login(athlete)
    html = text(client.get(SHARING))
    with timezone.override(athlete.zone):
        ago = naturaltime(at)
    assert "2\xa0hours ago" in ago
    assert re.search(rf"Coach Sam viewed your dashboard\s*<time [^>]*>{ago}</time>", html)
    assert "Coach Sam viewed a workout" in html
    assert timezone.localtime(at, athlete.zone).strftime("%H:%M") in html


def test_access_log_shows_the_last_20_entries_of_this_athlete_only(athlete_client, athlete, coach):
    now = timezone.now()
    for minutes in range(25):
        AccessLogEntry.objects.create(
            coach=coach,
            athlete=athlete,
            page=f"page{minutes:02d}",
            path="/",
            at=now - timedelta(minutes=minutes),
        )
    AccessLogEntry.objects.create(coach=coach, athlete=coach, page="secret", path="/", at=now)
    html = text(athlete_client.get(SHARING, headers=HTMX))
    assert html.count("Coach Sam viewed") == 20
    assert "your page00" in html and "your page19" in html
    assert "page20" not in html
    assert "secret" not in html


def test_access_log_lists_views_by_coaches_whose_link_has_ended(athlete_client, athlete, coach):
    make_coach_link(coach=coach, athlete=athlete, status=Status.ENDED)
    AccessLogEntry.objects.create(coach=coach, athlete=athlete, page="history", path="/")
    assert "Coach Sam viewed your history" in text(athlete_client.get(SHARING))
