#!/usr/bin/env bash
# gunicorn behind nginx on this machine: what `make serve-prod` runs once the database, the
# translations and the static files are ready (scripts/serve-prod.sh sets the environment).
#
# Why nginx: a sync gunicorn worker reads a request itself, so five clients sending their
# headers a byte at a time held all five workers and stalled every page (slowloris). nginx,
# configured from deploy/nginx.conf as every production server is, reads each request whole
# (headers and body) before passing it on: a slow client costs one cheap nginx connection,
# never a worker. tests/serving/test_slow_clients.py measures it.
#
# Visitors connect to C40_LISTEN (default 127.0.0.1:$PORT, port 8000); gunicorn listens on
# loopback only (C40_BIND, default the next port). Both stop when either stops or on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

listen="${C40_LISTEN:-127.0.0.1:${PORT:-8000}}"
export C40_BIND="${C40_BIND:-127.0.0.1:$((${listen##*:} + 1))}"
# nginx is the proxy the app believes about the visitor's address (sign-in lock-outs).
export C40_TRUSTED_PROXIES="${C40_TRUSTED_PROXIES:-127.0.0.1}"

run_dir=$(mktemp -d "${TMPDIR:-/tmp}/c40-serve.XXXXXX")
chmod 755 "$run_dir" # nginx's workers (nobody, when started as root) use its temp folders
gunicorn_pid="" nginx_pid=""
stop() {
  trap '' TERM INT HUP # a second signal (make passes one on) must not cut the clean-up short
  for pid in $nginx_pid $gunicorn_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  rm -rf "$run_dir"
}
trap stop EXIT
trap 'exit 143' TERM INT HUP

# nginx installed if missing (Debian's package, its system service not started), and
# deploy/nginx.conf filled in by the same code as the fleet test's (bench/nginx.py); both
# upstream entries name the one gunicorn.
nginx=$(
  .venv/bin/python - "$run_dir" "$listen" "$C40_BIND" <<'PY' | tail -n 1
import sys

from bench import nginx
from bench.common import BenchError

root, listen, app = sys.argv[1:]
values = {"C40_LISTEN": listen, "C40_SERVER_NAME": "_", "C40_LOG_DIR": root}
values |= {"C40_APP_SERVER_1": app, "C40_APP_SERVER_2": app}
with open(f"{root}/c40.conf", "w") as config:
    config.write(nginx.render(nginx.TEMPLATE.read_text(), values))
try:
    print(nginx.ensure_nginx())
except BenchError as error:
    sys.exit(f"error: {error}")
PY
)
user=""
[ "$(id -u)" = 0 ] && user="user nobody nogroup;"
cat >"$run_dir/nginx.conf" <<EOF
# Written by scripts/serve-behind-nginx.sh for this run; deploy/nginx.conf is in c40.conf.
$user
worker_processes auto;
pid $run_dir/nginx.pid;
events {
    worker_connections 4096;
}
http {
    client_body_temp_path $run_dir/client_body;
    proxy_temp_path $run_dir/proxy;
    fastcgi_temp_path $run_dir/fastcgi;
    uwsgi_temp_path $run_dir/uwsgi;
    scgi_temp_path $run_dir/scgi;
    # A client gets 10 s to send its headers, and 10 s between two reads of its body.
    client_header_timeout 10s;
    client_body_timeout 10s;
    include $run_dir/c40.conf;
}
EOF
nginx_command=("$nginx" -p "$run_dir/" -e stderr -c "$run_dir/nginx.conf")
"${nginx_command[@]}" -t -q

.venv/bin/gunicorn --config c40site/gunicorn_conf.py c40site.wsgi &
gunicorn_pid=$!
# nginx starts once gunicorn answers: an upstream refusing connections is left out for 10 s.
until .venv/bin/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
  "http://$C40_BIND/healthz" 2>/dev/null; do
  kill -0 "$gunicorn_pid" 2>/dev/null || exit 1
  sleep 0.2
done
"${nginx_command[@]}" -g "daemon off;" &
nginx_pid=$!
echo "Serving on http://$listen/ (production settings; nginx in front of gunicorn on $C40_BIND)"
wait -n "$gunicorn_pid" "$nginx_pid"
