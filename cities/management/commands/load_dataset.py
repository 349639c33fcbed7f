from django.core.management import call_command
from django.core.management.base import BaseCommand

from cities.dataset import dataset_fixture_paths
from cities.models import City


class Command(BaseCommand):
    help = (
        "Load the C40 dataset (fixtures/*.json) into a database that has none yet. "
        "With --force, load it again over the existing rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even if the database already holds cities; fixture rows overwrite edits.",
        )

    def handle(self, *args, force=False, verbosity=1, **options):
        if City.objects.exists() and not force:
            if verbosity:
                self.stdout.write(
                    "The database already holds the dataset: nothing loaded "
                    "(use --force to load the fixtures again)."
                )
            return
        call_command("loaddata", *dataset_fixture_paths(), verbosity=verbosity)
