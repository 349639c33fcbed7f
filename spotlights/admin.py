from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from spotlights.models import Spotlight


@admin.register(Spotlight)
class SpotlightAdmin(TabbedTranslationAdmin):
    list_display = ["title", "city", "city__region", "status", "published_at", "updated_at"]
    list_filter = ["status", "city__region", "city__country", "initiative_areas"]
    list_select_related = ["city__region"]
    search_fields = [
        "title_en",
        "title_zh_hans",
        "summary_en",
        "summary_zh_hans",
        "city__name_en",
        "city__name_zh_hans",
    ]
    autocomplete_fields = ["city"]
    filter_horizontal = ["initiative_areas"]
    prepopulated_fields = {"slug": ["title_en"]}
    date_hierarchy = "published_at"
