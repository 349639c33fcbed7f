"""One log record per request, on the `c40site.requests` logger.

Its fields: method, path (never the query string: it can carry search terms), status,
duration_ms, bytes, view, user (an id), page_cache ("hit", "miss" or null), and, like every
record, request_id and instance (core/logs.py). Level INFO, or WARNING for a server error:
Django logs the error itself at ERROR with its traceback, under the same request_id, and an
alert counting ERROR lines should count each crash once.

The request id is the proxy's (an `X-Request-ID` header such as nginx's `$request_id`) when it
is well formed, else a new one; the response carries it back in `X-Request-ID`.
"""

import logging
import re
import time
import uuid

from core.health import PROBES
from core.logs import request_id, user_id

logger = logging.getLogger("c40site.requests")
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def incoming_or_new_id(request):
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if WELL_FORMED_ID.fullmatch(incoming) else uuid.uuid4().hex


def content_length(response):
    declared = response.get("Content-Length", "")
    if declared.isdigit():
        return int(declared)
    return None if response.streaming else len(response.content)


def log_request(request, response, seconds):
    status = response.status_code
    level = logging.WARNING if status >= 500 else logging.INFO
    if not logger.isEnabledFor(level):  # with DEBUG, only server errors (settings.LOGGING)
        return
    match = getattr(request, "resolver_match", None)
    logger.log(
        level,
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "bytes": content_length(response),
            "view": match.view_name if match else None,
            "user": user_id(request),
            "page_cache": response.get("X-Page-Cache"),
        },
    )


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = incoming_or_new_id(request)
        token = request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            # A load balancer's probes, every few seconds, would drown the log.
            if not (request.path_info in PROBES and response.status_code == 200):
                log_request(request, response, time.perf_counter() - started)
            return response
        finally:
            request_id.reset(token)
