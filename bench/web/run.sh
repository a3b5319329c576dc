#!/usr/bin/env bash
# Loopback load test of cranio serve: USERS users (default 20) upload a phantom CT of SPACING mm (default 4) and
# poll until their job is done; at most MINUTES (default 10) in total. Talks only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project bench/web/Cranio.Bench.Web.csproj -- "${1:-20}" "${2:-4}" "${3:-10}"
