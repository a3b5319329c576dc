#!/usr/bin/env bash
# Marching cubes: Cranio vs scikit-image on the same 512×512×Z SkullFix skull mask, best of 3 each.
# Usage: bench/meshing/run.sh [mask.nrrd]   (default: ../shared/data/skullfix/complete_skull/000.nrrd)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mask="${1:-$root/../shared/data/skullfix/complete_skull/000.nrrd}"
# The Debian interpreter, which sees the Debian python3-skimage (a pyenv python3 earlier on PATH would not).
python=/usr/bin/python3
if ! "$python" -c "import skimage" 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-skimage
fi
export_dir="$(mktemp -d)"
trap 'rm -rf "$export_dir"' EXIT
dotnet build "$here/MeshingBench.csproj" -c Release --nologo -v q -o "$export_dir/bin" >/dev/null
echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version)"
echo "mask: $mask"
dotnet "$export_dir/bin/MeshingBench.dll" "$mask" "$export_dir" 3
"$python" "$here/skimage_mc.py" "$export_dir" 3
