#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: dev (default), release, asan, tsan.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-dev}"
./scripts/web-assets.sh
if [[ ! -f "build/$preset/build.ninja" ]]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build "build/$preset" -j "$(nproc)"
