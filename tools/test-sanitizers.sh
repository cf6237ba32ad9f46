#!/usr/bin/env bash
# Runs the atensi test suite under the sanitizers, beside the normal build:
#   asan  the whole ctest suite under AddressSanitizer + UBSan
#         (-fsanitize=address,undefined -fno-sanitize-recover=all)
#   tsan  the tests labelled `concurrency` under ThreadSanitizer
# Usage: tools/test-sanitizers.sh [asan|tsan|all]   (default: all)
# Builds in build/asan and build/tsan (CMakePresets.json). Exits non-zero on the
# first failing part. Suppression files live in tests/sanitizers/ (kept empty
# unless a third-party report has to be silenced; each entry says why).
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"
jobs="$(nproc)"
supp="$PWD/tests/sanitizers"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp${TSAN_OPTIONS:+:$TSAN_OPTIONS}"

run_asan() {
  echo "== sanitizers: ASan + UBSan, whole suite =="
  cmake --preset asan
  cmake --build --preset asan -j "$jobs"
  # Tests that load the instrumented libatensi.so into an uninstrumented
  # process (the Python interpreter; the packaging consumer) need the ASan
  # runtime preloaded; leaks of the interpreter itself are not ours.
  local foreign='^capi\.package$'
  ctest --preset asan -j "$jobs" -LE python -E "$foreign"
  LD_PRELOAD="$(gcc -print-file-name=libasan.so)" ASAN_OPTIONS="detect_leaks=0" \
    ctest --preset asan -j "$jobs" -L python
  LD_PRELOAD="$(gcc -print-file-name=libasan.so)" ASAN_OPTIONS="detect_leaks=0" \
    ctest --preset asan -j "$jobs" -R "$foreign"
}

run_tsan() {
  echo "== sanitizers: TSan, tests labelled concurrency =="
  cmake --preset tsan
  # Only the concurrency suite is run under TSan, so only it is built (the
  # other test executables show up as *_NOT_BUILT and are filtered out).
  cmake --build --preset tsan -j "$jobs" --target atensi_concurrency_tests
  # The preset's test filter selects -L concurrency. No test with the label is
  # an error: the concurrency suite must exist.
  ctest --preset tsan -j "$jobs" --no-tests=error
}

case "$what" in
  asan) run_asan ;;
  tsan) run_tsan ;;
  all) run_asan; run_tsan ;;
  *) echo "usage: $0 [asan|tsan|all]" >&2; exit 2 ;;
esac
echo "sanitizers: OK ($what)"
