from django.contrib import admin

from core.models import SlugRedirect


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_prefix", "new_prefix", "created_at"]
    search_fields = ["old_prefix", "new_prefix"]
    readonly_fields = ["created_at"]
