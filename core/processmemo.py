"""A value computed from the content (all city names, site search's index), kept in this
process until the content changes: keyed by the content generation (core/pagecache.py), which
every content change moves on, whether pages are cached or not."""

import logging
import threading
import time

from django.db import connection

from core.pagecache import content_generation, generation_is_shared

logger = logging.getLogger(__name__)

# Without a shared cache (no Redis), another process's change is not announced here: a value
# is kept at most this long (the development server is one process and sees its own changes).
UNSHARED_SECONDS = 60


def generation_key():
    generation = content_generation()
    if generation is None or generation_is_shared():
        return generation
    return generation, int(time.monotonic() // UNSHARED_SECONDS)


class ProcessMemo:
    """`get()` gives `compute()` of the current content. A value whose computing took more than
    `background_after` seconds is computed again in a thread after a change, callers meanwhile
    getting the previous one; otherwise, and the first time, in the caller."""

    def __init__(self, compute, background_after=None):
        self.compute = compute
        self.background_after = background_after
        self.key = self.value = None
        self.seconds = 0.0
        self.refreshing = False
        self.lock = threading.Lock()

    def get(self):
        key = generation_key()
        with self.lock:
            if key is not None and self.key == key:
                return self.value
            if self.value is not None and self.in_background():
                if not self.refreshing:
                    self.refreshing = True
                    threading.Thread(target=self.refresh, args=(key,), daemon=True).start()
                return self.value
            value, seconds = self.timed()
            if key is not None:
                self.key, self.value, self.seconds = key, value, seconds
            return value

    def in_background(self):
        return self.background_after is not None and self.seconds > self.background_after

    def timed(self):
        started = time.perf_counter()
        value = self.compute()
        return value, time.perf_counter() - started

    def refresh(self, key):
        try:
            value, seconds = self.timed()
            with self.lock:
                self.key, self.value, self.seconds = key, value, seconds
        except Exception:
            logger.exception("%s not computed again", self.compute.__qualname__)
        finally:
            self.refreshing = False
            connection.close()  # this thread's own
