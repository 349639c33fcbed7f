from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

from spotlights.body import sanitize_body

# The Editors group as it was when this migration was written (frozen: spotlights/editors.py
# holds today's roles and may change).
EDITORS_GROUP = "Editors"
SPOTLIGHT_PERMISSIONS = [
    "add_spotlight",
    "change_spotlight",
    "view_spotlight",
    "publish_spotlight",
    "add_spotlightimage",
    "change_spotlightimage",
    "view_spotlightimage",
    "delete_spotlightimage",
]
READ_ONLY_APPS = ["cities", "networks"]


def ensure_editors_group(group_model, permission_model):
    group, _created = group_model.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(
        permission_model.objects.filter(
            Q(content_type__app_label="spotlights", codename__in=SPOTLIGHT_PERMISSIONS)
            | Q(content_type__app_label__in=READ_ONLY_APPS, codename__startswith="view_")
        )
    )


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_editors_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


def sanitize_bodies(apps, schema_editor):
    Spotlight = apps.get_model("spotlights", "Spotlight")
    rows = list(Spotlight.objects.all())
    for row in rows:
        row.body_en = sanitize_body(row.body_en)
        row.body_zh_hans = sanitize_body(row.body_zh_hans)
    Spotlight.objects.bulk_update(rows, ["body_en", "body_zh_hans"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cities", "0003_fill_search_text"),
        ("networks", "0002_chairs_and_funders"),
        ("spotlights", "0004_editorial"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, remove_editors_group),
        migrations.RunPython(sanitize_bodies, migrations.RunPython.noop),
    ]
