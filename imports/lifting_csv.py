"""Leg days from the CSV exports of Strong and Hevy (one row per set). Plain Python.

Both apps write local wall-clock times; they are read in the athlete's zone by
``recovery.localtime``'s rule (a repeated time is its first occurrence, a skipped one is
refused). A row that cannot be read is reported as ``line N: reason`` and left out; the rest
of the file is still read.

- **Strong**, current layout (comma-separated): ``Date,Workout Name,Duration,Exercise
  Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE``. ``Date`` is the
  session's start, ``Duration`` reads ``1h 5m`` or ``50m``; weights are in the app's unit, which
  the layout does not name: kg unless the athlete says pounds. Older layout
  (semicolon-separated) with a ``Weight Unit`` column (``kg``/``lbs``) and, in some versions,
  no duration at all: then the duration is asked for.
  A ``Set Order`` of ``W`` is a warm-up set; ``Rest Timer`` rows are ignored.
- **Hevy**: ``title,start_time,end_time,description,exercise_title,superset_id,
  exercise_notes,set_index,set_type,weight_kg|weight_lbs,reps,distance_km|distance_miles,
  duration_seconds,rpe`` with times like ``26 Jul 2025, 07:06``; ``set_type`` ``warmup`` is a
  warm-up set.

A session becomes one leg workout with one line per leg exercise: its number of working sets
and its heaviest set's weight and reps. Its RPE is the mean RPE of its working sets, rounded
(none: asked for). Sessions without leg work are skipped and listed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final

from imports.exercises import Catalogue
from imports.formats import MAX_CSV_ROWS, FileRefused, Format, decode_text
from recovery import rules
from recovery.localtime import NonexistentLocalTime, resolve_local

LBS_TO_KG: Final = Decimal("0.45359237")
MAX_SETS: Final = 50  # mirrors recovery.models (the pure layer cannot import models)
MAX_REPS: Final = 200
MAX_WEIGHT_KG: Final = Decimal(1000)
MAX_NAME_LENGTH: Final = 80
FUTURE_TOLERANCE: Final = timedelta(minutes=5)
EARLIEST_YEAR: Final = 2000
_DURATION: Final = re.compile(
    r"^\s*(?:(?P<h>\d{1,3})\s*h)?\s*(?:(?P<m>\d{1,4})\s*m(?:in)?)?\s*(?:(?P<s>\d{1,5})\s*s)?\s*$"
)
STRONG_TIME_FORMATS: Final = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
HEVY_TIME_FORMATS: Final = ("%d %b %Y, %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
STRONG_REQUIRED: Final = ("Date", "Workout Name", "Exercise Name", "Weight", "Reps")
HEVY_REQUIRED: Final = ("title", "start_time", "end_time", "exercise_title", "reps")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class LiftLine:
    """One leg exercise of a session: ``catalogue_name`` when it is in Legday's catalogue."""

    name: str
    catalogue_name: str | None
    sets: int
    reps: int
    weight_kg: Decimal | None


@dataclass(frozen=True, slots=True)
class LiftSession:
    """A leg session to import. ``minutes``/``rpe`` are None when the file lacks them."""

    key: str  # the same session in any file gives the same key (dedupe)
    line: int  # its first row in the file
    title: str
    started_at: datetime  # aware, in the athlete's zone
    minutes: int | None
    rpe: int | None
    lines: tuple[LiftLine, ...]

    @property
    def ended_at(self) -> datetime | None:
        return None if self.minutes is None else self.started_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True, slots=True)
class SkippedSession:
    line: int
    title: str
    started_at: datetime
    reason: str


@dataclass
class LiftingFile:
    format: Format
    sessions: list[LiftSession] = field(default_factory=list)
    skipped: list[SkippedSession] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class _RowProblem(ValueError):
    pass


@dataclass
class _Set:
    line: int
    exercise: str
    reps: int
    weight_kg: Decimal | None
    rpe: Decimal | None
    warmup: bool


@dataclass
class _Group:
    line: int
    title: str
    started_at: datetime
    naive_start: datetime
    minutes: int | None
    sets: list[_Set] = field(default_factory=list)
    rejected: int = 0  # rows of this session that could not be read


def parse_lifting_csv(
    data: bytes,
    *,
    format: Format,
    tz: tzinfo,
    now: datetime,
    catalogue: Catalogue,
    pounds: bool = False,
) -> LiftingFile:
    """Every leg session in a Strong or Hevy export (FileRefused if the file is unreadable).

    ``pounds``: a Strong file without a ``Weight Unit`` column has its weights in pounds (the
    current layout writes the app's unit and does not say which)."""
    text = decode_text(data)
    result = LiftingFile(format=format)
    groups: dict[tuple[str, str], _Group] = {}
    for line, row in _rows(text, format):
        try:
            _read_row(row, line, format=format, tz=tz, groups=groups, pounds=pounds)
        except _RowProblem as problem:
            result.errors.append(RowError(line, str(problem)))
    for group in groups.values():
        _finish(group, result, format=format, now=now, catalogue=catalogue)
    result.errors.sort(key=lambda e: e.line)
    return result


def _rows(text: str, format: Format) -> Iterator[tuple[int, dict[str, str]]]:
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [c.strip() for c in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise FileRefused(f"The first line is not a CSV header ({error}).") from None
    required = STRONG_REQUIRED if format is Format.STRONG else HEVY_REQUIRED
    missing = [c for c in required if c not in columns]
    if format is Format.HEVY and not {"weight_kg", "weight_lbs"} & set(columns):
        missing.append("weight_kg or weight_lbs")
    if missing:
        raise FileRefused(f"The header lacks the column(s) {', '.join(missing)}.")
    start = reader.line_num + 1
    count = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileRefused(
                f"line {start}: {error}; the rest of the file was not read."
            ) from None
        count += 1
        if count > MAX_CSV_ROWS:
            raise FileRefused(f"The file has more than {MAX_CSV_ROWS} rows.")
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        yield (
            line,
            {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(columns)},
        )


def _read_row(
    row: dict[str, str],
    line: int,
    *,
    format: Format,
    tz: tzinfo,
    groups: dict[tuple[str, str], _Group],
    pounds: bool,
) -> None:
    if format is Format.STRONG:
        set_order = row.get("Set Order", "")
        if set_order.lower().startswith("rest"):
            return  # Strong's rest-timer rows carry no set
        title, raw_start, exercise = row["Workout Name"], row["Date"], row["Exercise Name"]
        warmup = set_order.upper() == "W"
        unit = row.get("Weight Unit") or ("lbs" if pounds else "kg")
        weight_text, rpe_text = row["Weight"], row.get("RPE", "")
    else:
        title, raw_start, exercise = row["title"], row["start_time"], row["exercise_title"]
        warmup = row.get("set_type", "").lower() in ("warmup", "warm-up", "warm_up")
        if "weight_kg" in row:
            unit, weight_text = "kg", row["weight_kg"]
        else:
            unit, weight_text = "lbs", row["weight_lbs"]
        rpe_text = row.get("rpe", "")
    if not exercise:
        raise _RowProblem("no exercise name")
    group = groups.get((title, raw_start))
    if group is None:
        group = _new_group(row, line, title=title, raw_start=raw_start, format=format, tz=tz)
        groups[(title, raw_start)] = group
    try:
        reps = _reps(row["reps" if format is Format.HEVY else "Reps"])
        if reps is None:
            return  # a timed or distance set (plank, treadmill): nothing to count
        read = _Set(
            line=line,
            exercise=exercise[:MAX_NAME_LENGTH],
            reps=reps,
            weight_kg=_weight_kg(weight_text, unit),
            rpe=_rpe(rpe_text),
            warmup=warmup,
        )
    except _RowProblem:
        group.rejected += 1
        raise
    group.sets.append(read)


def _new_group(
    row: dict[str, str], line: int, *, title: str, raw_start: str, format: Format, tz: tzinfo
) -> _Group:
    formats = STRONG_TIME_FORMATS if format is Format.STRONG else HEVY_TIME_FORMATS
    naive = _local_time(raw_start, formats, what="start")
    started = _resolve(naive, tz)
    minutes: int | None = None
    if format is Format.STRONG:
        duration = row.get("Duration") or row.get("Workout Duration") or ""
        seconds = _duration_seconds(duration)
        minutes = None if seconds is None else max(1, _round(Decimal(seconds) / 60))
    else:
        end = _resolve(_local_time(row["end_time"], formats, what="end"), tz)
        if end < started:
            raise _RowProblem(f"the session ends ({row['end_time']}) before it starts")
        minutes = max(1, _round(Decimal((end - started).total_seconds()) / 60))
    return _Group(line=line, title=title, started_at=started, naive_start=naive, minutes=minutes)


def _finish(
    group: _Group, result: LiftingFile, *, format: Format, now: datetime, catalogue: Catalogue
) -> None:
    lines_text = f"lines {group.sets[0].line}–{group.sets[-1].line}" if group.sets else ""
    title = group.title or "(untitled)"
    if group.minutes is not None and group.minutes > rules.SESSION_MINUTES_MAX:
        reason = (
            f"session “{title}” lasted {group.minutes} minutes; Legday takes at most "
            f"{rules.SESSION_MINUTES_MAX} ({lines_text} not imported)"
        )
        result.errors.append(RowError(group.line, reason))
        return
    end = group.started_at + timedelta(minutes=group.minutes or 0)
    if end > now + FUTURE_TOLERANCE:
        reason = f"session “{title}” is in the future ({lines_text} not imported)"
        result.errors.append(RowError(group.line, reason))
        return
    working = [s for s in group.sets if not s.warmup]
    rpes = [s.rpe for s in working if s.rpe is not None]
    rpe = None
    if rpes:
        mean = sum(rpes, Decimal(0)) / len(rpes)
        rpe = min(rules.RPE_MAX, max(rules.RPE_MIN, _round(mean)))
    by_exercise: dict[str, list[_Set]] = {}
    for s in working:
        by_exercise.setdefault(s.exercise, []).append(s)
    lines: list[LiftLine] = []
    other: list[str] = []
    for name, sets in by_exercise.items():
        kind = catalogue.classify(name)
        if not kind.lower_body:
            other.append(name)
            continue
        if len(sets) > MAX_SETS:
            reason = f"{len(sets)} sets of {name} in one session; at most {MAX_SETS} are kept"
            result.errors.append(RowError(sets[MAX_SETS].line, reason))
            sets = sets[:MAX_SETS]
        top = max(sets, key=lambda s: (s.weight_kg or Decimal(0), s.reps))
        lines.append(
            LiftLine(
                name=name,
                catalogue_name=kind.catalogue_name,
                sets=len(sets),
                reps=top.reps,
                weight_kg=top.weight_kg,
            )
        )
    if not lines:
        reason = "no leg exercises"
        if other:
            shown = ", ".join(other[:3]) + (" …" if len(other) > 3 else "")
            reason = f"no leg exercises ({shown})"
        elif group.sets:
            reason = "only warm-up sets"
        elif group.rejected:
            reason = "none of its rows could be read"
        else:
            reason = "no sets with reps"
        result.skipped.append(SkippedSession(group.line, title, group.started_at, reason))
        return
    result.sessions.append(
        LiftSession(
            key=session_key(format, group.naive_start, group.title),
            line=group.line,
            title=title[:MAX_NAME_LENGTH],
            started_at=group.started_at,
            minutes=group.minutes,
            rpe=rpe,
            lines=tuple(lines),
        )
    )


def session_key(format: Format, naive_start: datetime, title: str) -> str:
    """The same session (same app, local start and name) always has the same key."""
    app = "strong" if format is Format.STRONG else format.value
    text = f"{app}|{naive_start:%Y-%m-%dT%H:%M:%S}|{title}"
    return hashlib.sha256(text.encode()).hexdigest()


# --- Cells -----------------------------------------------------------------------------------


def _local_time(text: str, formats: tuple[str, ...], *, what: str) -> datetime:
    for pattern in formats:
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        if moment.year < EARLIEST_YEAR:
            raise _RowProblem(f"{what} {text!r} is before the year {EARLIEST_YEAR}")
        return moment
    raise _RowProblem(f"{what} {text[:40]!r} is not a date and time like {_example(formats[0])}")


def _example(pattern: str) -> str:
    return datetime(2026, 10, 5, 17, 30, 12).strftime(pattern)


def _resolve(naive: datetime, tz: tzinfo) -> datetime:
    try:
        return resolve_local(naive, tz)
    except NonexistentLocalTime as error:
        raise _RowProblem(str(error)) from None


def duration_seconds(text: str) -> int | None:
    """``"1h 5m"`` -> 3900, ``"50m"`` -> 3000, ``"45s"`` -> 45; None if empty or unreadable."""
    return _duration_seconds(text)


def _duration_seconds(text: str) -> int | None:
    match = _DURATION.match(text)
    if not text.strip() or match is None or not any(match.groupdict().values()):
        return None
    parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    return parts["h"] * 3600 + parts["m"] * 60 + parts["s"]


def _number(text: str, what: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ".")) if len(text) <= 20 else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise _RowProblem(f"{what} {text[:20]!r} is not a number")
    return value


def _reps(text: str) -> int | None:
    value = _number(text, "reps")
    if value is None or value == 0:
        return None
    if value != value.to_integral_value() or not 1 <= value <= MAX_REPS:
        raise _RowProblem(f"reps must be a whole number from 1 to {MAX_REPS}, not {text[:20]!r}")
    return int(value)


def _weight_kg(text: str, unit: str) -> Decimal | None:
    value = _number(text, "weight")
    if value is None:
        return None
    unit = unit.strip().lower()
    if unit in ("lbs", "lb", "pounds"):
        value = value * LBS_TO_KG
    elif unit not in ("kg", "kgs", "kilograms"):
        raise _RowProblem(f"unknown weight unit {unit[:20]!r} (kg or lbs)")
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not 0 <= value <= MAX_WEIGHT_KG:
        raise _RowProblem(f"weight must be from 0 to {MAX_WEIGHT_KG} kg, not {text[:20]!r}")
    return value


def _rpe(text: str) -> Decimal | None:
    value = _number(text, "RPE")
    if value is None:
        return None
    if not rules.RPE_MIN <= value <= rules.RPE_MAX:
        raise _RowProblem(f"RPE must be from {rules.RPE_MIN} to {rules.RPE_MAX}, not {text[:20]!r}")
    return value


def _round(value: Decimal) -> int:
    """Half up (7.5 -> 8), as people round."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- Between the preview and the import (a signed payload) ----------------------------------


def session_to_data(session: LiftSession) -> dict[str, Any]:
    return {
        "key": session.key,
        "line": session.line,
        "title": session.title,
        "started_at": session.started_at.isoformat(),
        "minutes": session.minutes,
        "rpe": session.rpe,
        "lines": [
            [
                line.name,
                line.catalogue_name,
                line.sets,
                line.reps,
                None if line.weight_kg is None else str(line.weight_kg),
            ]
            for line in session.lines
        ],
    }


def session_from_data(data: dict[str, Any], *, tz: tzinfo) -> LiftSession:
    return LiftSession(
        key=str(data["key"]),
        line=int(data["line"]),
        title=str(data["title"]),
        started_at=datetime.fromisoformat(data["started_at"]).astimezone(tz),
        minutes=None if data["minutes"] is None else int(data["minutes"]),
        rpe=None if data["rpe"] is None else int(data["rpe"]),
        lines=tuple(
            LiftLine(
                name=str(name),
                catalogue_name=None if catalogue_name is None else str(catalogue_name),
                sets=int(sets),
                reps=int(reps),
                weight_kg=None if weight is None else Decimal(weight),
            )
            for name, catalogue_name, sets, reps, weight in data["lines"]
        ),
    )
