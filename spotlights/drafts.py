"""Working drafts of published spotlights.

Saving a published spotlight writes its SpotlightDraft, not the row the public page reads;
photo changes wait as `pending` image rows. Publishing applies all of it in one transaction
(one save of the row: one history entry, one renewal of the cached pages); discarding throws
it away. A spotlight that is not published has no draft: its row is the work in progress.
"""

from django.db import models, transaction
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from core.languages import language_codes
from networks.models import InitiativeArea
from spotlights.freshness import out_of_date, updated_sync
from spotlights.models import WRITTEN_FIELDS, Review, Spotlight, SpotlightDraft, SpotlightImage

DRAFTED_COLUMNS = (
    "city_id",
    "slug",
    *(
        build_localized_fieldname(field, code)
        for field in WRITTEN_FIELDS
        for code in language_codes()
    ),
)


def is_live(spotlight):
    """Published as stored (a form may change its status in memory): read once per loaded
    object, though the admin asks at every permission check of the page and its inline."""
    if not hasattr(spotlight, "_live_as_stored"):
        stored = Spotlight.objects.filter(pk=spotlight.pk, status=Spotlight.Status.PUBLISHED)
        spotlight._live_as_stored = spotlight.pk is not None and stored.exists()
    return spotlight._live_as_stored


def written_values(spotlight):
    """The drafted columns' values; an empty text is "" (a form may give None)."""
    values = {column: getattr(spotlight, column) for column in DRAFTED_COLUMNS}
    return {
        column: "" if value is None and column != "city_id" else value
        for column, value in values.items()
    }


def stored_draft(spotlight):
    try:
        return spotlight.draft
    except SpotlightDraft.DoesNotExist:
        return None


def apply_draft(spotlight):
    """The spotlight as its draft has it, in memory; the draft's initiative areas (ids) in
    `draft_areas`. Returns the draft, or None (the spotlight unchanged)."""
    draft = stored_draft(spotlight)
    if draft is None:
        return None
    for column in DRAFTED_COLUMNS:
        if column in draft.content:
            setattr(spotlight, column, draft.content[column])
    spotlight.translation_sync = draft.content.get("translation_sync", {})
    spotlight.translation_out_of_date = draft.translation_out_of_date
    spotlight.draft_areas = draft.content.get("initiative_areas", [])
    return draft


def show_draft(spotlight):
    """Make `spotlight.initiative_areas.all` and `spotlight.images.all` read as the draft has
    them (a preview), not as published."""
    areas = getattr(spotlight, "draft_areas", None)
    cache = spotlight.__dict__.setdefault("_prefetched_objects_cache", {})
    if areas is not None:
        cache["initiative_areas"] = InitiativeArea.objects.filter(pk__in=areas)
    cache["images"] = SpotlightImage.objects.filter(spotlight=spotlight).in_draft()


def record_sync(spotlight, before, confirmed=(), version=None):
    """Update the spotlight's translation sync (in memory) for a save from `before`."""
    after = written_values(spotlight)
    spotlight.translation_sync = updated_sync(
        before=before,
        after=after,
        sync=spotlight.translation_sync or {},
        version=spotlight.version if version is None else version,
        confirmed=confirmed,
    )
    spotlight.translation_out_of_date = bool(out_of_date(after, spotlight.translation_sync))


def stored_values(spotlight):
    """The written columns as last saved: the draft's, or the row's."""
    stored = Spotlight.objects.get(pk=spotlight.pk)
    draft = stored_draft(stored)
    return {**written_values(stored), **(draft.content if draft else {})}


@transaction.atomic
def spotlight_save_draft(*, spotlight, areas, user, confirmed=()):
    """Keep the form's values of a published spotlight as its working draft. The row keeps
    the published text; only its version moves on, so that a form opened before this save
    is refused (optimistic locking)."""
    spotlight.normalize_fields()  # sanitised bodies, full-width Chinese punctuation: as saved
    record_sync(spotlight, stored_values(spotlight), confirmed)
    content = {
        **written_values(spotlight),
        "initiative_areas": sorted(area.pk for area in areas),
        "translation_sync": spotlight.translation_sync,
    }
    Spotlight.objects.filter(pk=spotlight.pk).update(version=models.F("version") + 1)
    spotlight.version += 1
    SpotlightDraft.objects.update_or_create(
        spotlight=spotlight,
        defaults={
            "content": content,
            "author": user,
            "translation_out_of_date": spotlight.translation_out_of_date,
        },
        create_defaults={
            "content": content,
            "author": user,
            "translation_out_of_date": spotlight.translation_out_of_date,
            "based_on_version": spotlight.version - 1,
        },
    )


def drop_draft_if_unchanged(spotlight):
    """A draft identical to the published spotlight, photos included, is no draft."""
    draft = SpotlightDraft.objects.filter(spotlight=spotlight).first()
    if draft is None:
        return
    live = Spotlight.objects.get(pk=spotlight.pk)
    same_text = all(
        draft.content.get(column) == value for column, value in written_values(live).items()
    )
    same_areas = draft.content.get("initiative_areas") == sorted(
        live.initiative_areas.values_list("pk", flat=True)
    )
    photos_pending = live.images.exclude(pending="").exists()
    if same_text and same_areas and not photos_pending:
        # Nothing for the public to wait for; a translation confirmed meanwhile is kept.
        Spotlight.objects.filter(pk=live.pk).update(
            translation_sync=draft.content.get("translation_sync", live.translation_sync),
            translation_out_of_date=draft.translation_out_of_date,
        )
        Review.objects.filter(spotlight=live).delete()  # nothing left to review
        draft.delete()


def settle_images(spotlight):
    """The draft's photo changes become the published ones."""
    spotlight.images.filter(pending=SpotlightImage.Pending.REMOVED).delete()
    spotlight.images.filter(pending=SpotlightImage.Pending.ADDED).update(pending="")


@transaction.atomic
def spotlight_publish_draft(*, spotlight, user):
    """Apply the working draft to the published spotlight. Returns the missing translations
    (nothing applied) or []."""
    live = Spotlight.objects.select_for_update().get(pk=spotlight.pk)
    draft = apply_draft(live)
    if draft is None:
        return []
    if missing := live.missing_translations():
        return missing
    if slug_taken(live):
        return [
            gettext("a free address (“%(slug)s” is another spotlight’s)") % {"slug": live.slug}
        ]
    fold_in(live, draft, user)
    return []


def slug_taken(spotlight):
    return Spotlight.objects.exclude(pk=spotlight.pk).filter(slug=spotlight.slug).exists()


def fold_in(spotlight, draft, user):
    """Save `spotlight` (the draft applied to it) and end the draft."""
    settle_images(spotlight)
    # One history entry for the publication (the save below records the areas with it), not
    # one more per changed link.
    spotlight.skip_history_when_saving = True
    spotlight.initiative_areas.set(spotlight.draft_areas)
    del spotlight.skip_history_when_saving
    spotlight._history_user = user
    spotlight.save()
    draft.delete()


def spotlight_fold_draft(*, spotlight, user):
    """A spotlight going back to being a draft takes its working draft's content: the
    unpublished row is the work in progress now."""
    draft = apply_draft(spotlight)
    if draft is not None:
        if slug_taken(spotlight):
            spotlight.slug = Spotlight.objects.values_list("slug", flat=True).get(pk=spotlight.pk)
        fold_in(spotlight, draft, user)


@transaction.atomic
def spotlight_discard_draft(*, spotlight):
    """Throw the working draft away: the published spotlight stays as it is."""
    spotlight.images.filter(pending=SpotlightImage.Pending.ADDED).delete()
    spotlight.images.filter(pending=SpotlightImage.Pending.REMOVED).update(pending="")
    SpotlightDraft.objects.filter(spotlight=spotlight).delete()
    Spotlight.objects.filter(pk=spotlight.pk).update(version=models.F("version") + 1)
