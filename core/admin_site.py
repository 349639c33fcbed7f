"""The admin under the portal's own name, in both languages, with a dashboard of the work
waiting for the signed-in person on its index page."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

# Callables (request → list of panels) the content apps register in their AppConfig.ready():
# core comes first in the import order and does not know them.
dashboard_providers = []


def register_dashboard(provider):
    if provider not in dashboard_providers:
        dashboard_providers.append(provider)


class C40AdminSite(admin.AdminSite):
    site_header = _("C40 Cities")
    site_title = _("C40 Cities staff")
    index_template = "admin/c40_index.html"

    def index(self, request, extra_context=None):
        panels = [panel for provider in dashboard_providers for panel in provider(request)]
        return super().index(request, {"dashboard_panels": panels, **(extra_context or {})})


class C40AdminConfig(AdminConfig):
    default_site = "core.admin_site.C40AdminSite"
