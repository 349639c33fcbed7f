"""A bound on the pages one server process renders at once, so that a flood of uncached
requests (random searches, made-up filter values) cannot take every thread from the visitors
of cached pages.

Under gunicorn's threaded worker (c40site/gunicorn_conf.py), a page-cache hit needs a free
thread for well under a millisecond; a render holds one for tens to hundreds. At most
RENDER_SLOTS renders run at once in a process and RENDER_QUEUE more wait for a slot (at most
RENDER_WAIT_SECONDS); any further request is answered at once, which costs nothing: with
the page as it was before the last content change when the cache still holds it (after a
publish every page misses at once, and visitors keep reading while the pages render again),
else with a 503 and Retry-After. Only an address without a query string (a page of the site:
a newly published spotlight, say) waits in line instead: a flood's endless variety is in
query strings (searches, made-up filter values), and a made-up path is a cheap 404.
Slots and queue together stay below the threads, so a thread is always left for hits.
"""

import contextlib
import threading

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

RETRY_AFTER_SECONDS = 2


class Busy(Exception):
    """Every render slot is taken and the queue is full."""


class RenderGate:
    def __init__(self, slots, queue, wait):
        self.slots = threading.BoundedSemaphore(slots)
        self.places = threading.BoundedSemaphore(slots + queue)  # running or waiting
        self.wait = wait

    @contextlib.contextmanager
    def admitted(self, *, queue_or_wait=False):
        """Hold a slot while rendering. Without a place in the queue: Busy, or with
        `queue_or_wait`, wait for a slot like the queued do (at most `wait` seconds)."""
        placed = self.places.acquire(blocking=False)
        if not placed and not queue_or_wait:
            raise Busy
        try:
            if not self.slots.acquire(timeout=self.wait):
                raise Busy
            try:
                yield
            finally:
                self.slots.release()
        finally:
            if placed:
                self.places.release()


_gates = {}


def render_gate():
    """This process's gate (one per settings, so tests that change them get a new one)."""
    key = (settings.RENDER_SLOTS, settings.RENDER_QUEUE, settings.RENDER_WAIT_SECONDS)
    if key not in _gates:
        _gates[key] = RenderGate(*key)
    return _gates[key]


def busy_response(request):
    """503 in the page's language (the path says which: the locale middleware has not run)."""
    language = translation.get_language_from_path(request.path_info)
    with translation.override(language or settings.LANGUAGE_CODE):
        if language is None:  # the API
            response = JsonResponse({"detail": gettext("The site is busy. Try again shortly.")})
            response.status_code = 503
        else:
            response = HttpResponse(render_to_string("503.html", request=request), status=503)
    # The request log has its line; a flood's 503s must not each become an ERROR record.
    response._has_been_logged = True  # what django.utils.log.log_response checks
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
