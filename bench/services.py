"""PostgreSQL, Redis and the Django commands the benchmark needs, with its environment."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import report
from bench.common import BenchError, say

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# The database is dropped and recreated: a name without "bench" could be a real one.
BENCH_DATABASE_NAME = re.compile(r"^[a-z0-9_]*bench[a-z0-9_]*$")
SPOTLIGHT_LOOKUP = """
from django.utils import translation
from spotlights.models import Spotlight
with translation.override("en"):
    found = Spotlight.objects.published().filter(city__slug="london").first()
    print("SPOTLIGHT", found.get_absolute_url() if found else "-")
"""


def python():
    """The project's Python (the one gunicorn runs), else the one running the benchmark."""
    candidate = VENV_BIN / "python"
    return str(candidate) if candidate.exists() else sys.executable


def database_url(name):
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def psql(sql, database="postgres"):
    """Run one SQL statement in `database` (default: the `postgres` maintenance database); its
    output as text."""
    command = ["psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1"]
    command += ["-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, "-d", database, "-c", sql]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise BenchError(f"psql failed on {sql!r}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def check_postgres():
    """PostgreSQL's server version; a clear error when psql or the server is missing."""
    if not shutil.which("psql"):
        raise BenchError("psql (the PostgreSQL client) is not installed.")
    try:
        return psql("show server_version")
    except BenchError as error:
        raise BenchError(
            f"PostgreSQL is not reachable at {PG_USER}@{PG_HOST}:{PG_PORT} "
            f"(start it, e.g. `pg_ctlcluster 15 main start`): {error}"
        ) from None


def recreate_database(name):
    drop_database(name)
    psql(f'create database "{name}"')


def drop_database(name):
    psql(f'drop database if exists "{name}" with (force)')


def redis_command(db, *words):
    """Send one command to Redis database `db`; the reply as text (stdlib only, no client)."""
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=10) as connection:
            replies = connection.makefile("rb")
            for command in (("SELECT", str(db)), words):
                connection.sendall(encode_command(command))
                reply = read_reply(replies)
            return reply
    except OSError as error:
        raise BenchError(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}: {error}") from None


def encode_command(words):
    parts = [f"*{len(words)}\r\n".encode()]
    for word in words:
        data = str(word).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def read_reply(replies):
    line = replies.readline().decode().rstrip("\r\n")
    kind, rest = line[:1], line[1:]
    if kind == "-":
        raise BenchError(f"Redis answered an error: {rest}")
    if kind == "$":
        length = int(rest)
        return None if length < 0 else replies.read(length + 2)[:-2].decode()
    return rest


def check_redis(db):
    """Redis's version, after checking database `db` can be selected."""
    info = redis_command(db, "INFO", "server")
    match = re.search(r"^redis_version:(\S+)", info, re.MULTILINE)
    return match.group(1) if match else "unknown"


def flush_redis(db):
    redis_command(db, "FLUSHDB")


def django_env(*, database, redis_db, secret_key):
    """Production settings (DEBUG off) on the benchmark database and Redis database."""
    env = dict(os.environ)
    for mode_variable in ("C40_PAGE_CACHE_SECONDS", "BENCH_PAGE_MIDDLEWARE"):
        env.pop(mode_variable, None)  # each mode sets its own
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",  # plain HTTP on loopback
        C40_PUBLIC_URL=os.environ.get("C40_PUBLIC_URL", "http://127.0.0.1:8000"),
        DJANGO_SECRET_KEY=secret_key,
        DATABASE_URL=database_url(database),
        REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(REPO),
    )
    return env


def manage(env, *arguments, timeout=3600):
    """Run `manage.py <arguments>`; its output; a BenchError with the output if it fails."""
    command = [python(), "manage.py", *arguments]
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"`manage.py {' '.join(arguments)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def timed_manage(env, *arguments):
    """Seconds taken by `manage.py <arguments>`."""
    started = time.perf_counter()
    manage(env, *arguments)
    return time.perf_counter() - started


def spotlight_path(env):
    """The public English URL path of London's first published spotlight."""
    output = manage(env, "shell", "-c", SPOTLIGHT_LOOKUP)
    for line in output.splitlines():
        if line.startswith("SPOTLIGHT "):
            path = line.split(" ", 1)[1].strip()
            if path.startswith("/"):
                return path
    raise BenchError(f"London has no published spotlight in the loaded data:\n{output}")


def project_versions():
    """Python and Django versions of the project's interpreter (the one serving)."""
    code = "import platform, django; print(platform.python_version(), django.get_version())"
    done = subprocess.run(
        [python(), "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"The project's Python cannot import Django:\n{done.stderr}")
    python_version, django_version = done.stdout.split()
    return python_version, django_version


def prepare_files(env):
    """Static files and compiled translations, as a deployment has them."""
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "compilemessages", "--ignore=.venv*", "-v", "0")


def clean_up(database, redis_db, *, keep_database=False):
    """Empty the Redis database and drop the benchmark database (unless kept)."""
    try:
        flush_redis(redis_db)
        if not keep_database:
            drop_database(database)
    except BenchError as error:
        say(f"bench: warning: clean-up failed: {error}")


def stack_machine(redis_db):
    """The machine and the versions of PostgreSQL, Redis, Python and Django serving."""
    postgres_version = check_postgres()
    redis_version = check_redis(redis_db)
    python_version, django_version = project_versions()
    return report.machine_info(
        python_version=python_version,
        django_version=django_version,
        postgres_version=postgres_version,
        redis_version=redis_version,
    )


def install_debian_package(package, find, env=None):
    """Install `package` with apt-get (as root) and return `find()`, its program's path."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BenchError(
            f"{package} is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y "
            f"--no-install-recommends {package}) and run again."
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", **(env or {})}
    install = ["apt-get", "-o", "DPkg::Lock::Timeout=120", "install", "-y"]
    install += ["--no-install-recommends", package]
    for command in (["apt-get", "update"], install):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            raise BenchError(f"`{' '.join(command)}` failed: install {package} by hand.")
    found = find()
    if not found:
        raise BenchError(f"apt-get installed {package}, yet its program is not on PATH.")
    return found
