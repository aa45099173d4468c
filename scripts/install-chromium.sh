#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when none is found ($CHROMIUM, or
# `chromium` on the PATH). Waits up to 5 minutes for apt's lock when another install holds
# it. Prints why and exits 0 when it cannot install (no root, no apt-get): the browser tests
# then skip, or fail in CI. --force installs even when one is found; --no-update skips
# `apt-get update` (lists already there).
set -euo pipefail
force=false update=true
for arg in "$@"; do
  case "$arg" in --force) force=true ;; --no-update) update=false ;; esac
done
if ! $force && { [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1; }; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  echo "install-chromium: no Chromium and no root apt-get to install it; browser tests will be skipped" >&2
  exit 0
fi
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
if $update; then apt_get update -qq; fi
apt_get install -y -qq chromium >/dev/null
