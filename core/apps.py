from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import pre_save

        from core.collation import NameSortedModel, refresh_sort_names
        from core.pagecache import connect_invalidation
        from core.search import SearchableModel, refresh_search_text

        # Wired here, each with its sender, so they run in every process (the web server, a
        # command, the shell), not only once some module happens to import them.
        connect_invalidation(self.apps)
        for model in self.apps.get_models():
            uid = model._meta.label_lower
            if issubclass(model, NameSortedModel):
                pre_save.connect(refresh_sort_names, sender=model, dispatch_uid=f"sort-{uid}")
            if issubclass(model, SearchableModel):
                pre_save.connect(refresh_search_text, sender=model, dispatch_uid=f"search-{uid}")
