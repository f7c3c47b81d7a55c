#!/usr/bin/env bash
# Set up what the build (and with --test, the tests) need. Idempotent: a second run only checks.
#   bash scripts/setup.sh          Python environment in .venv
#   bash scripts/setup.sh --test   plus Debian's chromium, Java, the npm test tools and the test LRS (.venv-lrs)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
want=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.kursbuch-installed 2>/dev/null)" != "$want" ]; then
  echo "setup: installing requirements.txt into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  # A kernel spec inside .venv, so notebooks execute with this environment's Python.
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
  echo "$want" > .venv/.kursbuch-installed
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# WeasyPrint (the handouts) draws text with Pango; DejaVu is the handouts' font.
if ! dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null 2>&1; then
  echo "setup: installing Pango and the DejaVu fonts for the PDF handouts"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  # Test tools from npm, exactly as locked (axe-core, IBM's accessibility-checker-engine, the Nu HTML
  # Checker vnu-jar, scorm-again, SCORM XSDs).
  lock=$(sha256sum tests/package-lock.json | cut -d' ' -f1)
  if [ "$(cat tests/node_modules/.kursbuch-installed 2>/dev/null)" != "$lock" ]; then
    echo "setup: installing the npm test tools into tests/node_modules"
    npm ci --prefix tests --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    echo "$lock" > tests/node_modules/.kursbuch-installed
  fi
fi

if [ "${1:-}" = "--test" ]; then
  # The LRS the cmi5 tests start (Ralph), in its own environment: its pins are not the project's.
  lrs=$(sha256sum tests/lrs-requirements.txt | cut -d' ' -f1)
  if [ "$(cat .venv-lrs/.kursbuch-installed 2>/dev/null)" != "$lrs" ]; then
    echo "setup: installing the test LRS (Ralph) into .venv-lrs"
    [ -x .venv-lrs/bin/python ] || "$python" -m venv .venv-lrs
    .venv-lrs/bin/python -m pip install --quiet --disable-pip-version-check -r tests/lrs-requirements.txt
    echo "$lrs" > .venv-lrs/.kursbuch-installed
  fi
fi

# The Nu HTML Checker (npm vnu-jar, tests/browser/test_html_validator.py) runs on Java 17 or newer.
if [ "${1:-}" = "--test" ] && ! command -v java >/dev/null 2>&1; then
  echo "setup: installing Debian's Java runtime for the Nu HTML Checker"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
fi

if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium for the browser tests"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

# Debian's redis-server: the tests of `kursbuch live --redis` start their own instances (never a system service).
if [ "${1:-}" = "--test" ] && ! command -v redis-server >/dev/null 2>&1; then
  echo "setup: installing Debian's redis-server for the live-session tests"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  # Only the binary is wanted: the tests start redis-server on their own ports.
  if command -v systemctl >/dev/null 2>&1; then $sudo systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
fi
