from django.urls import reverse

from cities.models import City, Region
from core.sitemaps import BilingualSitemap


class StaticPagesSitemap(BilingualSitemap):
    priority = 0.8

    def items(self):
        return [
            "cities:home",
            "cities:city-list",
            "cities:region-list",
            "spotlights:spotlight-list",
            "networks:initiative-list",
            "networks:network-list",
            "networks:accelerator-list",
            "networks:about",
            "networks:sources",
        ]

    def location(self, item):
        return reverse(item)


class CitySitemap(BilingualSitemap):
    def items(self):
        return City.objects.order_by("slug").only("slug")


class RegionSitemap(BilingualSitemap):
    def items(self):
        return Region.objects.all()
