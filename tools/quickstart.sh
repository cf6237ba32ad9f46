#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: installs the dependencies, builds
# atensi (release) and runs it on the embedded SQLite default.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup-debian.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
bash tools/main-job.sh build/release/atensi
