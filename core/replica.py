"""An optional read replica: anonymous visitors' public pages read their content from it.

Everything else reads the primary: the admin, signed-in editors (their own changes and
drafts), a request after its first write, reads inside a transaction, code outside a request
(commands, the shell), and every server for REPLICA_LAG_SECONDS after a content change: a page
rendered then is cached under the new page generation (core/pagecache.py), so it must not
come from a replica that has not caught up yet. A replica that cannot be reached is skipped for
a while: pages read the primary (the request that finds a connection broken mid-query fails).
"""

import contextvars
import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from simple_history.models import HistoricalChanges

from core.pagecache import PRIMARY_UNTIL_KEY, is_content_model

logger = logging.getLogger(__name__)

REPLICA = "replica"


class PublicRead:
    """One anonymous public read: whether its content may come from the replica (decided once,
    at its first content read: a request that reads none costs no cache lookup), and whether
    it has written since (then it reads the primary). Mutable: it is shared with any context
    copied from the request's, such as a thread running part of it."""

    __slots__ = ("_use_replica", "wrote")

    def __init__(self):
        self._use_replica = None
        self.wrote = False

    @property
    def use_replica(self):
        if self._use_replica is None:
            self._use_replica = replica_may_serve()
        return self._use_replica


public_read = contextvars.ContextVar("public_read", default=None)


class ReplicaOutage:
    """A replica that refused a connection is left alone by this process for RETRY_SECONDS:
    pages read the primary meanwhile, so a replica outage costs speed, not pages."""

    RETRY_SECONDS = 30

    def __init__(self):
        self.until = 0.0

    def replica_reachable(self):
        if time.monotonic() < self.until:
            return False
        try:
            connections[REPLICA].ensure_connection()  # a no-op while connected
        except DatabaseError:
            logger.warning(
                "Read replica unreachable: reading the primary for %s s",
                self.RETRY_SECONDS,
                exc_info=True,
            )
            self.until = time.monotonic() + self.RETRY_SECONDS
            return False
        return True


outage = ReplicaOutage()  # this process's memory of the replica refusing connections


def replica_may_serve():
    """Whether a public read starting now may read the replica: no content change within
    REPLICA_LAG_SECONDS (the hold the page cache sets), and the replica answering."""
    try:
        held = cache.get(PRIMARY_UNTIL_KEY) is not None
    except Exception:  # unknown: the primary is always current
        logger.exception("Cache unreachable: reading the primary")
        return False
    return not held and outage.replica_reachable()


@functools.cache
def is_content(model):
    """Public content: the models of the content apps, less their edit history."""
    return is_content_model(model) and not issubclass(model, HistoricalChanges)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = public_read.get()
        if (
            state is None
            or state.wrote
            or not is_content(model)
            or not state.use_replica
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        # Rows related to an instance come from the database it came from (as Django does
        # without a router): an instance read in a transaction keeps its relations fresh too.
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return REPLICA

    def db_for_write(self, model, **hints):
        if (state := public_read.get()) is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Mark an anonymous GET or HEAD of a public page: its content may come from the replica."""

    def __init__(self, get_response):
        if REPLICA not in settings.DATABASES:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        if not self.is_public_read(request):
            return self.get_response(request)
        token = public_read.set(PublicRead())
        try:
            return self.get_response(request)
        finally:
            public_read.reset(token)

    def is_public_read(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(
            self.admin_prefix
        ):
            return False
        # Without a session cookie nobody is signed in, and the session stays unread (reading
        # it would add `Vary: Cookie` to every public page).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return True
        return not request.user.is_authenticated
