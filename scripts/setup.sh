#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine with the .NET 10 SDK to build, run and test Cranio.
# Installs what the project needs beyond the SDK (nothing from apt yet), restores packages and builds once.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build Cranio.slnx -c Release --nologo -v quiet "$@"
echo "setup: built Cranio (Release)."
