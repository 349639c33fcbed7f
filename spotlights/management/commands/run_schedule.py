"""Run every minute (systemd timer in docs/deploy.md, a loop in scripts/serve-prod.sh).

A command rather than Django's task framework: the schedule needs minute accuracy and nothing
else, running it twice changes nothing, and there is no worker process to run and watch."""

import datetime

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.utils import timezone

from spotlights.services import spotlights_run_schedule

LAST_RUN_KEY = "schedule:last-run"
# Without a record of the last run (first run, cache emptied), look back this far: a
# publication time passed in it renews the pages once more, which costs only a re-render.
LOOK_BACK = datetime.timedelta(minutes=10)


class Command(BaseCommand):
    help = "Publish and unpublish the spotlights whose scheduled minute has come."

    def handle(self, *args, **options):
        now = timezone.now()
        last_run = cache.get(LAST_RUN_KEY) or now - LOOK_BACK
        unpublished, appeared = spotlights_run_schedule(now=now, last_run=last_run)
        cache.set(LAST_RUN_KEY, now, None)
        for spotlight in unpublished:
            self.stdout.write(f"unpublished {spotlight.slug}")
        for spotlight in appeared:
            self.stdout.write(f"published {spotlight.slug}")
