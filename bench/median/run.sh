#!/bin/sh
# Majority filter and resampling: Cranio against SciPy on the same 512x512x300 phantom.
# Usage (from the repository root): sh bench/median/run.sh [median slab slices, 0 = whole volume]
# The reference side uses Debian's python3-scipy (/usr/bin/python3), installed here if missing.
set -eu
slab="${1:-0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! /usr/bin/python3 -c "import scipy" 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-scipy >/dev/null
fi
dotnet build -c Release bench/median -v quiet -nologo >/dev/null
uptime
dotnet bench/median/bin/Release/net10.0/Cranio.Bench.Median.dll "$work" 3
/usr/bin/python3 -c "import scipy, numpy; print('scipy', scipy.__version__, 'numpy', numpy.__version__)"
/usr/bin/python3 bench/median/reference.py "$work" "$slab"
uptime
