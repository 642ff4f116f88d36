#!/usr/bin/env bash
# Installs everything the tests need (a virtual environment with requirements-dev.txt,
# Debian's chromium and haproxy) and runs all three layers of tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: chromium for the browser tests, haproxy for the load-balancer test.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing="$missing haproxy"
if [ -n "$missing" ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# pytest exits 5 when it collected no test; with `set -e` that fails this script too.
.venv/bin/python -m pytest "$@"
