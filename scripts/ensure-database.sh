#!/usr/bin/env bash
# Create the PostgreSQL database of a postgres:// URL if it does not exist yet.
set -euo pipefail
url="$1"
case "$url" in postgres://* | postgresql://*) ;; *) exit 0 ;; esac
if ! pg_isready -d "$url" -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start 2>/dev/null || true
  for _ in $(seq 30); do pg_isready -d "$url" -q && break; sleep 1; done
fi
name="${url##*/}"
name="${name%%\?*}"
if ! psql "$url" -tAc 'select 1' >/dev/null 2>&1; then
  psql "${url%/*}/postgres" -q -c "create database \"$name\"" >/dev/null
  echo "Created database $name"
fi
