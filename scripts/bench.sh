#!/usr/bin/env bash
# Set up (Python environment and chromium) and run the benchmark; it prints every figure beside its
# target. Extra arguments go to `kursbuch bench` (e.g. --runs 5, --sizes 8,32,64, --json out.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export JUPYTER_PATH="$PWD/.venv/share/jupyter"
exec .venv/bin/kursbuch bench "$@"
