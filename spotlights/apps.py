from django.utils.translation import gettext_lazy as _

from core.apps import ContentAppConfig


class SpotlightsConfig(ContentAppConfig):
    default = True
    name = "spotlights"
    verbose_name = _("City spotlights")

    def ready(self):
        from spotlights import initiatives

        initiatives.connect()
