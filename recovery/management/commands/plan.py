"""`manage.py plan`: the scriptable face of the recovery-run planner.

    python manage.py plan --user USERNAME [--now 2026-11-26T10:00] [--json]
    python manage.py plan --ended-at 2026-11-26T08:00 --tz Europe/Berlin --rpe 7 \
        --minutes 60 [--eccentric] [--soreness 3] [--heavy] [--pain] [--now ...] [--json]

With --user the plan comes from that athlete's stored history, exactly as their dashboard
computes it. Bad input exits non-zero with one line on stderr naming the field; stdout stays
empty.
"""

import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recovery import rules
from recovery.advice import plan_as_dict, plan_as_text
from recovery.localtime import NonexistentLocalTime, resolve_local
from recovery.planner import CheckInInput, Plan, SessionInput, make_plan
from recovery.planning import plan_for_athlete

# Years whose time zone arithmetic (and a 5-day timeline) cannot overflow.
MIN_YEAR = 1900
MAX_YEAR = 9000
SESSION_OPTIONS = ("ended_at", "tz", "rpe", "minutes")


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
    if not timezone.is_naive(value):
        return value
    try:
        return resolve_local(value, tz)
    except NonexistentLocalTime as error:
        raise CommandError(f"--{field}: {error}") from None


def _zone(raw: str) -> ZoneInfo:
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandError(f"--tz: {raw!r} is not a known IANA time zone") from None


class Command(BaseCommand):
    help = "Print the recovery-run plan for an athlete or one leg session (--json for machines)."

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
        parser.add_argument("--user", help="plan from this athlete's stored data (username)")
        parser.add_argument("--ended-at", help="when the session ended (ISO 8601)")
        parser.add_argument("--tz", help="IANA time zone, e.g. Europe/Berlin")
        parser.add_argument("--rpe", help="session RPE, 1-10")
        parser.add_argument("--minutes", help="session length in minutes, 1-600")
        parser.add_argument("--eccentric", action="store_true", help="eccentric-heavy session")
        parser.add_argument("--soreness", help="soreness right now, 0-10")
        parser.add_argument("--heavy", action="store_true", help="legs feel heavy")
        parser.add_argument("--pain", action="store_true", help="pain, not just soreness")
        parser.add_argument("--now", help="the moment to plan for (ISO 8601); default: now")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        by_user = options["user"] is not None
        plan = self._plan_for_user(options) if by_user else self._plan_for_session(options)
        if options["json"]:
            self.stdout.write(json.dumps(plan_as_dict(plan), ensure_ascii=False))
        else:
            self.stdout.write(plan_as_text(plan))

    def _plan_for_user(self, options) -> Plan:
        given = [name for name in (*SESSION_OPTIONS, "soreness") if options[name] is not None]
        flags = [name for name in ("eccentric", "heavy", "pain") if options[name]]
        if given or flags:
            raise CommandError(f"--{(given + flags)[0].replace('_', '-')}: not used with --user")
        athlete = get_user_model().objects.filter(username=options["user"]).first()
        if athlete is None:
            raise CommandError(f"--user: no account named {options['user']!r}")
        now = _datetime("now", options["now"], athlete.zone) if options["now"] else timezone.now()
        planned = plan_for_athlete(athlete=athlete, now=now)
        if planned is None:
            raise CommandError(f"--user: {athlete.username} has no leg day before --now")
        return planned.plan

    def _plan_for_session(self, options) -> Plan:
        for name in SESSION_OPTIONS:
            if options[name] is None:
                raise CommandError(f"--{name.replace('_', '-')}: required (or use --user)")
        tz = _zone(options["tz"])
        session = SessionInput(
            ended_at=_datetime("ended-at", options["ended_at"], tz),
            rpe=_int("rpe", options["rpe"], rules.RPE_MIN, rules.RPE_MAX),
            minutes=_int(
                "minutes", options["minutes"], rules.SESSION_MINUTES_MIN, rules.SESSION_MINUTES_MAX
            ),
            eccentric_heavy=options["eccentric"],
        )
        now = _datetime("now", options["now"], tz) if options["now"] else timezone.now()
        if session.ended_at > now:
            raise CommandError("--ended-at: the session cannot end after --now")
        check_ins = self._check_ins(options, session=session, tz=tz, now=now)
        try:
            return make_plan(sessions=[session], check_ins=check_ins, tz=tz, now=now)
        except ValueError as error:
            raise CommandError(f"--{error}") from None

    def _check_ins(self, options, *, session, tz, now) -> list[CheckInInput]:
        if options["soreness"] is not None:
            soreness = _int("soreness", options["soreness"], rules.SORENESS_MIN, rules.SORENESS_MAX)
        elif options["heavy"] or options["pain"]:
            # Flags without a rating: rate soreness as the model predicts it right now.
            predicted = make_plan(sessions=[session], tz=tz, now=now)
            soreness = round(predicted.current_soreness)
        else:
            return []
        return [
            CheckInInput(
                at=now, soreness=soreness, legs_heavy=options["heavy"], pain=options["pain"]
            )
        ]
