"""Tables derived from content, rebuilt after bulk loads.

Receivers keep a derived table current as rows are saved one by one. A bulk load (the
dataset, a restore, generated cities) writes many rows at once, some without signals; inside
`bulk_load()` the receivers hold off (`is_bulk_loading`), and at its end `content_loaded`
asks every app to rebuild what it derives, once.
"""

import contextlib
import contextvars

from django.apps import apps
from django.dispatch import Signal

content_loaded = Signal()  # sent with `using`, the database alias loaded
_bulk_loading = contextvars.ContextVar("bulk_loading", default=False)


def is_derived(model):
    """A model that says so (`derived = True`): never backed up, rebuilt after a load."""
    return getattr(model, "derived", False)


def derived_models():
    return [model for model in apps.get_models() if is_derived(model)]


def is_bulk_loading():
    return _bulk_loading.get()


@contextlib.contextmanager
def bulk_load(using="default"):
    token = _bulk_loading.set(True)
    try:
        yield
    finally:
        _bulk_loading.reset(token)
    content_loaded.send(sender=None, using=using)  # not reached when the load failed
