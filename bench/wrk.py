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
    """Requests/sec, p50 and p99 latency (ms) and errors (socket errors + non-2xx/3xx).

    wrk gives up on a request after 2 s by default: those count as socket errors ("timeout")
    and are left out of its latency percentiles.
    """
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
    """The path of wrk; installed with apt-get when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    say("wrk is missing: installing it with apt-get")
    return services.install_debian_package("wrk", lambda: shutil.which("wrk"))


def run_wrk(wrk, url, *, threads, connections, duration, attempts=3, timeout=None, script=()):
    """One wrk run against `url`, in its own process; its parsed report and raw text.

    `timeout` (seconds) replaces wrk's 2 s limit per request; `script` is a Lua script's
    path followed by its arguments.
    wrk first opens one test connection; under heavy connection churn on loopback that one
    can be refused although the server listens, so a refused start is tried again.
    """
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if timeout:
        command.append(f"--timeout={timeout}s")
    if script:
        command += ["--script", str(script[0])]
    command += ["-H", "Accept-Encoding: gzip", url, *map(str, script[1:])]
    for attempt in range(1, attempts + 1):
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 60, check=False
        )
        if done.returncode == 0 or "unable to connect" not in done.stderr or attempt == attempts:
            break
        say(f"  wrk could not connect to {url}; trying again")
        time.sleep(1)
    if done.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{done.stderr or done.stdout}")
    try:
        return parse_wrk_output(done.stdout), done.stdout
    except ValueError as error:
        raise BenchError(f"Unreadable wrk output for {url} ({error}):\n{done.stdout}") from None
