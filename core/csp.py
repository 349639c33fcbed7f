"""The endpoint browsers report Content Security Policy violations to.

Anyone can post here, so every step is bounded: at most MAX_REPORT_BYTES are read, JSON
nested deeper than MAX_NESTING is refused before it is parsed, each client address may send
REPORTS_PER_MINUTE reports, a batch logs at most MAX_VIOLATIONS_PER_REQUEST lines, and each
logged value is reduced to a short, single-line token (no query strings, no control
characters, directives from the known set only).

Two formats are accepted: the `report-uri` one (`{"csp-report": {"blocked-uri": …}}`) and the
Reporting API's (`application/reports+json`: a list of `{"type": "csp-violation", "body":
{"blockedURL": …}}`).
"""

import ipaddress
import json
import logging
import re
import time
from urllib.parse import quote, urlsplit

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.client import client_address, parse_address

logger = logging.getLogger("core.csp")

MAX_REPORT_BYTES = 16 * 1024
MAX_NESTING = 8
REPORTS_PER_MINUTE = 30
MAX_VIOLATIONS_PER_REQUEST = 10
MAX_VALUE_CHARS = 200

# Where each logged field is found in the two formats, in the order the log line shows them.
LEGACY_FIELDS = {
    "page": ("document-uri",),
    "directive": ("effective-directive", "violated-directive"),
    "blocked": ("blocked-uri",),
    "source": ("source-file",),
    "line": ("line-number",),
}
REPORTING_API_FIELDS = {
    "page": ("documentURL",),
    "directive": ("effectiveDirective",),
    "blocked": ("blockedURL",),
    "source": ("sourceFile",),
    "line": ("lineNumber",),
}

DIRECTIVES = frozenset(
    """
    base-uri child-src connect-src default-src fenced-frame-src font-src form-action
    frame-ancestors frame-src img-src manifest-src media-src navigate-to object-src
    prefetch-src report-to report-uri require-trusted-types-for sandbox script-src
    script-src-attr script-src-elem style-src style-src-attr style-src-elem trusted-types
    upgrade-insecure-requests worker-src
    """.split()
)
# A URL scheme, or a blocked-uri that is not a URL: "inline", "eval", "data", "wasm-eval", …
KEYWORD = re.compile(r"[a-z][a-z0-9+.-]{0,31}")
# Characters a logged URL keeps as they are; everything else (spaces, controls, non-ASCII)
# is percent-encoded, so a value is always one token on one line.
URL_SAFE = "/:@[]!$&'()*+,;=%-._~"


class NotAReport(ValueError):
    """The body is not a violation report; the message says why (sent back as the 400)."""


def refusal(message, status):
    """A plain-text 4xx that Django's `django.request` logger leaves out: the request log has
    its line already, and a flood of refused reports must not become a flood of warnings."""
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response._has_been_logged = True  # what django.utils.log.log_response checks
    return response


def window_key(address):
    """The rate limit's cache key: the address (an IPv6 one by its /64, which one host
    usually holds whole) and the current minute."""
    parsed = parse_address(address)
    if parsed is not None and parsed.version == 6:
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return f"csp-report:{int(time.time() // 60)}:{address}"


def reports_this_minute(address):
    """How many reports this address has sent this minute, this one included; 0 when the
    cache cannot say (a cache outage must not turn reports into errors)."""
    key = window_key(address)
    try:
        cache.add(key, 0, timeout=120)
        return cache.incr(key)
    except Exception:  # the cache is down, or the key expired between add and incr
        return 0


def exceeds_nesting(text, limit=MAX_NESTING):
    """Whether JSON `text` nests arrays/objects deeper than `limit`, by one pass over it.

    Run before json.loads, whose recursion a few thousand `[` exhaust.
    """
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def read_body(request):
    """The request's body, or None when it is (or says it is) over MAX_REPORT_BYTES.

    Never reads more than MAX_REPORT_BYTES + 1 bytes, whatever Content-Length claims.
    """
    try:
        claimed = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        claimed = 0
    if claimed > MAX_REPORT_BYTES:
        return None
    body = request.read(MAX_REPORT_BYTES + 1)
    return None if len(body) > MAX_REPORT_BYTES else body


def parse_reports(body):
    """The violation reports (dicts) in a body and the field names to read them by."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise NotAReport(_("A report must be UTF-8 JSON.")) from None
    if exceeds_nesting(text):
        raise NotAReport(
            _("A report must not nest deeper than %(depth)d.") % {"depth": MAX_NESTING}
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise NotAReport(_("A report must be JSON.")) from None
    if isinstance(data, list):
        return reporting_api_reports(data), REPORTING_API_FIELDS
    if not isinstance(data, dict) or not isinstance(data.get("csp-report"), dict):
        raise NotAReport(_('Expected a JSON object with a "csp-report" object.'))
    return [data["csp-report"]], LEGACY_FIELDS


def reporting_api_reports(entries):
    """The bodies of the CSP violations in a Reporting API batch (other types are ignored)."""
    reports = [
        entry["body"]
        for entry in entries
        if isinstance(entry, dict)
        and entry.get("type") == "csp-violation"
        and isinstance(entry.get("body"), dict)
    ]
    if not reports:
        raise NotAReport(_('Expected a list of reports of type "csp-violation".'))
    return reports[:MAX_VIOLATIONS_PER_REQUEST]


def loggable_url(value):
    """scheme://host[:port]/path, percent-encoded; no user, password, query or fragment (the
    query string may carry what a visitor typed). A keyword such as "inline" as it is;
    anything else "other"."""
    if not isinstance(value, str):
        return "other"
    value = value.strip()[: MAX_VALUE_CHARS * 10]
    if "://" not in value:
        return value if KEYWORD.fullmatch(value) else "other"
    try:
        parts = urlsplit(value)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return "other"
    if not KEYWORD.fullmatch(parts.scheme):
        return "other"
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port is not None else host
    return quote(f"{parts.scheme}://{netloc}{parts.path}", safe=URL_SAFE)[:MAX_VALUE_CHARS]


def loggable_directive(value):
    """A known directive name ("script-src 'self'" in older reports: its first word), or
    "other"."""
    if not isinstance(value, str) or not value.strip():
        return "other"
    name = value.split(maxsplit=1)[0].lower()
    return name if name in DIRECTIVES else "other"


def loggable_line(value):
    return str(value) if type(value) is int and 0 <= value < 10**9 else None


CLEANERS = {
    "page": loggable_url,
    "directive": loggable_directive,
    "blocked": loggable_url,
    "source": loggable_url,
    "line": loggable_line,
}


def describe(report, fields):
    """One line, `page=… directive=… blocked=… source=… line=…`, of the fields present."""
    shown = []
    for label, names in fields.items():
        name = next((name for name in names if name in report), None)
        if name is None:
            continue
        value = CLEANERS[label](report[name])
        if value is not None:
            shown.append(f"{label}={value}")
    return " ".join(shown)


def note_dropping(count):
    """One line the first time an address goes over its limit in a minute (which address is
    not said: the logs name no one)."""
    if count == REPORTS_PER_MINUTE + 1:
        logger.warning(
            "CSP reports from a client over %d a minute: dropping the rest of this minute's.",
            REPORTS_PER_MINUTE,
        )


@csrf_exempt
@require_POST
def csp_report(request):
    """Log each violation (one line each, see the module docstring); 204. 429 over the rate
    limit, 413 over the size limit, 400 for what is not a report; none of those is logged."""
    count = reports_this_minute(client_address(request))
    if count > REPORTS_PER_MINUTE:
        note_dropping(count)
        response = refusal(_("Too many reports; try again in a minute."), 429)
        response["Retry-After"] = "60"
        return response
    body = read_body(request)
    if body is None:
        return refusal(_("Report too large."), 413)
    try:
        reports, fields = parse_reports(body)
    except NotAReport as problem:
        return refusal(str(problem), 400)
    for report in reports:
        logger.warning("CSP violation: %s", describe(report, fields))
    return HttpResponse(status=204)
