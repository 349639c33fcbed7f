from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    """One search over every kind of page (a site-wide feature: it reads every content app)."""

    default = True
    name = "sitesearch"
    verbose_name = _("Site search")
