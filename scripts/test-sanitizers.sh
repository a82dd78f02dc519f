#!/usr/bin/env bash
# Builds the asan (AddressSanitizer + UndefinedBehaviorSanitizer, LeakSanitizer
# included) and tsan (ThreadSanitizer) presets once each and runs:
#   asan: the unit tests, then the API and race suites against build/asan/dockpoint
#   tsan: the unit tests, then the race suite against build/tsan/dockpoint
# Any sanitizer report fails the run. The runtimes stop the process at the first
# report (halt_on_error, abort_on_error), and they write every report to a file
# under build/sanitizer-logs/ (log_path): a server's stderr reaches pytest only
# when the test that started it fails, so after each suite this script fails if
# any report file exists, whatever the tests said.
set -euo pipefail
cd "$(dirname "$0")/.."

logs="$PWD/build/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:log_path=$logs/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logs/ubsan"
export TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp:log_path=$logs/tsan"
# The API suites run on SQLite here (the PostgreSQL pass is the dev build's).
export DOCKPOINT_TEST_BACKEND=sqlite

no_reports() {
  local what="$1"
  if compgen -G "$logs/*" >/dev/null; then
    echo "sanitizer reports during $what:"
    for f in "$logs"/*; do
      echo "---- $f"
      head -n 80 "$f"
    done
    return 1
  fi
  echo "   no sanitizer reports ($what)"
}

pytest_with() {
  local bin="$1"
  shift
  DOCKPOINT_BIN="$PWD/$bin" /usr/bin/python3 -m pytest -p no:cacheprovider -q "$@"
}

timed() {
  local start=$SECONDS
  "$@"
  echo "   ($((SECONDS - start)) s)"
}

# Builds a preset and runs the unit tests under it.
build_and_unit_test() {
  local preset="$1" sanitizers="$2"
  echo "-- build ($preset preset)"
  timed ./scripts/build.sh "$preset"
  echo "-- unit tests under $sanitizers"
  timed ctest --test-dir "build/$preset" --output-on-failure -j "$(nproc)"
  no_reports "the unit tests under $sanitizers"
}

build_and_unit_test asan "ASan+UBSan"
echo "-- API and race tests under ASan+UBSan"
# Every module runs, the crash-safety, hostile-input and race ones included,
# but one test: it is about timing, not memory — it sleeps until the next
# wall-clock minute (30 s on average) to see a reservation begin; the same
# auto-release code runs under ASan in the rest of test_autorelease.py and in
# the unit tests.
timed pytest_with build/asan/dockpoint tests/api \
  --deselect tests/api/test_autorelease.py::test_reservation_beginning_later_releases_at_its_start
no_reports "the API tests under ASan+UBSan"

build_and_unit_test tsan "TSan"
echo "-- race tests under TSan"
timed pytest_with build/tsan/dockpoint tests/api/test_races.py
no_reports "the race tests under TSan"
