#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, the `fuzz` preset) and runs
# each for a bounded time on a copy of its committed seed corpus, two at a time.
# Fails on any crash, sanitizer report or broken property; the input that
# did it is kept in build/fuzz/artifacts/. Prints executions per target.
#   FUZZ_SECONDS=N   time per target (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-20}"
targets=(accept_encoding cookie json_body local_time origin_check static_path url)

if [[ ! -f build/fuzz/build.ninja ]]; then
  cmake --preset fuzz >/dev/null
fi
cmake --build build/fuzz --target dockpoint_fuzzers -j "$(nproc)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifacts="$PWD/build/fuzz/artifacts"
mkdir -p "$artifacts"

run_one() {
  local name="$1"
  # New inputs go to the copy, so runs never grow the committed corpus.
  mkdir -p "$work/$name"
  cp tests/fuzz/corpus/"$name"/* "$work/$name/"
  if UBSAN_OPTIONS=print_stacktrace=1 \
    "build/fuzz/tests/fuzz/${name}_fuzz" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/${name}-" \
      "$work/$name" >"$work/$name.log" 2>&1; then
    local runs
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log")"
    printf '%-14s ok   %10s executions in %s s, corpus %s -> %s inputs\n' "$name" "$runs" \
      "$seconds" "$(ls tests/fuzz/corpus/"$name" | wc -l)" "$(ls "$work/$name" | wc -l)"
  else
    echo "$name FAILED; its log:"
    tail -n 60 "$work/$name.log"
    echo "the input is in $artifacts/ (add it to tests/fuzz/corpus/$name/ with the fix)"
    return 1
  fi
}

pids=()
failed=0
for name in "${targets[@]}"; do
  run_one "$name" &
  pids+=($!)
  # As many at a time as there are cores.
  if ((${#pids[@]} >= $(nproc))); then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit "$failed"
