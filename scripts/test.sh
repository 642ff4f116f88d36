#!/usr/bin/env bash
# Installs everything the tests need (a virtual environment with requirements-dev.txt,
# Debian's chromium for the browser tests) and runs all three layers of tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# pytest exits 5 when it collected no test; with `set -e` that fails this script too.
.venv/bin/python -m pytest "$@"
