#!/bin/sh
# Scores the training-free designers on all 75 SkullFix cases and on one injected defect per complete skull,
# with and without the spherical-map designer's symmetry steps (the tables of docs/RESULTS.md).
# Usage: bench/design/run.sh [DATA_DIR]   (run from the repository root; DATA_DIR defaults to ../shared/data/skullfix)
set -eu
data="${1:-../shared/data/skullfix}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build -c Release bench/design/DesignBench -o "$work/bin" >/dev/null
"$work/bin/DesignBench" "$data" spherical 0 74
"$work/bin/DesignBench" "$data" spherical 0 74 --no-symmetry
"$work/bin/DesignBench" "$data" mirror 0 74
"$work/bin/DesignBench" "$data" spherical 0 74 --injected
"$work/bin/DesignBench" "$data" spherical 0 74 --injected --no-thickness-floor
"$work/bin/DesignBench" "$data" spherical 0 74 --injected --no-supplement
"$work/bin/DesignBench" "$data" spherical 0 74 --injected --no-symmetry
