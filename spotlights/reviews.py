"""Review: a contributor submits unpublished work; an editor publishes it (approves) or sends
it back with a comment. Each step emails the people concerned, in both site languages."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.public_url import public_url
from spotlights.drafts import apply_draft, spotlight_publish_draft
from spotlights.models import Review, Spotlight, SpotlightDraft
from spotlights.services import spotlights_publish

logger = logging.getLogger(__name__)


def publishers():
    """Active staff who may publish spotlights and have an email address."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    permission = Q(codename="publish_spotlight", content_type__app_label="spotlights")
    return users.filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=permission_ids(permission))
        | Q(groups__permissions__in=permission_ids(permission))
    ).distinct()


def permission_ids(condition):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(condition).values("pk")


@transaction.atomic
def spotlight_submit(*, spotlight, user):
    review, _created = Review.objects.update_or_create(
        spotlight=spotlight,
        defaults={
            "state": Review.State.SUBMITTED,
            "submitted_by": user,
            "submitted_at": timezone.now(),
        },
    )
    recipients = [person.email for person in publishers() if person != user]
    return notify(recipients, "submitted", spotlight, review, user)


@transaction.atomic
def spotlight_request_changes(*, spotlight, user, comment):
    review = Review.objects.select_for_update().get(spotlight=spotlight)
    review.state = Review.State.CHANGES_REQUESTED
    review.reviewed_by = user
    review.comment = comment
    review.save()
    return notify(
        author_emails(review, spotlight, exclude=user),
        "changes_requested",
        spotlight,
        review,
        user,
    )


@transaction.atomic
def spotlight_approve(*, spotlight, user):
    """Publish the spotlight's unpublished work; returns the missing translations ([] when
    published) and whether the people concerned were told."""
    draft_author = draft_author_of(spotlight)  # read before publishing ends the draft
    if spotlight.is_published:
        missing = spotlight_publish_draft(spotlight=spotlight, user=user)
    else:
        _published, refused = spotlights_publish(
            spotlights=Spotlight.objects.filter(pk=spotlight.pk), user=user
        )
        missing = next(iter(refused.values()), [])
    if missing:
        return missing, True
    return [], close_review(spotlight, user, draft_author)


def spotlights_close_reviews(*, spotlights, user, draft_authors):
    """After a bulk publication: the reviews of what was published are done; their authors
    are told. Returns whether every email went."""
    told = [
        close_review(spotlight, user, draft_authors.get(spotlight.pk)) for spotlight in spotlights
    ]
    return all(told)  # every review closed first: all() over a generator would stop early


def close_review(spotlight, user, draft_author):
    review = Review.objects.filter(spotlight=spotlight).select_related("submitted_by").first()
    if review is None:
        return True
    review.delete()
    people = {review.submitted_by, draft_author} - {None, user}
    recipients = sorted(person.email for person in people if person.email)
    return notify(recipients, "approved", spotlight, review, user)


def draft_author_of(spotlight):
    return getattr(
        SpotlightDraft.objects.filter(spotlight=spotlight).select_related("author").first(),
        "author",
        None,
    )


def draft_authors(spotlights):
    """{spotlight pk: the author of its working draft}, read before a bulk publication."""
    drafts = SpotlightDraft.objects.filter(spotlight__in=spotlights).select_related("author")
    return {draft.spotlight_id: draft.author for draft in drafts}


def author_emails(review, spotlight, exclude):
    people = {review.submitted_by, draft_author_of(spotlight)} - {None, exclude}
    return sorted(person.email for person in people if person.email)


def notify(recipients, event, spotlight, review, actor):
    """Email `recipients` about `event`: one message, English then Chinese. Returns False if
    the mail server refused it (the step itself stands)."""
    if not recipients:
        return True
    spotlight = Spotlight.objects.select_related("draft").get(pk=spotlight.pk)
    apply_draft(spotlight)
    context = {
        "spotlight": spotlight,
        "review": review,
        "actor": actor.get_full_name() or actor.get_username() if actor else "",
        "change_url": public_url(
            reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])
        ),
        "review_url": public_url(
            reverse("admin:spotlights_spotlight_review", args=[spotlight.pk])
        ),
    }
    subjects, bodies = [], []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            subject = render_to_string(f"spotlights/emails/{event}_subject.txt", context)
            subjects.append(" ".join(subject.split()))  # a title's line break ends no header
            bodies.append(render_to_string(f"spotlights/emails/{event}.txt", context).strip())
    try:
        send_mail(
            subject=" / ".join(subjects),
            message="\n\n――――\n\n".join(bodies) + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    except Exception:
        logger.exception("Review email not sent", extra={"event": event})
        return False
    return True
