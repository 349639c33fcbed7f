from django.core.management.base import BaseCommand, CommandError

from ops.generated import generate_directory, remove_generated


class Command(BaseCommand):
    help = (
        "Add N made-up cities (slugs generated-*), with countries, network memberships and "
        "published spotlights, on top of the loaded dataset: for benchmarks and query budgets."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many cities to add (0 with --clear).")
        parser.add_argument(
            "--spotlights-per-city", type=int, default=2, help="Spotlights per city (default 2)."
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--clear", action="store_true", help="First remove previously generated rows."
        )

    def handle(self, *args, count, spotlights_per_city, seed, clear, verbosity=1, **options):
        if count < 0 or spotlights_per_city < 0:
            raise CommandError("N and --spotlights-per-city cannot be negative.")
        if clear:
            removed = remove_generated()
            if verbosity:
                self.stdout.write(f"Removed generated rows: {describe(removed)}.")
        if count:
            made = generate_directory(
                cities=count, spotlights_per_city=spotlights_per_city, seed=seed
            )
            if verbosity:
                self.stdout.write(f"Generated {describe(made)}.")


def describe(counts):
    return ", ".join(f"{number} {name.replace('_', ' ')}" for name, number in counts.items())
