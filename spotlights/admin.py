import json

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from core.admin_history import HistoryNeedsChangePermission
from core.admin_widgets import SafeAutocompleteAdmin
from core.languages import default_column, localized_columns
from spotlights.admin_workflow import EditorialWorkflow
from spotlights.diffs import changes_between
from spotlights.drafts import is_live, show_draft
from spotlights.forms import DraftAwareImageFormSet, SpotlightAdminForm, SpotlightImageForm
from spotlights.models import Spotlight, SpotlightImage
from spotlights.preview import render_preview
from spotlights.reviews import draft_authors, spotlights_close_reviews
from spotlights.services import spotlights_publish, spotlights_unpublish


def require_numbers(*ids):
    """simple-history looks ids up unchecked: "abc" would be a server error, not a 404."""
    if not all(str(value).isascii() and str(value).isdigit() for value in ids):
        raise Http404


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("complete", _("Complete in both languages")),
            *(
                (code, _("Missing %(language)s") % {"language": name})
                for code, name in settings.LANGUAGES
            ),
        ]

    def queryset(self, request, queryset):
        if self.value() == "complete":
            return queryset.translated()
        if self.value() in dict(settings.LANGUAGES):
            return queryset.missing_translation(self.value())
        return queryset


class WorkflowFilter(admin.SimpleListFilter):
    title = _("editorial work")
    parameter_name = "work"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Published, with unpublished changes")),
            ("review", _("Awaiting review")),
            ("changes", _("Changes requested")),
            ("outdated", _("Translation out of date")),
            ("scheduled", _("Scheduled")),
        ]

    def queryset(self, request, queryset):
        selections = {
            "draft": queryset.with_unpublished_changes,
            "review": queryset.awaiting_review,
            "changes": queryset.changes_requested,
            "outdated": queryset.translation_out_of_date,
            "scheduled": queryset.scheduled,
        }
        return selections[self.value()]() if self.value() in selections else queryset


class PhotoFormSetHelper(helpers.InlineAdminFormSet):
    """Django's link reads "Add another Spotlight image" (the name capitalised mid-sentence)."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = gettext("Add a photo")
        return json.dumps(data)


class SpotlightImageInline(TranslationStackedInline):
    model = SpotlightImage
    form = SpotlightImageForm
    formset = DraftAwareImageFormSet
    extra = 0
    fields = ["thumbnail", "image", "alt", "credit", "position"]
    readonly_fields = ["thumbnail"]

    def get_queryset(self, request):
        # The photos as the working draft has them: not those it removes.
        return super().get_queryset(request).in_draft()

    @admin.display(description=_("preview"))
    def thumbnail(self, image):
        if not image.pk or not image.variants:
            return "—"
        smallest = image.variants[0]
        return format_html(
            '<img src="{}" alt="" width="160">', image.image.storage.url(smallest["name"])
        )


@admin.register(Spotlight)
class SpotlightAdmin(
    EditorialWorkflow,
    SafeAutocompleteAdmin,
    HistoryNeedsChangePermission,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    """English and Chinese side by side, not in tabs (css/admin-spotlights.css lays them out)."""

    form = SpotlightAdminForm
    inlines = [SpotlightImageInline]
    change_form_template = "admin/spotlights/spotlight/change_form.html"
    fieldsets = [
        (None, {"fields": ["city", "title", "summary", "body", "initiative_areas", "source"]}),
        (
            _("Key figure"),
            {
                "fields": ["key_figure", "key_figure_label"],
                "description": _(
                    "A number the body states, shown large on cards and on the page. "
                    "Give it in both languages, or leave both empty."
                ),
            },
        ),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "unpublish_at", "slug", "seen_version"]},
        ),
    ]
    list_display = [
        "headline",
        "city",
        "region",
        "status",
        "is_translated",
        "last_editor",
        "last_change",
    ]
    list_display_links = ["headline"]
    list_filter = [
        "status",
        WorkflowFilter,
        "city__region",
        TranslationStatusFilter,
        "initiative_areas",
    ]
    list_select_related = ["city__region"]
    search_fields = localized_columns("title", "summary", "body", "city__name")
    autocomplete_fields = ["city"]
    prepopulated_fields = {"slug": [default_column("title")]}
    actions = ["publish_selected", "unpublish_selected"]

    def get_queryset(self, request):
        last_editor = (
            Spotlight.history.filter(id=models.OuterRef("pk"))
            .order_by("-history_date")
            .values("history_user__username")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .with_translation_status()
            .with_workflow_state()
            .annotate(last_editor=models.Subquery(last_editor))
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        restoring = getattr(request, "is_restoring_history", False)
        attributes = {
            "user": request.user,
            "is_restoring": restoring,
            "publishing": request.method == "POST" and "_publish" in request.POST,
        }
        return type(form.__name__, (form,), attributes)

    class Media:
        css = {"all": ["css/admin-spotlights.css"]}

    @admin.display(description=_("region"), ordering="city__region__position")
    def region(self, spotlight):
        return spotlight.city.region

    @admin.display(description=_("both languages"), boolean=True, ordering="is_translated")
    def is_translated(self, spotlight):
        return spotlight.is_translated

    @admin.display(description=_("updated at"), ordering="updated_at")
    def last_change(self, spotlight):
        # Numbers only, the time under the date: the long form ("2026年11月23日 09:05") made
        # the list wider than a 1366-pixel screen.
        updated = timezone.localtime(spotlight.updated_at)
        return format_html("{}<br>{}", date_format(updated, "Y-m-d"), date_format(updated, "H:i"))

    @admin.display(description=_("last editor"), ordering="last_editor")
    def last_editor(self, spotlight):
        return spotlight.last_editor or "—"

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            if isinstance(inline_formset.opts, SpotlightImageInline):
                inline_formset.__class__ = PhotoFormSetHelper
        return inline_formsets

    def has_publish_permission(self, request):
        return request.user.has_perm("spotlights.publish_spotlight")

    def get_readonly_fields(self, request, obj=None):
        # Contributors write a published spotlight's draft; its publication times are editors'.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and is_live(obj) and not self.has_publish_permission(request):
            fields += ["status", "published_at", "unpublish_at"]
        return fields

    @admin.action(description=_("Publish the selected spotlights"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        authors = draft_authors(queryset)
        published, refused = spotlights_publish(spotlights=queryset, user=request.user)
        self.log_status_changes(request, published)
        if not spotlights_close_reviews(
            spotlights=published, user=request.user, draft_authors=authors
        ):
            self.email_failed(request)
        if published:
            self.message_user(
                request,
                ngettext(
                    "Published %(count)d spotlight.",
                    "Published %(count)d spotlights.",
                    len(published),
                )
                % {"count": len(published)},
                messages.SUCCESS,
            )
        for spotlight, missing in refused.items():
            self.message_user(
                request,
                gettext("Not published “%(spotlight)s”: missing %(fields)s.")
                % {"spotlight": spotlight, "fields": gettext(", ").join(map(str, missing))},
                messages.ERROR,
            )

    @admin.action(description=_("Unpublish the selected spotlights"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        changed = spotlights_unpublish(spotlights=queryset, user=request.user)
        self.log_status_changes(request, changed)
        self.message_user(
            request,
            ngettext(
                "%(count)d spotlight is now a draft.",
                "%(count)d spotlights are now drafts.",
                len(changed),
            )
            % {"count": len(changed)},
            messages.SUCCESS,
        )

    def log_status_changes(self, request, spotlights):
        """Bulk actions land in the admin's change log like a saved form does (the field name
        untranslated, so each reader sees it in their own language)."""
        with translation.override(None):
            status = str(Spotlight._meta.get_field("status").verbose_name)
        for spotlight in spotlights:
            self.log_change(request, spotlight, [{"changed": {"fields": [status]}}])

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/<str:language>/",
            self.admin_site.admin_view(self.preview_view),
            name="spotlights_spotlight_preview",
        )
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="spotlights_spotlight_compare",
        )
        return [preview, compare, *super().get_urls()]

    def compare_view(self, request, object_id):
        """Two versions from the history side by side (`older`, `newer`: history ids; by
        default the last two)."""
        require_numbers(object_id)
        self.require_change_permission(request)
        spotlight = self.get_object(request, unquote(object_id))
        if spotlight is None:
            raise Http404
        versions = list(
            spotlight.history.select_related("history_user").order_by("-history_date", "-pk")
        )
        draft = spotlight if spotlight.working_draft is not None else None
        if len(versions) + bool(draft) < 2:
            raise Http404  # nothing to compare yet
        by_id = {str(version.pk): version for version in versions}
        if draft is not None:
            by_id["draft"] = draft

        def chosen(name, default):
            if name not in request.GET:
                return default
            if request.GET[name] not in by_id:
                raise Http404  # not a version of this spotlight
            return by_id[request.GET[name]]

        # By default the last change: the working draft against what is published, or the
        # last two saved versions.
        older = chosen("older", versions[0] if draft else versions[1])
        newer = chosen("newer", draft or versions[0])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": spotlight,
            "title": gettext("Compare versions"),
            "subtitle": str(spotlight),
            "versions": versions,
            "draft": draft,
            "older": older,
            "newer": newer,
            "changes": changes_between(older, newer),
        }
        return TemplateResponse(request, "admin/spotlights/spotlight/compare.html", context)

    def preview_view(self, request, object_id, language):
        if language not in dict(settings.LANGUAGES):
            raise Http404
        spotlight = self.get_object(request, unquote(object_id))
        if spotlight is None:
            raise Http404
        if not self.has_view_or_change_permission(request, spotlight):
            raise PermissionDenied
        show_draft(spotlight)
        return render_preview(request, spotlight, language)

    def history_view(self, request, object_id, extra_context=None):
        require_numbers(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        require_numbers(object_id, version_id)
        # Restoring an old version: its version number is out of date by design.
        request.is_restoring_history = True
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def preview_links(self, spotlight):
        return [
            (
                name,
                reverse("admin:spotlights_spotlight_preview", args=[spotlight.pk, code]),
            )
            for code, name in settings.LANGUAGES
        ]

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        if obj := context.get("original"):
            context["preview_links"] = self.preview_links(obj)
        return super().render_change_form(request, context, add, change, **kwargs)
