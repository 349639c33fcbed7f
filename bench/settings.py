"""Production settings plus one constant view, the yardstick of the benchmark.

`BENCH_PAGE_MIDDLEWARE=off` takes the whole-page cache out, so every request renders its
page (fragment caches stay as in production): the "page cache cold" measurement.
"""

import os

from c40site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_PAGE_MIDDLEWARE") == "off":
    MIDDLEWARE = [m for m in MIDDLEWARE if m != "core.pagecache.PageCacheMiddleware"]  # noqa: F405
