from django.utils.translation import gettext_lazy as _

from core.apps import ContentAppConfig


class SpotlightsConfig(ContentAppConfig):
    default = True
    name = "spotlights"
    verbose_name = _("City spotlights")

    def ready(self):
        from core.admin_site import register_dashboard
        from spotlights import initiatives
        from spotlights.dashboard import editorial_panels

        initiatives.connect()
        register_dashboard(editorial_panels)
