"""Production settings plus the bare view; `BENCH_PAGE_MIDDLEWARE=off` takes the whole-page
cache out (fragment caches stay) for the benchmark's "cold" mode."""

import os

from c40site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_PAGE_MIDDLEWARE") == "off":
    MIDDLEWARE = [m for m in MIDDLEWARE if m != "core.pagecache.PageCacheMiddleware"]  # noqa: F405
