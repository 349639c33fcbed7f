"""Absolute URLs of this site, built from settings.C40_PUBLIC_URL and never from the request.

Pages are cached and shared by every visitor, so a link built from one request's Host header
or X-Forwarded-Proto would be replayed to everyone who follows (cache poisoning).
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_url(url):
    """The absolute address of `url` on the public site; a URL with its own host is kept."""
    if urlsplit(url).netloc:
        return url
    return f"{settings.C40_PUBLIC_URL}{url}"


def public_request_url(request):
    """The absolute address of the page `request` asked for (path and query string)."""
    return public_url(request.get_full_path())


def with_public_origin(url):
    """`url` (built by a library from the request) moved onto the public origin."""
    if url is None:
        return None
    parts = urlsplit(url)
    return public_url(parts._replace(scheme="", netloc="").geturl())
