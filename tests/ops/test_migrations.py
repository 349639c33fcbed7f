"""Every migration of our apps can be undone and redone, with content in the tables."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL, SeparateDatabaseAndState
from django.db.migrations.recorder import MigrationRecorder

from cities.dataset import dataset_fixture_paths
from spotlights.editors import EDITORS_GROUP, ensure_editors_group
from spotlights.models import Spotlight, SpotlightImage

pytestmark = pytest.mark.slow  # migrates to zero and back

OUR_APPS = ("core", "cities", "networks", "spotlights", "sitesearch")


def our_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {
        key: loader.disk_migrations[key] for key in loader.disk_migrations if key[0] in OUR_APPS
    }


def database_operations(operations):
    for operation in operations:
        yield operation
        if isinstance(operation, SeparateDatabaseAndState):
            yield from database_operations(operation.database_operations)


@pytest.mark.parametrize("key", sorted(our_migrations()), ids="{0[0]}.{0[1]}".format)
def test_every_operation_of_our_migrations_can_be_undone(key):
    for operation in database_operations(our_migrations()[key].operations):
        assert operation.reversible, f"{operation.describe()} cannot be undone"
        if isinstance(operation, RunPython):
            assert operation.reverse_code is not None
        if isinstance(operation, RunSQL):
            assert operation.reverse_sql is not None


def our_schema():
    """Every table of our apps with its columns, and its constraints and indexes by name."""
    schema = {}
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for app_label in OUR_APPS:
            for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
                table = model._meta.db_table
                if table not in existing:
                    continue
                columns = connection.introspection.get_table_description(cursor, table)
                constraints = connection.introspection.get_constraints(cursor, table)
                schema[table] = (
                    sorted((column.name, column.type_code, column.null_ok) for column in columns),
                    sorted(
                        (name, repr(sorted(value.items()))) for name, value in constraints.items()
                    ),
                )
    return schema


def add_content():
    """The dataset, an edited spotlight (history) and an image record in every table we own."""
    if not Spotlight.objects.exists():  # an earlier transactional test emptied the database
        call_command("loaddata", *dataset_fixture_paths(), verbosity=0)
    ensure_editors_group(Group, Permission)
    oslo = Spotlight.objects.get(city__slug="oslo")
    oslo.title_zh_hans = "奥斯陆气候预算"
    oslo.save()
    SpotlightImage.objects.bulk_create(  # a record only: no file needs to exist for this test
        [
            SpotlightImage(
                spotlight=oslo,
                image="spotlights/2026/harbour.jpg",
                width=1200,
                height=800,
                alt_en="Ferries at Oslo harbour",
                alt_zh_hans="奥斯陆港口的渡轮",
                credit_en="Photo: City of Oslo",
                credit_zh_hans="图片：奥斯陆市",
                variants=[{"width": 480, "height": 320, "name": "spotlights/2026/h-480w.webp"}],
            )
        ]
    )


def our_applied_migrations():
    return {
        key for key in MigrationRecorder(connection).applied_migrations() if key[0] in OUR_APPS
    }


def one_step_back(migration):
    """The `migrate` target that undoes `migration` alone: its predecessor in its app."""
    earlier = [
        name for app_label, name in migration.dependencies if app_label == migration.app_label
    ]
    return earlier[0] if earlier else "zero"


@pytest.mark.django_db(transaction=True)
def test_our_migrations_go_back_to_zero_one_by_one_and_forward_again_with_content():
    add_content()
    latest = our_schema()
    backwards = MigrationExecutor(connection).migration_plan([(app, None) for app in OUR_APPS])
    assert len(backwards) == len(our_migrations())
    applied = set(our_migrations())
    try:
        for migration, _backwards in backwards:
            call_command("migrate", migration.app_label, one_step_back(migration), verbosity=0)
            applied.discard((migration.app_label, migration.name))
            assert our_applied_migrations() == applied  # this one undone, and no other
        assert our_schema() == {}

        call_command("migrate", verbosity=0)
        assert our_schema() == latest
        assert Group.objects.get(name=EDITORS_GROUP).permissions.exists()
    finally:
        call_command("migrate", verbosity=0)  # later tests need the latest schema, whatever failed
