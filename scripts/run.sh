#!/usr/bin/env bash
# Sets up a fresh Debian bookworm machine, builds an optimised dockpoint and
# serves http://127.0.0.1:8080 on the embedded SQLite database dockpoint.db.
# Extra arguments go to `dockpoint serve` (e.g. --port 9000 --time-zone Europe/Berlin).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh release
exec build/release/dockpoint serve --host 127.0.0.1 --port 8080 --database sqlite://dockpoint.db "$@"
