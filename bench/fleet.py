"""The fleet test: two app servers behind nginx share sessions, the page cache, a read replica
and object storage, and the site keeps answering when one dies (docs/fleet-test.md)."""

import argparse
import contextlib
import dataclasses
import json
import logging
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer
from PIL import Image

from bench import browser, load, nginx, server, services
from bench import fleet_checks as checks
from bench.common import (
    HOST,
    RESULTS_DIR,
    BenchError,
    conclude,
    positive,
    run_program,
    say,
    stack_parser,
)
from bench.editor import Editor, EditorError
from bench.fleet_checks import INSTANCES, VICTIM

ADMIN_URL = "staff-fleet/"
EDITOR = "fleet-editor"
WORKERS = 2  # gunicorn workers per server
READY_PATH = "/readyz"  # 200 once the database, the replica and the cache answer
SAMPLE_PAGES = 40  # public pages read before the edit and while a server is killed
PHOTO_SIZE = (1200, 800)
BUCKET, REGION = "c40-fleet-media", "us-east-1"
# moto accepts any key; the app servers find them where boto3 looks, in the environment.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "fleet-test", "AWS_SECRET_ACCESS_KEY": "fleet-test"}
# The bucket policy of docs/deploy: objects are public, so their URLs need no signature.
READ_OBJECTS = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [{**READ_OBJECTS, "Resource": f"arn:aws:s3:::{BUCKET}/*"}],
}


def parse_args(argv):
    parser = stack_parser(
        "bench.fleet",
        __doc__,
        port=8400,
        database="c40_bench_fleet",
        redis_db=10,
        port_help="nginx's port; the servers' are the next two",
    )
    add = parser.add_argument
    add("--s3-port", type=positive, default=9400, help="moto's S3 server (default 9400)")
    add("--reads", type=positive, default=200, help="reads right after the publish (200)")
    add("--after-kill", type=positive, default=100, help="reads after the kill (default 100)")
    return parser.parse_args(argv)


def fleet_env(env, options):
    """Production settings for every server: one secret key, database, Redis and bucket."""
    env = {key: value for key, value in env.items() if key != "C40_ACCESS_LOG"}
    env.update(  # the JSON request log is the record of requests
        DJANGO_SETTINGS_MODULE="c40site.settings",
        DJANGO_ADMIN_URL=ADMIN_URL,
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        C40_TRUSTED_PROXIES=HOST,  # nginx connects from loopback
        C40_LOG_FORMAT="json",
        WEB_CONCURRENCY=str(WORKERS),
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=f"http://{HOST}:{options.s3_port}",
        AWS_S3_REGION_NAME=REGION,
        AWS_S3_ADDRESSING_STYLE="path",
        **CREDENTIALS,
    )
    return env


def reader_role(database):
    return f"{database}_reader"


def create_reader(database):
    """A role that may connect and read every table, nothing else: the "replica", whose URL
    the servers get, so a write routed to it fails loudly."""
    role = reader_role(database)
    services.psql(f'drop role if exists "{role}"')
    services.psql(f'create role "{role}" login')
    services.psql(f'grant connect on database "{database}" to "{role}"')
    for grant in ("usage on schema public", "select on all tables in schema public"):
        services.psql(f'grant {grant} to "{role}"', database)
    return services.database_url(database, user=role)


def drop_reader(database, keep_database):
    """Drop the read-only role (its grants first when the database is kept)."""
    role = reader_role(database)
    try:
        if keep_database and services.psql(f"select 1 from pg_roles where rolname = '{role}'"):
            services.psql(f'drop owned by "{role}"', database)
        services.psql(f'drop role if exists "{role}"')
    except BenchError as error:
        say(f"bench.fleet: warning: could not drop the role {role}: {error}")


def replica_connections(database):
    """The read-only role's connections, and how many last read content (not just the
    readiness probe's SELECT 1)."""
    content = r"""query ~ '"(cities|networks|spotlights)_'"""
    output = services.psql(
        f"select count(*), count(*) filter (where {content}) from pg_stat_activity "
        f"where usename = '{reader_role(database)}' and datname = '{database}'"
    )
    connections, reading_content = map(int, output.split("|"))
    return {"connections": connections, "reading_content": reading_content}


def photo_jpeg():
    """A photo-sized JPEG (colour gradients), made in memory."""
    gradient = Image.linear_gradient("L").resize(PHOTO_SIZE)
    flipped = gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    image = Image.merge("RGB", (gradient, flipped, Image.new("L", PHOTO_SIZE, 90)))
    output = BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


def the_edit():
    """The change form's new values and the photo added, marked so no old page can match."""
    mark = secrets.token_hex(3)
    titles = {"en": f"Fleet check {mark}", "zh-hans": f"集群检查 {mark}"}
    alts = {"en": f"Fleet check photo {mark}", "zh-hans": f"集群检查照片 {mark}"}
    changes = {"title_en": titles["en"], "title_zh_hans": titles["zh-hans"]}
    photo = {"image": ("fleet-check.jpg", photo_jpeg(), "image/jpeg"), "position": "0"}
    photo |= {"alt_en": alts["en"], "alt_zh_hans": alts["zh-hans"]}
    photo |= {"credit_en": "C40 fleet test", "credit_zh_hans": "C40 集群测试"}
    return titles, alts, {**changes, "status": "published"}, photo


def sign_in_and_edit(apps, edit, tab):
    """Sign in on app1, open the admin on app2 with that session, edit through app1."""
    editor = Editor(apps["app1"], EDITOR, edit["password"], ADMIN_URL, tab)
    outcome = {"admin_responses": editor.responses, "session_error": None, "edit_error": None}
    try:
        editor.sign_in()
    except EditorError as error:
        outcome["session_error"] = outcome["edit_error"] = str(error)
        return outcome
    try:
        editor.at(apps["app2"]).check_signed_in()
    except EditorError as error:
        outcome["session_error"] = str(error)
    try:
        outcome["answered"] = editor.edit_spotlight(edit["id"], edit["changes"], edit["photo"])
    except EditorError as error:
        outcome["edit_error"] = str(error)
    return outcome


@dataclasses.dataclass
class Fleet:
    """The running fleet: its options, where each part answers and what each logs."""

    options: argparse.Namespace
    media: str  # the bucket's base URL
    nginx_root: Path
    processes: dict = dataclasses.field(default_factory=dict)  # name: gunicorn master
    log_paths: dict = dataclasses.field(default_factory=dict)  # name: its log

    def port(self, name):
        return self.options.port + (0 if name == "nginx" else 1 + INSTANCES.index(name))

    def url(self, name):
        return f"http://{HOST}:{self.port(name)}"


@contextlib.contextmanager
def running_s3(port):
    """moto's S3 server in a thread, with the public bucket; its base URL for objects. Its
    requests go to a log; its objects vanish when it stops."""
    server.wait_for_free_port(port)  # moto's thread would wait forever for a taken port
    requests_log = logging.getLogger("werkzeug")
    requests_log.setLevel(logging.INFO)
    requests_log.propagate = False
    handler = logging.FileHandler(RESULTS_DIR / "fleet-s3.log")
    requests_log.addHandler(handler)
    s3_server = ThreadedMotoServer(ip_address=HOST, port=port, verbose=False)
    s3_server.start()
    try:
        endpoint = f"http://{HOST}:{port}"
        keys = {name.lower(): value for name, value in CREDENTIALS.items()}
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **keys)
        s3.create_bucket(Bucket=BUCKET)
        s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield f"{endpoint}/{BUCKET}/"
    finally:
        s3_server.stop()
        requests_log.removeHandler(handler)
        handler.close()


@contextlib.contextmanager
def running_fleet(options, env, nginx_path, root):
    """The bucket, both app servers and nginx in front, each ready; all stopped after."""
    with contextlib.ExitStack() as stack:
        fleet = Fleet(options, stack.enter_context(running_s3(options.s3_port)), root)
        for name in INSTANCES:
            fleet.log_paths[name] = RESULTS_DIR / f"fleet-{name}.log"
            fleet.log_paths[name].write_text("")
            running = server.running_server(
                {**env, "C40_INSTANCE": name}, fleet.port(name), fleet.log_paths[name], READY_PATH
            )
            fleet.processes[name] = stack.enter_context(running)
        app_ports = [fleet.port(name) for name in INSTANCES]
        values = nginx.site_values(listen_port=options.port, app_ports=app_ports, log_dir=root)
        nginx.write_config(root, values)
        stack.callback(keep_nginx_logs, root)  # once nginx has stopped
        stack.enter_context(nginx.running_nginx(nginx_path, root, options.port, READY_PATH))
        apps = ", ".join(f"{name} on :{fleet.port(name)}" for name in INSTANCES)
        s3 = f"S3 (moto) on :{options.s3_port}"
        say(f"\nnginx on :{options.port} (deploy/nginx.conf) in front of {apps}; {s3}")
        yield fleet


@contextlib.contextmanager
def running_schedule(env, every=60):
    """`manage.py run_schedule` once a minute while the fleet runs, as the production recipe
    runs it (scripts/serve-prod.sh, the systemd timer of docs/deploy.md): {"runs", "errors"}."""
    record, stop = {"runs": 0, "errors": []}, threading.Event()

    def loop():
        while True:
            try:
                services.manage(env, "run_schedule")
                record["runs"] += 1
            except Exception as error:  # noqa: BLE001 (reported as a verdict, not raised)
                record["errors"].append(str(error)[:500])
            if stop.wait(every):
                return

    worker = threading.Thread(target=loop, name="run_schedule", daemon=True)
    worker.start()
    try:
        yield record
    finally:
        stop.set()
        worker.join(timeout=120)


def keep_nginx_logs(root):
    for name in ("c40-access.log", "c40-error.log"):
        with contextlib.suppress(OSError):
            shutil.copyfile(root / name, RESULTS_DIR / f"fleet-nginx-{name.removeprefix('c40-')}")


def scenario(fleet, site, password):
    """Everything checked through the running fleet (docs/fleet-test.md)."""
    front, options = fleet.url("nginx"), fleet.options
    apps = {name: fleet.url(name) for name in INSTANCES}
    pages = site["pages"][:: max(1, len(site["pages"]) // SAMPLE_PAGES)][:SAMPLE_PAGES]
    load.check_before_publish(front, site, pages)  # through nginx, reading the replica
    titles, alts, changes, photo = the_edit()
    edit = {"id": site["draft"]["id"], "changes": changes, "photo": photo, "password": password}
    findings = {"titles": titles, "reads": None, "lists": {}, "images": []}
    with browser.blank_tab() as tab:
        findings["editor"] = sign_in_and_edit(apps, edit, tab)
        if answered := findings["editor"].pop("answered", None):
            findings["reads"], seen = checks.read_published(
                front, site, titles, fleet.media, options.reads, answered
            )
            findings["lists"] = checks.check_lists(front, site, titles)
            findings["images"] = checks.check_images(tab, seen, fleet.media, alts)
    spotlight_pages = list(site["draft"]["pages"].values())
    served = checks.request_records(fleet.log_paths, set(spotlight_pages))
    findings["served"] = {str(name): len(records) for name, records in served.items()}
    findings["replica_connections"] = replica_connections(options.database)
    findings["redis"] = checks.redis_memory(options.redis_db)
    findings["kill"] = checks.read_while_killing(
        front, fleet.processes[VICTIM], pages + spotlight_pages, options.after_kill
    )
    findings["log_errors"] = checks.log_errors(fleet.log_paths)
    names = {f"{HOST}:{fleet.port(name)}": name for name in INSTANCES}
    findings["nginx"], ids = checks.read_access_log(fleet.nginx_root / "c40-access.log", names)
    records = [record for found in served.values() for record in found]
    findings["request_ids"] = {
        "records": len(records),
        "from_nginx": sum(record.get("request_id") in ids for record in records),
    }
    return findings


def run(options, command_line):
    """The whole fleet test; its failed verdicts."""
    nginx_path = nginx.ensure_nginx()
    version = subprocess.run([nginx_path, "-v"], capture_output=True, text=True, check=False)
    workers = f"{len(INSTANCES)} servers × {WORKERS}"
    machine = services.stack_machine(
        options.redis_db,
        command_line,
        gunicorn_workers=workers,
        nginx=version.stderr.strip().rpartition("/")[2],
    )
    say(f"nginx:      {machine['nginx']}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    password, started = secrets.token_urlsafe(24), time.time()
    try:
        with services.stack(options.database, options.redis_db, options.keep) as env:
            env = fleet_env(env, options)
            services.load_data(env, options.database)
            site = load.prepare_site(env, password, EDITOR)
            env["DATABASE_REPLICA_URL"] = create_reader(options.database)
            services.flush_redis(options.redis_db)
            # A memory limit and LRU eviction, as scripts/serve-prod.sh sets (docs/deploy.md).
            services.manage(env, "limit_redis_memory")
            with (
                tempfile.TemporaryDirectory(prefix="c40-fleet-") as root,
                running_fleet(options, env, nginx_path, Path(root)) as fleet,
                running_schedule(env) as schedule,
            ):
                findings = scenario(fleet, site, password)
            findings["schedule"] = schedule
    finally:
        drop_reader(options.database, options.keep)
    checks.print_results(findings, ADMIN_URL)
    return conclude(
        RESULTS_DIR / "fleet.json",
        checks.evaluate(findings),
        command_line,
        started,
        machine=machine,
        options=vars(options),
        **findings,
    )


def main(argv=None):
    return run_program("bench.fleet", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
