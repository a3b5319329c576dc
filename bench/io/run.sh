#!/bin/sh
# Volume I/O: Cranio's VolumeFile.Write/Read of a 512×512×300 int32 skull-like mask as gzip NRRD and .nii.gz,
# against nibabel (.nii.gz) and a pynrrd-equivalent NumPy/zlib reader and writer (.nrrd), same machine, same run;
# each side reads the other's files and checks voxels and geometry.
# Usage: sh bench/io/run.sh [REPEATS]   (from the repository root; installs python3-nibabel with apt if missing)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
repeats="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3  # the Debian interpreter that sees the apt packages (a pyenv python3 on PATH would not)
if ! "$py" -c "import nibabel" 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-nibabel python3-numpy >/dev/null
fi
dotnet build -c Release "$here/IoBench" -o "$work/bin" -v quiet -nologo >/dev/null
bench="$work/bin/IoBench"
echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
log="$work/log"
{
    for ext in nrrd nii.gz; do
        "$bench" write "$work/cranio.$ext" "$repeats"
        "$bench" read "$work/cranio.$ext" "$repeats"
    done
    "$py" "$here/reference.py" "$work" "$repeats"
    echo "cross-check: Cranio reads the files nibabel and the reference NRRD writer wrote"
    "$bench" read "$work/nibabel.nii.gz" 1
    "$bench" read "$work/python.nrrd" 1
} | tee "$log"
echo "sizes: $(cd "$work" && ls -l cranio.nrrd cranio.nii.gz python.nrrd nibabel.nii.gz | awk '{printf "%s %d B; ", $NF, $5}')"
hashes="$(grep -o 'sha256 [0-9a-f]*' "$log" | sort -u | wc -l)"
[ "$hashes" -eq 1 ] || { echo "MISMATCH: $hashes different voxel hashes" >&2; exit 1; }
echo "all reads: identical voxels (one sha256)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Summary: best wall time (median) and best CPU time in seconds; ratios reference / Cranio of the best times.
awk '/^RESULT/ && !(($2" "$3" "$4) in t) { k = $2" "$3" "$4; t[k] = $6; m[k] = $9; c[k] = $12 }
     END { printf "%-12s %-28s %-28s %s\n", "operation", "cranio wall (median) / cpu", "reference wall (median) / cpu", "ratio wall / cpu";
           split("write Nrrd,read Nrrd,write Nifti,read Nifti", ops, ",");
           for (i = 1; i <= 4; i++) { o = ops[i]; a = "cranio " o; b = "reference " o;
               printf "%-12s %6.3f (%.3f) / %.3f s       %6.3f (%.3f) / %.3f s       %.1fx / %.1fx\n", o, t[a], m[a], c[a], t[b], m[b], c[b], t[b] / t[a], c[b] / c[a] } }' "$log"
