"""The licence and attribution every export states (API, CSV, GeoJSON, Atom feed)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from core.public_url import public_url


def terms():
    """Machine-readable terms, as the JSON exports carry them."""
    return {
        "licence": dict(settings.OPEN_DATA_LICENCE),
        "attribution": {
            "publisher": settings.OPEN_DATA_PUBLISHER,
            "sources": list(settings.OPEN_DATA_SOURCES),
        },
    }


def attribution_text():
    """One line of attribution and licence, in the active language."""
    licence = settings.OPEN_DATA_LICENCE
    return gettext(
        "Source: C40 Cities Climate Leadership Group, from C40's 20-year book and "
        "https://www.c40.org/. Licence: %(licence)s, %(url)s"
    ) % {
        "licence": licence["name"],
        "url": licence["url"],
    }


def licence_link_header():
    return f'<{settings.OPEN_DATA_LICENCE["url"]}>; rel="license"'


def export_link_header():
    """The licence, and datapackage.json describing the download and its sources (RFC 8288)."""
    package = public_url(reverse("api:datapackage"))
    return f'{licence_link_header()}, <{package}>; rel="describedby"; type="application/json"'
