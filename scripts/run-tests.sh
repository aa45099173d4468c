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

wants_browser() {  # false only when the arguments deselect the browser tests
  case " $* " in *"not browser"*) return 1 ;; esac
  return 0
}

if wants_browser "$@" && [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
    apt_get update -qq && apt_get install -y -qq chromium >/dev/null \
      || echo "run-tests: Chromium could not be installed; browser tests will be skipped" >&2
  else
    echo "run-tests: no Chromium and no root apt-get to install it; browser tests will be skipped" >&2
  fi
fi
python3 -m pytest -q "$@"
