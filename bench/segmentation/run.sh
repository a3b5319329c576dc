#!/bin/sh
# Skull extraction of a ~512×512×400 int16 CT (the head phantom at 0.46 mm: 435×587×414 = 105.7 M voxels):
# `cranio segment` (threshold 150 HU + largest 26-connected component, reading and writing included) against
# the same steps in scipy (scipy.ndimage.label with a 3×3×3 structure), same machine, same run, with wall time
# and peak resident memory of each process.
# Usage: bench/segmentation/run.sh [REPEATS]   (from the repository root; installs python3-scipy if missing)
set -eu
repeats="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3  # Debian's interpreter, which sees the apt packages
if ! "$py" -c "import scipy" 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-scipy python3-numpy >/dev/null
fi
if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
./cranio phantom --spacing 0.46 --tilt 10 -o "$work/ct.nrrd" --mask "$work/truth.nrrd"
cranio="src/Cranio.Cli/bin/Release/net10.0/cranio"
for i in $(seq "$repeats"); do
    /usr/bin/time -f "RESULT cranio wall %e s peak %M KiB" "$cranio" segment "$work/ct.nrrd" -o "$work/skull.nrrd" --quiet
done
for i in $(seq "$repeats"); do
    /usr/bin/time -f "RESULT scipy wall %e s peak %M KiB" "$py" bench/segmentation/scipy_extract.py "$work/ct.nrrd" "$work/skull_scipy.nrrd"
done
"$py" bench/segmentation/scipy_extract.py --compare "$work/skull.nrrd" "$work/skull_scipy.nrrd"
