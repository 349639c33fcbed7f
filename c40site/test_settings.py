"""Settings for the test suite: the real settings with a throwaway key and fast hashing."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
# Not the test client's host: a link built from the request instead would show in a test.
os.environ.setdefault("C40_PUBLIC_URL", "https://cities.example.org")

from c40site.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The test client speaks plain HTTP: no redirect to HTTPS (tests/ops/test_deploy_settings.py
# checks the production values).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Off, so tests see each response rendered; tests of the cache turn it on (`page_cache`).
PAGE_CACHE_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No collectstatic before tests: WhiteNoise serves nothing from STATIC_ROOT here.
STATIC_ROOT = None
# A replica that is the test database itself; only tests/serving/test_replica_router.py turns the
# router on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# Files a test makes (uploads, share images) go to a throw-away folder, never the checkout's.
MEDIA_ROOT = tempfile.mkdtemp(prefix="c40-test-media-")
