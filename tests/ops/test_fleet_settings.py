"""Settings a fleet depends on: media in S3 (or a compatible store) and static files from a CDN
when configured, with the Content Security Policy letting the browser load both; a secret key
rotated across the servers without signing every editor out."""

import json

import pytest
from django.test import Client

from tests.ops.test_deploy_settings import production

SHOWN = (
    "import json; from django.conf import settings; print(json.dumps({"
    "'storage': settings.STORAGES['default'], 'img': settings.SECURE_CSP['img-src'], "
    "'script': settings.SECURE_CSP['script-src'], 'font': settings.SECURE_CSP['font-src'], "
    "'static_url': settings.STATIC_URL, 'serve_media': settings.SERVE_MEDIA}))"
)


def production_settings(**env):
    done = production("shell", "-v", "0", "-c", SHOWN, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_media_stays_on_the_local_disk_unless_a_bucket_is_named():
    shown = production_settings()
    assert shown["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert shown["img"] == ["'self'"]


def test_a_bucket_puts_media_in_s3_with_plain_long_cached_urls():
    shown = production_settings(
        AWS_STORAGE_BUCKET_NAME="c40-media", AWS_S3_REGION_NAME="eu-west-1"
    )
    assert shown["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = shown["storage"]["OPTIONS"]
    assert options["bucket_name"] == "c40-media"
    assert options["region_name"] == "eu-west-1"
    # A signed URL inside a cached page would stop working when its signature expires.
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert "immutable" in options["object_parameters"]["CacheControl"]
    assert "https://c40-media.s3.eu-west-1.amazonaws.com" in shown["img"]
    assert shown["serve_media"] is False


def test_an_s3_compatible_store_or_media_cdn_is_allowed_by_the_policy():
    shown = production_settings(
        AWS_STORAGE_BUCKET_NAME="c40-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net:9000",
        AWS_S3_ADDRESSING_STYLE="path",
    )
    assert shown["storage"]["OPTIONS"]["endpoint_url"] == "https://objects.example.net:9000"
    assert "https://objects.example.net:9000" in shown["img"]
    shown = production_settings(
        AWS_STORAGE_BUCKET_NAME="c40-media", AWS_S3_CUSTOM_DOMAIN="media.c40.example.org"
    )
    assert "https://media.c40.example.org" in shown["img"]


def test_static_files_from_a_cdn_are_allowed_by_the_policy():
    shown = production_settings(DJANGO_STATIC_URL="https://cdn.c40.example.org/static/")
    assert shown["static_url"] == "https://cdn.c40.example.org/static/"
    for directive in ("script", "img", "font"):
        assert "https://cdn.c40.example.org" in shown[directive]
    assert not any("cdn" in source for source in production_settings()["script"])


def signed_in_under_the_old_key(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
def test_a_rotated_secret_key_keeps_editors_signed_in_while_the_old_one_is_a_fallback(
    settings, admin_user
):
    old_key = settings.SECRET_KEY
    signed_in = signed_in_under_the_old_key(admin_user)
    settings.SECRET_KEY = "a-new-key-rolled-out-to-every-server"
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert signed_in.get("/admin/").status_code == 200
    # That request moved the session to the new key: the fallback can go.
    settings.SECRET_KEY_FALLBACKS = []
    assert signed_in.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_without_the_fallback_a_new_secret_key_signs_everyone_out(settings, admin_user):
    signed_in = signed_in_under_the_old_key(admin_user)
    settings.SECRET_KEY = "a-new-key-rolled-out-to-every-server"
    response = signed_in.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]
