"""Running wrk, the load generator, and reading its report."""

import re
import shutil
import subprocess
import time

from bench import services
from bench.common import BenchError, say

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
DURATION = re.compile(r"^\s*([\d.]+)(us|ms|s|m|h)\s*$")
REQUESTS_PER_SECOND = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
PERCENTILE = r"^\s*{}%\s+(\S+)"
SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.MULTILINE
)
REQUESTS_DONE = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)
NON_2XX_3XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)", re.MULTILINE)
ATTEMPTS = 3


def to_ms(duration):
    """wrk's "850.00us", "10.12ms", "1.02s" (or "1.50m") in milliseconds."""
    match = DURATION.match(duration)
    if not match:
        raise ValueError(f"Not a wrk duration: {duration!r}")
    number, unit = match.groups()
    return float(number) * UNIT_MS[unit]


def percentile_ms(text, percent):
    """The latency at `percent` from wrk's "Latency Distribution" block (needs --latency)."""
    match = re.search(PERCENTILE.format(percent), text, re.MULTILINE)
    if not match:
        raise ValueError(f"No {percent}% latency line in the wrk output")
    return to_ms(match.group(1))


def parse_wrk_output(text):
    """Requests/sec, p50 and p99 latency (ms) and errors (socket errors, timeouts included,
    and non-2xx/3xx)."""
    rate = REQUESTS_PER_SECOND.search(text)
    if not rate:
        raise ValueError("No Requests/sec line in the wrk output")
    sockets = SOCKET_ERRORS.search(text)
    kinds = ("connect", "read", "write", "timeout")
    socket_errors = dict(zip(kinds, map(int, sockets.groups()), strict=True)) if sockets else {}
    statuses = NON_2XX_3XX.search(text)
    bad_statuses = int(statuses.group(1)) if statuses else 0
    done = REQUESTS_DONE.search(text)
    return {
        "requests": int(done.group(1)) if done else 0,
        "requests_per_second": float(rate.group(1)),
        "p50_ms": percentile_ms(text, 50),
        "p99_ms": percentile_ms(text, 99),
        "socket_errors": sum(socket_errors.values()),
        "timeouts": socket_errors.get("timeout", 0),
        "non_2xx_3xx": bad_statuses,
        "errors": sum(socket_errors.values()) + bad_statuses,
    }


def ensure_wrk():
    return services.install_debian_package("wrk", lambda: shutil.which("wrk"))


def run_wrk(wrk, url, *, threads, connections, duration, timeout=None, script=()):
    """One wrk run against `url`: its parsed report and raw text. `timeout` (seconds) replaces
    wrk's 2 s per request; `script` is a Lua script's path followed by its arguments."""
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if timeout:
        command.append(f"--timeout={timeout}s")
    if script:
        command += ["--script", str(script[0])]
    command += ["-H", "Accept-Encoding: gzip", url, *map(str, script[1:])]
    # wrk's first, test, connection can be refused under heavy churn on loopback: try again.
    for attempt in range(1, ATTEMPTS + 1):
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 60, check=False
        )
        if done.returncode == 0 or "unable to connect" not in done.stderr or attempt == ATTEMPTS:
            break
        say(f"  wrk could not connect to {url}; trying again")
        time.sleep(1)
    if done.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{done.stderr or done.stdout}")
    try:
        return parse_wrk_output(done.stdout), done.stdout
    except ValueError as error:
        raise BenchError(f"Unreadable wrk output for {url} ({error}):\n{done.stdout}") from None
