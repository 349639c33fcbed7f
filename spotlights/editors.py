"""The Editors group: staff who write and publish spotlights and may only read the directory."""

from django.apps import apps
from django.db.models import Q

from core.apps import ContentAppConfig

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


def read_only_apps():
    """The other content apps (cities, networks): editors may view their rows."""
    return [
        config.label
        for config in apps.get_app_configs()
        if isinstance(config, ContentAppConfig) and config.label != "spotlights"
    ]


def editor_permissions(permission_model):
    return permission_model.objects.filter(
        Q(content_type__app_label="spotlights", codename__in=SPOTLIGHT_PERMISSIONS)
        | Q(content_type__app_label__in=read_only_apps(), codename__startswith="view_")
    )


def ensure_editors_group(group_model, permission_model):
    """Create the group if needed and give it exactly the editors' permissions."""
    group, _created = group_model.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions(permission_model))
    return group
