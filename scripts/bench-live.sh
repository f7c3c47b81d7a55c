#!/usr/bin/env bash
# Load benchmark of `kursbuch live` (300 simulated phones; see kursbuch/live/bench.py). Needs a built course.
#   bash scripts/bench-live.sh [--participants 300] [--spread 2] [--json figures.json]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f _build/html/index.html ] || bash scripts/build.sh
exec .venv/bin/python -m kursbuch.live.bench --html _build/html "$@"
