#!/usr/bin/env bash
# Runs every atensi test on a fresh Debian 12 machine:
#   1. installs the dependencies (tools/setup-debian.sh --test);
#   2. configures the `ci` preset (tests, docs, warnings as errors), builds, and
#      runs ctest: C++ unit tests, C tests, Python tests, ABI, export and
#      install-and-consume checks, fuzz-corpus replays, the main-job end-to-end
#      test, and the Doxygen build with warnings as errors;
#   3. runs the storage conformance suite (label conformance) against a
#      throwaway PostgreSQL cluster (tools/pg-cluster.sh), then the whole
#      suite again under ASan+UBSan and the concurrency tests
#      under TSan (tools/test-sanitizers.sh);
#   4. fuzzes every libFuzzer target for a bounded time (tools/fuzz.sh with
#      clang; ATENSI_FUZZ_SECONDS per target, default 20; ATENSI_TEST_FUZZ=0
#      skips it). The corpora and regression inputs are replayed in step 2
#      either way. A crash fails the run and is copied to fuzz/regressions/.
# It ends with one line "tests: N passed, M failed" over every ctest run.
# ATENSI_TEST_QUICK=1 stops after step 2 (for a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

bash tools/setup-debian.sh --test
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci -j "$(nproc)" 2>&1 | tee -a "$log"

# The storage conformance suite again against PostgreSQL: a throwaway cluster
# (initdb in a temporary folder, loopback only, a free port), stopped after.
pgdir=$(mktemp -d)
trap 'bash tools/pg-cluster.sh stop "$pgdir/pg" >/dev/null 2>&1 || true; rm -rf "$log" "$pgdir"' EXIT
eval "$(bash tools/pg-cluster.sh start "$pgdir/pg")"
ctest --test-dir build/ci -L conformance --output-on-failure 2>&1 | tee -a "$log"
bash tools/pg-cluster.sh stop "$pgdir/pg"
unset ATENSI_TEST_PG_URI

if [ "${ATENSI_TEST_QUICK:-0}" != 1 ]; then
  bash tools/test-sanitizers.sh all 2>&1 | tee -a "$log"
  if [ "${ATENSI_TEST_FUZZ:-1}" = 1 ]; then
    bash tools/fuzz.sh "${ATENSI_FUZZ_SECONDS:-20}" 2>&1 | tee -a "$log"
  fi
fi

# "100% tests passed, 0 tests failed out of 412" -> totals over all runs.
/usr/bin/python3 - "$log" <<'PY'
import re, sys
passed = failed = 0
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"tests passed, (\d+) tests failed out of (\d+)", line)
    if m:
        failed += int(m.group(1))
        passed += int(m.group(2)) - int(m.group(1))
fuzz = [l for l in open(sys.argv[1], errors="replace") if l.startswith("fuzz: ")]
print(f"tests: {passed} passed, {failed} failed")
if fuzz:
    print(fuzz[-1].rstrip())
PY
