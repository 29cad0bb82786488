"""`manage.py import`: bring a history of leg days and runs in from files.

    python manage.py import FILE [FILE ...] --user USERNAME [--rpe N] [--minutes N] [--lbs]
        [--dry-run]

Each file's format (Strong or Hevy CSV, GPX, TCX, FIT) is told from its content. ``--rpe``
supplies the RPE where a file has none (runs always; lifting files without RPE); without it
such sessions are refused. ``--minutes`` does the same for a lifting file without durations.
Each file is imported in one transaction. Prints what was created and skipped on stdout, one
line per rejected row on stderr (``FILE: line N: reason``); exits non-zero when nothing could
be imported. ``--lbs``: a Strong file without a ``Weight Unit`` column weighs in pounds.
``--dry-run`` saves nothing and exits 0 when anything would be imported.
"""

from __future__ import annotations

import dataclasses
from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from imports import services
from imports.formats import MAX_UPLOAD_BYTES, FileRefused, Format, detect
from imports.lifting_csv import LiftSession, parse_lifting_csv
from imports.plan_check import check_run
from imports.watch_files import parse_watch_file
from recovery import rules
from recovery import services as recovery_services
from recovery.models import ExerciseLine
from recovery.planning import plan_for_athlete
from recovery.queries import latest_workout_before


class _DryRunRollback(Exception):
    pass


@dataclass
class Tally:
    created: int = 0
    already: int = 0
    rejected: int = 0


def _bounded(name: str, low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise CommandError(f"--{name}: {raw!r} is not a whole number") from None
        if not low <= value <= high:
            raise CommandError(f"--{name}: must be between {low} and {high}, got {value}")
        return value

    return parse


def _when(moment: datetime, athlete: User) -> str:
    return f"{timezone.localtime(moment, athlete.zone):%a %d %b %Y %H:%M}"


def _line(line: ExerciseLine) -> str:
    weight = "" if line.weight_kg is None else f" @ {float(line.weight_kg):g} kg"
    return f"{line.name} {line.sets}×{line.reps}{weight}"


class Command(BaseCommand):
    help = "Import leg days (Strong, Hevy CSV) and recovery runs (GPX, TCX, FIT) for a user."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--user", required=True, metavar="USERNAME")
        parser.add_argument(
            "--rpe",
            type=_bounded("rpe", rules.RPE_MIN, rules.RPE_MAX),
            help="RPE for runs and for lifting sessions the file gives none",
        )
        parser.add_argument(
            "--minutes",
            type=_bounded("minutes", rules.SESSION_MINUTES_MIN, rules.SESSION_MINUTES_MAX),
            help="duration of lifting sessions the file gives none",
        )
        parser.add_argument(
            "--lbs",
            action="store_true",
            help="Strong files without a Weight Unit column weigh in pounds",
        )
        parser.add_argument("--dry-run", action="store_true", help="save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            athlete = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"--user: no user {options['user']!r}") from None
        self.athlete: User = athlete
        self.rpe: int | None = options["rpe"]
        self.minutes: int | None = options["minutes"]
        self.dry_run: bool = options["dry_run"]
        self.pounds: bool = options["lbs"]
        tally = Tally()
        for name in options["files"]:
            self._file(Path(name), tally)
        verb = "would be imported" if self.dry_run else "imported"
        self.stdout.write(
            f"{tally.created} {verb}, {tally.already} already there, {tally.rejected} rejected."
        )
        if tally.created == 0 and tally.already == 0:
            raise CommandError("nothing could be imported")

    def _reject(self, name: str, reason: str, tally: Tally) -> None:
        tally.rejected += 1
        self.stderr.write(f"{name}: {reason}")

    def _file(self, path: Path, tally: Tally) -> None:
        name = str(path)
        try:
            if path.stat().st_size > MAX_UPLOAD_BYTES:
                raise FileRefused(f"larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
            format = detect(data)
        except OSError as error:
            self._reject(name, error.strerror or str(error), tally)
            return
        except FileRefused as refused:
            self._reject(name, str(refused), tally)
            return
        try:
            with transaction.atomic():
                if format.is_watch_file:
                    self._run(name, data, format, tally)
                else:
                    self._lifting(name, data, format, tally)
                if self.dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        except FileRefused as refused:
            self._reject(name, str(refused), tally)

    def _lifting(self, name: str, data: bytes, format: Format, tally: Tally) -> None:
        parsed = parse_lifting_csv(
            data,
            format=format,
            tz=self.athlete.zone,
            now=timezone.now(),
            catalogue=services.catalogue(),
            pounds=self.pounds,
        )
        for error in parsed.errors:
            self._reject(name, str(error), tally)
        ready: list[LiftSession] = []
        for session in parsed.sessions:
            missing = []
            if session.rpe is None and self.rpe is None:
                missing.append("RPE (pass --rpe N)")
            if session.minutes is None and self.minutes is None:
                missing.append("duration (pass --minutes N)")
            if missing:
                self._reject(
                    name,
                    f"line {session.line}: session “{session.title}” has no "
                    + " and no ".join(missing),
                    tally,
                )
                continue
            ready.append(
                dataclasses.replace(
                    session,
                    rpe=session.rpe if session.rpe is not None else self.rpe,
                    minutes=session.minutes if session.minutes is not None else self.minutes,
                )
            )
        result = services.lifting_import(athlete=self.athlete, sessions=ready, source=format)
        verb = "would create" if self.dry_run else "created"
        for workout in result.created:
            lines = ", ".join(_line(line) for line in workout.lines.all())
            self.stdout.write(
                f"{name}: {verb} leg day {_when(workout.ended_at, self.athlete)} "
                f"({workout.minutes} min, RPE {workout.rpe}): {lines}"
            )
        for session in result.already:
            self.stdout.write(
                f"{name}: skipped “{session.title}” "
                f"({_when(session.started_at, self.athlete)}): already imported"
            )
        for skipped in parsed.skipped:
            self.stdout.write(
                f"{name}: skipped “{skipped.title}” "
                f"({_when(skipped.started_at, self.athlete)}): {skipped.reason}"
            )
        tally.created += len(result.created)
        tally.already += len(result.already)

    def _run(self, name: str, data: bytes, format: Format, tally: Tally) -> None:
        run = parse_watch_file(data, format=format, now=timezone.now())
        if self.rpe is None:
            self._reject(name, "a run file has no RPE: pass --rpe N (how hard the run felt)", tally)
            return
        started = run.started_at.replace(second=0, microsecond=0)
        values = recovery_services.RunValues(
            workout=latest_workout_before(athlete=self.athlete, moment=started),
            started_at=started,
            minutes=run.minutes,
            rpe=self.rpe,
            distance_km=run.distance_km,
            avg_hr=run.avg_hr,
        )
        saved = services.run_import(athlete=self.athlete, key=run.key, source=format, values=values)
        when = _when(started, self.athlete)
        if saved is None:
            self.stdout.write(f"{name}: skipped the run of {when}: already imported")
            tally.already += 1
            return
        planned = plan_for_athlete(athlete=self.athlete, now=started)
        check = check_run(
            plan=None if planned is None else planned.plan,
            started_at=started,
            minutes=run.minutes,
            avg_hr=run.avg_hr,
            max_hr=self.athlete.max_heart_rate,
            tz=self.athlete.zone,
        )
        verb = "would create" if self.dry_run else "created"
        distance = "" if run.distance_km is None else f", {run.distance_km} km"
        heart = "" if run.avg_hr is None else f", average heart rate {run.avg_hr}"
        self.stdout.write(
            f"{name}: {verb} recovery run {when} ({run.minutes} min{distance}{heart}). "
            f"{check.summary}"
        )
        tally.created += 1
