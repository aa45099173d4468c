#!/usr/bin/env bash
# The test command: installs the project with its test dependencies, then runs pytest with
# the arguments given (e.g. -m "not browser" for the fast run without Chromium).
#
# Browser tests need a Chromium: $CHROMIUM if set, else `chromium` on the PATH, else Debian's
# package is installed here, waiting up to 5 minutes for apt's lock when another install
# holds it. Where none can be had, the browser tests are skipped with the reason (see
# tests/conftest.py). Any non-zero pytest exit fails this script, 5 (no test collected) included.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet -e '.[test]'
bash scripts/install-tools.sh || echo "run-tests: the file readers' tools could not be installed; their tests will be skipped" >&2

wants_browser() {  # false only when the arguments deselect the browser tests
  case " $* " in *"not browser"*) return 1 ;; esac
  return 0
}

if wants_browser "$@"; then
  bash scripts/install-chromium.sh || echo "run-tests: Chromium could not be installed; browser tests will be skipped" >&2
fi
python3 -m pytest -q "$@"
