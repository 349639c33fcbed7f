"""Every change made through the admin, as a log line beside the admin's own history."""

import logging

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.utils import translation

logger = logging.getLogger("c40site.audit")
ACTIONS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


def log_admin_change(sender, instance, created, raw=False, **kwargs):
    # The object's id and type only: its text (a user's name, say) stays in the database.
    # `raw`: a restore or fixture load re-inserting old entries, not a change made now.
    if created and not raw:
        # The log reads the same whoever made the change.
        with translation.override(settings.LANGUAGE_CODE):
            change = instance.get_change_message() or "-"
        logger.info(
            "admin %s %s id=%s by user=%s: %s",
            ACTIONS.get(instance.action_flag, instance.action_flag),
            instance.content_type.model if instance.content_type_id else "-",
            instance.object_id,
            instance.user_id,
            change,
        )
