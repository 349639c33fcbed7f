from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_history import HistoryNeedsChangePermission
from core.admin_widgets import SafeAutocompleteAdmin
from core.languages import localized_columns
from networks.models import Accelerator, Chair, Funder, InitiativeArea, Network


@admin.register(InitiativeArea)
class InitiativeAreaAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = localized_columns("name")


@admin.register(Network)
class NetworkAdmin(SafeAutocompleteAdmin, HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "area", "is_area_sourced"]
    list_filter = ["area", "is_area_sourced"]
    list_select_related = ["area"]
    search_fields = localized_columns("name")
    autocomplete_fields = ["lead_cities", "member_cities"]


@admin.register(Accelerator)
class AcceleratorAdmin(
    SafeAutocompleteAdmin, HistoryNeedsChangePermission, TabbedTranslationAdmin
):
    list_display = ["name", "launched_on", "outside_signatory_count"]
    search_fields = localized_columns("name", "original_name")
    autocomplete_fields = ["signatory_cities"]


@admin.register(Chair)
class ChairAdmin(SafeAutocompleteAdmin, HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["person", "city", "role", "started_in", "ended_in"]
    list_select_related = ["city"]
    search_fields = localized_columns("person")
    autocomplete_fields = ["city"]


@admin.register(Funder)
class FunderAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "kind", "position"]
    list_filter = ["kind"]
    search_fields = localized_columns("name")
