"""An object's history in the admin is for those who may change it.

The history lists who changed what and when, and for spotlights every past version, each a
form that saves it back (django-simple-history's "revert"). An account that may only view
an object (editors and the directory) sees it as it is, not its past: both the history list
and an old version answer 403, and the change page does not link them
(templates/admin/change_form_object_tools.html). Before this, a view-only account could open
both, and a POST to an old version saved it: a write through a view permission.
"""

from django.core.exceptions import PermissionDenied


class HistoryNeedsChangePermission:
    """Mix into a ModelAdmin (before it) to refuse the history to those who cannot change."""

    def require_change_permission(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self.require_change_permission(request)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's page of one past version (SimpleHistoryAdmin only)."""
        self.require_change_permission(request)
        return super().history_form_view(request, object_id, version_id, extra_context)
