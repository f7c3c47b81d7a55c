#!/usr/bin/env bash
# Set up (Python environment and chromium) and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export JUPYTER_PATH="$PWD/.venv/share/jupyter"
exec .venv/bin/python -m pytest "$@"
