#!/usr/bin/env bash
# Side-by-side benchmark of `cranio evaluate` against the scipy re-statement of the challenge scorer on one real
# SkullFix case (full 512×512×Z volume; prediction = ground-truth implant dilated by 1 voxel and shifted),
# DSC + bDSC + HD95 + HD, process start included, best of N runs. Prints both results and their differences.
#
# usage (from the repository root): bench/evaluation/run.sh [CASE=000] [RUNS=3]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
case_id="${1:-000}"
runs="${2:-3}"
data="${CRANIO_SHARED_DATA:-$root/../shared/data}/skullfix"
py=/usr/bin/python3
if ! "$py" -c "import scipy, numpy" 2>/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3-scipy python3-numpy >/dev/null
fi
dotnet build "$root/src/Cranio.Cli" -c Release -v q -nologo >/dev/null
cranio="$root/src/Cranio.Cli/bin/Release/net10.0/cranio"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gt="$data/implant/$case_id.nrrd"
defective="$data/defective_skull/$case_id.nrrd"
"$py" "$root/bench/evaluation/perturb.py" "$gt" "$work/pred.nrrd"

best() { sort -n | head -1; }
time_of() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }

cranio_times=() scipy_times=()
for ((i = 0; i < runs; i++)); do
  cranio_times+=("$(time_of "$cranio" evaluate --pred "$work/pred.nrrd" --gt "$gt" --defective "$defective" --csv "$work/cranio.csv" -q)")
  scipy_times+=("$(time_of "$py" "$root/bench/evaluation/scorer.py" --pred "$work/pred.nrrd" --gt "$gt" --defective "$defective")")
done
"$py" "$root/bench/evaluation/scorer.py" --pred "$work/pred.nrrd" --gt "$gt" --defective "$defective" > "$work/scipy.json"
tc=$(printf '%s\n' "${cranio_times[@]}" | best)
ts=$(printf '%s\n' "${scipy_times[@]}" | best)
echo "case $case_id: $(head -c 400 "$gt" | grep -a '^sizes' || true)"
echo "cranio evaluate: runs ${cranio_times[*]} s; best $tc s"
echo "scipy scorer:    runs ${scipy_times[*]} s; best $ts s"
echo "ratio (scipy / cranio): $(echo "scale=2; $ts / $tc" | bc)"
"$py" - "$work/cranio.csv" "$work/scipy.json" <<'PY'
import csv, json, sys
row = next(csv.DictReader(open(sys.argv[1])))
ref = json.load(open(sys.argv[2]))
for k in ("dsc", "bdsc", "hd95", "hd"):
    print(f"{k:5s} cranio {float(row[k]):.9f}  scipy {ref[k]:.9f}  |diff| {abs(float(row[k]) - ref[k]):.2e}")
PY
