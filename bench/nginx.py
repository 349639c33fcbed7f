"""nginx in front of the app servers (bench/fleet.py): installed when missing, configured from
deploy/nginx.conf, run as a foreground process of the fleet test, never as a system service."""

import contextlib
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from bench import server, services
from bench.common import BenchError, say
from bench.services import REPO

TEMPLATE = REPO / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"\$\{(C40_[A-Z0-9_]+)\}")
SBIN = Path("/usr/sbin/nginx")
POLICY_RC = Path("/usr/sbin/policy-rc.d")
# Tells invoke-rc.d not to start a service: Debian's nginx package would start one on port 80.
NO_SERVICE_START = (
    "#!/bin/sh\n# bench/nginx.py: no service starts while nginx installs.\nexit 101\n"
)
START_TIMEOUT = 10
MAIN_CONFIG = """\
# Written by bench/fleet.py: nginx run by the fleet test in {root}, not the system's.
{user}worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{
    worker_connections 512;
}}
http {{
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    access_log off;
    include {root}/c40.conf;
}}
"""


def find_nginx():
    found = shutil.which("nginx")
    if found:
        return found
    return str(SBIN) if os.access(SBIN, os.X_OK) else None


def ensure_nginx():
    """The path of nginx; Debian's package installed with apt-get when missing and we are root,
    without letting the package start a system nginx on port 80."""
    found = find_nginx()
    if found:
        return found
    say("nginx is missing: installing it with apt-get (its system service is not started)")
    port_80_was_open = server.port_is_open(80)
    with services_not_started():
        found = services.install_debian_package("nginx", find_nginx)
    if server.port_is_open(80) and not port_80_was_open:
        say("  the package started a system nginx on port 80: stopping it")
        subprocess.run([found, "-s", "quit"], check=False)
    return found


@contextlib.contextmanager
def services_not_started():
    """A policy-rc.d refusing every service start, unless one exists already (as in Docker)."""
    if POLICY_RC.exists():
        yield
        return
    POLICY_RC.write_text(NO_SERVICE_START)
    POLICY_RC.chmod(0o755)
    try:
        yield
    finally:
        POLICY_RC.unlink(missing_ok=True)


def render(template, values):
    """The template with each ${C40_…} placeholder replaced; an error naming any left unfilled."""
    if missing := sorted(set(PLACEHOLDER.findall(template)) - set(values)):
        raise BenchError(f"{TEMPLATE} needs values for {', '.join(missing)}.")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), template)


def site_values(*, listen_port, app_ports, log_dir):
    """The placeholders' values for nginx on loopback in front of the app servers' ports."""
    values = {"C40_LISTEN": f"{server.HOST}:{listen_port}", "C40_LOG_DIR": str(log_dir)}
    values["C40_SERVER_NAME"] = f"{server.HOST} localhost"
    for number, port in enumerate(app_ports, start=1):
        values[f"C40_APP_SERVER_{number}"] = f"{server.HOST}:{port}"
    return values


def write_config(root, values):
    """deploy/nginx.conf filled in as root/c40.conf, inside a main config of its own; its path."""
    (root / "c40.conf").write_text(render(TEMPLATE.read_text(), values))
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""  # workers never run as root
    config = root / "nginx.conf"
    config.write_text(MAIN_CONFIG.format(root=root, user=user))
    return config


@contextlib.contextmanager
def running_nginx(nginx, root, port, ready_path):
    """nginx (config in `root`, see write_config) on `port`, in the foreground in its own
    process group, with `ready_path` answering 200 through it; always stopped after."""
    root.chmod(0o755)  # the workers (nobody) reach their temporary directories inside
    command = [
        nginx,
        "-p",
        f"{root}/",
        "-e",
        str(root / "error.log"),
        "-c",
        str(root / "nginx.conf"),
    ]
    test = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if test.returncode != 0:
        raise BenchError(f"nginx refused the configuration:\n{test.stderr}")
    server.wait_for_free_port(port)
    with open(root / "stderr.log", "ab") as log:
        process = subprocess.Popen(
            [*command, "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(process, root, f"http://{server.HOST}:{port}{ready_path}")
        yield process
    finally:
        server.stop(process)


def wait_until_ready(process, root, url):
    deadline = time.monotonic() + START_TIMEOUT
    status = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"nginx exited ({process.returncode}):\n{error_log(root)}")
        status, _headers = server.fetch(url)
        if status == 200:
            return
        time.sleep(0.2)
    raise BenchError(f"{url} answered {status or 'nothing'} through nginx:\n{error_log(root)}")


def error_log(root):
    text = ""
    for name in ("stderr.log", "error.log", "c40-error.log"):
        with contextlib.suppress(OSError):
            text += (root / name).read_text(errors="replace")
    return text[-3000:]
