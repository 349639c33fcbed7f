import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.template.defaultfilters import filesizeformat

from ops.backups import create_backup


class Command(BaseCommand):
    help = (
        "Write the site's content to one .tar.gz archive: every row (both languages, history, "
        "users, admin log) but what `migrate` recreates, every media file the rows refer to, "
        "and a manifest with checksums. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to write, e.g. c40-2026-11-25.tar.gz.")
        parser.add_argument("--force", action="store_true", help="Overwrite FILE if it exists.")
        parser.add_argument(
            "--allow-missing-media",
            action="store_true",
            help="Back up even if files the data refers to are missing (the manifest lists them).",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to read (default: default)."
        )

    def handle(self, *args, file, force, allow_missing_media, database, verbosity=1, **options):
        started = time.monotonic()
        summary = create_backup(
            file, force=force, allow_missing_media=allow_missing_media, using=database
        )
        for name in summary.missing_media:
            self.stderr.write(f"Missing from the media storage, not backed up: {name}")
        if verbosity:
            self.stdout.write(
                f"Backed up {summary.rows} rows of {summary.models} tables and "
                f"{summary.files} media files to {file} ({filesizeformat(summary.bytes)}) "
                f"in {time.monotonic() - started:.1f} s."
            )
