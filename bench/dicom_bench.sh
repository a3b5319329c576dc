#!/bin/sh
# DICOM series reading benchmark: cranio vs pydicom on a synthetic 512x512x300 CT series.
# Uses the Debian interpreter /usr/bin/python3, where apt installs python3-pydicom and python3-numpy.
# Usage (from the repository root, as root for apt): sh bench/dicom_bench.sh [slices=300] [repetitions=3]
set -e
if ! /usr/bin/python3 -c "import pydicom, numpy" 2>/dev/null; then
  apt-get update -qq
  apt-get install -y -qq python3-pydicom python3-numpy
fi
exec /usr/bin/python3 "$(dirname "$0")/dicom_bench.py" "$@"
