"""`manage.py seed_demo`: (re)create the demo accounts and their recent history."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from recovery.demo import DEMO_ATHLETE, DEMO_PASSWORD, seed_athlete


class Command(BaseCommand):
    help = "Create or refresh the demo accounts (idempotent: safe to run on every start)."

    def handle(self, *args, **options):
        now = timezone.now()
        athlete = seed_athlete(DEMO_ATHLETE, now=now)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/accounts/login/")
        )
        self.stdout.write(f"  athlete: {athlete.username} / {DEMO_PASSWORD}")
