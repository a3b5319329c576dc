#!/bin/sh
# Designs implants for the SkullFix validation cases 060–074 with the learned and the spherical-map designers and
# evaluates both against the ground truth (DSC, bDSC, HD95). Usage:
#   sh bench/learned/evaluate_validation.sh [SKULLFIX_DIR] [WORK_DIR]
# Outputs WORK_DIR/{learned,spherical}.csv; nothing is written into the repository.
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$(cd "${1:-../shared/data/skullfix}" && pwd)"  # absolute: the links below live in WORK_DIR
work="${2:-/tmp/cranio-learned-eval}"
mkdir -p "$work/gt" "$work/defective" "$work/learned" "$work/spherical"
for n in $(seq 60 74); do
  c=$(printf "%03d" "$n")
  ln -sf "$data/implant/$c.nrrd" "$work/gt/$c.nrrd"
  ln -sf "$data/defective_skull/$c.nrrd" "$work/defective/$c.nrrd"
  for m in learned spherical; do
    [ -f "$work/$m/$c.nrrd" ] || "$root/cranio" design "$data/defective_skull/$c.nrrd" --method "$m" -o "$work/$m/$c.nrrd" --quiet
  done
done
for m in learned spherical; do
  "$root/cranio" evaluate --pred "$work/$m" --gt "$work/gt" --defective "$work/defective" --csv "$work/$m.csv"
done
