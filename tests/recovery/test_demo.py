"""Demo data keeps real training hours: leg days in the evening, runs in the morning, local."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from recovery.demo import COACHED_ATHLETES, DEMO_ATHLETE, seed_athlete
from recovery.models import LegWorkout, RecoveryRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hour", [0, 6, 12, 18, 23])
def test_leg_days_end_in_the_evening_and_runs_start_in_the_morning(hour):
    now = datetime(2026, 11, 28, hour, 40, tzinfo=UTC)
    for profile in (DEMO_ATHLETE, *COACHED_ATHLETES):
        user = seed_athlete(profile, now=now)
        tz = ZoneInfo(profile.timezone)
        ends = [w.ended_at.astimezone(tz).time() for w in LegWorkout.objects.filter(athlete=user)]
        starts = [
            r.started_at.astimezone(tz).time() for r in RecoveryRun.objects.filter(athlete=user)
        ]
        assert ends and all(time(18, 0) <= t <= time(19, 30) for t in ends), (profile, ends)
        assert starts and all(time(7, 0) <= t <= time(8, 0) for t in starts), (profile, starts)
        latest = LegWorkout.objects.filter(athlete=user).latest("ended_at").ended_at
        assert (now - latest).total_seconds() >= profile.latest_hours_ago * 3600
