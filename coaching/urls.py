"""URLs of the sharing pages and the coach's dashboard (included at the site root)."""

from django.urls import path

from coaching import sharing_views, views

urlpatterns = [
    path("sharing/", sharing_views.sharing, name="sharing"),
    path("sharing/invite/", sharing_views.invite_coach, name="sharing_invite"),
    path("sharing/request/", sharing_views.request_athlete, name="sharing_request"),
    path(
        "sharing/invitations/withdraw/",
        sharing_views.withdraw_invitations,
        name="sharing_invitations_withdraw",
    ),
    path(
        "sharing/invitations/<int:pk>/withdraw/",
        sharing_views.withdraw_invitation,
        name="sharing_invitation_withdraw",
    ),
    path(
        "sharing/requests/withdraw/",
        sharing_views.withdraw_requests,
        name="sharing_requests_withdraw",
    ),
    path("sharing/links/<int:pk>/accept/", sharing_views.link_accept, name="coach_link_accept"),
    path("sharing/links/<int:pk>/decline/", sharing_views.link_decline, name="coach_link_decline"),
    path("sharing/links/<int:pk>/revoke/", sharing_views.link_revoke, name="coach_link_revoke"),
    path("sharing/links/<int:pk>/end/", sharing_views.link_end, name="coach_link_end"),
    path("coach/", views.coach_dashboard, name="coach_dashboard"),
    path("coach/athletes/<int:athlete_id>/", views.coach_athlete, name="coach_athlete"),
]
