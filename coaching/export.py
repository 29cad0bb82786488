"""The coaching app's part of a person's data export: coach links in both directions, the
invitations they sent, the log of coaches viewing their data and their own views as a coach."""

from __future__ import annotations

from django.db.models import Q

from coaching.models import AccessLogEntry, CoachLink, LinkInvitation


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def coaching_sections(user) -> dict[str, list[dict]]:
    links = (
        CoachLink.objects.filter(Q(athlete=user) | Q(coach=user))
        .select_related("coach", "athlete")
        .order_by("created_at", "pk")
    )
    viewed_me = (
        AccessLogEntry.objects.filter(athlete=user).select_related("coach").order_by("at", "pk")
    )
    i_viewed = (
        AccessLogEntry.objects.filter(coach=user).select_related("athlete").order_by("at", "pk")
    )
    return {
        "coach_links": [
            {
                "id": link.pk,
                "my_role": "athlete" if link.athlete_id == user.pk else "coach",
                "other_party": (
                    link.coach if link.athlete_id == user.pk else link.athlete
                ).username,
                "status": link.status,
                "initiated_by": link.initiated_by,
                "created_at": _iso(link.created_at),
                "accepted_at": _iso(link.accepted_at),
                "ended_at": _iso(link.ended_at),
            }
            for link in links
        ],
        "invitations_sent": [
            {
                "id": i.pk,
                "to": i.identifier,
                "asking_them_to_be": "coach" if i.sender_side == "athlete" else "athlete",
                "status": i.status,
                "created_at": _iso(i.created_at),
            }
            for i in LinkInvitation.objects.filter(sender=user).order_by("created_at", "pk")
        ],
        "coach_views_of_my_data": [
            {
                "coach": entry.coach.username if entry.coach else AccessLogEntry.DELETED_COACH,
                "page": entry.page,
                "path": entry.path,
                "at": _iso(entry.at),
            }
            for entry in viewed_me
        ],
        "my_views_as_coach": [
            {"athlete": entry.athlete.username, "page": entry.page, "at": _iso(entry.at)}
            for entry in i_viewed
        ],
    }
