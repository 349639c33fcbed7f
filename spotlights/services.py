"""Editorial writes: publishing and unpublishing, recorded in the history as the editor's."""

from django.db import transaction
from django.utils.text import slugify

from core.pagecache import invalidate_pages
from spotlights.drafts import spotlight_fold_draft, spotlight_publish_draft, stored_draft
from spotlights.models import Spotlight, SpotlightDraft


def locked(spotlights):
    """The same rows, plainly selected and locked: a changelist queryset may be DISTINCT."""
    return Spotlight.objects.filter(pk__in=spotlights.values("pk")).select_for_update(of=("self",))


def spotlight_set_status(*, spotlight, status, user):
    spotlight.status = status
    if status == Spotlight.Status.DRAFT:
        spotlight.unpublish_at = None  # done, or made moot by the editor
        if stored_draft(spotlight) is not None:
            spotlight_fold_draft(spotlight=spotlight, user=user)  # the row is the work now
            return
    spotlight._history_user = user
    spotlight.save()


@transaction.atomic
def spotlights_publish(*, spotlights, user):
    """Publish the complete spotlights, and the working drafts of published ones; return
    (published, {incomplete one: missing fields})."""
    published, refused = [], {}
    for spotlight in locked(spotlights).select_related("draft"):
        if spotlight.is_published and hasattr(spotlight, "draft"):
            if missing := spotlight_publish_draft(spotlight=spotlight, user=user):
                refused[spotlight] = missing
            else:
                published.append(spotlight)
        elif missing := spotlight.missing_translations():
            refused[spotlight] = missing
        elif not spotlight.is_published:
            spotlight_set_status(spotlight=spotlight, status=Spotlight.Status.PUBLISHED, user=user)
            published.append(spotlight)
    return published, refused


@transaction.atomic
def spotlights_unpublish(*, spotlights, user):
    """Turn published spotlights back into drafts; return those changed."""
    changed = []
    for spotlight in locked(spotlights).filter(status=Spotlight.Status.PUBLISHED):
        spotlight_set_status(spotlight=spotlight, status=Spotlight.Status.DRAFT, user=user)
        changed.append(spotlight)
    return changed


def spotlights_run_schedule(*, now, last_run):
    """What the minute brings: spotlights whose unpublication time has come become drafts
    (recorded as the schedule's doing), and if any scheduled publication time passed since
    `last_run`, every cached page is renewed so that they show. Returns (unpublished,
    appeared)."""
    unpublished = spotlights_unpublish(
        spotlights=Spotlight.objects.due_to_unpublish(now), user=None
    )
    appeared = list(Spotlight.objects.appearing_between(last_run, now))
    if appeared and not unpublished:  # an unpublish saved rows: the pages were renewed then
        invalidate_pages()
    return unpublished, appeared


def unique_spotlight_slug(*, title, city, exclude_pk=None):
    """A free slug from the English title, or from the city when the title gives none."""
    base = slugify(title)[:80] or f"{city.slug}-spotlight"
    taken = set(
        Spotlight.objects.exclude(pk=exclude_pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    ) | slugs_in_drafts(exclude_pk=exclude_pk, startswith=base)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def slugs_in_drafts(*, exclude_pk=None, startswith=""):
    """The addresses other spotlights' working drafts will publish: taken as well."""
    drafts = SpotlightDraft.objects.exclude(spotlight=exclude_pk)
    if startswith:
        drafts = drafts.filter(content__slug__startswith=startswith)
    return {slug for slug in drafts.values_list("content__slug", flat=True) if slug}
