import json
from itertools import chain

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cities.dataset import dataset_fixture_paths
from spotlights.book import apply_book, fixture_drift, read_book


class Command(BaseCommand):
    help = (
        "Read the region rosters and city spotlights from the C40 book and report where "
        "the fixtures differ from it; with --write, regenerate the fixtures' Chinese side."
    )

    def add_arguments(self, parser):
        parser.add_argument("--book", default=str(settings.C40_BOOK_PATH), help="Book text file.")
        parser.add_argument(
            "--write",
            action="store_true",
            help="Set roster regions and Chinese spotlight bodies in fixtures/ from the book.",
        )

    def handle(self, *args, book, write, **options):
        try:
            data = read_book(book)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the book at {book}: {error}") from error
        self._report_book(data)
        fixtures = {path: json.loads(path.read_text("utf-8")) for path in dataset_fixture_paths()}
        objects = list(chain.from_iterable(fixtures.values()))
        if write:
            for change in apply_book(data, objects):
                self.stdout.write(f"  {change}")
            for path, content in fixtures.items():
                text = json.dumps(content, ensure_ascii=False, indent=2) + "\n"
                path.write_text(text, encoding="utf-8")
        problems = fixture_drift(data, objects)
        for problem in problems:
            self.stderr.write(f"  {problem}")
        if problems:
            raise CommandError(f"{len(problems)} difference(s) between the fixtures and the book.")
        self.stdout.write(self.style.SUCCESS("The fixtures agree with the book."))

    def _report_book(self, data):
        roster = [name for names in data.rosters.values() for name in names]
        self.stdout.write(
            f"Book: {len(data.rosters)} regions, {len(roster)} roster cities, "
            f"{len(data.spotlights)} spotlights."
        )
        for entry in data.spotlights:
            region = data.roster_region(entry.city)
            if region != entry.heading_region:
                self.stdout.write(
                    f"  {entry.city}: printed under {entry.heading_region}, roster says {region}"
                )
        with_spotlight = {entry.city for entry in data.spotlights}
        for name in roster:
            if name not in with_spotlight:
                self.stdout.write(f"  {name}: roster city without a spotlight")
