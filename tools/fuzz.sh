#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined)
# and runs each for a bounded time, printing the executions per target.
#
# Usage: tools/fuzz.sh [seconds-per-target] [target...]
#   seconds-per-target  default 30 (CI passes e.g. 20: ATENSI_FUZZ_SECONDS)
#   target...           default: every fuzz_* target the build produced
# Environment:
#   ATENSI_FUZZ_BUILD   build directory (default build/fuzz)
#   ATENSI_FUZZ_JOBS    build parallelism (default nproc)
#
# Each run starts from the committed seeds (fuzz/corpus/<target>/) and the
# regression inputs (fuzz/regressions/<target>/); inputs libFuzzer finds go to
# <build>/corpus/<target>/, not into the tree. Any crash, leak, timeout or
# broken invariant is copied into fuzz/regressions/<target>/ so that it is
# committed and replayed by ctest (label fuzz-replay) from then on; the script
# then exits non-zero. The summary table is also written to
# <build>/fuzz-summary.txt (docs/reliability.md quotes it).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

seconds="${1:-${ATENSI_FUZZ_SECONDS:-30}}"
shift || true
build="${ATENSI_FUZZ_BUILD:-build/fuzz}"
jobs="${ATENSI_FUZZ_JOBS:-$(nproc)}"

san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$san -fno-omit-frame-pointer" \
  -DCMAKE_CXX_FLAGS="$san -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DATENSI_BUILD_FUZZERS=ON -DATENSI_BUILD_TESTS=OFF -DATENSI_BUILD_CLI=OFF >/dev/null
cmake --build "$build" --target atensi_fuzzers -j "$jobs"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cd "$build/fuzz" && ls fuzz_* 2>/dev/null | grep -v '\.' | sort)
fi
if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz: no targets built" >&2
  exit 1
fi

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

summary="$build/fuzz-summary.txt"
printf '%-22s %8s %12s %10s %8s %s\n' target seconds executions exec/s corpus result >"$summary"
failed=0
total_execs=0
for t in "${targets[@]}"; do
  exe="$build/fuzz/$t"
  seeds="fuzz/corpus/$t"
  regress="fuzz/regressions/$t"
  work="$build/corpus/$t"
  art="$build/artifacts/$t"
  rm -rf "$art"
  mkdir -p "$work" "$art" "$seeds"
  dirs=("$work" "$seeds")
  [ -d "$regress" ] && dirs+=("$regress")
  log="$build/$t.log"
  echo "== fuzz: $t for ${seconds}s =="
  set +e
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$art/" "${dirs[@]}" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  rate="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  corpus="$(grep -o 'corp: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')"
  total_execs=$((total_execs + ${execs:-0}))
  result=ok
  shopt -s nullglob
  crashes=("$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*)
  shopt -u nullglob
  if [ "$rc" -ne 0 ] || [ "${#crashes[@]}" -gt 0 ]; then
    result="FAILED(rc=$rc)"
    failed=1
    mkdir -p "$regress"
    for c in "${crashes[@]}"; do
      cp "$c" "$regress/"
      echo "fuzz: $t: new regression input $regress/$(basename "$c")"
    done
    tail -40 "$log" >&2
  fi
  printf '%-22s %8s %12s %10s %8s %s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" \
    "${corpus:-?}" "$result" | tee -a "$summary"
done
echo
cat "$summary"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED; commit the new files in fuzz/regressions/ and fix the defect" >&2
  exit 1
fi
echo "fuzz: OK, ${#targets[@]} targets x ${seconds} s, ${total_execs} executions, no crash"
