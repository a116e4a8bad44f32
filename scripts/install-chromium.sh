#!/usr/bin/env bash
# Headless Chromium for the browser-marked tests (tests/render/test_browser.py, tests/web/
# test_browser.py), from Debian's `chromium` and `chromium-driver` packages (selenium drives the
# latter; nothing is downloaded at test time). Safe to re-run: does nothing when both binaries
# are already on PATH.
# Needs root (or sudo); CI calls it before `make test` where it can install packages.
set -euo pipefail

if { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } &&
  command -v chromedriver >/dev/null 2>&1; then
  echo "chromium and chromedriver already installed: $(command -v chromium || command -v chromium-browser)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-chromium: need root or sudo to apt-get install chromium; browser tests will be skipped" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
echo "installed: $(command -v chromium)"
