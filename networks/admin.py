from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_history import HistoryNeedsChangePermission
from networks.models import Accelerator, Chair, Funder, InitiativeArea, Network


@admin.register(InitiativeArea)
class InitiativeAreaAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_en", "name_zh_hans"]


@admin.register(Network)
class NetworkAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "area", "is_area_sourced"]
    list_filter = ["area", "is_area_sourced"]
    list_select_related = ["area"]
    search_fields = ["name_en", "name_zh_hans"]
    autocomplete_fields = ["lead_cities", "member_cities"]


@admin.register(Accelerator)
class AcceleratorAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "launched_on", "outside_signatory_count"]
    search_fields = ["name_en", "name_zh_hans", "original_name_en", "original_name_zh_hans"]
    autocomplete_fields = ["signatory_cities"]


@admin.register(Chair)
class ChairAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["person", "city", "role", "started_in", "ended_in"]
    list_select_related = ["city"]
    search_fields = ["person_en", "person_zh_hans"]
    autocomplete_fields = ["city"]


@admin.register(Funder)
class FunderAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_zh_hans"]
