from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentAppConfig(AppConfig):
    """An app whose rows the public pages show: saving or deleting any of them invalidates
    the page cache, and the editors may read what they may not write."""

    # A base: not the config of a module that imports it. Each subclass says `default = True`.
    default = False


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save, pre_save

        from core.audit import log_admin_change
        from core.collation import NameSortedModel, refresh_sort_names
        from core.pagecache import connect_invalidation, is_content_model
        from core.redirects import has_slug_pages, record_moves, remember_addresses
        from core.search import SearchableModel, refresh_search_text

        # Wired here, each with its sender, so they run in every process (the web server, a
        # command, the shell), not only once some module happens to import them.
        connect_invalidation(self.apps)
        post_save.connect(log_admin_change, sender=LogEntry, dispatch_uid="log-admin-change")
        for model in self.apps.get_models():
            uid = model._meta.label_lower
            if is_content_model(model) and has_slug_pages(model):
                pre_save.connect(remember_addresses, sender=model, dispatch_uid=f"moves-{uid}")
                post_save.connect(record_moves, sender=model, dispatch_uid=f"moved-{uid}")
            if issubclass(model, NameSortedModel):
                pre_save.connect(refresh_sort_names, sender=model, dispatch_uid=f"sort-{uid}")
            if issubclass(model, SearchableModel):
                pre_save.connect(refresh_search_text, sender=model, dispatch_uid=f"search-{uid}")
