"""One JSON line per request, through the handler and formatter settings.LOGGING configures:
what an operator needs (status, view, timing, cache, request id), never a query string, name
or address; and the format chosen by C40_LOG_FORMAT, refused when unknown."""

import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from gunicorn.config import Config

from c40site import gunicorn_conf
from cities.views import HomeView
from core.logs import JsonFormatter
from tests.ops.test_deploy_settings import production
from tests.serving.test_error_logging import configured_handler, text_formatter

pytestmark = pytest.mark.django_db

NGINX_ID = "4b2e0c1f9a8d7e6f5a4b3c2d1e0f9a8b"


@pytest.fixture
def log_output():
    """What the configured stderr handler writes, captured (JSON, as in production)."""
    handler = configured_handler()
    assert isinstance(handler.formatter, JsonFormatter)
    captured = io.StringIO()
    original = handler.setStream(captured)
    yield captured
    handler.setStream(original)


@pytest.fixture
def records(log_output):
    """The records written so far, each line parsed (every line must be JSON)."""
    return lambda: [json.loads(line) for line in log_output.getvalue().splitlines()]


def request_lines(records):
    return [record for record in records() if record["logger"] == "c40site.requests"]


def test_a_page_is_one_json_line_with_what_an_operator_needs(client, records, log_output):
    response = client.get("/en/cities/", {"q": "secret@example.org", "region": "europe"})

    [line] = records()
    assert line["logger"] == "c40site.requests" and line["level"] == "INFO"
    assert line["message"] == "GET /en/cities/ 200"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/en/cities/", 200)
    assert (line["view"], line["user"], line["page_cache"]) == ("cities:city-list", None, None)
    assert line["bytes"] == len(response.content)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["request_id"] == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert line["instance"] == settings.INSTANCE
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert "secret" not in log_output.getvalue() and "region" not in log_output.getvalue()


def test_a_missing_page_is_logged_as_a_404(client, records):
    response = client.get("/en/cities/atlantis/")

    [line] = request_lines(records)
    assert (line["status"], line["path"], line["level"]) == (404, "/en/cities/atlantis/", "INFO")
    # Django's own "Not Found" warning carries the same id.
    ids = {record["request_id"] for record in records()}
    assert ids == {response["X-Request-ID"]}


def test_the_proxys_request_id_is_kept(client, records):
    response = client.get("/en/", headers={"X-Request-ID": NGINX_ID})

    assert response["X-Request-ID"] == NGINX_ID
    assert request_lines(records)[0]["request_id"] == NGINX_ID


@pytest.mark.parametrize(
    "sent", ["", "a" * 65, "id with spaces", "id\nforged line", "<script>", "ïd", "a/b"]
)
def test_a_malformed_request_id_is_replaced(client, records, sent):
    response = client.get("/en/", headers={"X-Request-ID": sent})

    [line] = request_lines(records)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert line["request_id"] == response["X-Request-ID"] != sent


def test_a_crash_logs_its_request_line_and_errors_under_one_request_id(records, monkeypatch):
    def crash(self, request, *args, **kwargs):
        logging.getLogger("cities").warning("no cities to show")  # no request attached
        raise RuntimeError("the home page broke")

    monkeypatch.setattr(HomeView, "get", crash)
    response = Client(raise_request_exception=False).get("/en/")

    [line] = request_lines(records)
    [warning] = [record for record in records() if record["logger"] == "cities"]
    [error] = [record for record in records() if record["logger"] == "django.request"]
    assert (line["status"], line["level"], line["view"]) == (500, "WARNING", "cities:home")
    assert error["level"] == "ERROR" and "RuntimeError: the home page broke" in error["exception"]
    assert warning["request_id"] == error["request_id"] == line["request_id"]
    assert line["request_id"] == response["X-Request-ID"]


def test_a_signed_in_editor_is_logged_by_id_only(client, records, log_output, django_user_model):
    editor = django_user_model.objects.create_user("mei.chen", email="mei.chen@example.org")
    client.force_login(editor)

    client.get("/en/cities/")

    assert request_lines(records)[0]["user"] == editor.pk
    assert "mei" not in log_output.getvalue().lower()


@pytest.mark.usefixtures("page_cache")
def test_a_page_from_the_cache_is_logged_as_a_hit_under_its_own_id(client, records):
    first, second = client.get("/en/cities/"), client.get("/en/cities/")

    lines = request_lines(records)
    assert [line["page_cache"] for line in lines] == ["miss", "hit"]
    assert [line["status"] for line in lines] == [200, 200]
    # The cached copy does not replay the first request's id.
    assert second["X-Request-ID"] == lines[1]["request_id"] != first["X-Request-ID"]


def test_text_format_writes_the_request_as_one_line(client, log_output):
    handler = configured_handler()
    original = handler.formatter
    handler.setFormatter(text_formatter())
    try:
        response = client.get("/en/cities/?q=secret")
    finally:
        handler.setFormatter(original)

    [line] = log_output.getvalue().splitlines()
    assert " INFO c40site.requests: GET /en/cities/ 200 [method=GET path=/en/cities/ " in line
    assert "view=cities:city-list user=- status=200 " in line
    assert line.endswith(f" page_cache=- request_id={response['X-Request-ID']}]")
    assert "secret" not in line


LOG_ONE_WARNING = "import logging; logging.getLogger('c40site').warning('disk %s full', 'x@y.org')"


def test_production_logs_json_naming_the_instance():
    done = production("shell", "-v", "0", "-c", LOG_ONE_WARNING, C40_INSTANCE="app-7")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stderr.splitlines()[-1])
    assert (record["level"], record["logger"]) == ("WARNING", "c40site")
    assert (record["message"], record["instance"]) == ("disk [email] full", "app-7")


@pytest.mark.parametrize(
    "env", [{"C40_LOG_FORMAT": "text"}, {"DJANGO_DEBUG": "true"}], ids=["asked", "debug"]
)
def test_text_logs_when_asked_for_or_developing(env):
    done = production("shell", "-v", "0", "-c", LOG_ONE_WARNING, **env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1].endswith(" WARNING c40site: disk [email] full")


def test_an_unknown_log_format_refuses_to_start():
    done = production("check", C40_LOG_FORMAT="xml")
    assert done.returncode != 0
    assert "C40_LOG_FORMAT must be 'json' or 'text', not 'xml'." in done.stderr


def test_gunicorns_own_lines_are_json_too(capsys):
    gunicorn_log = gunicorn_conf.Logger(Config())
    try:
        gunicorn_log.critical("WORKER TIMEOUT (pid:%s)", 7)
    finally:
        for handler in list(gunicorn_log.error_log.handlers):
            gunicorn_log.error_log.removeHandler(handler)
    record = json.loads(capsys.readouterr().err.splitlines()[-1])
    assert (record["level"], record["logger"]) == ("CRITICAL", "gunicorn.error")
    assert (record["message"], record["instance"]) == ("WORKER TIMEOUT (pid:7)", settings.INSTANCE)
