from core.sitemaps import BilingualSitemap
from spotlights.models import Spotlight


class SpotlightSitemap(BilingualSitemap):
    def items(self):
        return Spotlight.objects.published().order_by("slug").only("slug", "updated_at")

    def lastmod(self, spotlight):
        return spotlight.updated_at
