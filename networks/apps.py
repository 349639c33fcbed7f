from django.utils.translation import gettext_lazy as _

from core.apps import ContentAppConfig


class NetworksConfig(ContentAppConfig):
    default = True
    name = "networks"
    verbose_name = _("Networks and accelerators")
