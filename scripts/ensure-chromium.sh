#!/bin/sh
# Make sure a Chromium is available for the browser tests.
# On Debian/Ubuntu as root it installs the distribution's chromium package;
# elsewhere it says what to install. Playwright's own browser download is not used.
set -eu
for candidate in "${KAP_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exit 0
  fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium was not found, so the browser tests will be skipped."
echo "Install it to run them: on Debian or Ubuntu, 'sudo apt-get install chromium';"
echo "elsewhere, install Chromium or Chrome and set KAP_CHROMIUM=/path/to/the/browser."
