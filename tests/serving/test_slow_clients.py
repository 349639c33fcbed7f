"""Slow clients cannot starve `make serve-prod` (slowloris): it serves behind nginx, which reads
each request whole before gunicorn's workers see it (scripts/serve-behind-nginx.sh).

Bare sync gunicorn as serve-prod used to run it (5 workers on 2 cores): five sockets sending
their headers a line every 2 s stalled a GET of /healthz for 34 s (until gunicorn killed a
worker), and with twenty sockets no request was answered in 40 s.
"""

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest
from django.conf import settings

from bench.nginx import find_nginx

pytestmark = pytest.mark.slow  # starts nginx and gunicorn

HOST = "127.0.0.1"
SLOW_CLIENTS = 20  # of each kind: more than the workers, whatever the machine
ANSWER_WITHIN = 2.0  # seconds


def serving_command():
    """What scripts/serve-prod.sh runs once the database and files are ready: its `exec` line."""
    script = (settings.BASE_DIR / "scripts" / "serve-prod.sh").read_text()
    (line,) = [line for line in script.splitlines() if line.startswith("exec ")]
    return shlex.split(line)[1:]


def free_port_pair():
    """A port whose next one is free too (nginx on the first, gunicorn on the second)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        with socket.socket() as second, contextlib.suppress(OSError):
            second.bind((HOST, port + 1))
            return port
    pytest.fail("no two free ports in a row")


def get(port, path="/healthz"):
    """Status and seconds taken of a GET."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=10) as response:
            status = response.status
    except OSError:
        status = None
    return status, time.perf_counter() - started


@pytest.fixture
def served_port(tmp_path):
    """serve-prod's serving part on production settings (SQLite, two workers); its port."""
    port = free_port_pair()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "C40_", "REDIS"))}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",
        DJANGO_SECRET_KEY="slow-clients-test-key-" + "x" * 40,
        C40_PUBLIC_URL=f"http://{HOST}:{port}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PORT=str(port),
        WEB_CONCURRENCY="2",
    )
    with open(tmp_path / "serve.log", "wb") as log:
        process = subprocess.Popen(
            serving_command(),
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while get(port)[0] != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail((tmp_path / "serve.log").read_text(errors="replace")[-3000:])
            time.sleep(0.2)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@contextlib.contextmanager
def slow_clients(port, count):
    """`count` clients trickling a header line every second, and `count` trickling a body
    (a form post) a byte a second, until the block ends."""
    sockets = []
    for number in range(2 * count):
        client = socket.create_connection((HOST, port))
        if number % 2:
            start = f"POST /en/ HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 100000\r\n"
            client.sendall(
                f"{start}Content-Type: application/x-www-form-urlencoded\r\n\r\na".encode()
            )
        else:
            client.sendall(f"GET /en/ HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        sockets.append((client, b"a" if number % 2 else b"X-Slow: 1\r\n"))
    stop = threading.Event()

    def trickle():
        while not stop.wait(1):
            for client, data in sockets:
                with contextlib.suppress(OSError):
                    client.sendall(data)

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        time.sleep(1.5)  # every slow client has reached the server and sent more
        yield
    finally:
        stop.set()
        trickler.join()
        for client, _data in sockets:
            client.close()


@pytest.mark.skipif(not find_nginx(), reason="nginx is not installed")
def test_slow_clients_do_not_stall_other_requests(served_port):
    with slow_clients(served_port, SLOW_CLIENTS):
        answers = [get(served_port) for _ in range(5)]

    assert all(status == 200 for status, _seconds in answers), answers
    assert max(seconds for _status, seconds in answers) < ANSWER_WITHIN, answers
