#!/bin/sh
# The learned designer next to its spherical-map prior, from one network pass per case:
#   1. SkullFix validation cases 060–074 (real defects), the default combination rule and the plain threshold;
#   2. injected defects on the validation skulls 060–074 (DefectInjector defaults, seed = case number).
# Usage: sh bench/learned/run.sh [DATA_DIR] [EXTRA LearnedBench OPTIONS]   (from the repository root)
# Nothing is written into the repository.
set -eu
data="${1:-../shared/data/skullfix}"
[ $# -gt 0 ] && shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build -c Release bench/learned/LearnedBench -o "$work/bin" >/dev/null
"$work/bin/LearnedBench" "$data" 60 74 --margins 0,0.05 --bands 0,3 "$@"
"$work/bin/LearnedBench" "$data" 60 74 --injected --margins 0,0.05 --bands 0,3 "$@"
