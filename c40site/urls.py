import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve

from cities.sitemaps import CitySitemap, RegionSitemap, StaticPagesSitemap
from networks.sitemaps import AcceleratorSitemap, InitiativeAreaSitemap, NetworkSitemap
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

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
urlpatterns += i18n_patterns(
    path("", include("cities.urls")),
    path("", include("networks.urls")),
    path("spotlights/", include("spotlights.urls")),
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
