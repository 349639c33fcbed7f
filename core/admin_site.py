"""The admin under the portal's own name, in both languages."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class C40AdminSite(admin.AdminSite):
    site_header = _("C40 Cities")
    site_title = _("C40 Cities staff")


class C40AdminConfig(AdminConfig):
    default_site = "core.admin_site.C40AdminSite"
