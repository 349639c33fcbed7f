"""The load test's reading of wrk and its verdicts (no server run)."""

import copy
import re
import subprocess

import pytest

from bench import load, server, wrk

LOAD_OUTPUT = """\
Running 60s test @ http://127.0.0.1:8300/
  2 threads and 100 connections
  Latency Distribution
     50%   40.00ms
     75%   60.00ms
     90%   90.00ms
     99%  350.00ms
  120000 requests in 60.00s, 900.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 3
Requests/sec:   2000.00
Transfer/sec:     15.00MB
load-status 200 119990
load-status 302 7
load-status 502 2
load-status 404 1
load-errors connect 0 read 2 write 0 timeout 1 status 3
load-latency-max-us 4900123
"""


def clean_run():
    result = {
        "requests": 1000,
        "non_2xx_3xx": 0,
        "statuses": {200: 990, 302: 10},
        "socket_error_kinds": dict.fromkeys(load.SOCKET_ERROR_KINDS, 0),
    }
    seen = {"s": 0.4, "requests": 1, "cache": "miss"}
    publish = {
        "admin_responses": [
            {"request": "GET", "path": "/staff-load/login/", "status": 200, "s": 0.1},
            {"request": "POST", "path": "/staff-load/login/", "status": 302, "s": 1.0},
        ],
        "error": None,
        "during_load": True,
        "visible": {name: dict(seen) for name in ("en page", "en list", "zh-hans page")},
    }
    return result, publish


def failed(checks):
    return {check["target"] for check in checks if not check["passed"]}


def test_the_lua_counts_errors_by_kind_and_worst_latency_are_read():
    result = load.parse_lua_report(LOAD_OUTPUT)

    assert result["statuses"] == {200: 119990, 302: 7, 502: 2, 404: 1}
    assert result["socket_error_kinds"] == {"connect": 0, "read": 2, "write": 0, "timeout": 1}
    assert result["max_ms"] == pytest.approx(4900.123)


def test_output_without_the_lua_report_is_refused():
    with pytest.raises(ValueError, match="load.lua"):
        load.parse_lua_report(LOAD_OUTPUT.split("load-status")[0])


def test_the_lua_script_prints_the_lines_the_parser_reads():
    formats = re.findall(r'"(load-[^"]*)\\n"', load.LUA_SCRIPT.read_text())
    text = "".join(form % tuple(range(1, form.count("%") + 1)) + "\n" for form in formats)

    result = load.parse_lua_report(text)

    assert result["statuses"] == {1: 2}
    assert result["socket_error_kinds"] == {"connect": 1, "read": 2, "write": 3, "timeout": 4}
    assert result["max_ms"] == pytest.approx(0.001)


def test_statuses_are_grouped_by_class():
    assert load.status_classes({200: 5, 204: 1, 302: 2, 502: 1, "503": 3}) == {
        "2xx": 6,
        "3xx": 2,
        "5xx": 4,
    }


def test_a_clean_run_passes_every_target():
    checks = load.evaluate(*clean_run(), gunicorn_errors=0)

    assert failed(checks) == set()
    assert len(checks) == 8 + 3  # one per view of the draft


def test_a_5xx_fails_both_the_status_and_the_5xx_targets():
    result, publish = clean_run()
    result["statuses"][502] = 1

    assert failed(load.evaluate(result, publish, 0)) == {"every response 2xx/3xx", "zero 5xx"}


def test_a_planned_404_is_an_error_too():
    result, publish = clean_run()
    result["statuses"]["404"] = 1  # as read back from the JSON

    assert failed(load.evaluate(result, publish, 0)) == {"every response 2xx/3xx"}


def test_a_timeout_is_an_error():
    result, publish = clean_run()
    result["socket_error_kinds"]["timeout"] = 1

    assert failed(load.evaluate(result, publish, 0)) == {"zero socket errors and timeouts"}


def test_wrk_s_own_count_of_bad_statuses_fails_the_run_even_if_lua_saw_none():
    result, publish = clean_run()
    result["non_2xx_3xx"] = 1

    assert failed(load.evaluate(result, publish, 0)) == {"every response 2xx/3xx"}


def test_a_run_without_requests_fails():
    result, publish = clean_run()
    result["requests"], result["statuses"] = 0, {}

    assert failed(load.evaluate(result, publish, 0)) == {"requests completed"}


def test_errors_in_gunicorn_s_log_fail_the_run():
    assert failed(load.evaluate(*clean_run(), gunicorn_errors=2)) == {
        "zero ERROR/CRITICAL lines in gunicorn's log"
    }


def test_a_change_shown_after_the_budget_or_never_fails():
    result, publish = clean_run()
    publish["visible"]["en list"]["s"] = load.VISIBLE_BUDGET + 0.01
    publish["visible"]["zh-hans page"] = None

    assert failed(load.evaluate(result, publish, 0)) == {
        "en list shows it within 5 s",
        "zh-hans page shows it within 5 s",
    }


def test_an_admin_error_fails_the_publish_and_the_admin_targets():
    result, publish = clean_run()
    publish["admin_responses"][1]["status"] = 500
    publish["error"] = "POST /staff-load/login/ answered 500."
    publish["visible"] = {}

    assert failed(load.evaluate(result, publish, 0)) == {
        "admin responses 2xx/3xx",
        "editor published",
    }


def test_a_publish_after_the_load_ended_fails():
    result, publish = clean_run()
    publish["during_load"] = False

    assert failed(load.evaluate(result, publish, 0)) == {"published during the load"}


def test_evaluate_does_not_change_its_input():
    result, publish = clean_run()
    before = copy.deepcopy((result, publish))

    load.evaluate(result, publish, 0)

    assert (result, publish) == before


def test_log_errors_count_errors_and_5xx_in_text_and_json_lines(tmp_path):
    log = tmp_path / "gunicorn.log"
    log.write_text(
        "[2026-01-01 10:00:00 +0000] [7] [INFO] Booting worker with pid: 7\n"
        "2026-01-01 10:00:01,000 WARNING django.request: Not Found: /en/spotlights/x/\n"
        "2026-01-01 10:00:02,000 ERROR django.request: Internal Server Error: /en/\n"
        "[2026-01-01 10:00:03 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:7)\n"
        '{"level": "INFO", "logger": "c40site.requests", "message": "GET /en/ ERROR 200"}\n'
        '{"level": "ERROR", "logger": "django.request", "message": "Internal Server Error"}\n'
        '{"level": "WARNING", "logger": "c40site.requests", "status": 502}\n'
    )

    assert len(server.log_errors(log)) == 4


def test_options_default_to_100_clients_for_60_seconds():
    options = load.parse_args([])

    assert (options.clients, options.duration, options.threads) == (100, 60, 2)
    assert "bench" in options.database


@pytest.mark.parametrize(
    "argv", [["--threads", "5", "--clients", "4"], ["--database", "c40"], ["--duration", "0"]]
)
def test_bad_options_are_refused(argv):
    with pytest.raises(SystemExit):
        load.parse_args(argv)


def test_wrk_gets_the_script_its_arguments_and_the_timeout(monkeypatch):
    commands = []

    def fake_run(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, stdout=LOAD_OUTPUT, stderr="")

    monkeypatch.setattr(wrk.subprocess, "run", fake_run)
    parsed, output = wrk.run_wrk(
        "wrk",
        "http://127.0.0.1:8300/",
        threads=2,
        connections=100,
        duration=60,
        timeout=5,
        script=("bench/load.lua", "paths.txt"),
    )

    command = commands[0]
    assert command[-2:] == ["http://127.0.0.1:8300/", "paths.txt"]
    assert "--timeout=5s" in command
    assert command[command.index("--script") + 1] == "bench/load.lua"
    assert parsed["requests"] == 120000
    assert output == LOAD_OUTPUT
