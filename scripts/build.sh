#!/usr/bin/env bash
# Set up, check the content, build the course into _build/html and its SCORM and cmi5 packages into _build/scorm.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export JUPYTER_PATH="$PWD/.venv/share/jupyter"  # this project's kernel spec comes first
.venv/bin/kursbuch build "$@"
exec .venv/bin/kursbuch export
