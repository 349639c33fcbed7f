from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpotlightsConfig(AppConfig):
    name = "spotlights"
    verbose_name = _("City spotlights")

    def ready(self):
        from spotlights import (
            audit,  # noqa: F401 (connects the admin change log)
            initiatives,
        )

        initiatives.connect()
