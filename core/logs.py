"""Log records an operator can act on, without personal data.

A record about a request (Django's `django.request` and `django.security` loggers attach it)
gets the method, path, resolved view and user id as fields and the request itself dropped, so
no handler can print its query string, addresses, cookies or body. Email and IP addresses
are masked in the message, path and traceback of every record.

Two formats (settings.LOG_FORMAT): `JsonFormatter`, one JSON object per line, and
`TextFormatter`, one line of text with the fields appended as `[method=… path=… …]`.
Every record carries the id of the request being served (`request_id`, set by
core/requestlog.py), so an error can be matched with its request line.
"""

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings

# Bounded repeats: a long path or Host header must not make masking slow (quadratic).
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IPV6 = re.compile(
    r"\b(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\b|[0-9a-fA-F:]{0,39}::[0-9a-fA-F:]{1,39}"
)

request_id = ContextVar("request_id", default=None)

# The structured fields a record may carry, in the order the text format shows them.
FIELDS = ("method", "path", "view", "user", "status", "duration_ms", "bytes", "page_cache")


def redact(text):
    text = EMAIL.sub("[email]", text)
    text = IPV4.sub("[ip]", text)
    return IPV6.sub("[ip]", text)


def user_id(request):
    """The signed-in user's id, else None (also when the session or user cannot be read)."""
    if settings.SESSION_COOKIE_NAME not in getattr(request, "COOKIES", {}):
        return None  # nobody is signed in; reading the session would cost most of a log line
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except Exception:  # the database is down: the record must still be written
        return None


def request_fields(request):
    match = getattr(request, "resolver_match", None)
    return {
        "method": request.method,
        "path": request.path,
        "view": match.view_name if match else None,
        "user": user_id(request),
        # Django logs a 4xx after the middleware (and the request_id context) has returned.
        "request_id": getattr(request, "request_id", None),
    }


class NoPersonalData(logging.Filter):
    _formatter = logging.Formatter()

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            record.__dict__.update(request_fields(request))
            record.request = None
        if hasattr(record, "status_code") and not hasattr(record, "status"):
            record.status = record.status_code
        if isinstance(getattr(record, "path", None), str):
            record.path = redact(record.path)
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(self._formatter.formatException(record.exc_info))
        return True


def record_request_id(record):
    return getattr(record, "request_id", None) or request_id.get()


class TextFormatter(logging.Formatter):
    """The message followed by the record's fields: `… [method=GET path=/en/ … user=-]`."""

    def formatMessage(self, record):
        fields = [(name, record.__dict__[name]) for name in FIELDS if name in record.__dict__]
        if rid := record_request_id(record):
            fields.append(("request_id", rid))
        text = super().formatMessage(record)
        if not fields:
            return text
        shown = " ".join(f"{name}={'-' if value is None else value}" for name, value in fields)
        return f"{text} [{shown}]"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, instance, the
    record's fields and, when there is one, the (already masked) traceback as `exception`."""

    def __init__(self, *, instance=None):
        super().__init__()
        self.instance = instance

    def format(self, record):
        created = datetime.fromtimestamp(record.created, tz=UTC)
        entry = {
            "time": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": record_request_id(record),
            "instance": self.instance,
        }
        entry.update({name: record.__dict__[name] for name in FIELDS if name in record.__dict__})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # ASCII escapes: a log line is never broken by a newline or an odd terminal encoding.
        return json.dumps(entry, default=str)
