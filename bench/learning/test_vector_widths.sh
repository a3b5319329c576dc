#!/bin/sh
# Runs the Learning tests on every vector path the engine dispatches to: AVX-512 (if the CPU has it), AVX2 + FMA,
# and the scalar reference (no AVX2). .NET 10 reads DOTNET_EnableAVX512 (the older DOTNET_EnableAVX512F is ignored).
# Usage: bench/learning/test_vector_widths.sh   (from the repository root)
set -eu
dotnet build tests/Cranio.Tests >/dev/null
run() {
    echo "== $1"
    env $2 dotnet test tests/Cranio.Tests --no-build --filter "FullyQualifiedName~Cranio.Tests.Learning" | grep -E "Passed!|Failed"
}
run "widest available" "DOTNET_EnableAVX512=1"
run "AVX2 (AVX-512 off)" "DOTNET_EnableAVX512=0"
run "scalar (AVX2 off)" "DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0"
