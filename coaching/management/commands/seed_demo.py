"""`manage.py seed_demo`: (re)create the demo accounts and their recent history."""

from django.core.management.base import BaseCommand
from django.utils import timezone

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

    def handle(self, *args, **options):
        now = timezone.now()
        coach = seed_coach(now=now)  # seeds the demo athlete and the coach's other athletes
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Sign in at {options['url'].rstrip('/')}/accounts/login/"
            )
        )
        self.stdout.write(f"  athlete: {DEMO_ATHLETE.username} / {DEMO_PASSWORD}")
        self.stdout.write(f"  coach:   {coach.username} / {DEMO_PASSWORD}")
