"""A crash: the visitor sees a page in their language, the operator a log line to act on
(method, path, view, user id, traceback), and nobody's name, email, address or query."""

import io
import logging

import pytest
from django.test import Client

from cities.views import HomeView
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db


@pytest.fixture
def error_log():
    """What the configured stderr handler writes, captured."""
    [handler] = [
        h for h in logging.getLogger("django").handlers if h.filters
    ]  # ours, not pytest's
    captured = io.StringIO()
    original = handler.setStream(captured)
    yield captured
    handler.setStream(original)


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


def test_a_crash_is_logged_with_what_an_operator_needs(
    crashing_home, error_log, django_user_model
):
    user = django_user_model.objects.create_user("jane.doe", email="jane.doe@example.org")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.cookies["tracking"] = "abc123"

    client.get(
        "/en/?q=jane.doe@example.org&token=s3cret",
        REMOTE_ADDR="198.51.100.23",
        headers={"User-Agent": "JaneBrowser/1.0"},
    )

    text = error_log.getvalue()
    assert "ERROR django.request: Internal Server Error: /en/" in text
    assert f"method=GET path=/en/ view=cities:home user={user.pk}" in text
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
