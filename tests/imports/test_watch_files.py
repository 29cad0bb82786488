"""Reading runs from GPX, TCX and FIT files, and comparing them with the plan (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from imports.formats import FileRefused, Format, detect
from imports.plan_check import KEPT, NO_PLAN, check_run, easy_hr_limit
from imports.watch_files import parse_watch_file
from recovery.planner import SessionInput, make_plan
from tests.imports import samples

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 10, 6, 16, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MAKERS = {Format.GPX: samples.gpx, Format.TCX: samples.tcx, Format.FIT: samples.fit}


def read(data: bytes):
    return parse_watch_file(data, format=detect(data), now=NOW)


@pytest.mark.parametrize("format", list(MAKERS))
def test_a_run_from_each_kind_of_file(format):
    run = read(MAKERS[format](START, minutes=25, hr=130))
    assert run.format is format
    assert run.started_at == START
    assert run.minutes == 25
    assert Decimal("3.7") <= run.distance_km <= Decimal("3.8")
    assert run.avg_hr == 130


@pytest.mark.parametrize("format", list(MAKERS))
def test_the_same_run_in_any_file_has_the_same_key(format):
    assert read(MAKERS[format](START)).key == read(samples.gpx(START)).key


def test_another_sport_is_refused():
    with pytest.raises(FileRefused, match="cycling, not a run"):
        read(samples.fit(START, sport="cycling"))
    with pytest.raises(FileRefused, match="biking, not a run"):
        read(samples.tcx(START, sport="Biking"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (samples.gpx(START)[:300], "could not be read"),
        (samples.tcx(START)[:400], "could not be read"),
        (samples.fit(START)[:60], "could not be read"),
        (
            b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<gpx>&x;</gpx>",
            "DOCTYPE",
        ),
        (samples.gpx(START, minutes=0), "no duration"),
        (samples.gpx(NOW + timedelta(days=2)), "not believable"),
        (samples.gpx(START, minutes=700), "at most 600"),
        (
            b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
            b"</trkseg></trk></gpx>",
            "no timed track points",
        ),
    ],
)
def test_damaged_and_hostile_watch_files_are_refused(data, message):
    with pytest.raises(FileRefused, match=message):
        read(data)


def test_a_fit_file_with_a_wrong_checksum_is_refused_as_damaged():
    data = bytearray(samples.fit(START))
    data[200] ^= 0xFF  # inside the records
    with pytest.raises(FileRefused, match="damaged"):
        read(bytes(data))


def test_heart_rate_glitches_are_left_out():
    data = samples.gpx(START, minutes=10, hr=130).replace(b"<gpxtpx:hr>130<", b"<gpxtpx:hr>0<")
    assert read(data).avg_hr == 130  # the zeros (a lost strap) do not drag it down


# --- Kept to the plan? -----------------------------------------------------------------------


def plan_after(ended: datetime, now: datetime):
    session = SessionInput(ended_at=ended, rpe=8, minutes=60)
    return make_plan(sessions=[session], tz=BERLIN, now=now)


def test_a_run_inside_the_plan_kept_to_it():
    ended = datetime(2026, 10, 5, 8, 0, tzinfo=BERLIN)
    start = datetime(2026, 10, 6, 17, 0, tzinfo=BERLIN)
    plan = plan_after(ended, start)
    check = check_run(plan=plan, started_at=start, minutes=20, avg_hr=130, max_hr=190, tz=BERLIN)
    assert check.kept and check.summary == KEPT


def test_what_differed_is_named():
    ended = datetime(2026, 10, 5, 17, 0, tzinfo=BERLIN)
    start = datetime(2026, 10, 5, 19, 0, tzinfo=BERLIN)  # two hours after the leg day
    plan = plan_after(ended, start)
    check = check_run(plan=plan, started_at=start, minutes=45, avg_hr=160, max_hr=190, tz=BERLIN)
    assert not check.kept
    text = check.summary
    assert "started Mon 05 Oct 19:00, before the earliest start" in text
    assert f"longer than the plan's cap of {plan.duration_min[1]} minutes" in text
    assert f"above the easy zone (up to {easy_hr_limit(190)} bpm" in text


def test_heart_rate_is_only_judged_with_a_maximum():
    ended = datetime(2026, 10, 5, 8, 0, tzinfo=BERLIN)
    start = datetime(2026, 10, 6, 17, 0, tzinfo=BERLIN)
    plan = plan_after(ended, start)
    check = check_run(plan=plan, started_at=start, minutes=20, avg_hr=185, max_hr=None, tz=BERLIN)
    assert check.kept


def test_without_a_leg_day_there_is_nothing_to_compare():
    check = check_run(plan=None, started_at=START, minutes=20, avg_hr=None, max_hr=None, tz=BERLIN)
    assert not check.kept and check.summary == NO_PLAN
