"""The endpoint browsers report Content Security Policy violations to."""

import json
import logging
from urllib.parse import urlsplit

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("c40site.csp")

MAX_REPORT_BYTES = 16 * 1024
FIELDS = {
    "document-uri": "page",
    "effective-directive": "directive",
    "violated-directive": "directive",
    "blocked-uri": "blocked",
    "source-file": "source",
    "line-number": "line",
}


def without_query(value):
    """A URL's scheme, host and path: its query string may carry what a visitor typed."""
    if not isinstance(value, str) or "://" not in value:
        return str(value)[:200]
    parts = urlsplit(value)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"[:200]


def describe(report):
    seen = {}
    for field, label in FIELDS.items():
        if field in report and label not in seen:
            value = report[field]
            seen[label] = value if isinstance(value, int) else without_query(value)
    return " ".join(f"{label}={value}" for label, value in seen.items())


@csrf_exempt
@require_POST
def csp_report(request):
    """Log each violation (one line, no query strings); 204, or 400 for what is not a report."""
    if len(request.body) > MAX_REPORT_BYTES:
        return HttpResponseBadRequest("Report too large.", content_type="text/plain")
    try:
        report = json.loads(request.body)["csp-report"]
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest(
            'Expected a JSON object with a "csp-report" member.', content_type="text/plain"
        )
    if not isinstance(report, dict):
        return HttpResponseBadRequest('"csp-report" must be an object.', content_type="text/plain")
    logger.warning("CSP violation: %s", describe(report))
    return HttpResponse(status=204)
