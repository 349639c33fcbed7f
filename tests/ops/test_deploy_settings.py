"""Production settings: Django's deployment checklist passes, and the headers it asks for are
sent (HTTPS redirect behind the proxy, HSTS, secure cookies, framing, referrer, CSP)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3Rq8vZ-production-like-secret-key-of-sixty-characters-xYw2",
    "DJANGO_ALLOWED_HOSTS": "c40.example.org",
    "C40_PUBLIC_URL": "https://c40.example.org",
}
HEADER_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
]


def production(*args, **env):
    """Run `manage.py <args>` with production settings (plus `env`); the finished process."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "C40_"))}
    environment.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="c40site.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deployment_checklist_passes_without_a_warning():
    done = production("check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_the_checklist_would_catch_plain_http_in_production():
    done = production("check", "--deploy", "--fail-level", "WARNING", DJANGO_HTTPS="false")
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stdout + done.stderr


@pytest.fixture
def production_headers(settings):
    """This suite's settings with the production values of every header setting."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {HEADER_SETTINGS!r}}}))"
    )
    done = production("shell", "-v", "0", "-c", code)
    assert done.returncode == 0, done.stderr
    for name, value in json.loads(done.stdout.splitlines()[-1]).items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    return Client()  # a new client builds its middleware from these settings


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production_headers):
    response = production_headers.get("/en/cities/?region=europe")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/cities/?region=europe"


@pytest.mark.django_db
def test_https_behind_the_proxy_gets_every_protective_header(production_headers):
    response = production_headers.get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_cookies_are_secure_and_hidden_from_scripts(production_headers):
    response = production_headers.get("/admin/login/", headers={"X-Forwarded-Proto": "https"})
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def test_production_needs_the_public_address():
    done = production("check", C40_PUBLIC_URL="")
    assert done.returncode != 0
    assert "C40_PUBLIC_URL must be set" in done.stderr


@pytest.mark.parametrize(
    "value",
    [
        "c40.example.org",
        "ftp://c40.example.org",
        "https://c40.example.org/cities/",
        "https://c40.example.org/?next=/",
        "https://user@c40.example.org",
        "https://c40.example.org:port",
        "https://",
    ],
)
def test_a_public_address_that_is_not_an_origin_stops_the_site_at_start(value):
    done = production("check", C40_PUBLIC_URL=value)
    assert done.returncode != 0
    assert "C40_PUBLIC_URL must be the site's origin" in done.stderr
