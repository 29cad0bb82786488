"""`manage.py seed_demo`: (re)create the demo accounts and their recent history."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coaching.club_demo import seed_club
from coaching.demo import seed_coach
from recovery.demo import DEMO_ATHLETE, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create or refresh the demo accounts (idempotent: safe to run on every start)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="where the site is served, for the sign-in link printed at the end",
        )
        parser.add_argument(
            "--athletes",
            type=int,
            default=0,
            help="also link the demo coach to this many club athletes, each with 90 days of "
            "history (replacing earlier club athletes; for load tests)",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        coach = seed_coach(now=now)  # seeds the demo athlete and the coach's other athletes
        if options["athletes"] < 0:
            raise CommandError("--athletes: give 0 or more")
        if options["athletes"]:
            started = time.monotonic()
            club = seed_club(coach=coach, athletes=options["athletes"], now=now)
            self.stdout.write(
                f"Linked {len(club)} club athletes to {coach.username} "
                f"in {time.monotonic() - started:.0f} s."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Sign in at {options['url'].rstrip('/')}/accounts/login/"
            )
        )
        self.stdout.write(f"  athlete: {DEMO_ATHLETE.username} / {DEMO_PASSWORD}")
        self.stdout.write(f"  coach:   {coach.username} / {DEMO_PASSWORD}")
