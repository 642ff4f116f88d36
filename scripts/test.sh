#!/usr/bin/env bash
# The one command that runs every test: installs what the tests need (a virtual environment
# with requirements-dev.txt, Debian's chromium and haproxy), runs the linter and the type
# checker, then pytest.
#
#   bash scripts/test.sh             everything: lint, types, core, AppTest and the browser tests
#   bash scripts/test.sh --fast      the inner loop: lint, types, core and AppTest without the tests
#                                    marked slow, in two processes; no browser or system packages
#                                    (under a minute on a quiet 2-core machine; figures in README.md)
#   bash scripts/test.sh ARGS...     lint and types, then pytest with ARGS (e.g. tests/core -k sigmoid)
#
# A test that takes more than about a second is marked `@pytest.mark.slow`: the full run keeps
# it, the fast path leaves it out, and a fast run names any unmarked test that used more than a
# second of processor time (tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."

fast=false
if [ "${1:-}" = "--fast" ]; then
  fast=true
  shift
fi

if [ "$fast" = false ]; then
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
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Lint first: a style error fails the run as a test would.
.venv/bin/python -m ruff check .

# Type-check the core (strict; pyproject.toml [tool.mypy]): a type error fails the run too.
.venv/bin/python -m mypy

# pytest exits 5 when it collected no test; with `set -e` that fails this script too.
# Core and AppTest tests spend their time computing, so two processes share them on two cores
# (whole files per process: a module's fixtures are built once). The browser tests run in two
# processes too, each with its own app server and Chromium on free ports; they are handed out
# one test at a time, except the modules that share one pair of app processes behind HAProxy
# (SHARED_PAIR_MODULES in tests/e2e/conftest.py, whose scheduler `--dist loadgroup` selects),
# which go to one process. They are collected from tests/e2e alone: `-m e2e` over the whole
# tree would first import every core and AppTest module.
if [ "$fast" = true ]; then
  .venv/bin/python -m pytest tests/core tests/app -q -x -m "not slow" -n 2 --dist loadfile "$@"
elif [ "$#" -gt 0 ]; then
  .venv/bin/python -m pytest "$@"
else
  status=0
  .venv/bin/python -m pytest -m "not e2e" -n 2 --dist loadfile || status=$?
  .venv/bin/python -m pytest tests/e2e -m e2e -n 2 --dist loadgroup || status=$?
  exit "$status"
fi
