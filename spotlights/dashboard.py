"""The editorial panels of the admin index (core/admin_site.py): what awaits the signed-in
person's review, their drafts, work sent back, out-of-date translations, what is scheduled
and what was published lately."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spotlights.models import Spotlight

SHOWN = 6


def when(moment):
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def change_url(spotlight):
    return reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])


def review_url(spotlight):
    return reverse("admin:spotlights_spotlight_review", args=[spotlight.pk])


def panel(key, title, spotlights, empty, filter_query, link=change_url, note=None):
    spotlights = spotlights.order_by().select_related("city")
    items = [
        {"label": str(spotlight), "url": link(spotlight), "note": note(spotlight) if note else ""}
        for spotlight in spotlights.order_by("-updated_at", "pk")[:SHOWN]
    ]
    all_url = reverse("admin:spotlights_spotlight_changelist") + "?" + urlencode(filter_query)
    return {
        "key": key,
        "title": title,
        "items": items,
        "count": spotlights.count(),
        "empty": empty,
        "all_url": all_url,
    }


def submitted_note(spotlight):
    review = spotlight.review
    return gettext("%(person)s, %(when)s") % {
        "person": review.submitted_by or gettext("someone"),
        "when": when(review.submitted_at),
    }


def schedule_note(spotlight):
    now = timezone.now()
    if spotlight.published_at and spotlight.published_at > now:
        return gettext("Appears %(when)s") % {"when": when(spotlight.published_at)}
    return gettext("Comes down %(when)s") % {"when": when(spotlight.unpublish_at)}


def editorial_panels(request):
    user = request.user
    if not user.has_perm("spotlights.view_spotlight"):
        return []
    spotlights = Spotlight.objects.all()
    may_publish = user.has_perm("spotlights.publish_spotlight")
    requested = spotlights.changes_requested()
    if not may_publish:
        requested = requested.filter(review__submitted_by=user)
    panels = []
    if may_publish:
        panels.append(
            panel(
                "review",
                _("Awaiting my review"),
                spotlights.awaiting_review().select_related("review__submitted_by"),
                _("Nothing is waiting for review."),
                {"work": "review"},
                link=review_url,
                note=submitted_note,
            )
        )
    panels += [
        panel(
            "drafts",
            _("My drafts"),
            spotlights.drafted_by(user),
            _("You have no unpublished work."),
            {"work": "draft"},
        ),
        panel(
            "changes",
            _("Changes requested"),
            requested,
            _("No work was sent back."),
            {"work": "changes"},
        ),
        panel(
            "translations",
            _("Translations out of date"),
            spotlights.translation_out_of_date(),
            _("Every translation is up to date."),
            {"work": "outdated"},
        ),
        panel(
            "scheduled",
            _("Scheduled"),
            spotlights.scheduled(),
            _("Nothing is scheduled."),
            {"work": "scheduled"},
            note=schedule_note,
        ),
        panel(
            "published",
            _("Recently published"),
            spotlights.recently_published(),
            _("Nothing is published yet."),
            {"status": Spotlight.Status.PUBLISHED},
            note=lambda spotlight: when(spotlight.updated_at),
        ),
    ]
    return panels
