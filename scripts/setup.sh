#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine with the .NET 10 SDK to build, run and test Cranio.
# Installs what the project needs beyond the SDK (npm packages of the web viewer; with CRANIO_BROWSER_TESTS=1
# also Debian's chromium for the web application's browser test), restores packages and builds once.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)." >&2
  exit 1
fi

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    if [ -z "${CRANIO_APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null; CRANIO_APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
}

# The web viewer's browser library (niivue) comes from npm and is served by the app itself (no CDN):
# npm ci in src/Cranio.Web/client copies its prebuilt ES module into src/Cranio.Web/wwwroot/lib before the build.
if ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm || { echo "setup: npm is required for the web viewer (apt-get install nodejs npm)." >&2; exit 1; }
fi
client=src/Cranio.Web/client
if [ ! -f "$client/node_modules/.package-lock.json" ] || [ "$client/package-lock.json" -nt "$client/node_modules/.package-lock.json" ]; then
  (cd "$client" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "setup: installed the web viewer's npm packages."
fi

# Headless Chromium (Debian's package; never a downloaded browser) for the web application's end-to-end test;
# test.sh asks for it with CRANIO_BROWSER_TESTS=1, so running the program alone does not install a browser.
if [ "${CRANIO_BROWSER_TESTS:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  if apt_install chromium; then echo "setup: installed chromium."; else echo "setup: chromium is not installed and cannot be (not root); the browser test will be skipped." >&2; fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build Cranio.slnx -c Release --nologo -v quiet "$@"
echo "setup: built Cranio (Release)."
