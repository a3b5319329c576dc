#!/bin/sh
# Ten synthetic defects on one real SkullFix skull, each injected and written (defective + implant):
# Cranio with all defect kinds (without and with a 1.5 mm clinical gap), then Cranio and a NumPy/SciPy/nibabel reference on the same ten sphere defects.
# Usage: sh bench/defects/run.sh [SKULL] [COUNT]   (from the repository root; installs python3-scipy and
# python3-nibabel with apt if missing)
set -eu
skull="${1:-../shared/data/skullfix/complete_skull/000.nrrd}"
count="${2:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3  # the Debian interpreter that sees the apt packages
if ! "$py" -c "import nibabel, scipy" 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-nibabel python3-scipy python3-numpy >/dev/null
fi
dotnet build -c Release bench/defects/DefectsBench -o "$work/bin" >/dev/null
echo "== Cranio, all kinds"
"$work/bin/DefectsBench" "$skull" "$work/all" "$count" all
echo "== Cranio, all kinds, clinical gap 1.5 mm"
"$work/bin/DefectsBench" "$skull" "$work/gap" "$count" all 1.5
echo "== Cranio, spheres"
"$work/bin/DefectsBench" "$skull" "$work/spheres" "$count" sphere
echo "== NumPy/SciPy/nibabel, the same spheres"
"$py" bench/defects/reference.py "$work/spheres"
