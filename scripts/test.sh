#!/usr/bin/env bash
# Sets up a fresh Debian bookworm machine and runs every test suite:
# unit tests (GoogleTest via CTest), then the API and race tests (pytest)
# against the real binary. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

echo "== format check (.clang-format)"
git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/unit/*.cpp' 'tests/unit/*.hpp' | xargs clang-format --dry-run --Werror

echo "== build (dev preset)"
./scripts/build.sh dev

echo "== unit tests"
ctest --test-dir build/dev --output-on-failure -j "$(nproc)"

echo "== API and race tests"
DOCKPOINT_BIN="$PWD/build/dev/dockpoint" /usr/bin/python3 -m pytest -p no:cacheprovider -q tests/api

echo "== browser tests"
DOCKPOINT_BIN="$PWD/build/dev/dockpoint" node --test tests/e2e/
