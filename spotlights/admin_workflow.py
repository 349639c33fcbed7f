"""The spotlight admin's editorial workflow: a published spotlight is edited as a working draft;
work is submitted for review, published by an editor or sent back with a comment; a draft can
be compared with what is published, or discarded."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spotlights.diffs import changes_between
from spotlights.drafts import (
    apply_draft,
    drop_draft_if_unchanged,
    is_live,
    record_sync,
    settle_images,
    spotlight_discard_draft,
    spotlight_save_draft,
    stored_values,
)
from spotlights.models import Review, Spotlight, SpotlightDraft
from spotlights.reviews import spotlight_approve, spotlight_request_changes, spotlight_submit
from spotlights.writing_help import writing_hints


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Sent to the author by email, and shown on the spotlight's page."),
    )


class EditorialWorkflow:
    """Mixed into SpotlightAdmin (spotlights/admin.py)."""

    @admin.display(description=_("title"), ordering="title")
    def headline(self, spotlight):
        """The title, and under it the work in progress: unpublished changes, a review, an
        out-of-date translation (in the title's column: a status column wide enough for them
        pushed the list past a 1366-pixel screen)."""
        states = []
        if spotlight.has_draft:
            states.append(gettext("unpublished changes"))
        if spotlight.review_state:
            states.append(Review.State(spotlight.review_state).label)
        if spotlight.translation_stale:
            states.append(gettext("Translation out of date"))
        if not states:
            return str(spotlight)
        return format_html(
            '{}<span class="work-state">{}</span>', str(spotlight), " · ".join(map(str, states))
        )

    def get_object(self, request, object_id, from_field=None):
        """The spotlight as its staff work on it: with its working draft applied (in memory;
        the public page reads the stored row)."""
        spotlight = super().get_object(request, object_id, from_field)
        if spotlight is not None:
            spotlight.working_draft = apply_draft(spotlight)
        return spotlight

    def save_model(self, request, obj, form, change):
        confirmed = form.confirmed_translations()
        version = obj.version + 1 if change else obj.version  # the version this save makes
        obj.saving_draft_now = change and is_live(obj) and obj.is_published
        if obj.saving_draft_now:
            form.save_m2m = lambda: None  # the areas are the draft's (history restore calls it)
            spotlight_save_draft(
                spotlight=obj,
                areas=form.cleaned_data.get("initiative_areas") or [],
                user=request.user,
                confirmed=confirmed,
            )
            self.save_publication_times(request, obj, form)
        else:
            obj.normalize_fields()  # the text as it will be stored, before comparing languages
            record_sync(obj, stored_values(obj) if change else {}, confirmed, version)
            super().save_model(request, obj, form, change)
        for hint in writing_hints(obj, form.cleaned_data):
            self.message_user(request, hint, messages.WARNING)

    def response_change(self, request, obj):
        # Django's "was changed successfully" would say the public page changed: it did not.
        request.saved_as_draft = obj.saving_draft_now and "_publish" not in request.POST
        request.draft_title = str(obj)
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "saved_as_draft", False):
            request.saved_as_draft = False  # only Django's own message, the first after it
            message = gettext(
                "The changes to “%(spotlight)s” were saved as a draft: the public page shows "
                "the published version until they are published."
            ) % {"spotlight": request.draft_title}
        super().message_user(request, message, level, *args, **kwargs)

    def save_publication_times(self, request, obj, form):
        """An editor's new publication or unpublication time applies at once (the text waits
        in the draft)."""
        changed = [name for name in ("published_at", "unpublish_at") if name in form.changed_data]
        if not changed:
            return
        live = Spotlight.objects.get(pk=obj.pk)
        for name in changed:
            setattr(live, name, getattr(obj, name))
        live._history_user = request.user
        live.save()

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if getattr(obj, "saving_draft_now", False):
            for formset in formsets:  # DraftAwareImageFormSet keeps photo changes pending
                self.save_formset(request, form, formset, change)
            drop_draft_if_unchanged(obj)
        else:
            super().save_related(request, form, formsets, change)
            if change and SpotlightDraft.objects.filter(spotlight=obj).exists():
                # Unpublished from the form: the form held the draft; the row is the work now.
                settle_images(obj)
                SpotlightDraft.objects.filter(spotlight=obj).delete()
        self.run_workflow_button(request, obj)

    def run_workflow_button(self, request, obj):
        if "_publish" in request.POST:
            self.approve(request, obj)
        elif "_submit" in request.POST:
            self.submit(request, obj)

    def approve(self, request, spotlight):
        spotlight = Spotlight.objects.get(pk=spotlight.pk)
        missing, told = spotlight_approve(spotlight=spotlight, user=request.user)
        if missing:
            self.message_user(
                request,
                gettext("Saved, not published: missing %(fields)s.")
                % {"fields": gettext(", ").join(map(str, missing))},
                messages.ERROR,
            )
            return False
        self.message_user(request, gettext("Published."), messages.SUCCESS)
        if not told:
            self.email_failed(request)
        return True

    def submit(self, request, spotlight):
        told = spotlight_submit(spotlight=spotlight, user=request.user)
        self.message_user(
            request,
            gettext("Submitted for review: the editors have been emailed."),
            messages.SUCCESS,
        )
        if not told:
            self.email_failed(request)

    def email_failed(self, request):
        self.message_user(
            request,
            gettext("The email could not be sent; tell the people concerned yourself."),
            messages.WARNING,
        )

    def get_urls(self):
        urls = [
            ("review", self.review_view, "spotlights_spotlight_review"),
            ("discard", self.discard_view, "spotlights_spotlight_discard"),
        ]
        return [
            path(f"<path:object_id>/{name}/", self.admin_site.admin_view(view), name=url_name)
            for name, view, url_name in urls
        ] + super().get_urls()

    def workflow_object(self, request, object_id):
        if not (str(object_id).isascii() and str(object_id).isdigit()):
            raise Http404
        spotlight = self.get_object(request, unquote(object_id))
        if spotlight is None:
            raise Http404
        return spotlight

    def published_and_draft(self, spotlight):
        """(the published spotlight, the one its draft would publish), or (None, spotlight)
        for a spotlight never published."""
        if not is_live(spotlight):
            return None, spotlight
        return Spotlight.objects.get(pk=spotlight.pk), spotlight

    def changed_since_read(self, request, spotlight):
        """The page posted the version it showed; a save since means the reader has not seen
        what the button would act on."""
        current = (
            Spotlight.objects.select_for_update()
            .filter(pk=spotlight.pk)
            .values_list("version", flat=True)
            .first()
        )
        if request.POST.get("version") == str(current):
            return False
        self.message_user(
            request,
            gettext(
                "The spotlight was saved again after you opened this page: nothing was done. "
                "Read the changes below, then decide again."
            ),
            messages.ERROR,
        )
        return True

    def review_view(self, request, object_id):
        """An editor reads the submitted work beside what is published, then publishes it or
        sends it back with a comment."""
        spotlight = self.workflow_object(request, object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        review = Review.objects.filter(spotlight=spotlight).select_related("submitted_by").first()
        form = RequestChangesForm(request.POST or None)
        if request.method == "POST":
            with transaction.atomic():
                if self.changed_since_read(request, spotlight):
                    return HttpResponseRedirect(request.path)
                if "_approve" in request.POST and self.approve(request, spotlight):
                    return HttpResponseRedirect(reverse("admin:spotlights_spotlight_changelist"))
                if "_request_changes" in request.POST and review is not None and form.is_valid():
                    told = spotlight_request_changes(
                        spotlight=spotlight,
                        user=request.user,
                        comment=form.cleaned_data["comment"],
                    )
                    self.message_user(
                        request,
                        gettext("Changes requested: the author has been emailed."),
                        messages.SUCCESS,
                    )
                    if not told:
                        self.email_failed(request)
                    return HttpResponseRedirect(reverse("admin:spotlights_spotlight_changelist"))
        published, working = self.published_and_draft(spotlight)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": spotlight,
            "title": gettext("Review"),
            "subtitle": str(spotlight),
            "review": review,
            "form": form,
            "changes": changes_between(published, working) if published else None,
            "preview_links": self.preview_links(spotlight),
            "missing": working.missing_translations(),
        }
        return TemplateResponse(request, "admin/spotlights/spotlight/review.html", context)

    def discard_view(self, request, object_id):
        spotlight = self.workflow_object(request, object_id)
        if not self.has_change_permission(request, spotlight):
            raise PermissionDenied
        if spotlight.working_draft is None:
            raise Http404  # nothing to discard
        change_url = reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])
        if request.method == "POST":
            with transaction.atomic():
                if self.changed_since_read(request, spotlight):
                    return HttpResponseRedirect(request.path)
                spotlight_discard_draft(spotlight=spotlight)
                Review.objects.filter(spotlight=spotlight).delete()
            self.message_user(
                request,
                gettext("The unpublished changes were discarded; the published version stays."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        published, working = self.published_and_draft(spotlight)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": spotlight,
            "title": gettext("Discard the unpublished changes?"),
            "subtitle": str(spotlight),
            "changes": changes_between(published, working),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/spotlights/spotlight/discard.html", context)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        spotlight = context.get("original")
        form = context["adminform"].form
        context.update(
            {
                "may_publish": self.has_publish_permission(request),
                "working_draft": getattr(spotlight, "working_draft", None),
                "review": Review.objects.filter(spotlight=spotlight).first()
                if spotlight
                else None,
                "stale_translations": getattr(form, "stale_translations", []),
            }
        )
        return super().render_change_form(request, context, add, change, **kwargs)
