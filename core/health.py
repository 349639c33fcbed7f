"""Health and readiness endpoints for a load balancer.

`/healthz`: the process answers (nothing else is touched). `/readyz`: the primary database
answers `SELECT 1` and the cache a write and read back; 503 naming what failed otherwise. The
read replica, when pages read from one, is checked and named too, but its failure leaves the
server ready ("degraded"): pages then read the primary. A load balancer probes by IP address
over plain HTTP, so `HealthCheckMiddleware`, first in MIDDLEWARE, answers both before host
validation, the HTTPS redirect, sessions and locale run. The URLconf names them too (for
`reverse()`).
"""

import functools
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponseNotAllowed, JsonResponse

logger = logging.getLogger("core.health")


def probe(view):
    """GET and HEAD only; never stored by a browser, proxy or the page cache."""

    @functools.wraps(view)
    def answer(request):
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
        else:
            response = view(request)
            response["Content-Length"] = len(response.content)
            if request.method == "HEAD":
                response.content = b""  # (gunicorn warns of a body, on every probe)
        response["Cache-Control"] = "no-store"
        return response

    return answer


@probe
def healthz(request):
    return JsonResponse({"status": "ok"})


def database_answers(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=5)
    return cache.get(key) == value


def check(name, answers):
    # The reason goes to the log, never into the response: it can name hosts and addresses.
    try:
        if answers():
            return "ok"
        logger.warning("Readiness check failed: %s answered wrongly", name)
    except Exception:
        logger.warning("Readiness check failed: %s unreachable", name, exc_info=True)
    return "unreachable"


@probe
def readyz(request):
    checks = {"database": check("database", functools.partial(database_answers, "default"))}
    # The replica counts when pages read from it: settings add it with its router. (The test
    # settings have one that nothing reads, which a test may not query.)
    if "replica" in settings.DATABASES and settings.DATABASE_ROUTERS:
        checks["replica"] = check("replica", functools.partial(database_answers, "replica"))
    checks["cache"] = check("cache", cache_answers)
    # Without the replica pages read the primary (core/replica.py): slower, still serving.
    ready = checks["database"] == checks["cache"] == "ok"
    status = "ready" if all(state == "ok" for state in checks.values()) else "degraded"
    return JsonResponse(
        {"status": status if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe_view = PROBES.get(request.path_info)
        if probe_view is None:
            return self.get_response(request)
        return probe_view(request)
