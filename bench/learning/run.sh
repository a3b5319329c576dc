#!/bin/sh
# SkipAutoencoder3d forward pass and training step (forward + BCE-with-logits + backward + Adam) on one
# 1x1x40x112x112 input: Cranio against PyTorch CPU (2 threads), same architecture, same run; then single-layer
# convolution throughput. Usage: bench/learning/run.sh [REPEATS]   (from the repository root)
set -eu
repeats="${1:-5}"
arch="8,16,16 8"
shape="40 112 112"
py=/usr/bin/python3  # the Debian interpreter that sees the apt packages
if ! "$py" -c "import torch" 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build -c Release bench/learning/LearningBench -o "$work/bin" >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/bin/LearningBench" $arch $shape "$repeats"
"$py" bench/learning/bench_torch.py $arch $shape "$repeats"
echo "AVX2 path (DOTNET_EnableAVX512=0):"
DOTNET_EnableAVX512=0 "$work/bin/LearningBench" $arch $shape "$repeats"
for layer in "1 8" "24 8" "32 16" "16 16 40 112 112 2"; do
    set -- $layer
    if [ $# -eq 2 ]; then "$work/bin/LearningBench" conv "$1" "$2" $shape 1 "$repeats"; else "$work/bin/LearningBench" conv "$@" "$repeats"; fi
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
