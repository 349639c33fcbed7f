from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from cities.models import City, Country, Region
from core.admin_history import HistoryNeedsChangePermission
from core.languages import default_column, localized_columns


@admin.register(Region)
class RegionAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = [*localized_columns("name"), "slug"]


@admin.register(Country)
class CountryAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "iso_code"]
    search_fields = [*localized_columns("name"), "iso_code"]


@admin.register(City)
class CityAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "region", "country", "is_steering_committee"]
    list_filter = ["region", "country", "is_steering_committee"]
    list_select_related = ["region", "country"]
    search_fields = [*localized_columns("name", "country__name"), "alternative_names", "slug"]
    prepopulated_fields = {"slug": [default_column("name")]}
