#!/usr/bin/env bash
# Installs the Debian bookworm packages dockpoint needs to build, run and test.
# Only what is missing is installed; safe to run again.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config
  # libraries
  libboost-dev libsoci-dev libsqlite3-dev libsodium-dev libcrypt-dev nlohmann-json3-dev
  libcli11-dev libspdlog-dev libfmt-dev libhowardhinnant-date-dev tzdata libpq-dev rapidjson-dev
  zlib1g-dev
  # tests
  libgtest-dev python3 python3-pytest python3-requests clang-format
  # the PostgreSQL backend's tests (a private cluster) and the nginx deployment test
  postgresql-15 postgresql-client-15 python3-psycopg2 nginx-light
  # browser tests and the console's fonts (npm)
  chromium
  # fuzzing: clang and its runtimes (libFuzzer is in libclang-rt-14-dev)
  clang libclang-rt-14-dev
)
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "installing: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
