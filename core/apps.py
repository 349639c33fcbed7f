from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import pre_save

        from core.collation import NameSortedModel, refresh_sort_names

        for model in self.apps.get_models():
            if issubclass(model, NameSortedModel):
                pre_save.connect(
                    refresh_sort_names, sender=model, dispatch_uid=f"sort-names-{model.__name__}"
                )
