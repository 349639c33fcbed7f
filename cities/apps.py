from django.utils.translation import gettext_lazy as _

from core.apps import ContentAppConfig


class CitiesConfig(ContentAppConfig):
    default = True
    name = "cities"
    verbose_name = _("Cities")
