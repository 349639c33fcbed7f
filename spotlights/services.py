"""Editorial writes: publishing and unpublishing, recorded in the history as the editor's."""

from django.db import transaction
from django.utils.text import slugify

from spotlights.models import Spotlight


def locked(spotlights):
    """The same rows, plainly selected and locked: a changelist queryset may be DISTINCT."""
    return Spotlight.objects.filter(pk__in=spotlights.values("pk")).select_for_update()


def spotlight_set_status(*, spotlight, status, user):
    spotlight.status = status
    spotlight._history_user = user
    spotlight.save()


@transaction.atomic
def spotlights_publish(*, spotlights, user):
    """Publish the complete spotlights; return (published, {incomplete one: missing fields})."""
    published, refused = [], {}
    for spotlight in locked(spotlights):
        if missing := spotlight.missing_translations():
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


def unique_spotlight_slug(*, title, city, exclude_pk=None):
    """A free slug from the English title, or from the city when the title gives none."""
    base = slugify(title)[:80] or f"{city.slug}-spotlight"
    taken = set(
        Spotlight.objects.exclude(pk=exclude_pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
