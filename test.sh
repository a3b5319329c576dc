#!/usr/bin/env bash
# Sets up a fresh machine and runs the whole test suite (the command CI runs), then the tests of the SIMD
# kernels again on the narrower vector paths: AVX2 with AVX-512 off, and scalar with AVX2 off as well.
set -euo pipefail
cd "$(dirname "$0")"
CRANIO_BROWSER_TESTS=1 scripts/setup.sh
dotnet test Cranio.slnx -c Release --nologo --no-build "$@"
simd="FullyQualifiedName~Cranio.Tests.Learning|FullyQualifiedName~MajorityFilter|FullyQualifiedName~DicomPixelDecoder"
DOTNET_EnableAVX512=0 dotnet test tests/Cranio.Tests -c Release --nologo --no-build --filter "$simd"
DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0 dotnet test tests/Cranio.Tests -c Release --nologo --no-build --filter "$simd"
