"""gunicorn serving the site for one measurement, and plain HTTP checks against it."""

import contextlib
import gzip
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

from bench.common import BenchError, say
from bench.services import REPO, VENV_BIN

HOST = "127.0.0.1"
READY_PATH = "/bench/bare/"
SITE_APP = "c40site.wsgi"
MINIMAL_APP = "bench.minimal"  # Django with no middleware and no apps (bench/minimal.py)
START_TIMEOUT = 60
STOP_TIMEOUT = 30


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to report, not to follow: every measured URL must be a 200."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url):
    """GET `url` as wrk does (gzip accepted): its status and headers; None if unreachable."""
    status, headers, _text = http_request(url)
    return status, headers


def http_request(url, *, form=None, data=None, opener=OPENER, headers=None):
    """GET `url`, or POST the dict `form` (or the bytes `data`) to it, as wrk does (gzip
    accepted, no redirect followed): status, headers and the body as text; None, None, "" if
    unreachable."""
    if form is not None:
        data = urllib.parse.urlencode(form, doseq=True).encode()
    headers = {"Accept-Encoding": "gzip", **(headers or {})}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, body_text(response)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, body_text(error)
    except (urllib.error.URLError, OSError):
        return None, None, ""


def body_text(response):
    body = response.read()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8", errors="replace")


def port_is_open(port):
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
        return True
    return False


def wait_for_free_port(port, seconds=10):
    deadline = time.monotonic() + seconds
    while port_is_open(port):
        if time.monotonic() > deadline:
            raise BenchError(f"Port {port} is in use by another program: pass another --port.")
        time.sleep(0.2)


@contextlib.contextmanager
def running_server(env, port, log_path, ready_path=READY_PATH, app=SITE_APP):
    """gunicorn serving the WSGI module `app` on `port` in its own process group, ready to
    answer (`ready_path` answers 200); always stopped after."""
    gunicorn = VENV_BIN / "gunicorn"
    if not gunicorn.exists():
        raise BenchError(f"{gunicorn} is missing: run `make env` first.")
    wait_for_free_port(port)
    command = [str(gunicorn), "--config", "c40site/gunicorn_conf.py", app]
    env = {**env, "C40_BIND": f"{HOST}:{port}"}
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_ready(process, port, log_path, ready_path)
            yield process
        finally:
            stop(process)


def wait_until_ready(process, port, log_path, ready_path=READY_PATH):
    url = f"http://{HOST}:{port}{ready_path}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited ({process.returncode}):\n{log_tail(log_path)}")
        status, _headers = fetch(url)
        if status == 200:
            return
        if status is not None:
            raise BenchError(f"{url} answered {status}, not 200:\n{log_tail(log_path)}")
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {START_TIMEOUT}s:\n{log_tail(log_path)}")


def stop(process):
    """SIGTERM to gunicorn's whole process group (master and workers); SIGKILL if it hangs."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def log_tail(log_path, lines=30):
    with open(log_path, errors="replace") as log:
        return "".join(log.readlines()[-lines:])


def drain(port, quick_ms=50, seconds=120):
    """Wait until the bare view answers quickly: requests left queued by the last wrk run
    (sync workers still serve connections wrk has closed) must not slow the next one."""
    url = f"http://{HOST}:{port}{READY_PATH}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status, _headers = fetch(url)
        if status != 200:
            raise BenchError(f"{url} answered {status or 'nothing'} between measurements.")
        if (time.perf_counter() - started) * 1000 < quick_ms:
            return
    say(f"  warning: the server is still slow {seconds}s after the last measurement")


def check_urls(urls):
    """GET each URL once; a BenchError unless each answers 200. Their X-Page-Cache headers."""
    cache_states = {}
    for name, url in urls.items():
        status, headers = fetch(url)
        if status != 200:
            raise BenchError(f"{name} ({url}) answered {status or 'nothing'}, not 200.")
        cache_states[name] = headers.get("X-Page-Cache")
    return cache_states


ERROR_LINE = re.compile(r"\[(?:ERROR|CRITICAL)\]| (?:ERROR|CRITICAL) ")


def read_log(path):
    """An app server's log: its JSON records and its other lines."""
    records, lines = [], []
    for line in path.read_text(errors="replace").splitlines():
        record = json_record(line)
        if record is None:
            lines.append(line)
        else:
            records.append(record)
    return records, lines


def json_record(line):
    if line.startswith("{"):
        with contextlib.suppress(ValueError):
            return json.loads(line)
    return None


def log_errors(log_path):
    """gunicorn's log (its own lines and Django's records, JSON or text): each at level ERROR or
    CRITICAL, and each request answered with a 5xx."""
    records, lines = read_log(log_path)
    found = [line for line in lines if ERROR_LINE.search(line)]
    for record in records:
        if record.get("level") in ("ERROR", "CRITICAL") or (record.get("status") or 0) >= 500:
            found.append(f"{record.get('level')} {record.get('message')}")
    return found
