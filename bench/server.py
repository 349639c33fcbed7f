"""The programs a benchmark runs (gunicorn, nginx, Lighthouse) and plain HTTP checks on them."""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time

import requests

from bench.common import HOST, REPO, BenchError, say
from bench.services import VENV_BIN

READY_PATH = "/bench/bare/"
MINIMAL_APP = "bench.minimal"
START_TIMEOUT = 60
# As wrk asks: the page cache keeps one copy per Accept-Encoding, so checks prime wrk's.
GZIP = {"Accept-Encoding": "gzip"}
ERROR_LINE = re.compile(r"\[(?:ERROR|CRITICAL)\]| (?:ERROR|CRITICAL) ")


def fetch(url, *, session=requests, method="GET", headers=None, **arguments):
    """`url` asked as wrk does (gzip, no redirect followed): status, headers, text; None, {},
    "" if unreachable. `arguments` go to requests (data=, files=)."""
    try:
        headers = {**GZIP, **(headers or {})}
        response = session.request(
            method, url, headers=headers, allow_redirects=False, timeout=30, **arguments
        )
    except requests.RequestException:
        return None, {}, ""
    return response.status_code, response.headers, response.text


def port_is_open(port):
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
        return True
    return False


def wait_for_free_port(port):
    deadline = time.monotonic() + 10
    while port_is_open(port):
        if time.monotonic() > deadline:
            raise BenchError(f"Port {port} is in use by another program: pass another --port.")
        time.sleep(0.2)


def start(command, log, **popen):
    """`command` as the leader of its own process group, so stop() reaches all it starts."""
    return subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **popen
    )


def stop(process, sig=signal.SIGTERM, timeout=30):
    """`sig` to the process group; SIGKILL if it hangs."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def running(name, command, port, ready_path, log_path, *, env=None, more_logs=()):
    """`command` until `ready_path` on `port` answers 200; always stopped after. A BenchError
    with the logs' tails if it exits, answers otherwise or not within START_TIMEOUT."""
    wait_for_free_port(port)
    with open(log_path, "ab") as log:
        process = start(command, log, cwd=REPO, env=env)
    url = f"http://{HOST}:{port}{ready_path}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while (status := fetch(url)[0]) != 200:
            if process.poll() is not None or status is not None or time.monotonic() > deadline:
                logs = "".join(log_tail(path) for path in (log_path, *more_logs))
                answer = f"exited ({process.returncode})" if process.poll() is not None else ""
                raise BenchError(f"{name} {answer or f'answered {status} on {url}'}:\n{logs}")
            time.sleep(0.2)
        yield process
    finally:
        stop(process)


def running_server(env, port, log_path, ready_path=READY_PATH, app="c40site.wsgi"):
    """gunicorn (the project's configuration) serving the WSGI module `app` on `port`."""
    gunicorn = VENV_BIN / "gunicorn"
    if not gunicorn.exists():
        raise BenchError(f"{gunicorn} is missing: run `make env` first.")
    command = [str(gunicorn), "--config", "c40site/gunicorn_conf.py", app]
    env = {**env, "C40_BIND": f"{HOST}:{port}"}
    return running("gunicorn", command, port, ready_path, log_path, env=env)


def log_tail(log_path):
    with contextlib.suppress(OSError), open(log_path, errors="replace") as log:
        return "".join(log.readlines()[-30:])
    return ""


def drain(port, quick_ms=50, seconds=120):
    """Wait until the bare view answers quickly: requests left queued by the last wrk run
    (sync workers still serve connections wrk has closed) must not slow the next one."""
    url = f"http://{HOST}:{port}{READY_PATH}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        if (status := fetch(url)[0]) != 200:
            raise BenchError(f"{url} answered {status or 'nothing'} between measurements.")
        if (time.perf_counter() - started) * 1000 < quick_ms:
            return
    say(f"  warning: the server is still slow {seconds}s after the last measurement")


def check_urls(urls):
    """GET each URL once (which primes the page cache); a BenchError unless each answers 200.
    Their X-Page-Cache headers."""
    cache_states = {}
    for name, url in urls.items():
        status, headers, _text = fetch(url)
        if status != 200:
            raise BenchError(f"{name} ({url}) answered {status or 'nothing'}, not 200.")
        cache_states[name] = headers.get("X-Page-Cache")
    return cache_states


def read_log(path):
    """An app server's log: its JSON records and its other lines."""
    records, lines = [], []
    for line in path.read_text(errors="replace").splitlines():
        record = None
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                record = json.loads(line)
        if isinstance(record, dict):
            records.append(record)
        else:
            lines.append(line)
    return records, lines


def log_errors(log_path):
    """gunicorn's log lines and Django's records at ERROR or CRITICAL, and 5xx answers."""
    records, lines = read_log(log_path)
    found = [line for line in lines if ERROR_LINE.search(line)]
    for record in records:
        if record.get("level") in ("ERROR", "CRITICAL") or (record.get("status") or 0) >= 500:
            found.append(f"{record.get('level')} {record.get('message')}")
    return found
