"""Log records an operator can act on, without personal data.

A record about a request (Django's `django.request` and `django.security` loggers attach it)
gets the method, path, resolved view and user id appended and the request itself dropped, so
no handler can print its query string, addresses, cookies or body. Email and IP addresses
are masked in the message and traceback of every record.
"""

import logging
import re

# Bounded repeats: a long path or Host header must not make masking slow (quadratic).
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IPV6 = re.compile(
    r"\b(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\b|[0-9a-fA-F:]{0,39}::[0-9a-fA-F:]{1,39}"
)


def redact(text):
    text = EMAIL.sub("[email]", text)
    text = IPV4.sub("[ip]", text)
    return IPV6.sub("[ip]", text)


def request_context(request):
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else "-"
    return (
        f"method={request.method} path={request.path} "
        f"view={match.view_name if match else '-'} user={user_id}"
    )


class NoPersonalData(logging.Filter):
    _formatter = logging.Formatter()

    def filter(self, record):
        message = record.getMessage()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            message = f"{message} [{request_context(request)}]"
            record.request = None
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(self._formatter.formatException(record.exc_info))
        return True
