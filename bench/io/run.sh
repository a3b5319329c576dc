#!/bin/sh
# NIfTI-1 .nii.gz read/write of a 512×512×300 int32 mask: Cranio against nibabel, same machine, same run.
# Usage: bench/nifti.sh [REPEATS]   (run from the repository root; installs python3-nibabel with apt if missing)
set -eu
repeats="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3  # the Debian interpreter that sees the apt packages
if ! "$py" -c "import nibabel" 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-nibabel python3-numpy >/dev/null
fi
dotnet build -c Release bench/NiftiBench -o "$work/bin" >/dev/null
bench="$work/bin/NiftiBench"
"$bench" write "$work/cranio.nii.gz" "$repeats"
"$bench" read "$work/cranio.nii.gz" "$repeats"
"$py" bench/nifti_nibabel.py "$work/cranio.nii.gz" "$work/nibabel.nii.gz" "$repeats"
echo "cross-check: Cranio reads the file nibabel wrote"
"$bench" read "$work/nibabel.nii.gz" 1
