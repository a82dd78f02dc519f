#!/usr/bin/env bash
# Sets up a fresh Debian bookworm machine and runs every test suite:
# unit tests (GoogleTest via CTest), the API and race tests (pytest) against
# the real binary on SQLite and again on a private PostgreSQL cluster, the
# browser tests, the fuzz targets, and the sanitizer builds (ASan+UBSan over
# the unit, API and race tests; TSan over the unit and race tests). Exits
# non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

echo "== format check (.clang-format)"
git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/unit/*.cpp' 'tests/unit/*.hpp' | xargs clang-format --dry-run --Werror

echo "== build (dev preset)"
./scripts/build.sh dev

echo "== unit tests"
ctest --test-dir build/dev --output-on-failure -j "$(nproc)"

echo "== API and race tests on SQLite"
DOCKPOINT_BIN="$PWD/build/dev/dockpoint" /usr/bin/python3 -m pytest -p no:cacheprovider -q tests/api

echo "== API and race tests on PostgreSQL"
PG_DIR="$(mktemp -d /tmp/dockpoint-pg.XXXXXX)"
trap './scripts/pg-cluster.sh stop "$PG_DIR" 2>/dev/null || true; rm -rf "$PG_DIR"' EXIT
PG_URL="$(./scripts/pg-cluster.sh start "$PG_DIR")"
DOCKPOINT_BIN="$PWD/build/dev/dockpoint" DOCKPOINT_TEST_BACKEND=postgresql \
  DOCKPOINT_TEST_PG_URL="$PG_URL" DOCKPOINT_TEST_PG_DIR="$PG_DIR" \
  /usr/bin/python3 -m pytest -p no:cacheprovider -q tests/api

echo "== browser tests"
DOCKPOINT_BIN="$PWD/build/dev/dockpoint" node --test tests/e2e/

echo "== fuzzing"
./scripts/test-fuzz.sh

echo "== sanitizers"
./scripts/test-sanitizers.sh
