import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from rest_framework.routers import DefaultRouter

from cities.api import (
    ApiRootView,
    CityViewSet,
    CountryViewSet,
    OpenApiSchemaView,
    RegionViewSet,
    api_not_found,
)
from cities.exports import CityCsvView, CityGeoJsonView, DataPackageView
from cities.sitemaps import CitySitemap, RegionSitemap, StaticPagesSitemap
from core.csp import csp_report
from core.health import healthz, readyz
from core.sitemaps import RobotsView, sitemap_index, sitemap_section
from networks.api import AcceleratorViewSet, InitiativeAreaViewSet, NetworkViewSet
from networks.sitemaps import AcceleratorSitemap, InitiativeAreaSitemap, NetworkSitemap
from sitesearch.api import SearchApiView
from spotlights.api import SpotlightViewSet
from spotlights.sitemaps import SpotlightSitemap

sitemaps = {
    "pages": StaticPagesSitemap,
    "cities": CitySitemap,
    "regions": RegionSitemap,
    "initiatives": InitiativeAreaSitemap,
    "networks": NetworkSitemap,
    "accelerators": AcceleratorSitemap,
    "spotlights": SpotlightSitemap,
}

api = DefaultRouter()
api.APIRootView = ApiRootView
api.include_format_suffixes = False  # JSON only; `.csv` and `.geojson` are the exports below
api.register("cities", CityViewSet, basename="city")
api.register("regions", RegionViewSet, basename="region")
api.register("countries", CountryViewSet, basename="country")
api.register("initiative-areas", InitiativeAreaViewSet, basename="initiative-area")
api.register("networks", NetworkViewSet, basename="network")
api.register("accelerators", AcceleratorViewSet, basename="accelerator")
api.register("spotlights", SpotlightViewSet, basename="spotlight")
api_urls = [
    path("openapi.json", OpenApiSchemaView.as_view(), name="openapi"),
    path("cities.csv", CityCsvView.as_view(), name="city-csv"),
    path("cities.geojson", CityGeoJsonView.as_view(), name="city-geojson"),
    path("datapackage.json", DataPackageView.as_view(), name="datapackage"),
    path("search/", SearchApiView.as_view(), name="search"),
    *api.urls,
]

urlpatterns = [
    # Answered by core.health.HealthCheckMiddleware before any other middleware; named here
    # for reverse() and the fuzz tests.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("csp-report/", csp_report, name="csp-report"),
    path("api/v1/", include((api_urls, "api"))),
    re_path(r"^api/", api_not_found, name="api-not-found"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
    *(
        path(
            f"sitemap-{section}.xml",
            sitemap_section,
            {"sitemaps": sitemaps, "section": section},
            name=f"sitemap-{section}",
        )
        for section in sitemaps
    ),
    path("robots.txt", RobotsView.as_view(), name="robots"),
]
urlpatterns += i18n_patterns(
    path("", include("cities.urls")),
    path("", include("networks.urls")),
    path("spotlights/", include("spotlights.urls")),
    path("", include("sitesearch.urls")),
    prefix_default_language=True,
)
if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
