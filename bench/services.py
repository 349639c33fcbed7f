"""PostgreSQL, Redis and the Django commands the benchmark programs need, with their
environment and the shared set-up: a fresh database loaded with the dataset."""

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import django
import redis

from bench import report
from bench.common import REPO, BenchError, say

# The project's Python runs the benchmark; gunicorn and moto are installed beside it.
VENV_BIN = Path(sys.executable).parent
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REAL_CITIES = 98


def database_url(name, user=PG_USER):
    return f"postgres://{user}@{PG_HOST}:{PG_PORT}/{name}"


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


def redis_info(db, section):
    """Redis's INFO `section` as a dict, after checking database `db` can be selected."""
    try:
        return redis.Redis(REDIS_HOST, REDIS_PORT, db=db, socket_timeout=10).info(section)
    except redis.RedisError as error:
        raise BenchError(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}: {error}") from None


def flush_redis(db):
    try:
        redis.Redis(REDIS_HOST, REDIS_PORT, db=db, socket_timeout=10).flushdb()
    except redis.RedisError as error:
        raise BenchError(f"Redis could not flush database {db}: {error}") from None


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
    command = [sys.executable, "manage.py", *arguments]
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


def load_data(env, database, size=REAL_CITIES):
    """A fresh database with `size` cities; seconds per step."""
    recreate_database(database)
    seconds = {"migrate": timed_manage(env, "migrate", "--noinput", "-v", "0")}
    seconds["load_dataset"] = timed_manage(env, "load_dataset")
    if size > REAL_CITIES:
        seconds["generate_cities"] = timed_manage(env, "generate_cities", str(size - REAL_CITIES))
    loading = {step: value for step, value in seconds.items() if step != "migrate"}
    steps = ", ".join(f"{step} {value:.1f}s" for step, value in loading.items())
    say(
        f"\n{size} cities: migrate {seconds['migrate']:.1f}s, "
        f"data load {sum(loading.values()):.1f}s ({steps})"
    )
    return seconds


def bench_site(env, *arguments):
    """What `manage.py prepare_bench_site` prints: the paths to load, London's spotlight and,
    with `--draft-by EDITOR`, the spotlight made a draft (ops/management/commands/)."""
    return json.loads(manage(env, "prepare_bench_site", *arguments))


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
    return report.machine_info(
        postgres_version=check_postgres(),
        redis_version=str(redis_info(redis_db, "server")["redis_version"]),
        python_version=platform.python_version(),
        django_version=django.get_version(),
    )


def install_debian_package(package, find):
    """Install `package` with apt-get (as root) and return `find()`, its program's path."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BenchError(
            f"{package} is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y "
            f"--no-install-recommends {package}) and run again."
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "-o", "DPkg::Lock::Timeout=120", "install", "-y"]
    for command in (["apt-get", "update"], [*install, "--no-install-recommends", package]):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            raise BenchError(f"`{' '.join(command)}` failed: install {package} by hand.")
    if found := find():
        return found
    raise BenchError(f"apt-get installed {package}, yet its program is not on PATH.")
