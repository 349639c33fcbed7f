"""The sitemap: an index (/sitemap.xml) of paged sections (/sitemap-<section>.xml, ?p=2 on).

Each section page holds at most `BilingualSitemap.limit` items, each listed in every language
with its alternates, so a page renders in a fraction of a second however many cities there
are (the protocol allows 50 000 URLs and 50 MB a file; one page of everything did not scale).
Addresses come from settings.C40_PUBLIC_URL, never from the request: the pages are cached.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from core.public_url import public_url


class ItemsInEveryLanguage:
    """(item, language) pairs of a queryset, sliced lazily: a page loads its own rows only.

    Django's i18n sitemap builds the list of pairs for every row before it paginates."""

    def __init__(self, items, languages):
        self.items, self.languages = items, languages

    def __len__(self):
        count = len(self.items) if isinstance(self.items, list) else self.items.count()
        return count * len(self.languages)

    def count(self):
        return len(self)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Only slices of the pairs are read.")
        per_item = len(self.languages)
        start, stop = index.start or 0, index.stop
        rows = self.items[start // per_item : -(-stop // per_item)]
        pairs = [(item, language) for item in rows for language in self.languages]
        offset = start - (start // per_item) * per_item
        return pairs[offset : offset + (stop - start)]


class BilingualSitemap(Sitemap):
    """Every URL in both languages, each listing its alternates, on the public origin."""

    i18n = True
    alternates = True
    x_default = True
    limit = 2000  # URLs a page (an item gives one a language), each with its 3 alternates

    def _items(self):
        return ItemsInEveryLanguage(self.items(), self._languages())

    @property
    def paginator(self):
        return Paginator(self._items(), self.limit)

    def get_protocol(self, protocol=None):
        return urlsplit(settings.C40_PUBLIC_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.C40_PUBLIC_URL).netloc


def sitemap_index(request, sitemaps):
    """Every page of every section; a section's pages are counted, not rendered."""
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = public_url(reverse(f"sitemap-{section}"))
        for page in sitemap.paginator.page_range:
            entries.append(
                sitemap_views.SitemapIndexItem(location if page == 1 else f"{location}?p={page}")
            )
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


sitemap_index.query_parameters = frozenset()


def sitemap_section(request, sitemaps, section):
    """One page (`?p=`) of one section; a page past the end is a 404."""
    return sitemap_views.sitemap(request, sitemaps, section=section)


sitemap_section.query_parameters = frozenset({"p"})


class RobotsView(TemplateView):
    """robots.txt: everything may be crawled; where the sitemap is."""

    template_name = "robots.txt"
    content_type = "text/plain"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sitemap_url": public_url(reverse("sitemap")),
        }
