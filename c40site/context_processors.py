from django.conf import settings
from django.urls import translate_url
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.translation import get_language_info

OPEN_GRAPH_LOCALES = {"en": "en_GB", "zh-hans": "zh_CN"}


def language_links(request):
    """Links to this same page (and query string) in every site language."""
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    links = []
    for code, _name in settings.LANGUAGES:
        # Encoded again: on a 404 the path comes back as typed, decoded, even with NUL bytes.
        url = escape_uri_path(translate_url(request.path, code))
        if query:
            url = f"{url}?{query}"
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "og_locale": OPEN_GRAPH_LOCALES[code],
            }
        )
    return {"language_links": links}
