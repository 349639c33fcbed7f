from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.languages import default_column, language_codes
from spotlights.images import clean_upload
from spotlights.models import (
    TRANSLATED_FIELDS,
    Spotlight,
    SpotlightImage,
    field_label,
    translation_columns,
)
from spotlights.services import unique_spotlight_slug


class SpotlightAdminForm(forms.ModelForm):
    """Refuses a save based on an out-of-date copy (optimistic locking on `Spotlight.version`)."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Set by the admin for each request.
    user = None
    is_restoring = False

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
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
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

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None:
            self.check_not_changed_meanwhile()
        self.check_may_change_status()
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

    def check_may_change_status(self):
        status = self.cleaned_data.get("status")
        stored = self.initial.get("status", Spotlight.Status.DRAFT)
        if status == stored:
            return
        if self.user is not None and not self.user.has_perm("spotlights.publish_spotlight"):
            self.add_error("status", _("You may save drafts but not publish or unpublish."))


def conflict_message(spotlight_id, seen_version):
    history = Spotlight.history.filter(id=spotlight_id).select_related("history_user")
    latest = history.order_by("-history_date").first()
    message = gettext(
        "Not saved: someone else saved this spotlight after you opened it. "
        "Your text is still in the form below; nothing has been lost."
    )
    if latest is not None:
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
