import time

import django
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from ops.backups import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` onto a migrated database: checks "
        "the archive, then loads its rows and media files in one transaction (all or "
        "nothing). See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to restore.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the database's content first (and overwrite differing media files).",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to load (default: default)."
        )

    def handle(self, *args, file, replace, database, verbosity=1, **options):
        started = time.monotonic()
        summary = restore_backup(file, replace=replace, using=database)
        for name in summary.missing_media:
            self.stderr.write(f"Not in the backup (missing when it was made): {name}")
        if summary.django_version != django.get_version():
            self.stderr.write(
                f"Note: the backup was made with Django {summary.django_version}; "
                f"this is Django {django.get_version()}."
            )
        if verbosity:
            self.stdout.write(
                f"Restored {summary.rows} rows of {summary.models} tables and "
                f"{summary.files} media files from {file} "
                f"in {time.monotonic() - started:.1f} s."
            )
