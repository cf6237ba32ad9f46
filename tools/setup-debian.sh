#!/usr/bin/env bash
# Installs exactly the Debian 12 packages atensi needs to build, test and document.
# Idempotent; run as root. Prints what it installs.
#   setup-debian.sh          what building and running atensi needs
#   setup-debian.sh --test   also what the test suite needs (Chromium for the
#                            HTML report render test, clang's libFuzzer runtime)
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config    # toolchain
  libboost-dev libboost-date-time-dev             # Boost.Uuid (header-only) and Boost.Date_Time
  libsqlite3-dev sqlite3                          # embedded storage, and the shell the tamper test uses
  libsodium-dev                                   # SHA-256 for the audit hash chain
  nlohmann-json3-dev                              # JSON for rule sets, registry and CLI output
  libcli11-dev                                    # CLI argument parsing
  libgtest-dev libgmock-dev                       # unit tests
  libbenchmark-dev                                # Google Benchmark
  doxygen                                         # API documentation (warnings are errors)
  python3 python3-pytest                          # Python binding tests (Debian's python3)
  abigail-tools                                   # abidw/abidiff: C ABI baseline check (tests/abi)
  libpq-dev                                       # libpq: the PostgreSQL storage backend (issue #10)
)

TEST_PACKAGES=(
  chromium                                        # headless render check of the HTML report
  postgresql                                      # server for the PostgreSQL conformance tests (tools/pg-cluster.sh)
  clang libclang-rt-14-dev                        # libFuzzer + sanitizer runtimes (tools/fuzz.sh)
)
if [ "${1:-}" = "--test" ]; then
  PACKAGES+=("${TEST_PACKAGES[@]}")
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"
