#!/usr/bin/env bash
# Set up (idempotent) and start the dashboard on the sample articles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run dashboard.py "$@"
