"""Reading Strong and Hevy exports (pure: no database)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from imports.exercises import LOWER_BODY_KEYWORDS, Catalogue, normalise
from imports.formats import MAX_UPLOAD_BYTES, FileRefused, Format, detect
from imports.lifting_csv import (
    duration_seconds,
    parse_lifting_csv,
    session_from_data,
    session_to_data,
)
from tests.imports import samples

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CATALOGUE = Catalogue(
    name
    for name, _ in importlib.import_module("recovery.migrations.0002_exercise_catalogue").CATALOGUE
)


def parse(data: bytes, tz=BERLIN):
    return parse_lifting_csv(data, format=detect(data), tz=tz, now=NOW, catalogue=CATALOGUE)


# --- Strong ----------------------------------------------------------------------------------


def test_strong_current_layout_gives_a_leg_day_with_its_lines():
    result = parse(samples.strong_leg_day())
    assert result.format is Format.STRONG
    assert result.errors == []
    [session] = result.sessions
    assert session.started_at == datetime(2026, 10, 5, 17, 30, 12, tzinfo=BERLIN)
    assert session.minutes == 65  # "1h 5m"
    assert session.ended_at == datetime(2026, 10, 5, 18, 35, 12, tzinfo=BERLIN)
    assert session.rpe == 8
    lines = {line.name: line for line in session.lines}
    squat = lines["Squat (Barbell)"]
    assert squat.catalogue_name == "Back squat"
    assert (squat.sets, squat.reps, squat.weight_kg) == (
        2,
        5,
        Decimal("105.00"),
    )  # warm-up left out
    assert lines["Romanian Deadlift (Barbell)"].catalogue_name == "Romanian deadlift"
    assert lines["Seated Leg Curl (Machine)"].catalogue_name is None  # a free-text line
    [skipped] = result.skipped
    assert skipped.title == "Upper"
    assert "no leg exercises (Bench Press (Barbell))" in skipped.reason


def test_strong_older_layout_converts_pounds_and_has_no_duration():
    data = samples.strong_old_csv(
        [
            {
                "Date": "2026-10-05 17:30:12",
                "Workout Name": "Legs",
                "Exercise Name": "Leg Press",
                "Set Order": "1",
                "Weight": "225",
                "Weight Unit": "lbs",
                "Reps": "10",
            }
        ]
    )
    [session] = parse(data).sessions
    assert session.minutes is None and session.ended_at is None
    assert session.rpe is None
    assert session.lines[0].weight_kg == Decimal("102.06")
    assert session.lines[0].catalogue_name == "Leg press"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1h 5m", 3900), ("50m", 3000), ("2h", 7200), ("45s", 45), ("", None), ("soon", None)],
)
def test_strong_durations(text, seconds):
    assert duration_seconds(text) == seconds


def test_session_rpe_is_the_rounded_mean_of_working_sets():
    date = "2026-10-05 17:30:12"
    data = samples.strong_csv(
        [
            samples.strong_row(date, "Squat (Barbell)", order="W", rpe="4"),
            samples.strong_row(date, "Squat (Barbell)", rpe="7"),
            samples.strong_row(date, "Squat (Barbell)", rpe="8"),
            samples.strong_row(date, "Bench Press (Barbell)", rpe="8"),
        ]
    )
    [session] = parse(data).sessions
    assert session.rpe == 8  # (7 + 8 + 8) / 3 = 7.67; the warm-up's 4 does not count


def test_rest_timer_rows_are_ignored():
    date = "2026-10-05 17:30:12"
    data = samples.strong_csv(
        [
            samples.strong_row(date, "Squat (Barbell)"),
            samples.strong_row(date, "Squat (Barbell)", order="Rest Timer", weight="", reps=""),
        ]
    )
    result = parse(data)
    assert result.errors == []
    assert result.sessions[0].lines[0].sets == 1


# --- Hevy ------------------------------------------------------------------------------------


def test_hevy_export_with_start_and_end():
    start, end = "26 Jul 2025, 07:06", "26 Jul 2025, 08:01"
    data = samples.hevy_csv(
        [
            samples.hevy_row(start, end, "Squat (Barbell)", "60", "10", set_type="warmup"),
            samples.hevy_row(start, end, "Squat (Barbell)", "100", "5", rpe="8"),
            samples.hevy_row(start, end, "Bulgarian Split Squat", "20", "8", rpe="9"),
            samples.hevy_row(start, end, "Nordic Hamstrings Curls", "", "6", rpe="9"),
        ]
    )
    result = parse(data)
    assert result.format is Format.HEVY
    [session] = result.sessions
    assert session.started_at == datetime(2025, 7, 26, 7, 6, tzinfo=BERLIN)
    assert session.minutes == 55
    assert session.rpe == 9  # (8 + 9 + 9) / 3 = 8.67
    names = [line.catalogue_name for line in session.lines]
    assert names == ["Back squat", "Bulgarian split squat", "Nordic hamstring curl"]
    assert session.lines[2].weight_kg is None  # bodyweight


def test_hevy_in_pounds():
    start, end = "26 Jul 2025, 07:06", "26 Jul 2025, 08:01"
    data = samples.hevy_csv(
        [samples.hevy_row(start, end, "Deadlift (Barbell)", "315", "3")], lbs=True
    )
    [session] = parse(data).sessions
    assert session.lines[0].catalogue_name == "Conventional deadlift"
    assert session.lines[0].weight_kg == Decimal("142.88")


# --- Local times ------------------------------------------------------------------------------


def test_a_repeated_local_time_is_read_as_its_first_occurrence():
    # 25 Oct 2026: Berlin's clocks go back from 03:00 CEST to 02:00 CET.
    data = samples.strong_csv([samples.strong_row("2026-10-25 02:30:00", "Squat (Barbell)")])
    [session] = parse(data).sessions
    assert session.started_at.utcoffset().total_seconds() == 2 * 3600  # CEST, the first


def test_a_skipped_local_time_is_refused_with_its_line():
    # 29 Mar 2026: Berlin's clocks jump from 02:00 to 03:00.
    data = samples.strong_csv(
        [
            samples.strong_row("2026-03-29 02:30:00", "Squat (Barbell)"),
            samples.strong_row("2026-10-05 17:30:12", "Squat (Barbell)"),
        ]
    )
    result = parse(data)
    assert len(result.sessions) == 1
    [error] = result.errors
    assert str(error).startswith("line 2: 2026-03-29 02:30 does not exist in Europe/Berlin")


# --- Malformed and hostile files --------------------------------------------------------------


def test_bad_rows_are_named_and_the_rest_is_read():
    date = "2026-10-05 17:30:12"
    data = samples.strong_csv(
        [
            samples.strong_row(date, "Squat (Barbell)"),
            samples.strong_row(date, "Squat (Barbell)", reps="lots"),
            samples.strong_row(date, "Squat (Barbell)", weight="-5"),
            samples.strong_row(date, "Squat (Barbell)", rpe="11"),
            samples.strong_row("yesterday", "Squat (Barbell)"),
            samples.strong_row(date, "Squat (Barbell)", reps="500"),
            samples.strong_row(date, ""),
        ]
    )
    result = parse(data)
    assert [str(e).split(":")[0] for e in result.errors] == [
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 7",
        "line 8",
    ]
    assert "reps 'lots' is not a number" in str(result.errors[0])
    assert "weight must be from 0 to 1000 kg" in str(result.errors[1])
    assert "RPE must be from 1 to 10" in str(result.errors[2])
    assert "is not a date and time like 2026-10-05 17:30:12" in str(result.errors[3])
    assert result.sessions[0].lines[0].sets == 1


def test_a_session_in_the_future_or_too_long_is_refused():
    data = samples.strong_csv(
        [
            samples.strong_row("2027-01-05 17:30:00", "Squat (Barbell)", title="Future"),
            samples.strong_row("2026-10-05 17:30:00", "Squat (Barbell)", duration="11h"),
        ]
    )
    result = parse(data)
    assert result.sessions == []
    reasons = [str(e) for e in result.errors]
    assert "line 2: session “Future” is in the future (lines 2–2 not imported)" in reasons
    assert any("lasted 660 minutes" in r for r in reasons)


def test_names_are_kept_as_text_and_capped():
    hostile = '<script>alert(1)</script> =HYPERLINK("x") squat ' + "x" * 200
    data = samples.strong_csv([samples.strong_row("2026-10-05 17:30:12", hostile)])
    [session] = parse(data).sessions
    assert session.lines[0].name == hostile[:80]
    assert session.lines[0].catalogue_name is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01binary,Exercise Name,Date\n", "binary"),
        ("Date,Exercise Name\n".encode("utf-16"), "binary"),
        ("Date,Workout Name,Exercise Name,Weight,Reps\n2026,é".encode("latin-1"), "not UTF-8"),
        (b"name,age\nana,3\n", "not a file Legday can import"),
        (b"Date,Exercise Name,Reps\n", r"lacks the column\(s\) Workout Name, Weight"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "larger than 5 MB"),
    ],
)
def test_unreadable_files_are_refused_whole(data, message):
    with pytest.raises(FileRefused, match=message):
        parse(data)


def test_a_byte_order_mark_is_fine():
    data = b"\xef\xbb\xbf" + samples.strong_leg_day()
    assert len(parse(data).sessions) == 1


def test_the_signed_payload_round_trips():
    [session] = parse(samples.strong_leg_day()).sessions
    assert session_from_data(session_to_data(session), tz=BERLIN) == session


# --- Classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "catalogue", "lower_body"),
    [
        ("Squat (Barbell)", "Back squat", True),
        ("Front Squat (Barbell)", "Front squat", True),
        ("Step-Up", "Step-up", True),
        ("Hip Thrust (Barbell)", "Hip thrust", True),
        ("Standing Calf Raise (Machine)", "Standing calf raise", True),
        ("Seated Calf Raise", None, True),
        ("Good Morning", None, True),
        ("Cable Glute Kickback", None, True),
        ("Hack Squat (Machine)", None, True),
        ("Bench Press (Barbell)", None, False),
        ("Hanging Leg Raise", None, False),
        ("Running", None, False),
        ("Hurdle hops", None, False),
    ],
)
def test_exercise_names_are_classified(name, catalogue, lower_body):
    kind = CATALOGUE.classify(name)
    assert (kind.catalogue_name, kind.lower_body) == (catalogue, lower_body)


def test_keywords_are_normalised_like_names():
    assert all(normalise(word) == word for word in LOWER_BODY_KEYWORDS)


def test_a_session_whose_every_row_is_bad_is_skipped_with_that_reason():
    data = samples.strong_csv(
        [samples.strong_row("2026-10-04 10:00:00", "Leg Press", reps="abc", title="Legs")]
    )
    result = parse(data)
    assert [str(e) for e in result.errors] == ["line 2: reps 'abc' is not a number"]
    assert [(s.title, s.reason) for s in result.skipped] == [
        ("Legs", "none of its rows could be read")
    ]


def test_strong_current_layout_in_pounds_when_told():
    data = samples.strong_csv([samples.strong_row("2026-10-05 17:30:12", "Squat (Barbell)", "225")])
    kg = parse_lifting_csv(data, format=Format.STRONG, tz=BERLIN, now=NOW, catalogue=CATALOGUE)
    lbs = parse_lifting_csv(
        data, format=Format.STRONG, tz=BERLIN, now=NOW, catalogue=CATALOGUE, pounds=True
    )
    assert kg.sessions[0].lines[0].weight_kg == Decimal("225.00")
    assert lbs.sessions[0].lines[0].weight_kg == Decimal("102.06")
