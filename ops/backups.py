"""Back up the site's content to one .tar.gz, and restore it, checking the archive first.

The archive's format and its checks are in ops/backup_archive.py.

Rows keep their primary keys (the public API's ids). What `migrate` recreates on any
database (content types, permissions) is left out and referred to by natural key.
"""

import datetime
import json
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import pre_save
from django.utils import timezone, translation
from modeltranslation.settings import DEFAULT_LANGUAGE

from core.derived import bulk_load, derived_models, is_derived
from core.pagecache import invalidate_pages
from ops.backup_archive import (
    DATA,
    FORMAT,
    FORMAT_VERSION,
    MEDIA_PREFIX,
    refused,
    sha256_of,
    unpack,
    write_archive,
)
from spotlights.editors import EDITORS_GROUP
from spotlights.models import SpotlightImage

# Recreated by `migrate` (content types, permissions), or throwaway: sessions, and
# django-axes' lock-out counters and sign-in logs (short-lived, and they hold visitors' IP
# addresses). docs/backup.md says why each is left out.
EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = {"auth.permission"}


@dataclass
class Summary:
    rows: int
    models: int
    files: int
    bytes: int = 0
    missing_media: list = field(default_factory=list)
    django_version: str = ""


def backed_up_models():
    """The models whose rows go into an archive, in an order loaddata can resolve."""
    app_list = [
        (config, None) for config in apps.get_app_configs() if config.label not in EXCLUDED_APPS
    ]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.label_lower not in EXCLUDED_MODELS
        and model._meta.managed
        and not model._meta.proxy
        and not is_derived(model)
    ]


def with_link_tables(archived):
    """`archived` and the tables Django made for their many-to-many fields."""
    links = [
        many.remote_field.through
        for model in archived
        for many in model._meta.local_many_to_many
        if many.remote_field.through._meta.auto_created
    ]
    return [*archived, *links]


def row_counts(archived):
    return {model._meta.label_lower: model._base_manager.count() for model in archived}


class BackupSerializer(JsonSerializer):
    """dumpdata's JSON, with natural keys only for rows that `migrate` makes.

    Archived rows keep their ids, so references to them stay ids: no query per reference, and
    history rows that point at a deleted spotlight are written as they are (`dumpdata
    --natural-foreign` stops there). Content types and permissions get other ids on another
    database, so references to them are natural keys, as `--natural-foreign` writes them.
    """

    def __init__(self, archived):
        super().__init__()
        self.archived = set(archived)

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model not in self.archived
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model not in self.archived
        super().handle_m2m_field(obj, field)


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, except that times keep their microseconds (it keeps milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def write_data(stream, archived):
    def rows():
        for model in archived:
            yield from model._base_manager.order_by(model._meta.pk.name).iterator()

    # The active language decides what modeltranslation's untranslated column reads as.
    with translation.override(DEFAULT_LANGUAGE):
        BackupSerializer(archived).serialize(
            rows(), stream=stream, use_natural_foreign_keys=True, cls=ExactJSONEncoder
        )


def referenced_media(archived):
    """Storage names of every file the rows refer to: file fields and image variants."""
    names = set()
    for model in archived:
        for file_field in model._meta.concrete_fields:
            if isinstance(file_field, models.FileField):
                names.update(model._base_manager.values_list(file_field.attname, flat=True))
    for variants in SpotlightImage._base_manager.values_list("variants", flat=True):
        names.update(variant["name"] for variant in variants or ())
    names.discard(None)
    names.discard("")
    return sorted(names)


def migration_state(connection):
    """The latest applied migration(s) of each app, e.g. {"spotlights": ["0005_…"]}."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations) & set(loader.graph.nodes)  # installed apps only
    latest = {}
    for app_label, name in applied:
        node = loader.graph.node_map.get((app_label, name))
        children = node.children if node else ()
        if not any(child.key[0] == app_label and child.key in applied for child in children):
            latest.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(latest.items())}


def create_backup(path, *, force=False, allow_missing_media=False, using="default"):
    """Write the archive to `path` (through a temporary file, so never half-written)."""
    path = Path(path)
    if path.is_dir():
        raise CommandError(f"{path} is a directory; give the name of the archive to write.")
    if path.exists() and not force:
        raise CommandError(f"{path} already exists; use --force to overwrite it.")
    if not path.parent.is_dir():
        raise CommandError(f"The folder {path.parent} does not exist.")
    archived = backed_up_models()
    connection = connections[using]
    snapshot_isolation = connection.vendor == "postgresql" and not connection.in_atomic_block
    with tempfile.TemporaryDirectory() as scratch, transaction.atomic(using=using):
        if snapshot_isolation:  # every table read as of one moment, while the site runs
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        data_path = Path(scratch) / DATA
        with data_path.open("w", encoding="utf-8") as stream:
            write_data(stream, archived)
        counts = row_counts(with_link_tables(archived))
        media = referenced_media(archived)
        missing = [name for name in media if not default_storage.exists(name)]
        if missing and not allow_missing_media:
            raise CommandError(
                f"{len(missing)} media file(s) the data refers to are not in the storage, "
                f"e.g. {', '.join(missing[:5])}. Nothing was written; use "
                "--allow-missing-media to back up without them (the manifest lists them)."
            )
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "django_version": django.get_version(),
            "created_at": timezone.now().isoformat(),
            "migrations": migration_state(connection),
            "counts": counts,
            "missing_media": missing,
        }
        present = [name for name in media if name not in missing]
        write_archive(path, manifest, data_path, present)
    return Summary(
        rows=sum(counts.values()),
        models=len(counts),
        files=len(present),
        bytes=path.stat().st_size,
        missing_media=missing,
    )


def restore_backup(path, *, replace=False, using="default"):
    """Load the archive at `path` into a migrated database: all of it or, on error, nothing.

    Everything that can be checked is checked before anything changes: the members' names,
    types, sizes and checksums, the models of the rows, the migration state, existing content
    and media files.
    """
    path = Path(path)
    connection = connections[using]
    with tempfile.TemporaryDirectory() as scratch:
        manifest, members = unpack(path, Path(scratch))
        archived = backed_up_models()
        check_only_backed_up_models(manifest, members[DATA].path, archived)
        check_migrations(manifest, connection)
        if not replace and holds_content(archived):
            raise CommandError(
                "The database already holds content; nothing was changed. Restore onto a newly "
                "migrated database, or use --replace to delete its content and load the backup's."
            )
        media = {
            name.removeprefix(MEDIA_PREFIX): member
            for name, member in members.items()
            if name.startswith(MEDIA_PREFIX)
        }
        to_write = media_to_write(media, replace=replace)
        tables = with_link_tables(archived)
        with transaction.atomic(using=using), translation.override(DEFAULT_LANGUAGE):
            # Sessions too: none may outlive the accounts it was opened for.
            clear([*tables, Session, *derived_models()], connection)
            with bulk_load(using):  # derived tables are rebuilt from what was loaded
                load(members[DATA].path, using)
            check_counts(manifest["counts"], tables)
            write_media(media, to_write)
            transaction.on_commit(invalidate_pages, using=using)
    return Summary(
        rows=sum(manifest["counts"].values()),
        models=len(manifest["counts"]),
        files=len(media),
        missing_media=manifest.get("missing_media", []),
        django_version=manifest.get("django_version", ""),
    )


def check_only_backed_up_models(manifest, data_path, archived):
    """Refuse rows of any model a backup does not write: sessions, django-axes records,
    permissions, anything else. The checksums only show that the archive is intact, not that
    `manage.py backup` wrote it; loaddata would load whatever model a row names."""
    counted = labels_of(with_link_tables(archived))
    not_counted = sorted(label for label in manifest["counts"] if label not in counted)
    if not_counted:
        raise refused(
            "the manifest counts rows of tables a backup never holds: "
            f"{', '.join(not_counted[:5])}"
        )
    written = labels_of(archived)  # many-to-many links are written inside their rows
    not_written = sorted(label for label in model_labels(data_path) if label not in written)
    if not_written:
        raise refused(
            f"data.json holds rows of models a backup never writes: {', '.join(not_written[:5])}"
        )


def labels_of(models):
    return {model._meta.label_lower for model in models}


def model_labels(data_path):
    """The "model" of every row in data.json, as loaddata would resolve it (lower case)."""
    try:
        with data_path.open(encoding="utf-8") as stream:
            rows = json.load(stream)
    except (ValueError, RecursionError):
        raise refused("data.json is not valid JSON in UTF-8") from None
    if not isinstance(rows, list):
        raise refused("data.json is not a list of rows")
    labels = set()
    for row in rows:
        label = row.get("model") if isinstance(row, dict) else None
        if not isinstance(label, str):
            raise refused("data.json has a row without a model")
        labels.add(resolved_label(label))
    return labels


def resolved_label(label):
    """The model loaddata would load `label` into ("sessions.Session" is sessions.session),
    or `label` itself when it names none (loaddata fails on it; it is refused here anyway)."""
    try:
        return apps.get_model(label)._meta.label_lower
    except (LookupError, ValueError):
        return label


def check_migrations(manifest, connection):
    saved, current = manifest["migrations"], migration_state(connection)
    if saved == current:
        return
    differences = [
        f"{app_label}: backup {', '.join(saved.get(app_label, [])) or 'none'}, "
        f"database {', '.join(current.get(app_label, [])) or 'none'}"
        for app_label in sorted(set(saved) | set(current))
        if saved.get(app_label) != current.get(app_label)
    ]
    raise refused(
        "the database is not migrated as the backup's was, so its rows may not fit. Migrate it "
        "to the backup's state (`manage.py migrate` with the release that made the backup) and "
        f"restore again. Differences: {'; '.join(differences)}"
    )


def holds_content(archived):
    """True when the archived tables hold more than `migrate` writes (the Editors group)."""
    for model in archived:
        rows = model._base_manager.all()
        if model is Group:
            rows = rows.exclude(name=EDITORS_GROUP)
        if rows.exists():
            return True
    return False


def media_to_write(media, *, replace):
    """The names to write; a file already stored with the same bytes is left as it is."""
    to_write, different = [], []
    for name, member in sorted(media.items()):
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as stored:
                if sha256_of(stored) == member.sha256:
                    continue
            if not replace:
                different.append(name)
                continue
        to_write.append(name)
    if different:
        raise refused(
            f"the media storage holds other files under {len(different)} of the archive's "
            f"names, e.g. {', '.join(different[:5])}; use --replace to overwrite them"
        )
    return to_write


def clear(tables, connection):
    if connection.vendor == "postgresql":
        # PostgreSQL truncates no table with deferred constraint checks pending (rows written
        # earlier in the same transaction leave them): run the checks now.
        connection.check_constraints()
    names = [model._meta.db_table for model in tables]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), names))


@contextmanager
def history_not_recorded():
    """Keep django-simple-history from recording loaded rows: loaddata sets many-to-many
    fields after its raw save, which the history takes for an edit. The archive's own history
    rows are loaded instead, as they were."""

    def skip_history(sender, instance, raw=False, **kwargs):
        if raw:
            instance.skip_history_when_saving = True

    pre_save.connect(skip_history, weak=False, dispatch_uid="restore_skips_history")
    try:
        yield
    finally:
        pre_save.disconnect(dispatch_uid="restore_skips_history")


def load(data_path, using):
    try:
        with history_not_recorded():
            call_command("loaddata", str(data_path), database=using, verbosity=0)
    except Exception as error:
        raise CommandError(
            f"The archive's data could not be loaded, so nothing was changed: {error}"
        ) from error


def check_counts(expected, tables):
    found = row_counts(tables)
    if found != expected:
        differences = [
            f"{label}: {expected.get(label)} expected, {found.get(label)} loaded"
            for label in sorted(set(found) | set(expected))
            if found.get(label) != expected.get(label)
        ]
        raise CommandError(
            f"The loaded rows do not match the manifest, so nothing was changed: "
            f"{'; '.join(differences[:5])}"
        )


def write_media(media, names):
    written = []
    try:
        for name in names:
            if default_storage.exists(name):  # --replace, and the bytes differ
                default_storage.delete(name)
            with media[name].path.open("rb") as source:
                saved = default_storage.save(name, File(source))
            written.append(saved)
            if saved != name:
                raise CommandError(
                    f"The media storage saved {name} as {saved}; nothing was changed."
                )
    except BaseException:
        for saved in written:
            default_storage.delete(saved)
        raise
