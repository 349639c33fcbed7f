"""The benchmark runner's reading of wrk's report and its verdicts (no server, no database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from bench import report
from bench.common import conclude, verdicts
from bench.urls import bare
from bench.wrk import parse_wrk_output, to_ms

WRK_OUTPUT = """\
Running 2s test @ http://127.0.0.1:8200/en/cities/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.20ms   12.05ms   1.02s    91.30%
    Req/Sec   602.11     80.40   760.00     70.00%
  Latency Distribution
     50%  850.00us
     75%   44.10ms
     90%   52.00ms
     99%    1.25s
  2404 requests in 2.00s, 31.21MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:   1201.73
Transfer/sec:     15.59MB
"""

CLEAN_OUTPUT = """\
Running 2s test @ http://127.0.0.1:8200/bench/bare/
  2 threads and 50 connections
  Latency Distribution
     50%   10.12ms
     75%   11.00ms
     90%   12.50ms
     99%   20.00ms
  9500 requests in 2.00s, 1.50MB read
Requests/sec:   4750.00
Transfer/sec:    750.00KB
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [("850.00us", 0.85), ("10.12ms", 10.12), ("1.25s", 1250.0), ("1.50m", 90_000.0)],
)
def test_wrk_durations_are_read_in_milliseconds(text, expected):
    assert to_ms(text) == pytest.approx(expected)


def test_a_duration_without_a_unit_is_refused():
    with pytest.raises(ValueError):
        to_ms("12.5")


def test_rate_percentiles_and_errors_are_read():
    result = parse_wrk_output(WRK_OUTPUT)

    assert result["requests"] == 2404
    assert result["requests_per_second"] == pytest.approx(1201.73)
    assert result["p50_ms"] == pytest.approx(0.85)
    assert result["p99_ms"] == pytest.approx(1250.0)
    assert result["socket_errors"] == 6
    assert result["timeouts"] == 2
    assert result["non_2xx_3xx"] == 4
    assert result["errors"] == 10


def test_a_clean_run_has_no_errors():
    result = parse_wrk_output(CLEAN_OUTPUT)

    assert result["requests_per_second"] == pytest.approx(4750.0)
    assert (result["p50_ms"], result["p99_ms"]) == pytest.approx((10.12, 20.0))
    assert result["errors"] == 0


def test_output_without_a_rate_is_refused():
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_wrk_output("unable to connect to 127.0.0.1:8200 Connection refused")


def wrk_row(requests_per_second, *, errors=0):
    return {
        "requests": int(requests_per_second * 2),
        "requests_per_second": requests_per_second,
        "p50_ms": 5.0,
        "p99_ms": 20.0,
        "errors": errors,
    }


def measured_modes(*, bare, warm_directory, django):
    """Every mode's rows as the runner builds them, with both ratios added."""
    modes = {}
    for mode, directory in (("nocache", 100.0), ("cold", 1000.0), ("warm", warm_directory)):
        rows = {"bare": wrk_row(bare), "directory": wrk_row(directory)}
        report.add_ratios(rows, django)
        modes[mode] = rows
    return modes


def django_verdict(checks):
    (check,) = [check for check in checks if "× django" in check["target"]]
    return check


def test_each_row_is_compared_with_the_bare_view_and_with_django_alone():
    rows = {"bare": wrk_row(3000.0), "directory": wrk_row(2700.0)}

    report.add_ratios(rows, 4000.0)

    assert rows["directory"]["ratio_to_bare"] == pytest.approx(0.9)
    assert rows["directory"]["ratio_to_django"] == pytest.approx(0.675)
    assert rows["bare"]["ratio_to_django"] == pytest.approx(0.75)  # what the middleware costs


def test_the_table_shows_the_ratio_to_django(capsys):
    rows = {"bare": wrk_row(3000.0), "directory": wrk_row(2700.0)}
    report.add_ratios(rows, 4000.0)

    report.print_table(98, "warm", rows)

    header, bare_line, directory_line = capsys.readouterr().out.splitlines()[-3:]
    assert header.split()[-4:] == ["×", "bare", "×", "django"]
    assert directory_line.split()[-2:] == ["0.90", "0.68"]
    assert bare_line.split()[-2:] == ["1.00", "0.75"]


def test_a_warm_directory_near_django_alone_passes_the_django_target():
    modes = measured_modes(bare=3000.0, warm_directory=2900.0, django=3300.0)

    check = django_verdict(report.evaluate_targets({98: {"modes": modes}}))

    assert check["passed"] is True
    assert check["value"] == "0.88 × django"
    assert "directory warm req/s >= 0.85 × django" in check["target"]


def test_a_warm_directory_at_bare_speed_but_far_below_django_fails_it():
    """Our middleware costs half of Django's speed: "1.00 × bare" alone would hide that."""
    modes = measured_modes(bare=2000.0, warm_directory=2000.0, django=4000.0)

    checks = report.evaluate_targets({98: {"modes": modes}})

    warm_bare = [
        check for check in checks if "directory warm req/s >= 0.85 × bare" in check["target"]
    ]
    assert warm_bare[0]["passed"] is True
    assert django_verdict(checks)["passed"] is False
    assert django_verdict(checks)["value"] == "0.50 × django"


def test_errors_in_the_minimal_app_run_fail_the_error_target():
    modes = measured_modes(bare=3000.0, warm_directory=2900.0, django=3300.0)
    results = {98: {"minimal": wrk_row(3300.0, errors=3), "modes": modes}}

    (errors,) = [
        check for check in report.evaluate_targets(results) if "zero errors" in check["target"]
    ]

    assert errors["passed"] is False
    assert errors["value"] == "98/minimal/django: 3"


MINIMAL_APP_CHECK = """
import json
import bench.minimal
from django.conf import settings
from django.test import Client
response = Client().get("/bench/bare/")
print(json.dumps({
    "status": response.status_code,
    "body": response.content.decode(),
    "middleware": settings.MIDDLEWARE,
    "apps": settings.INSTALLED_APPS,
}))
"""


def test_the_minimal_app_answers_the_bare_path_with_the_same_text_and_nothing_else():
    """Run in its own interpreter: it configures Django with its own settings, whatever
    DJANGO_SETTINGS_MODULE says (the benchmark's environment names bench.settings)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    done = subprocess.run(
        [sys.executable, "-c", MINIMAL_APP_CHECK],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(done.stdout)

    bare_view = bare(RequestFactory().get("/bench/bare/"))
    assert answer["status"] == 200
    assert answer["body"] == bare_view.content.decode()
    assert (answer["middleware"], answer["apps"]) == ([], [])


def test_verdicts_are_printed_written_and_the_failed_ones_returned(tmp_path, capsys):
    checks = verdicts(("fast", "2.0 ×", True), ("no errors", "3", False), ("scaling", "-", None))

    failed = conclude(tmp_path / "run.json", checks, "python -m bench", 0.0, options={"a": 1})

    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[2:5]] == ["PASS", "FAIL", "n/a"]
    assert [check["target"] for check in failed] == ["no errors"]
    record = json.loads((tmp_path / "run.json").read_text())
    assert list(record) == ["command", "started", "seconds", "options", "targets"]
    assert record["targets"][1] == {"target": "no errors", "value": "3", "passed": False}
