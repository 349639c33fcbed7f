"""The benchmark runner's reading of wrk's report (pure parsing: no server, no database)."""

import pytest

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
