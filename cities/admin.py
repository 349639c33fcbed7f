from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from cities.models import City, Country, Region
from core.admin_history import HistoryNeedsChangePermission


@admin.register(Region)
class RegionAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_en", "name_zh_hans", "slug"]


@admin.register(Country)
class CountryAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "iso_code"]
    search_fields = ["name_en", "name_zh_hans", "iso_code"]


@admin.register(City)
class CityAdmin(HistoryNeedsChangePermission, TabbedTranslationAdmin):
    list_display = ["name", "region", "country", "is_steering_committee"]
    list_filter = ["region", "country", "is_steering_committee"]
    list_select_related = ["region", "country"]
    search_fields = [
        "name_en",
        "name_zh_hans",
        "alternative_names",
        "slug",
        "country__name_en",
        "country__name_zh_hans",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
