#!/usr/bin/env bash
# Sets up a fresh machine and runs the whole test suite (the command CI runs).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
dotnet test Cranio.slnx -c Release --nologo --no-build "$@"
