"""Sample files, written here in each app's documented layout (nothing downloaded).

- Strong, current layout: ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,
  Distance,Seconds,Notes,Workout Notes,RPE`` (comma-separated).
- Strong, older layout: semicolon-separated with a ``Weight Unit`` column and no duration.
- Hevy: ``title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,
  set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe`` (or ``weight_lbs``).
- GPX 1.1 with Garmin's TrackPointExtension heart rate; TCX (TrainingCenterDatabase v2);
  FIT written with the ``fit-tool`` package.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

STRONG_COLUMNS = [
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
]
STRONG_OLD_COLUMNS = [
    "Date",
    "Workout Name",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Weight Unit",
    "Reps",
    "RPE",
    "Distance",
    "Distance Unit",
    "Seconds",
    "Notes",
    "Workout Notes",
]
HEVY_COLUMNS = [
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "weight_kg",
    "reps",
    "distance_km",
    "duration_seconds",
    "rpe",
]


def _csv(columns: list[str], rows: list[dict], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue().encode()


def strong_row(date: str, exercise: str, weight="100", reps="5", **extra) -> dict:
    return {
        "Date": date,
        "Workout Name": extra.pop("title", "Leg day"),
        "Duration": extra.pop("duration", "1h 5m"),
        "Exercise Name": exercise,
        "Set Order": extra.pop("order", "1"),
        "Weight": weight,
        "Reps": reps,
        "RPE": extra.pop("rpe", ""),
        **extra,
    }


def strong_csv(rows: list[dict]) -> bytes:
    return _csv(STRONG_COLUMNS, rows)


def strong_old_csv(rows: list[dict]) -> bytes:
    return _csv(STRONG_OLD_COLUMNS, rows, delimiter=";")


def strong_leg_day(date: str = "2026-10-05 17:30:12", *, rpe: str = "8") -> bytes:
    """A leg day (a warm-up, squats, Romanian deadlifts, a machine curl) and an upper day."""
    rows = [
        strong_row(date, "Squat (Barbell)", "60", "8", order="W", rpe="5"),
        strong_row(date, "Squat (Barbell)", "100", "5", order="1", rpe=rpe),
        strong_row(date, "Squat (Barbell)", "105", "5", order="2", rpe=rpe),
        strong_row(date, "Romanian Deadlift (Barbell)", "80", "8", order="1", rpe=rpe),
        strong_row(date, "Seated Leg Curl (Machine)", "40", "12", order="1", rpe=rpe),
        strong_row("2026-10-03 18:00:00", "Bench Press (Barbell)", "70", "5", title="Upper"),
    ]
    return strong_csv(rows)


def hevy_row(start: str, end: str, exercise: str, weight="100", reps="5", **extra) -> dict:
    return {
        "title": extra.pop("title", "Legs"),
        "start_time": start,
        "end_time": end,
        "exercise_title": exercise,
        "set_index": extra.pop("index", "0"),
        "set_type": extra.pop("set_type", "normal"),
        "weight_kg": weight,
        "reps": reps,
        "rpe": extra.pop("rpe", ""),
        **extra,
    }


def hevy_csv(rows: list[dict], *, lbs: bool = False) -> bytes:
    columns = list(HEVY_COLUMNS)
    if lbs:
        columns[columns.index("weight_kg")] = "weight_lbs"
        rows = [{**r, "weight_lbs": r.pop("weight_kg", "")} for r in rows]
    return _csv(columns, rows)


# --- Watch files -----------------------------------------------------------------------------


def _points(start: datetime, minutes: int, hr: int):
    """One point a minute heading north (~150 m a minute), with heart rate."""
    for i in range(minutes + 1):
        yield start + timedelta(minutes=i), 52.5 + i * 0.00135, 13.4, hr + (i % 3) - 1


def gpx(start: datetime, minutes: int = 25, hr: int = 130, sport: str = "running") -> bytes:
    points = "".join(
        f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>40</ele>'
        f"<time>{t.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</time>"
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{beat}</gpxtpx:hr>"
        f"</gpxtpx:TrackPointExtension></extensions></trkpt>"
        for t, lat, lon, beat in _points(start, minutes, hr)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="tests" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>Easy run</name><type>{sport}</type><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def tcx(start: datetime, minutes: int = 25, hr: int = 130, sport: str = "Running") -> bytes:
    points = "".join(
        f"<Trackpoint><Time>{t.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</Time>"
        f"<Position><LatitudeDegrees>{lat:.6f}</LatitudeDegrees>"
        f"<LongitudeDegrees>{lon:.6f}</LongitudeDegrees></Position>"
        f"<DistanceMeters>{i * 150.0:.1f}</DistanceMeters>"
        f"<HeartRateBpm><Value>{beat}</Value></HeartRateBpm></Trackpoint>"
        for i, (t, lat, lon, beat) in enumerate(_points(start, minutes, hr))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</Id>'
        f'<Lap StartTime="{start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}">'
        f"<TotalTimeSeconds>{minutes * 60}</TotalTimeSeconds>"
        f"<DistanceMeters>{minutes * 150.0:.1f}</DistanceMeters><Calories>200</Calories>"
        f"<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def fit(start: datetime, minutes: int = 25, hr: int = 130, sport: str = "running") -> bytes:
    """A FIT activity (file id, one record a minute, a session), encoded by fit-tool."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

    millis = int(start.timestamp() * 1000)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = millis
    file_id.serial_number = 1
    builder.add(file_id)
    for i, (_, _, _, beat) in enumerate(_points(start, minutes, hr)):
        record = RecordMessage()
        record.timestamp = millis + i * 60_000
        record.heart_rate = beat
        record.distance = i * 150.0
        builder.add(record)
    session = SessionMessage()
    session.timestamp = millis + minutes * 60_000
    session.start_time = millis
    session.total_elapsed_time = minutes * 60.0
    session.total_timer_time = minutes * 60.0
    session.total_distance = minutes * 150.0
    session.avg_heart_rate = hr
    session.sport = Sport.CYCLING if sport == "cycling" else Sport.RUNNING
    builder.add(session)
    return builder.build().to_bytes()
