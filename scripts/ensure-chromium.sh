#!/bin/sh
# Make sure a Chromium is available for the browser tests.
# The tests prefer Chromium's headless shell (the same engine without the desktop browser, as Playwright uses
# for headless runs: less work per page). On Debian/Ubuntu as root this installs the distribution's
# chromium-headless-shell package when it is missing; elsewhere a full Chromium or Chrome does the same
# work a little slower, or this says what to install. Playwright's own browser download is not used.
set -eu
for candidate in "${KAP_CHROMIUM:-}" /usr/bin/chromium-headless-shell; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exit 0
  fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium's headless shell for the browser tests (apt-get install chromium-headless-shell)..."
  apt-get update -qq >/dev/null
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; then
    exit 0
  fi
  echo "chromium-headless-shell could not be installed; trying the full chromium package."
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    exit 0
  fi
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -x "$candidate" ]; then
    exit 0
  fi
done
echo "Chromium was not found, so the browser tests will be skipped."
echo "Install it to run them: on Debian or Ubuntu, 'sudo apt-get install chromium-headless-shell' (or chromium);"
echo "elsewhere, install Chromium or Chrome and set KAP_CHROMIUM=/path/to/the/browser."
