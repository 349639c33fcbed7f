"""PostgreSQL, Redis and the Django commands behind every benchmark program: the production
settings' environment, a fresh database loaded with the dataset, the machine's description."""

import contextlib
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import django
import redis

from bench.common import REPO, BenchError, say

# The project's Python runs the benchmark; gunicorn and moto are installed beside it.
VENV_BIN = Path(sys.executable).parent
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REAL_CITIES = 98


def database_url(name, user=PG_USER):
    return f"postgres://{user}@{PG_HOST}:{PG_PORT}/{name}"


def psql(sql, database="postgres"):
    """One SQL statement's output as text (psql -tA)."""
    command = ["psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1"]
    command += ["-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, "-d", database, "-c", sql]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise BenchError(f"psql failed on {sql!r}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def check_postgres():
    """PostgreSQL's version; a clear error when psql or the server is missing."""
    if not shutil.which("psql"):
        raise BenchError("psql (the PostgreSQL client) is not installed.")
    try:
        return psql("show server_version")
    except BenchError as error:
        raise BenchError(
            f"PostgreSQL is not reachable at {PG_USER}@{PG_HOST}:{PG_PORT} "
            f"(start it, e.g. `pg_ctlcluster 15 main start`): {error}"
        ) from None


def redis_info(db, section):
    """Redis's INFO `section`, after checking database `db` can be selected."""
    try:
        return redis.Redis(REDIS_HOST, REDIS_PORT, db=db, socket_timeout=10).info(section)
    except redis.RedisError as error:
        raise BenchError(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}: {error}") from None


def flush_redis(db):
    try:
        redis.Redis(REDIS_HOST, REDIS_PORT, db=db, socket_timeout=10).flushdb()
    except redis.RedisError as error:
        raise BenchError(f"Redis could not flush database {db}: {error}") from None


def django_env(database, redis_db):
    """Production settings (DEBUG off, a fresh secret key) on these databases."""
    env = dict(os.environ)
    for mode_variable in ("C40_PAGE_CACHE_SECONDS", "BENCH_PAGE_MIDDLEWARE"):
        env.pop(mode_variable, None)  # each benchmark mode sets its own
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",  # plain HTTP on loopback
        C40_PUBLIC_URL=os.environ.get("C40_PUBLIC_URL", "http://127.0.0.1:8000"),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url(database),
        REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(REPO),
    )
    return env


def manage(env, *arguments):
    """`manage.py <arguments>`'s output; a BenchError with the output if it fails."""
    command = [sys.executable, "manage.py", *arguments]
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=3600, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"`manage.py {' '.join(arguments)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


@contextlib.contextmanager
def stack(database, redis_db, keep_database=False):
    """The production settings' environment, static files and messages ready; the Redis
    database flushed and the benchmark database dropped (unless kept) after."""
    env = django_env(database, redis_db)
    try:
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "compilemessages", "--ignore=.venv*", "-v", "0")
        yield env
    finally:
        try:
            flush_redis(redis_db)
            if not keep_database:
                psql(f'drop database if exists "{database}" with (force)')
        except BenchError as error:
            say(f"bench: warning: clean-up failed: {error}")


def load_data(env, database, size=REAL_CITIES):
    """A fresh database with `size` cities; seconds per step."""
    psql(f'drop database if exists "{database}" with (force)')
    psql(f'create database "{database}"')
    steps = [("migrate", "--noinput", "-v", "0"), ("load_dataset",)]
    if size > REAL_CITIES:
        steps.append(("generate_cities", str(size - REAL_CITIES)))
    seconds = {}
    for step in steps:
        started = time.perf_counter()
        manage(env, *step)
        seconds[step[0]] = time.perf_counter() - started
    loading = {step: value for step, value in seconds.items() if step != "migrate"}
    summary = ", ".join(f"{step} {value:.1f}s" for step, value in loading.items())
    say(
        f"\n{size} cities: migrate {seconds['migrate']:.1f}s, "
        f"data load {sum(loading.values()):.1f}s ({summary})"
    )
    return seconds


def bench_site(env, *arguments):
    """What `manage.py prepare_bench_site` prints (the paths to load, a draft...) as JSON."""
    return json.loads(manage(env, "prepare_bench_site", *arguments))


def cpu_model():
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def stack_machine(redis_db, command_line, **more):
    """The machine and the versions serving (with `more`), printed; for the JSON record."""
    machine = {
        "cores": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": check_postgres(),
        "redis": str(redis_info(redis_db, "server")["redis_version"]),
        "gunicorn_workers": os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1,
        "gunicorn_threads": os.environ.get("C40_THREADS") or 4,
        **more,
    }
    say(f"Command:    {command_line}")
    say(f"Machine:    {machine['cores']} cores, {machine['cpu_model']}")
    say(
        f"Software:   Python {machine['python']}, Django {machine['django']}, "
        f"PostgreSQL {machine['postgresql']}, Redis {machine['redis']}"
    )
    workers, threads = machine["gunicorn_workers"], machine["gunicorn_threads"]
    say(f"gunicorn:   {workers} processes × {threads} threads")
    return machine


def install_debian_package(package, find):
    """Install `package` with apt-get (as root); `find()`, its program's path."""
    if found := find():
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BenchError(
            f"{package} is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y "
            f"--no-install-recommends {package}) and run again."
        )
    say(f"{package} is missing: installing it with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "-o", "DPkg::Lock::Timeout=120", "install", "-y"]
    for command in (["apt-get", "update"], [*install, "--no-install-recommends", package]):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            raise BenchError(f"`{' '.join(command)}` failed: install {package} by hand.")
    if found := find():
        return found
    raise BenchError(f"apt-get installed {package}, yet its program is not on PATH.")
