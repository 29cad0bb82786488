from django.urls import path

from integrations import feeds, views
from integrations.api import api

urlpatterns = [
    path("calendar/<str:secret>.ics", feeds.athlete_calendar, name="calendar_feed"),
    path(
        "calendar/<str:secret>/athletes.ics",
        feeds.coach_calendar,
        name="calendar_feed_athletes",
    ),
    path("integrations/calendar/new/", views.feed_regenerate, name="feed_regenerate"),
    path("integrations/tokens/new/", views.api_token_create, name="api_token_create"),
    path("integrations/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("api/v1/", api.urls),
]
