#!/usr/bin/env bash
# The production stack on this machine: nginx in front (deploy/nginx.conf: it reads each
# request whole, so slow clients cannot hold the workers), gunicorn (workers sized to the
# cores), WhiteNoise for hashed, compressed static files, PostgreSQL, Redis as the shared
# cache. Each setting can be overridden from the environment (see .env.example); defaults
# suit this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-env.sh

export DJANGO_DEBUG=false
# Plain HTTP on this machine; behind a TLS proxy leave it unset (HTTPS redirect, HSTS, secure cookies).
export DJANGO_HTTPS="${DJANGO_HTTPS:-false}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/c40}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export DJANGO_SERVE_MEDIA="${DJANGO_SERVE_MEDIA:-true}"
# Visitors connect to nginx there; gunicorn listens behind it on C40_BIND (default: the next
# port), which slow clients never reach (scripts/serve-behind-nginx.sh).
export C40_LISTEN="${C40_LISTEN:-127.0.0.1:${PORT:-8000}}"
# Every absolute link (canonical, sitemap, feed, API) is built from this, never from the request.
export C40_PUBLIC_URL="${C40_PUBLIC_URL:-http://$C40_LISTEN}"
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  # A key made once for this checkout and kept out of git; a real deployment sets its own.
  if [ ! -s .secret-key ]; then
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > .secret-key)
  fi
  DJANGO_SECRET_KEY=$(cat .secret-key)
  export DJANGO_SECRET_KEY
fi

scripts/ensure-database.sh "$DATABASE_URL"
.venv/bin/python manage.py compilemessages --ignore='.venv*' -v 0
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_dataset
.venv/bin/python manage.py collectstatic --noinput -v 0
# The manifest now lives in staticfiles-manifest/; an older release's copy would be served.
rm -f staticfiles/staticfiles.json
# The cache's Redis gets a memory limit (C40_REDIS_MAXMEMORY, default 256mb unless it has one)
# and evicts least recently used keys; a managed Redis refusing CONFIG gets a warning.
.venv/bin/python manage.py limit_redis_memory
# Scheduled publications and unpublications, at the start of every minute, for as long as this
# process (the servers, after the exec) lives: the systemd timer of docs/deploy.md, in one shell.
(
  while kill -0 $$ 2>/dev/null; do
    sleep $((60 - 10#$(date +%S)))
    .venv/bin/python manage.py run_schedule || true
  done
) &
exec scripts/serve-behind-nginx.sh
