#!/usr/bin/env bash
# Installs the project with its test dependencies and Debian's Chromium, then runs the tests.
# Under set -e any non-zero pytest exit fails this script, 5 (no test collected) included:
# that is a failure here, not a pass.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet -e '.[test]'
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
python3 -m pytest -q "$@"
