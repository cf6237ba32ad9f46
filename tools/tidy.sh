#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy at the root) over the library, C shim and CLI
# sources, or over the files given. Uses build/tidy/compile_commands.json
# (configured here, nothing is built but the generated region table).
# Exit status is non-zero when clang-tidy reports a warning.
# Usage: tools/tidy.sh [file...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/tidy
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DATENSI_BUILD_TESTS=OFF -DATENSI_BUILD_DOCS=OFF >/dev/null
cmake --build "$build" --target atensi_region >/dev/null  # generated sources exist
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'src/*.cpp' 'capi/src/*.cpp' | sort)
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null >"$out" || true
grep -E '(warning|error): ' "$out" | sort -u || true
n=$(grep -cE '(warning|error): ' "$out" || true)
echo "tidy: ${#files[@]} files, ${n} findings"
[ "$n" -eq 0 ]
