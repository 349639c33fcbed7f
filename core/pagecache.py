"""Whole-page caching of the public site, shared by every server through the cache backend.

A public page is cached per path, query string (the path carries the language) and
compression, under a *generation* number. Any write to a content model bumps the
generation, so every cached page (and cached fragment) goes stale at once, on every server
sharing the cache: an editor's publish is visible on the next request.
"""

import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag

from core.apps import ContentAppConfig
from core.derived import is_derived
from core.localpages import local_pages
from core.query import normalised_query, view_parameters
from core.rendergate import Busy, busy_response, render_gate

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
PRIMARY_UNTIL_KEY = "db:primary-until"


def new_generation():
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def content_generation():
    """The generation now (a new one after every content change), whether pages are cached or
    not: what in-process copies of content (site search's index) are kept by. None if the
    cache cannot be reached."""
    try:
        return cache.get(GENERATION_KEY) or new_generation()
    except Exception:
        logger.exception("Page cache unreachable")
        return None


def generation_is_shared():
    """False with the per-process memory cache (no Redis): another process's change is not
    seen here."""
    return not isinstance(caches["default"], LocMemCache)


def hold_reads_on_primary():
    """After a content change, every server reads the primary for REPLICA_LAG_SECONDS: a page
    rendered now is cached under the new generation, so it must not come from a read replica
    that has not caught up yet (core/replica.py reads this key)."""
    seconds = settings.REPLICA_LAG_SECONDS
    if "replica" not in settings.DATABASES or seconds <= 0:
        return
    try:
        # Presence is what counts: the cache expires the key, so servers' clocks don't matter.
        cache.set(PRIMARY_UNTIL_KEY, time.time() + seconds, timeout=seconds)
    except Exception:
        logger.exception("Cache unreachable: replicas may serve content older than a change")


def invalidate_pages():
    """Make every cached public page and fragment stale, on every server sharing the cache."""
    hold_reads_on_primary()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under one either
        new_generation()
    except Exception:
        logger.exception("Page cache unreachable: cached pages may stay stale until they expire")


@functools.cache
def code_version():
    """A digest of the code, templates and translations: a deploy never serves old pages."""
    digest = hashlib.blake2b(digest_size=8)
    for pattern in ("*/*.py", "templates/**/*.html", "locale/**/*.po"):
        for path in sorted(settings.BASE_DIR.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Fragment:
    """A cached piece of a page: `value` is None when absent, stale or the cache is off.

    The value is stored with the generation it was computed in and read together with the
    current generation, in one round trip to the cache. A value from an earlier generation
    is kept apart as `stale`: a page served when the server is too busy to render it anew.
    """

    def __init__(self, name, *parts, look_up=True):
        digest = hashlib.blake2b("\0".join(map(str, parts)).encode(), digest_size=16)
        self.key = f"fragment:{code_version()}:{name}:{digest.hexdigest()}"
        self.generation = self.value = self.stale = None
        if look_up and settings.PAGE_CACHE_SECONDS:
            self.lookup()

    def lookup(self):
        try:
            found = cache.get_many([GENERATION_KEY, self.key])
            self.generation = found.get(GENERATION_KEY) or new_generation()
        except Exception:  # A cache outage costs speed, never a page.
            logger.exception("Page cache unreachable")
            return
        stored_in, value = found.get(self.key, (None, None))
        if stored_in == self.generation:
            self.value = value
        else:
            self.stale = value

    def store(self, value):
        # Stored under the generation read *before* computing: if an edit came in meanwhile,
        # the next reader sees a stale generation and computes again.
        if self.generation is None:
            return
        try:
            cache.set(self.key, (self.generation, value), settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Page cache unreachable")


def is_content_model(model):
    return isinstance(model._meta.app_config, ContentAppConfig)


def content_changed(sender, action=None, **kwargs):
    """A content row was saved or deleted, or a many-to-many link changed (`action`)."""
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed's pre_* half: the rows have not changed yet
    invalidate_pages()
    # Again once the change is visible to other connections: a page rendered from the
    # old rows between the two bumps is cached under a generation nobody asks for.
    transaction.on_commit(invalidate_pages)


def connect_invalidation(app_registry):
    """Called from CoreConfig.ready(): every content model (and its many-to-many link tables)
    invalidates the pages, in every process: the web server, a command, the shell."""
    for model in app_registry.get_models(include_auto_created=True):
        if not is_content_model(model) or is_derived(model):
            continue  # (a derived table changes with its sources, which invalidate already)
        if not getattr(model, "shown_to_public", True):
            continue  # editorial work in progress (a draft, a review): no page shows it
        uid = f"pagecache-{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-deleted")
        if model._meta.auto_created:
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=f"{uid}-links")


@functools.cache
def public_prefixes():
    """The public pages (one prefix per language), the open data API and the sitemaps."""
    return (*(f"/{code}/" for code, _name in settings.LANGUAGES), "/api/", "/sitemap")


def is_public_page(path):
    return path.startswith(public_prefixes()) and not path.startswith("/api/")


def normalise_query(request):
    """Reduce a public page's query string to what its view reads (core/query.py), in place,
    so the page and every fragment it stores depend on the normalised query alone. False
    when the path names no view (a 404): such a request is neither normalised nor cached."""
    path = request.path_info
    parameters = view_parameters(path)
    if parameters is None:
        return False
    normal = normalised_query(request.GET, parameters)
    if normal != request.GET:
        request.GET = normal
        request.META["QUERY_STRING"] = normal.urlencode()
    return True


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    return request.path.startswith(public_prefixes())


def cache_variant(request):
    """What else a response depends on: compression, as GZipMiddleware decides it, and the
    language of a path without one (the API's messages and Content-Language)."""
    gzip = bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))
    if is_public_page(request.path):
        return gzip, ""
    return gzip, translation.get_language_from_request(request)


def is_cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        # A nonce replayed to every visitor would be no nonce at all.
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def needs_https_redirect(request):
    return settings.SECURE_SSL_REDIRECT and not request.is_secure()


class PageCacheMiddleware:
    """Serve public pages from the cache; store the ones it renders. Add CDN headers.

    It comes right after the request log, so a hit skips the rest of the middleware: the
    headers the security and CSP middleware add were stored with the page (they depend on
    settings only), and the conditional GET is answered here. What a hit still needs of
    them is done here too: the host is validated and a plain-HTTP request is redirected
    (by passing it on, to the security middleware).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional_get = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        if is_public_page(request.path) and not normalise_query(request):
            return self.get_response(request)
        if not is_cacheable_request(request) or needs_https_redirect(request):
            return self.get_response(request)
        if request.path.startswith("/api/") and not set(request.GET) <= (
            view_parameters(request.path_info) or frozenset()
        ):
            return self.get_response(request)  # a 400 that names the parameter: not stored
        request.get_host()  # DisallowedHost (a 400) for a name not in ALLOWED_HOSTS
        page = Fragment("page", request.get_full_path(), *cache_variant(request), look_up=False)
        local = local_pages(GENERATION_KEY)
        page.value, token = local.get(page.key) if local else (None, None)
        if page.value is None:
            page.lookup()
            if local and page.value is not None:
                local.keep(page.key, token, page.generation, page.value)
        if page.value is not None:
            return self.conditional_get.process_response(request, self.rebuild(page.value))
        try:
            with render_gate().admitted(queue_or_wait=not request.GET):
                response = self.get_response(request)
        except Busy:
            if page.stale is None:
                return busy_response(request)
            # The page as it was before the last change, for the seconds until a slot frees:
            # after a publish, every page misses at once.
            response = self.rebuild(page.stale, state="stale")
            response["Cache-Control"] = "no-store"
            return response
        if is_cacheable_response(response):
            response["X-Page-Cache"] = "miss"
            set_response_etag(response)
            # Browsers revalidate (a cheap 304 with the ETag); a CDN may keep the page briefly.
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.PAGE_CDN_SECONDS
            )
            if request.method == "GET":
                # Every header but cookies (a response with cookies is never stored).
                stored = (response.content, dict(response.items()))
                page.store(stored)
                if local:
                    local.keep(page.key, token, page.generation, stored)
        return response

    @staticmethod
    def rebuild(cached, state="hit"):
        content, headers = cached
        response = HttpResponse(content, headers=headers)
        response["X-Page-Cache"] = state
        return response
