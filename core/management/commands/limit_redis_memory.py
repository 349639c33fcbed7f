"""Give the cache's Redis a memory limit and LRU eviction, so random requests cannot fill it.

Redis starts with no limit and `noeviction`: every distinct page cached adds a key until the
machine runs out of memory, or (with a limit but no eviction) until Redis refuses every write.
Everything this site keeps in Redis can be made again: cached pages and fragments, the page
generation (lost, it restarts from the clock and every page is rendered anew), short-lived
flags and counters. Sessions and sign-in lock-outs live in PostgreSQL
(tests/serving/test_redis_limit.py keeps it so). Hence `allkeys-lru`: when full, Redis
drops the keys read least recently, whatever their expiry. A Redis shared with data that
cannot be made again needs an instance of its own for the cache: the policy applies to a
whole instance, every database in it.

Running it again changes nothing (CONFIG SET with the same values). A managed Redis that
refuses CONFIG gets a warning: set the same limit and policy in its own console.
"""

import os

import redis
from django.conf import settings
from django.core.management.base import BaseCommand

POLICY = "allkeys-lru"
DEFAULT_MAXMEMORY = "256mb"
MAXMEMORY_VARIABLE = "C40_REDIS_MAXMEMORY"


class Command(BaseCommand):
    help = (
        f"Set the Redis of REDIS_URL to maxmemory-policy {POLICY} and a memory limit: "
        f"--maxmemory, else ${MAXMEMORY_VARIABLE}, else the limit Redis already has, else "
        f"{DEFAULT_MAXMEMORY}. Warns (and succeeds) when Redis refuses CONFIG or is down."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--maxmemory",
            default=os.environ.get(MAXMEMORY_VARIABLE, "").strip() or None,
            help=f"A Redis size such as 256mb or 1gb (default: ${MAXMEMORY_VARIABLE}).",
        )

    def handle(self, *args, maxmemory, **options):
        if not settings.REDIS_URL:
            self.stdout.write("REDIS_URL is not set: no Redis to limit.")
            return
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5)
        try:
            limit = apply_limit(client, maxmemory)
        except redis.ResponseError as error:  # a managed Redis: CONFIG renamed or forbidden
            self.stderr.write(
                f"warning: Redis refused CONFIG ({error}): set maxmemory and "
                f"maxmemory-policy {POLICY} in its own settings, or it may fill up."
            )
            return
        except redis.RedisError as error:  # the cache is optional: the site serves without it
            self.stderr.write(f"warning: Redis unreachable, its memory limit not set: {error}")
            return
        self.stdout.write(f"Redis: maxmemory {limit} bytes, maxmemory-policy {POLICY}.")


def apply_limit(client, maxmemory=None):
    """Set the policy, and the limit: `maxmemory` if given, else keep one Redis already has,
    else DEFAULT_MAXMEMORY. The limit in bytes."""
    if maxmemory is None and int(client.config_get("maxmemory")["maxmemory"]) == 0:
        maxmemory = DEFAULT_MAXMEMORY
    if maxmemory is not None:
        client.config_set("maxmemory", maxmemory)
    client.config_set("maxmemory-policy", POLICY)
    return int(client.config_get("maxmemory")["maxmemory"])
