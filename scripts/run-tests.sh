#!/usr/bin/env bash
# Installs the project with its test dependencies and Debian's Chromium, then runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet -e '.[test]'
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
status=0
python3 -m pytest -q "$@" || status=$?
# pytest exits 5 when it collected no test: that is a failure here, not a pass.
exit "$status"
