"""Old links keep working: when a page's slug changes, its old address in every language
answers 301 to the new one.

Receivers (wired in CoreConfig.ready()) note a content object's addresses before a save and
record the moves after it; the middleware answers a 404 whose path lies under a moved address.
Moves are kept flat, so there are neither chains nor loops: A → B then B → C leaves A → C and
B → C; a move back (B → A) drops A → B, since A is a page again.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponsePermanentRedirect
from django.utils import translation

from core.languages import language_codes
from core.models import SlugRedirect

MAX_ADDRESS = SlugRedirect._meta.get_field("old_prefix").max_length


def has_slug_pages(model):
    """A model with a page per row, addressed by a unique slug (not its history rows)."""
    slugs = [field for field in model._meta.concrete_fields if field.name == "slug"]
    return hasattr(model, "get_absolute_url") and bool(slugs) and slugs[0].unique


def page_addresses(instance):
    """The object's page in every site language: {"en": "/en/spotlights/x/", …}."""
    addresses = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            addresses[code] = instance.get_absolute_url()
    return addresses


def remember_addresses(sender, instance, raw=False, using=None, **kwargs):
    """pre_save: the addresses the object had, read from the database (None when new)."""
    instance._addresses_before_save = None
    if raw or instance.pk is None:
        return
    before = sender._default_manager.using(using).filter(pk=instance.pk).first()
    if before is not None:
        instance._addresses_before_save = page_addresses(before)


def record_moves(sender, instance, created=False, raw=False, using=None, **kwargs):
    """post_save: each address that changed becomes a redirect to the new one."""
    if raw:
        return
    now = page_addresses(instance)
    before = getattr(instance, "_addresses_before_save", None) or now
    if before == now and not created:
        return  # same addresses as before the save: nothing moved, nothing freed
    with transaction.atomic(using=using):
        rows = SlugRedirect.objects.using(using)
        rows.filter(old_prefix__in=now.values()).delete()  # a page again: never redirected
        for code, new in now.items():
            old = before.get(code, new)
            if old == new:
                continue
            rows.filter(new_prefix=old).update(new_prefix=new)  # A → B, B → C: A → C
            rows.update_or_create(old_prefix=old, defaults={"new_prefix": new})


def page_prefixes():
    return tuple(f"/{code}/" for code in language_codes())


def prefixes(path):
    """ "/en/cities/x/share.png" → ["/en/", "/en/cities/", "/en/cities/x/"]."""
    cut = [index + 1 for index, char in enumerate(path) if char == "/"]
    return [path[:end] for end in cut]


class SlugRedirectMiddleware:
    """A page not found whose address lies under a moved page's old address: 301 there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if not request.path.startswith(page_prefixes()):
            return response  # static files, the admin, the API: no slug pages there
        if not (request.path.isascii() and request.path.isprintable()):
            return response  # no page's address has such characters (PostgreSQL refuses NUL)
        candidates = [prefix for prefix in prefixes(request.path) if len(prefix) <= MAX_ADDRESS]
        moved = (
            SlugRedirect.objects.filter(old_prefix__in=candidates)
            .order_by("-old_prefix")  # the longest, most specific one
            .first()
        )
        if moved is None:
            return response
        target = moved.new_prefix + request.path.removeprefix(moved.old_prefix)
        if query := request.META.get("QUERY_STRING"):
            target = f"{target}?{query}"
        return HttpResponsePermanentRedirect(target)
