from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cities.opendata import attribution_text
from core.public_url import public_url
from spotlights.models import Spotlight

FEED_LENGTH = 20


class PlainTextSummaryAtomFeed(Atom1Feed):
    """Atom whose entry summaries are declared plain text, which they are.

    Django declares every summary `type="html"`, so a reader would render a summary such as
    `<img src=x onerror=…>` as markup."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class LatestSpotlightsFeed(Feed):
    """The newest published spotlights, in the language of the URL (/en/ or /zh-hans/)."""

    feed_type = PlainTextSummaryAtomFeed

    def title(self):
        return _("New C40 city spotlights")

    def subtitle(self):
        return _("Case studies of climate action in C40 cities, newest first.")

    # Absolute addresses from settings.C40_PUBLIC_URL: Django would build them from the
    # request's Host, and the feed is cached for everyone.
    def link(self):
        return public_url(reverse("spotlights:spotlight-list"))

    def feed_url(self):
        return public_url(reverse("spotlights:feed"))

    def item_link(self, spotlight):
        return public_url(spotlight.get_absolute_url())

    def author_name(self):
        return _("C40 Cities Climate Leadership Group")

    def feed_copyright(self):
        return attribution_text()

    def items(self):
        return (
            Spotlight.objects.published()
            .with_city()
            .prefetch_related("initiative_areas")[:FEED_LENGTH]
        )

    def item_title(self, spotlight):
        return spotlight.title

    def item_description(self, spotlight):
        return spotlight.summary

    def item_pubdate(self, spotlight):
        return spotlight.published_at

    def item_updateddate(self, spotlight):
        return spotlight.updated_at

    def item_categories(self, spotlight):
        return [
            spotlight.city.region.name,
            *(area.name for area in spotlight.initiative_areas.all()),
        ]
