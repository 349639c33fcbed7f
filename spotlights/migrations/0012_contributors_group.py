from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

# The Contributors group as it was when this migration was written (frozen: spotlights/editors.py
# holds today's roles and may change): the editors' permissions less publishing.
CONTRIBUTORS_GROUP = "Contributors"
SPOTLIGHT_PERMISSIONS = [
    "add_spotlight",
    "change_spotlight",
    "view_spotlight",
    "add_spotlightimage",
    "change_spotlightimage",
    "view_spotlightimage",
    "delete_spotlightimage",
]
READ_ONLY_APPS = ["cities", "networks"]


def create_contributors_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=CONTRIBUTORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label="spotlights", codename__in=SPOTLIGHT_PERMISSIONS)
            | Q(content_type__app_label__in=READ_ONLY_APPS, codename__startswith="view_")
        )
    )


def remove_contributors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CONTRIBUTORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("spotlights", "0011_scheduled_unpublish")]

    operations = [migrations.RunPython(create_contributors_group, remove_contributors_group)]
