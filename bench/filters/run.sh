#!/usr/bin/env bash
# Side-by-side benchmark of Cranio's labelling and distance transform against scipy.ndimage, same machine,
# same run, best of three. Usage: bench/filters/run.sh [skull mask .nrrd]
# Default mask: case 000 of the SkullFix complete skulls beside the repository (read in place, never copied).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
skull="${1:-$root/../shared/data/skullfix/complete_skull/000.nrrd}"

# Debian's interpreter, where python3-scipy installs (a python3 earlier on PATH may be another one).
py=/usr/bin/python3
if ! "$py" -c "import scipy.ndimage" 2>/dev/null; then
    apt-get -o DPkg::Lock::Timeout=900 update -qq
    apt-get -o DPkg::Lock::Timeout=900 install -y -qq python3-scipy
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build -c Release "$here/Cranio.Bench.Filters.csproj" -v quiet -nologo
args=("$work")
[[ -f "$skull" ]] && args+=("$skull") || echo "note: $skull not found; synthetic case only" >&2
dotnet "$here/bin/Release/net10.0/Cranio.Bench.Filters.dll" "${args[@]}"
echo
"$py" "$here/scipy_reference.py" "$work"
echo
echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version), scipy $("$py" -c 'import scipy; print(scipy.__version__)')"
