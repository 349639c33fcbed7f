from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: the dataset, backups and restores, generated data for load tests.
    Last in the import order: it may use every domain app, and none uses it."""

    name = "ops"
    verbose_name = _("Operations")
