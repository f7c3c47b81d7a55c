#!/usr/bin/env bash
# Set up and build the trainer edition into _build/trainer and the PDF handouts into _build/handouts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export JUPYTER_PATH="$PWD/.venv/share/jupyter"
exec .venv/bin/kursbuch trainer
