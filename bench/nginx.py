"""nginx in front of the app servers (bench/fleet.py): installed when missing, configured from
deploy/nginx.conf, run as a foreground process of the fleet test, never as a system service."""

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from bench import server, services
from bench.common import HOST, REPO, BenchError, say

TEMPLATE = REPO / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"\$\{(C40_[A-Z0-9_]+)\}")
SBIN = Path("/usr/sbin/nginx")
POLICY_RC = Path("/usr/sbin/policy-rc.d")
# Tells invoke-rc.d not to start a service: Debian's nginx package would start one on port 80.
NO_SERVICE_START = (
    "#!/bin/sh\n# bench/nginx.py: no service starts while nginx installs.\nexit 101\n"
)
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
    return shutil.which("nginx") or (str(SBIN) if os.access(SBIN, os.X_OK) else None)


def ensure_nginx():
    """nginx's path; installed when missing without letting the package start a system nginx
    on port 80."""
    if found := find_nginx():
        return found
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
    values = {"C40_LISTEN": f"{HOST}:{listen_port}", "C40_LOG_DIR": str(log_dir)}
    values["C40_SERVER_NAME"] = f"{HOST} localhost"
    for number, port in enumerate(app_ports, start=1):
        values[f"C40_APP_SERVER_{number}"] = f"{HOST}:{port}"
    return values


def write_config(root, values):
    """deploy/nginx.conf filled in as root/c40.conf, inside a main config of its own; its path."""
    (root / "c40.conf").write_text(render(TEMPLATE.read_text(), values))
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""  # workers never run as root
    config = root / "nginx.conf"
    config.write_text(MAIN_CONFIG.format(root=root, user=user))
    return config


def running_nginx(nginx, root, port, ready_path):
    """nginx in the foreground with the configuration write_config left in `root`."""
    root.chmod(0o755)  # the workers (nobody) reach their temporary directories inside
    command = [nginx, "-p", f"{root}/", "-e", str(root / "error.log")]
    command += ["-c", str(root / "nginx.conf")]
    test = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if test.returncode != 0:
        raise BenchError(f"nginx refused the configuration:\n{test.stderr}")
    logs = (root / "error.log", root / "c40-error.log")
    command += ["-g", "daemon off;"]
    return server.running("nginx", command, port, ready_path, root / "stderr.log", more_logs=logs)
