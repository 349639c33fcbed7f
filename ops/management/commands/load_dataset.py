import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cities.dataset import dataset_fixture_paths
from cities.models import City
from core.derived import bulk_load
from spotlights.models import Spotlight


class Command(BaseCommand):
    help = (
        "Load the C40 dataset (fixtures/*.json) into a database that has none yet. "
        "With --force, load it again over the existing rows, except spotlights that staff "
        "have edited since (unless --overwrite-edited)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even if the database holds cities; fixture rows replace their rows.",
        )
        parser.add_argument(
            "--overwrite-edited",
            action="store_true",
            help="With --force, also replace spotlights edited in the admin (history keeps them).",
        )

    def handle(self, *args, force=False, overwrite_edited=False, verbosity=1, **options):
        if City.objects.exists() and not force:
            if verbosity:
                self.stdout.write(
                    "The database already holds the dataset: nothing loaded "
                    "(use --force to load the fixtures again)."
                )
            return
        kept = [] if overwrite_edited else list(Spotlight.objects.edited().order_by("slug"))
        with tempfile.TemporaryDirectory() as folder:
            paths = [
                without_spotlights(path, kept, Path(folder)) for path in dataset_fixture_paths()
            ]
            with bulk_load():
                call_command("loaddata", *paths, verbosity=verbosity)
        if kept and verbosity:
            self.stdout.write(
                f"Kept {len(kept)} spotlight(s) edited since they were loaded "
                f"(--overwrite-edited replaces them): {', '.join(s.slug for s in kept)}"
            )


def without_spotlights(path, spotlights, folder):
    """The fixture file itself, or a copy without the rows of `spotlights`."""
    slugs = {spotlight.slug for spotlight in spotlights}
    rows = json.loads(path.read_text("utf-8"))
    kept = [
        row
        for row in rows
        if not (row["model"] == "spotlights.spotlight" and row["fields"]["slug"] in slugs)
    ]
    if len(kept) == len(rows):
        return path
    copy = folder / path.name
    copy.write_text(json.dumps(kept, ensure_ascii=False), "utf-8")
    return copy
