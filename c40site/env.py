"""Reading the environment for settings.py: typed values, and checks that stop the site at
start-up with a message rather than run it misconfigured."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def s3_storage(bucket):
    """django-storages' S3 backend, configured from the environment.

    Files are public and named at random, so their URLs are plain (not signed: a signed URL
    in a cached page would expire) and cached by browsers and CDNs for a year.
    """
    options = {
        "bucket_name": bucket,
        "querystring_auth": False,
        "file_overwrite": False,
        "default_acl": None,  # the bucket's policy makes objects public, not per-object ACLs
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
        ("location", "AWS_LOCATION"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),
    ):
        if value := os.environ.get(variable, "").strip():
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def s3_origin(options):
    """Where the browser fetches media stored in S3 from (for the CSP's img-src)."""
    if options.get("custom_domain"):
        return f"https://{options['custom_domain'].split('/')[0]}"
    if options.get("endpoint_url"):
        parts = urlsplit(options["endpoint_url"])
        return f"{parts.scheme}://{parts.netloc}"
    region = options.get("region_name", "us-east-1")
    if options.get("addressing_style") == "path":
        return f"https://s3.{region}.amazonaws.com"
    return f"https://{options['bucket_name']}.s3.{region}.amazonaws.com"


def url_origin(url):
    """The scheme and host of an absolute URL ([] for a path on this site)."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


def tile_sources(url_template):
    """The CSP source of an online tile layer ({s} subdomains become a wildcard)."""
    if not url_template:
        return []
    parts = urlsplit(url_template.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"]


def public_origin(url):
    """C40_PUBLIC_URL checked: scheme and host only (no path, query, user or fragment)."""
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.username is not None
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"C40_PUBLIC_URL must be the site's origin, such as https://cities.c40.org "
            f"(scheme and host, nothing after them), not {url!r}."
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"
