from django.conf import settings
from django.urls import translate_url
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.translation import get_language_info, override, pgettext_lazy

from core.public_url import public_request_url, public_url

# Each language's catalogue names its Open Graph locale (language_TERRITORY, as og:locale wants).
OPEN_GRAPH_LOCALE = pgettext_lazy("Open Graph locale of this translation", "en_GB")


def language_links(request):
    """This page's absolute address, and links to it (and its query string) in every site
    language; absolute URLs come from settings.C40_PUBLIC_URL, never from the request."""
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    links = []
    for code, _name in settings.LANGUAGES:
        # Encoded again: on a 404 the path comes back as typed, decoded, even with NUL bytes.
        url = escape_uri_path(translate_url(request.path, code))
        if query:
            url = f"{url}?{query}"
        with override(code):
            og_locale = str(OPEN_GRAPH_LOCALE)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": public_url(url),
                "og_locale": og_locale,
            }
        )
    return {"language_links": links, "page_url": public_request_url(request)}
