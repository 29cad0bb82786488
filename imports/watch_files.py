"""A recovery run from a watch's GPX, TCX or FIT file (gpxpy, tcxreader, fitdecode). Plain
Python.

Times in these files are instants (UTC or with an offset), never wall-clock times; a time
without a zone is read as UTC, as the GPX and TCX schemas define. The run's start is its first
recorded moment, its duration the elapsed time to its last; distance is the file's total (else
the track's length) and average heart rate the mean of the recorded beats (else the file's own
average). Files of another sport (cycling, swimming) are refused.
"""

from __future__ import annotations

import io
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from imports.formats import FileRefused, Format, decode_text
from recovery import rules

HEART_RATE_RANGE: Final = (30, 250)  # mirrors recovery.models: outside is a sensor glitch
MAX_DISTANCE_KM: Final = Decimal(200)
FUTURE_TOLERANCE: Final = timedelta(minutes=5)
# Sports (as the files name them, lower case) that are not a run on foot.
NOT_RUNNING: Final = frozenset(
    {"biking", "cycling", "swimming", "rowing", "e_biking", "mountain_biking", "paddling"}
)


@dataclass(frozen=True, slots=True)
class WatchRun:
    format: Format
    started_at: datetime  # aware (UTC)
    seconds: float
    distance_km: Decimal | None
    avg_hr: int | None

    @property
    def minutes(self) -> int:
        return max(1, int(Decimal(self.seconds / 60).quantize(Decimal(1), ROUND_HALF_UP)))

    @property
    def key(self) -> str:
        """The same run from any of its files (GPX, TCX or FIT) has the same key."""
        return f"run|{self.started_at.astimezone(UTC):%Y-%m-%dT%H:%M}"


def parse_watch_file(data: bytes, *, format: Format, now: datetime) -> WatchRun:
    """The run in a GPX, TCX or FIT file, or FileRefused saying why there is none."""
    readers = {Format.GPX: _gpx, Format.TCX: _tcx, Format.FIT: _fit}
    try:
        run = readers[format](data)
    except FileRefused:
        raise
    except Exception as error:  # the parsers raise many kinds on a damaged file
        if type(error).__name__ == "FitCRCError":
            raise FileRefused(
                f"This {format.label} file is damaged (its checksum does not match)."
            ) from None
        raise FileRefused(
            f"This {format.label} file could not be read ({type(error).__name__})."
        ) from None
    if run.seconds <= 0:
        raise FileRefused("The run in this file has no duration (one moment recorded).")
    if run.minutes > rules.SESSION_MINUTES_MAX:
        raise FileRefused(
            f"The activity lasted {run.minutes} minutes; Legday takes at most "
            f"{rules.SESSION_MINUTES_MAX}."
        )
    if run.started_at.year < 2000 or run.started_at > now + FUTURE_TOLERANCE:
        raise FileRefused(
            f"The run's start ({run.started_at:%Y-%m-%d %H:%M} UTC) is not believable."
        )
    return run


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _km(meters: float | None) -> Decimal | None:
    if meters is None or meters <= 0:
        return None
    km = Decimal(meters / 1000).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if km > MAX_DISTANCE_KM:
        raise FileRefused(f"The activity covers {km} km; that is not a recovery run.")
    return km


def _mean_hr(beats: list[float]) -> int | None:
    low, high = HEART_RATE_RANGE
    usable = [b for b in beats if low <= b <= high]
    if not usable:
        return None
    return int(Decimal(statistics.fmean(usable)).quantize(Decimal(1), ROUND_HALF_UP))


def _refuse_sport(sport: object) -> None:
    name = str(sport or "").strip().lower()
    if name in NOT_RUNNING:
        raise FileRefused(f"This file records {name}, not a run.")


# --- GPX -------------------------------------------------------------------------------------


def _gpx(data: bytes) -> WatchRun:
    import gpxpy
    import gpxpy.gpx

    gpx = gpxpy.parse(decode_text(data))
    points = [p for track in gpx.tracks for seg in track.segments for p in seg.points]
    for track in gpx.tracks:
        _refuse_sport(track.type)
    timed = [p for p in points if p.time is not None]
    if not timed:
        raise FileRefused("This GPX file has no timed track points.")
    start, end = _aware(timed[0].time), _aware(timed[-1].time)  # type: ignore[arg-type]
    beats: list[float] = []
    for point in timed:
        for extension in point.extensions:
            for element in extension.iter():
                if element.tag.split("}")[-1].lower() in ("hr", "heartrate") and element.text:
                    try:
                        beats.append(float(element.text))
                    except ValueError:
                        continue
    return WatchRun(
        format=Format.GPX,
        started_at=start,
        seconds=(end - start).total_seconds(),
        distance_km=_km(gpx.length_2d()),
        avg_hr=_mean_hr(beats),
    )


# --- TCX -------------------------------------------------------------------------------------


def _tcx(data: bytes) -> WatchRun:
    from tcxreader.tcxreader import TCXReader

    decode_text(data)  # text, UTF-8
    exercise = TCXReader().read(io.BytesIO(data), only_gps=False)
    _refuse_sport(exercise.activity_type)
    points = [p for p in exercise.trackpoints or [] if p.time is not None]
    if not points:
        raise FileRefused("This TCX file has no timed track points.")
    start, end = _aware(points[0].time), _aware(points[-1].time)
    beats = [float(p.hr_value) for p in points if p.hr_value is not None]
    distances = [p.distance for p in points if p.distance is not None]
    meters = exercise.distance or (max(distances) if distances else None)
    return WatchRun(
        format=Format.TCX,
        started_at=start,
        seconds=(end - start).total_seconds(),
        distance_km=_km(meters),
        avg_hr=_mean_hr(beats),
    )


# --- FIT -------------------------------------------------------------------------------------


def _fit(data: bytes) -> WatchRun:
    import fitdecode

    session: dict[str, Any] = {}
    times: list[datetime] = []
    beats: list[float] = []
    distances: list[float] = []
    check = fitdecode.CrcCheck.RAISE  # a damaged file is refused, not half-read
    with fitdecode.FitReader(io.BytesIO(data), check_crc=check) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.name == "session" and not session:
                session = {f.name: f.value for f in frame.fields}
            elif frame.name == "record":
                values = {f.name: f.value for f in frame.fields}
                if isinstance(values.get("timestamp"), datetime):
                    times.append(values["timestamp"])
                if isinstance(values.get("heart_rate"), int | float):
                    beats.append(float(values["heart_rate"]))
                if isinstance(values.get("distance"), int | float):
                    distances.append(float(values["distance"]))
    _refuse_sport(session.get("sport"))
    start_value = session.get("start_time")
    if isinstance(start_value, datetime):
        start = _aware(start_value)
        elapsed = session.get("total_elapsed_time") or session.get("total_timer_time")
        if isinstance(elapsed, int | float):
            seconds = float(elapsed)
        elif times:
            seconds = (_aware(times[-1]) - start).total_seconds()
        else:
            raise FileRefused("This FIT file has no duration.")
    elif times:
        start = _aware(times[0])
        seconds = (_aware(times[-1]) - start).total_seconds()
    else:
        raise FileRefused("This FIT file records no activity (no session, no records).")
    total = session.get("total_distance")
    meters = (
        float(total) if isinstance(total, int | float) else (max(distances) if distances else None)
    )
    avg_hr = _mean_hr(beats)
    if avg_hr is None and isinstance(session.get("avg_heart_rate"), int | float):
        avg_hr = _mean_hr([float(session["avg_heart_rate"])])
    return WatchRun(
        format=Format.FIT,
        started_at=start,
        seconds=seconds,
        distance_km=_km(meters),
        avg_hr=avg_hr,
    )
