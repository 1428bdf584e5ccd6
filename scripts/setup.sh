#!/usr/bin/env bash
# Set up everything the product needs on a fresh machine, idempotently:
#   .venv with the package (and, with --dev, the test tools), Debian's Chromium for PNG export and
#   browser tests, Leaflet and plugin assets from npm into static/vendor/, and the gazetteer index.
# Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

say() { printf '\n== %s\n' "$*" >&2; }

python_bin=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    python_bin=$(command -v "$candidate"); break
  fi
done
[ -n "$python_bin" ] || { echo "error: Python 3.11 is required (python3.11 not found)" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $python_bin"
  "$python_bin" -m venv .venv
fi
say "installing Python packages"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import geo, streamlit, folium" || { echo "error: Python packages did not install" >&2; exit 1; }

if [ -z "${FRONTLINE_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium (PNG export, browser tests)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "warning: chromium not found; PNG export needs it (sudo apt-get install chromium)" >&2
  fi
fi

# PostgreSQL + PostGIS (Debian) for the team store's tests (a throwaway server on loopback); on request
# (FRONTLINE_WITH_POSTGRES=1, set by .ci/run) or with --dev when running as root.
if [ "${FRONTLINE_WITH_POSTGRES:-}" = "1" ] || { [ -n "$extras" ] && [ "$(id -u)" = "0" ]; }; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      say "installing Debian's postgresql and postgis (team store tests)"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends postgresql postgis postgresql-postgis >/dev/null
    else
      echo "warning: PostgreSQL/PostGIS not found; team store tests will skip (sudo apt-get install postgresql postgis)" >&2
    fi
  fi
fi

if [ -x scripts/install_assets.sh ] || [ -f scripts/install_assets.sh ]; then
  say "installing map assets from npm"
  bash scripts/install_assets.sh
fi

if [ -f scripts/build_gazetteer.py ]; then
  say "building the gazetteer index (once; cached)"
  .venv/bin/python scripts/build_gazetteer.py
fi
say "setup done"
