#!/usr/bin/env bash
# The dockpoint benchmark in one command (see bench/README.md):
#   bench/run.sh            # build Release, run every scenario (about 6-8 minutes)
#   bench/run.sh --quick    # 3 s per run, big lot at 1/10 scale (about 2 minutes)
# Other options go to bench/run.py (--help lists them), e.g. --output FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  echo "[bench] installing wrk (apt-get)" >&2
  sudo_=""; [[ $(id -u) -ne 0 ]] && sudo_="sudo"
  $sudo_ apt-get install -y wrk >/dev/null || { $sudo_ apt-get update >/dev/null && $sudo_ apt-get install -y wrk >/dev/null; }
fi

skip_build=0
for arg in "$@"; do [[ "$arg" == "--skip-build" || "$arg" == "-h" || "$arg" == "--help" ]] && skip_build=1; done
if [[ $skip_build -eq 0 ]]; then
  echo "[bench] building the Release binary (./scripts/build.sh release)" >&2
  ./scripts/build.sh release >/tmp/dockpoint-bench-build.log 2>&1 ||
    { tail -30 /tmp/dockpoint-bench-build.log; exit 1; }
fi

args=()
for arg in "$@"; do [[ "$arg" != "--skip-build" ]] && args+=("$arg"); done
exec python3 bench/run.py "${args[@]+"${args[@]}"}"
