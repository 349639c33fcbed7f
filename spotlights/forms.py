from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.languages import default_column, language_codes
from spotlights.drafts import is_live
from spotlights.freshness import confirmation_label, stale_translations
from spotlights.images import clean_upload
from spotlights.models import (
    TRANSLATED_FIELDS,
    WRITTEN_FIELDS,
    Spotlight,
    SpotlightDraft,
    SpotlightImage,
    field_label,
    incomplete_translation_error,
    translation_columns,
)
from spotlights.services import slugs_in_drafts, unique_spotlight_slug


class SpotlightAdminForm(forms.ModelForm):
    """Refuses a save based on an out-of-date copy (optimistic locking on `Spotlight.version`)."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Set by the admin for each request.
    user = None
    is_restoring = False
    publishing = False  # the "Publish" button was pressed

    class Meta:
        model = Spotlight
        fields = [
            "city",
            "title",
            "summary",
            "body",
            "initiative_areas",
            "source",
            "key_figure",
            "key_figure_label",
            "status",
            "published_at",
            "unpublish_at",
            "slug",
        ]
        widgets = {"initiative_areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        if self.is_restoring and (instance := kwargs.get("instance")) is not None:
            keep_publication_as_stored(instance)
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        if (areas := getattr(self.instance, "draft_areas", None)) is not None:
            self.initial["initiative_areas"] = areas  # the working draft's, not the published
        # A published spotlight's save is its working draft: it may be incomplete.
        self.instance.saving_as_draft = (
            self.instance.pk is not None and is_live(self.instance) and not self.publishing
        )
        self.add_translation_confirmations()
        # A draft may be written in one language; Spotlight.clean checks both before publishing.
        for name in translation_columns():
            if name in self.fields:
                self.fields[name].required = False
        # A summary or a source is a sentence or two: a box that shows it whole, not one line.
        for name in translation_columns("summary", "source"):
            if field := self.fields.get(name):
                field.widget = forms.Textarea(attrs={"rows": 3, "maxlength": field.max_length})
        # Side by side, each box names its language and says it (fonts, spelling, readers).
        for code in language_codes():
            for name in (*TRANSLATED_FIELDS, "key_figure", "key_figure_label"):
                column = build_localized_fieldname(name, code)
                if field := self.fields.get(column):
                    field.label = capfirst(field_label(column))
                    field.widget.attrs["lang"] = code
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Left empty, it is made from the English title.")

    def add_translation_confirmations(self):
        """Out-of-date translations are marked at their field, each with a box to confirm
        that it still matches (spotlights/freshness.py)."""
        values = {
            name: getattr(self.instance, name) for name in translation_columns(*WRITTEN_FIELDS)
        }
        self.stale_translations = stale_translations(values, self.instance.translation_sync or {})
        if not self.stale_translations:
            return
        for stale in self.stale_translations:
            if field := self.fields.get(stale["column"]):
                field.widget.attrs["class"] = "out-of-date"
                field.help_text = _(
                    "Out of date: the text in the other language changed since this was last "
                    "brought in line with it. Update it, or confirm it below."
                )
        self.fields["confirm_translations"] = forms.MultipleChoiceField(
            label=_("Translations still correct"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[
                (
                    f"{stale['field']}:{stale['language']}",
                    confirmation_label(stale["field"], stale["language"]),
                )
                for stale in self.stale_translations
            ],
        )

    def confirmed_translations(self):
        return {
            tuple(choice.split(":", 1))
            for choice in self.cleaned_data.get("confirm_translations") or ()
        }

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            self.check_not_changed_meanwhile()
        self.check_may_change_status()
        self.check_complete_for_publishing()
        if not any(cleaned_data.get(name) for name in translation_columns("title")):
            raise ValidationError(
                _("Give the spotlight a title in at least one language."), code="no_title"
            )
        if "slug" in self.fields and not cleaned_data.get("slug") and cleaned_data.get("city"):
            cleaned_data["slug"] = unique_spotlight_slug(
                title=cleaned_data.get(default_column("title")) or "",
                city=cleaned_data["city"],
                exclude_pk=self.instance.pk,
            )
        elif cleaned_data.get("slug") in slugs_in_drafts(exclude_pk=self.instance.pk):
            self.add_error(
                "slug",
                _("Another spotlight's unpublished changes use this address; choose another."),
            )
        return cleaned_data

    def check_not_changed_meanwhile(self):
        # The admin saves inside a transaction: the row stays locked until this save commits.
        current = (
            Spotlight.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None:
            raise ValidationError(
                _("Someone deleted this spotlight while you were editing it."), code="deleted"
            )
        seen = self.cleaned_data.get("seen_version")
        if seen != current and not self.is_restoring:
            # Saving again, after reading the warning, deliberately replaces the other version
            # (which stays in the history).
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = str(current)
            raise ValidationError(conflict_message(self.instance.pk, seen), code="edit_conflict")
        self.instance.version = current

    def check_complete_for_publishing(self):
        """Publishing needs every publishable field in both languages: each empty one is
        marked where it is, in its language's column."""
        publishing = self.publishing or (
            self.cleaned_data.get("status") == Spotlight.Status.PUBLISHED
            and self.initial.get("status") != Spotlight.Status.PUBLISHED
        )
        if not publishing:
            return
        if (
            self.publishing
            and self.user is not None
            and not self.user.has_perm("spotlights.publish_spotlight")
        ):
            raise ValidationError(_("You may save drafts but not publish."), code="no_publish")
        empty = [
            name
            for name in translation_columns()
            if name in self.fields and not self.cleaned_data.get(name)
        ]
        for name in empty:
            self.add_error(name, _("Needed before publishing."))
        if empty:
            raise incomplete_translation_error([field_label(name) for name in empty])

    def check_may_change_status(self):
        if "status" not in self.fields:
            return  # read-only for this person (a contributor, on a published spotlight)
        status = self.cleaned_data.get("status")
        stored = self.initial.get("status", Spotlight.Status.DRAFT)
        if status == stored:
            return
        if self.user is not None and not self.user.has_perm("spotlights.publish_spotlight"):
            self.add_error("status", _("You may save drafts but not publish or unpublish."))


PUBLICATION_FIELDS = ("status", "published_at", "unpublish_at")


def keep_publication_as_stored(spotlight):
    """Restoring an old version restores its text, not its status or publication times: an
    old draft restored must not unpublish the spotlight (nor an old publication publish it)."""
    stored = Spotlight.objects.filter(pk=spotlight.pk).values(*PUBLICATION_FIELDS).first()
    for name, value in (stored or {}).items():
        setattr(spotlight, name, value)


def conflict_message(spotlight_id, seen_version):
    history = Spotlight.history.filter(id=spotlight_id).select_related("history_user")
    latest = history.order_by("-history_date").first()
    message = gettext(
        "Not saved: someone else saved this spotlight after you opened it. "
        "Your text is still in the form below; nothing has been lost."
    )
    draft = SpotlightDraft.objects.filter(spotlight=spotlight_id).select_related("author").first()
    if draft is not None and (latest is None or draft.updated_at > latest.history_date):
        message += " " + gettext("Last saved by %(user)s on %(date)s.") % {
            "user": draft.author or gettext("an unknown user"),
            "date": formats.date_format(draft.updated_at, "DATETIME_FORMAT"),
        }
    elif latest is not None:
        message += " " + gettext("Last saved by %(user)s on %(date)s.") % {
            "user": latest.history_user or gettext("an unknown user"),
            "date": formats.date_format(latest.history_date, "DATETIME_FORMAT"),
        }
        seen = history.filter(version=seen_version).order_by("-history_date").first()
        if seen is not None:
            changed = latest.diff_against(seen).changed_fields
            if changed:
                labels = [str(field_label(name)) for name in changed]
                message += " " + gettext("They changed: %(fields)s.") % {
                    "fields": gettext(", ").join(labels)
                }
    return (
        message
        + " "
        + gettext(
            "Compare with their version in the history, then save again to replace it with yours."
        )
    )


class SpotlightImageForm(forms.ModelForm):
    # A plain file field: clean_upload checks it and says what is wrong, unlike Django's.
    image = forms.FileField(
        label=capfirst(_("image")),
        help_text=SpotlightImage._meta.get_field("image").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = SpotlightImage
        fields = ["image", "alt", "credit", "position"]

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if isinstance(upload, UploadedFile):
            return clean_upload(upload)
        return upload


class DraftAwareImageFormSet(forms.BaseInlineFormSet):
    """While the admin saves a published spotlight's working draft, photo changes wait for the
    draft's publication: a new photo is kept as added, a removed one stays public marked as
    removed, and an edited one becomes an added copy of it with the old one marked removed."""

    @property
    def drafting(self):
        return getattr(self.instance, "saving_draft_now", False)

    def save_new(self, form, commit=True):
        if self.drafting:
            form.instance.pending = SpotlightImage.Pending.ADDED
        return super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        if self.drafting and obj.pending != SpotlightImage.Pending.ADDED:
            SpotlightImage.objects.filter(pk=obj.pk).update(pending=SpotlightImage.Pending.REMOVED)
            obj.pk = None
            obj._state.adding = True
            obj.pending = SpotlightImage.Pending.ADDED
        return super().save_existing(form, obj, commit)

    def delete_existing(self, obj, commit=True):
        if self.drafting and obj.pending != SpotlightImage.Pending.ADDED:
            if commit:
                SpotlightImage.objects.filter(pk=obj.pk).update(
                    pending=SpotlightImage.Pending.REMOVED
                )
            return
        super().delete_existing(obj, commit)
