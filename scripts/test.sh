#!/usr/bin/env bash
# Set up (idempotent, with test tools) and run the whole test suite, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/python -m ruff check .
exec .venv/bin/python -m pytest -n auto --durations=15 "$@"
