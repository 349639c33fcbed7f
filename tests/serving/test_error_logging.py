"""A crash: the visitor sees a page in their language, the operator a log line to act on
(method, path, view, user id, traceback), and nobody's name, email, address or query.

Production writes each record as a JSON object (the default with DEBUG off, as here); the text
format, the default with DEBUG, is checked too."""

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client

from cities.views import HomeView
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db


def configured_handler():
    """The stderr handler of settings.LOGGING (not pytest's: ours has the filter)."""
    [handler] = [h for h in logging.getLogger("django").handlers if h.filters]
    return handler


def text_formatter():
    """The formatter settings.LOGGING configures for C40_LOG_FORMAT=text."""
    definition = dict(settings.LOGGING["formatters"]["text"])
    return logging.config.DictConfigurator(settings.LOGGING).configure_formatter(definition)


@pytest.fixture
def error_log():
    """What the configured stderr handler writes, captured."""
    handler = configured_handler()
    captured = io.StringIO()
    original = handler.setStream(captured)
    yield captured
    handler.setStream(original)


@pytest.fixture
def text_format():
    handler = configured_handler()
    original = handler.formatter
    handler.setFormatter(text_formatter())
    yield
    handler.setFormatter(original)


@pytest.fixture
def crashing_home(monkeypatch):
    def crash(self, request, *args, **kwargs):
        raise RuntimeError("lookup failed for jane.doe@example.org from 198.51.100.23")

    monkeypatch.setattr(HomeView, "get", crash)


def test_a_crash_shows_the_error_page_in_the_visitors_language(crashing_home):
    client = Client(raise_request_exception=False)
    response = client.get("/zh-hans/")
    assert response.status_code == 500
    assert "出错了" in response.content.decode()


def crash_as_jane(django_user_model):
    """Jane, signed in, with a tracking cookie, crashes the home page; her user id."""
    user = django_user_model.objects.create_user("jane.doe", email="jane.doe@example.org")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.cookies["tracking"] = "abc123"
    client.get(
        "/en/?q=jane.doe@example.org&token=s3cret",
        REMOTE_ADDR="198.51.100.23",
        headers={"User-Agent": "JaneBrowser/1.0"},
    )
    return user.pk


def test_a_crash_is_logged_as_json_with_what_an_operator_needs(
    crashing_home, error_log, django_user_model
):
    user_id = crash_as_jane(django_user_model)

    text = error_log.getvalue()
    records = [json.loads(line) for line in text.splitlines()]
    [error] = [record for record in records if record["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert error["message"] == "Internal Server Error: /en/"
    assert (error["method"], error["path"], error["view"]) == ("GET", "/en/", "cities:home")
    assert (error["user"], error["status"]) == (user_id, 500)
    assert error["exception"].startswith("Traceback")
    assert "RuntimeError: lookup failed for [email] from [ip]" in error["exception"]
    for personal in ("jane", "198.51.100.23", "s3cret", "JaneBrowser", "abc123"):
        assert personal not in text


def test_a_crash_is_logged_as_text_with_what_an_operator_needs(
    crashing_home, error_log, text_format, django_user_model
):
    user_id = crash_as_jane(django_user_model)

    text = error_log.getvalue()
    assert "ERROR django.request: Internal Server Error: /en/" in text
    assert f"method=GET path=/en/ view=cities:home user={user_id} status=500" in text
    assert "Traceback" in text and "RuntimeError: lookup failed for [email] from [ip]" in text
    for personal in ("jane", "198.51.100.23", "s3cret", "JaneBrowser", "abc123"):
        assert personal not in text


def test_other_records_are_masked_too(error_log):
    logging.getLogger("django.db").warning("slow query for %s at %s", "a@b.org", "2001:db8::1")
    assert "slow query for [email] at [ip]" in error_log.getvalue()


def test_times_and_versions_are_not_taken_for_addresses(error_log):
    logging.getLogger("django").warning("took 12:30:45 on Django 6.1.3")
    assert "took 12:30:45 on Django 6.1.3" in error_log.getvalue()


def test_a_database_error_with_user_data_in_it_is_masked(error_log):
    spotlight = Spotlight.objects.first()
    logging.getLogger("django.request").error(
        "Failed saving %s", spotlight.pk, exc_info=ValueError("duplicate key (email)=(x@y.org)")
    )
    assert "duplicate key (email)=([email])" in error_log.getvalue()
