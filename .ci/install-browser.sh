#!/usr/bin/env bash
# Installs Debian's chromium for the report's browser test (reporting/test/browser.test.ts).
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (or sudo) and apt-get.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-browser: need root or sudo to install chromium" >&2; exit 1; }
  SUDO="sudo -n"
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-browser: installing chromium with apt-get" >&2
$SUDO apt-get update -qq </dev/null >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation </dev/null >/dev/null
/usr/bin/chromium --version >&2
