from cities.sitemaps import BilingualSitemap
from spotlights.models import Spotlight


class SpotlightSitemap(BilingualSitemap):
    def items(self):
        return Spotlight.objects.published().order_by("slug")

    def lastmod(self, spotlight):
        return spotlight.updated_at
