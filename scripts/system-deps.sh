#!/usr/bin/env bash
# What the demo and the real-browser tests need from Debian, installed when it is missing.
#   bash scripts/system-deps.sh          install what is missing (needs root and apt-get)
#   bash scripts/system-deps.sh --check  only say what is missing; exit 1 if anything is
# The lab binds ports 80/443 on 127.0.x.x, as real sites listen there, so the demo and the e2e
# tests also need root: said here too, before anything starts.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

root=yes
[ "$(id -u)" -eq 0 ] || root=no

if [ ${#need[@]} -gt 0 ]; then
  if [ "${1:-}" = "--check" ] || [ "$root" = no ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Vantage's lab needs Debian packages that are missing: ${need[*]}" >&2
    echo "Install them with:  sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ "$root" = no ]; then
  echo "The censor lab binds ports 80 and 443 on 127.0.x.x: run this as root (e.g. sudo npm run demo)." >&2
  exit 1
fi
