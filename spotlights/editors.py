"""The staff roles. Editors write, review and publish spotlights; Contributors write them (and
drafts of them) but may not publish, so a published spotlight is theirs to read only. Both may
only read the directory."""

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


CONTRIBUTORS_GROUP = "Contributors"
CONTRIBUTOR_PERMISSIONS = [name for name in SPOTLIGHT_PERMISSIONS if name != "publish_spotlight"]


def read_only_apps():
    """The other content apps (cities, networks): editors may view their rows."""
    return [
        config.label
        for config in apps.get_app_configs()
        if isinstance(config, ContentAppConfig) and config.label != "spotlights"
    ]


def role_permissions(permission_model, spotlight_permissions=SPOTLIGHT_PERMISSIONS):
    return permission_model.objects.filter(
        Q(content_type__app_label="spotlights", codename__in=spotlight_permissions)
        | Q(content_type__app_label__in=read_only_apps(), codename__startswith="view_")
    )


def editor_permissions(permission_model):
    return role_permissions(permission_model)


def ensure_group(name, permissions, group_model):
    """Create the group if needed and give it exactly `permissions`."""
    group, _created = group_model.objects.get_or_create(name=name)
    group.permissions.set(permissions)
    return group


def ensure_editors_group(group_model, permission_model):
    return ensure_group(EDITORS_GROUP, editor_permissions(permission_model), group_model)


def ensure_contributors_group(group_model, permission_model):
    permissions = role_permissions(permission_model, CONTRIBUTOR_PERMISSIONS)
    return ensure_group(CONTRIBUTORS_GROUP, permissions, group_model)
