"""The reason spoken to the athlete ("You reported pain") or about them, for their coach
("Sam reported pain"): the same decision, every cause, in both voices."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from recovery.advice import Decided, reason
from recovery.planner import CheckInInput
from recovery.statuses import Cause, Status

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Berlin")
SECOND_PERSON = re.compile(r"\b(you|your|you're|yours)\b", re.I)

STATUS_OF = {
    Cause.PAIN: Status.WALK_INSTEAD,
    Cause.SEVERE: Status.WALK_INSTEAD,
    Cause.VERY_SORE: Status.NEXT_DAY,
    Cause.SAME_DAY_WAIT: Status.WAIT,
    Cause.RECOVERED: Status.RECOVERED,
    Cause.RUN_DAY_HOURS: Status.WAIT,
    Cause.HEAVY_LEGS: Status.GO,
    Cause.MODERATE: Status.GO,
    Cause.READY: Status.GO,
}


def decided(cause: Cause, *, check_in: bool, soreness: float = 4, invites=False, later=0):
    at = NOW - timedelta(hours=1)
    return Decided(
        status=STATUS_OF[cause],
        cause=cause,
        now=NOW,
        tz=TZ,
        ended=NOW - timedelta(hours=5),
        earliest=NOW + timedelta(hours=later),
        recommended=NOW + timedelta(hours=later + 1),
        soreness=soreness,
        check_in=CheckInInput(at=at, soreness=round(soreness), pain=True) if check_in else None,
        invites_check_in=invites,
    )


CASES = [
    decided(cause, check_in=check_in, soreness=soreness, invites=invites, later=later)
    for cause in Cause
    for check_in in (True, False)
    for soreness, invites, later in ((4, False, 0), (8, False, 20), (8, True, 0), (8, True, 20))
]


@pytest.mark.parametrize("d", CASES, ids=lambda d: f"{d.cause}")
def test_the_coach_reads_about_the_athlete_by_name(d):
    to_athlete = reason(d)
    about = reason(d, subject="Sam")
    assert not SECOND_PERSON.search(about), about
    # Either it names the athlete, or the sentence never addressed them in the first place.
    assert "Sam" in about or not SECOND_PERSON.search(to_athlete), (to_athlete, about)


@pytest.mark.parametrize("d", CASES, ids=lambda d: f"{d.cause}")
def test_the_athlete_is_spoken_to_as_before(d):
    assert reason(d, subject=None) == reason(d)
    assert "{name}" not in reason(d) and "{name}" not in reason(d, subject="Sam")


def test_pain_in_both_voices():
    d = decided(Cause.PAIN, check_in=True)
    assert reason(d).startswith("You reported pain today at 12:00")
    assert reason(d, subject="Sam").startswith("Sam reported pain today at 12:00")
