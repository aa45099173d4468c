#!/usr/bin/env bash
# Installs the Debian programs the file readers use, where missing: tesseract-ocr and its
# Vietnamese model tesseract-ocr-vie (scanned PDFs), antiword (Word 97-2003 .doc). Waits up
# to 5 minutes for apt's lock. Without root apt-get it says what is missing and exits 0:
# the build then rejects only the files that need a missing tool, naming the package.
set -euo pipefail
missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } || missing+=(tesseract-ocr-vie)
command -v antiword >/dev/null 2>&1 || missing+=(antiword)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  echo "install-tools: missing ${missing[*]} and no root apt-get to install them; scanned PDFs and .doc files will be rejected with what to install" >&2
  exit 0
fi
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
apt_get update -qq
apt_get install -y -qq "${missing[@]}" >/dev/null
