from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cities.opendata import attribution_text
from spotlights.models import Spotlight

FEED_LENGTH = 20


class LatestSpotlightsFeed(Feed):
    """The newest published spotlights, in the language of the URL (/en/ or /zh-hans/)."""

    feed_type = Atom1Feed

    def title(self):
        return _("New C40 city spotlights")

    def subtitle(self):
        return _("Case studies of climate action in C40 cities, newest first.")

    def link(self):
        return reverse("spotlights:spotlight-list")

    def feed_url(self):
        return reverse("spotlights:feed")

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
