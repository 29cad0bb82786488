"""`manage.py plan`: the scriptable face of the recovery-run planner.

    python manage.py plan --ended-at 2026-11-26T08:00 --tz Europe/Berlin --rpe 7 \
        --minutes 60 [--soreness 3] [--heavy] [--pain] [--now 2026-11-26T10:00] --json

Bad input exits non-zero with one line on stderr naming the field; stdout stays empty.
"""

import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recovery import rules
from recovery.planner import CheckInInput, Plan, SessionInput, make_plan


def plan_as_dict(plan: Plan) -> dict:
    """The plan as JSON-ready data (the shape documented in DESIGN.md §4)."""
    return {
        "status": str(plan.status),
        "reason": plan.reason,
        "earliest_start": plan.earliest_start.isoformat(timespec="seconds"),
        "recommended_start": plan.recommended_start.isoformat(timespec="seconds"),
        "duration_min": list(plan.duration_min),
        "rpe": list(plan.rpe),
        "warmup": plan.warmup,
        "cooldown": plan.cooldown,
        "stop_rule": plan.stop_rule,
        "fuel": plan.fuel,
        "peak_hours_after": plan.peak_hours_after,
        "timeline": [
            {
                "hours_after": point.hours_after,
                "at": point.at.isoformat(timespec="seconds"),
                "soreness": point.soreness,
            }
            for point in plan.timeline
        ],
    }


# Years whose time zone arithmetic (and a 5-day timeline) cannot overflow.
MIN_YEAR = 1900
MAX_YEAR = 9000


def _int(field: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise CommandError(f"--{field}: {raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise CommandError(f"--{field}: must be between {low} and {high}, got {value}")
    return value


def _datetime(field: str, raw: str, tz: ZoneInfo) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"--{field}: {raw!r} is not an ISO 8601 date and time (e.g. 2026-11-26T08:00)"
        ) from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise CommandError(f"--{field}: the year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value.replace(tzinfo=tz) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = "Print the recovery-run plan for one leg session (add --json for machine output)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def one_line_error(message: str):
            # argparse would print the whole usage; keep errors to one line.
            if parser.called_from_command_line:
                sys.stderr.write(f"error: {message}\n")
                sys.exit(2)
            raise CommandError(message)

        parser.error = one_line_error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--ended-at", required=True, help="when the session ended (ISO 8601)")
        parser.add_argument("--tz", required=True, help="IANA time zone, e.g. Europe/Berlin")
        parser.add_argument("--rpe", required=True, help="session RPE, 1-10")
        parser.add_argument("--minutes", required=True, help="session length in minutes, 1-600")
        parser.add_argument("--soreness", help="soreness right now, 0-10")
        parser.add_argument("--heavy", action="store_true", help="legs feel heavy")
        parser.add_argument("--pain", action="store_true", help="pain, not just soreness")
        parser.add_argument("--now", help="the moment to plan for (ISO 8601); default: now")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        try:
            tz = ZoneInfo(options["tz"])
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"--tz: {options['tz']!r} is not a known IANA time zone") from None
        session = self._session(options, tz)
        now = _datetime("now", options["now"], tz) if options["now"] else timezone.now()
        if session.ended_at > now:
            raise CommandError("--ended-at: the session cannot end after --now")
        check_in = self._check_in(options, session=session, tz=tz, now=now)
        try:
            plan = make_plan(session=session, check_in=check_in, tz=tz, now=now)
        except ValueError as error:
            raise CommandError(f"--{error}") from None
        if options["json"]:
            self.stdout.write(json.dumps(plan_as_dict(plan), ensure_ascii=False))
        else:
            self.stdout.write(self._as_text(plan))

    def _session(self, options, tz: ZoneInfo) -> SessionInput:
        return SessionInput(
            ended_at=_datetime("ended-at", options["ended_at"], tz),
            rpe=_int("rpe", options["rpe"], rules.RPE_MIN, rules.RPE_MAX),
            minutes=_int(
                "minutes", options["minutes"], rules.SESSION_MINUTES_MIN, rules.SESSION_MINUTES_MAX
            ),
        )

    def _check_in(self, options, *, session, tz, now) -> CheckInInput | None:
        if options["soreness"] is not None:
            soreness = _int("soreness", options["soreness"], rules.SORENESS_MIN, rules.SORENESS_MAX)
        elif options["heavy"] or options["pain"]:
            # Flags without a rating: rate soreness as the model predicts it right now.
            predicted = make_plan(session=session, check_in=None, tz=tz, now=now)
            soreness = round(predicted.current_soreness)
        else:
            return None
        return CheckInInput(
            at=now, soreness=soreness, legs_heavy=options["heavy"], pain=options["pain"]
        )

    def _as_text(self, plan: Plan) -> str:
        lo, hi = plan.duration_min
        return "\n".join(
            [
                f"{plan.status.label}: {plan.reason}",
                f"Earliest start:    {plan.earliest_start:%a %d %b %H:%M %Z}",
                f"Recommended start: {plan.recommended_start:%a %d %b %H:%M %Z}",
                f"Run: {lo}-{hi} min at RPE {plan.rpe[0]}-{plan.rpe[1]}/10. {plan.talk_test}",
                f"Before: {plan.warmup}",
                f"After: {plan.cooldown}",
                f"During: {plan.stop_rule}",
                f"Fuel: {plan.fuel}",
            ]
        )
