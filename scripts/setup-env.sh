#!/usr/bin/env bash
# Create .venv with Python >= 3.12 and the pinned requirements; install the Debian packages
# the project needs (gettext, chromium, fonts-noto-cjk) when they are missing.
# Safe to run again: it reinstalls only when a requirements file changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
      "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  python=$(find_python) || {
    echo "error: Django 6 needs Python 3.12 or newer; none found. Install one, or set PYTHON=/path/to/python3.12." >&2
    exit 1
  }
  echo "Creating .venv with $("$python" --version)"
  rm -rf .venv
  "$python" -m venv .venv
fi

stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$wanted" > "$stamp"
fi

# Debian packages: gettext's msgfmt compiles the Chinese catalogue; Chromium and a CJK font
# run the browser tests and draw the share images (Playwright drives /usr/bin/chromium; it
# never downloads a browser).
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK*" >/dev/null || missing+=(fonts-noto-cjk)
# Java runs the W3C Nu HTML Checker (tests/pages/test_html_validity.py).
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "error: missing Debian packages: ${missing[*]} (apt-get install --no-install-recommends ${missing[*]})." >&2
    exit 1
  fi
fi
