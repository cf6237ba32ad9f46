#!/usr/bin/env bash
# Runs every atensi test on a fresh Debian 12 machine: installs the dependencies,
# configures the `ci` preset (tests, docs, warnings as errors), builds, runs ctest
# (C++, C, Python, packaging, ABI and export checks) and builds the Doxygen docs
# with warnings as errors.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup-debian.sh --test
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci -j "$(nproc)"
