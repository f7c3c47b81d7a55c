#!/usr/bin/env bash
# Set up, check the content and build the course into _build/html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export JUPYTER_PATH="$PWD/.venv/share/jupyter"  # this project's kernel spec comes first
exec .venv/bin/kursbuch build "$@"
