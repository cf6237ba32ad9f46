#!/usr/bin/env bash
# Builds the benchmark suites in Release and runs every workload of
# docs/performance.md, printing one table (workload, atensi, baseline, ratio,
# target, met) and writing the raw Google Benchmark JSON of every binary to
# build/bench/results.json.
#
#   tools/bench.sh            full run: 1,000,000-case dataset
#   tools/bench.sh --quick    50,000-case dataset, fewer repetitions (~1 min
#                             once the dataset exists)
#   --cases N                 dataset size override
#   --fresh                   regenerate the dataset even when cached
#   --only REGEX              run only the binaries whose name matches
#   --pg                      also run the PostgreSQL workloads (bench_pg_*) against a
#                             throwaway cluster (tools/pg-cluster.sh with
#                             ATENSI_PG_DURABLE=1: fsync on); the full run includes them when a PostgreSQL
#                             server is installed; --no-pg skips them
#   --pg-cases N              PostgreSQL query dataset size (default: 100,000; --quick 20,000)
#
# The large dataset is generated on first use (lifecycle core + the direct
# writer in bench/bench_common.cpp, checked row for row against the CaseStore
# path by bench/dataset_test.cpp) and cached in build/bench/data/cases_<N>.db
# (deterministic: same N, same data). Generation time is printed and is not
# part of any figure; the suite's total wall time is printed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ATENSI_BENCH_BUILD:-${ROOT}/build/bench}"  # build dir override (env)
CASES=1000000
QUICK=0
FRESH=0
ONLY="."
PG=auto
PG_CASES=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; CASES=50000 ;;
    --cases) CASES="$2"; shift ;;
    --fresh) FRESH=1 ;;
    --only) ONLY="$2"; shift ;;
    --pg) PG=1 ;;
    --no-pg) PG=0 ;;
    --pg-cases) PG_CASES="$2"; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

cmake -S "${ROOT}" -B "${BUILD}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATENSI_BUILD_BENCH=ON \
  -DATENSI_BUILD_TESTS=OFF >/dev/null
TARGETS=$(cd "${ROOT}/bench" && ls bench_*.cpp | grep -v -e bench_common -e bench_pg_ |
  sed 's/\.cpp$//' | grep -E "${ONLY}" || true)
# PostgreSQL workloads: in the full run when a server is installed, or with --pg.
if [[ "${PG}" == auto ]]; then
  PG=0
  if [[ ${QUICK} -eq 0 && "${ONLY}" == "." ]] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    PG=1
  fi
fi
PG_TARGETS=""
if [[ ${PG} -eq 1 ]]; then
  PG_TARGETS=$(cd "${ROOT}/bench" && ls bench_pg_*.cpp | grep -v bench_pg_common |
    sed 's/\.cpp$//' | grep -E "${ONLY}" || true)
  # Without libpq the PG binaries are not configured: say so, run the rest.
  [[ -n "${PG_TARGETS}" ]] && ! grep -q '^ATENSI_WITH_POSTGRES:BOOL=ON' "${BUILD}/CMakeCache.txt" &&
    { echo "skip PostgreSQL workloads: built without libpq" >&2; PG_TARGETS=""; }
fi
# The Python workload drives libatensi.so and compares with the CLI.
EXTRA=""
if [[ "bench_python" =~ ${ONLY} ]]; then EXTRA="atensi_c atensi_cli"; fi
# shellcheck disable=SC2086
[[ -z "${TARGETS}${EXTRA}${PG_TARGETS}" ]] ||
  cmake --build "${BUILD}" --target ${TARGETS} ${EXTRA} ${PG_TARGETS} -j2 >/dev/null

export ATENSI_BENCH_DIR="${BUILD}/data"
export ATENSI_BENCH_CASES="${CASES}"
export ATENSI_BENCH_QUICK="${QUICK}"
mkdir -p "${ATENSI_BENCH_DIR}"
if [[ ${FRESH} -eq 1 ]]; then rm -f "${ATENSI_BENCH_DIR}/cases_${CASES}.db"*; fi

OUT="${BUILD}/out"
# A partial run (--only) keeps the other binaries' last results, so the table
# and results.json still cover every workload.
if [[ "${ONLY}" == "." ]]; then rm -rf "${OUT}"; fi
mkdir -p "${OUT}"
START=$(date +%s)
for t in ${TARGETS}; do
  [[ "$t" =~ ${ONLY} ]] || continue
  bin="${BUILD}/bench/${t}"
  [[ -x "${bin}" ]] || { echo "skip ${t}: not built" >&2; continue; }
  echo "== ${t}" >&2
  # A binary that dies leaves a truncated JSON: drop it so the table still
  # prints every other workload.
  "${bin}" --benchmark_format=console --benchmark_out="${OUT}/${t}.json" \
    --benchmark_out_format=json >&2 || { echo "!! ${t} failed" >&2; rm -f "${OUT}/${t}.json"; }
done
if [[ "bench_python" =~ ${ONLY} ]] && [[ -e "${BUILD}/capi/libatensi.so" ]]; then
  echo "== bench_python" >&2
  PYTHONPATH="${ROOT}/bindings/python" ATENSI_LIBRARY="${BUILD}/capi/libatensi.so" \
    ATENSI_CLI="${BUILD}/atensi" \
    python3 "${ROOT}/bench/bench_python.py" "${OUT}/bench_python.json" || echo "!! bench_python failed" >&2
fi
if [[ -n "${PG_TARGETS}" ]]; then
  # A throwaway cluster (loopback, free port), durable (ATENSI_PG_DURABLE=1:
  # fsync on, unlike the test clusters) for the durable workloads; stopped on exit.
  PG_STATE="${BUILD}/pg-cluster"
  trap 'bash "${ROOT}/tools/pg-cluster.sh" stop "${PG_STATE}"' EXIT
  PG_URI=$(ATENSI_PG_DURABLE=1 bash "${ROOT}/tools/pg-cluster.sh" start "${PG_STATE}" |
    sed -n 's/^export ATENSI_TEST_PG_URI=//p') || PG_URI=""
  [[ -n "${PG_URI}" ]] || { echo "!! PostgreSQL cluster did not start: PG workloads skipped" >&2; PG_TARGETS=""; }
  if [[ -z "${PG_CASES}" ]]; then PG_CASES=$([[ ${QUICK} -eq 1 ]] && echo 20000 || echo 100000); fi
  PG_START=$(date +%s)
  for t in ${PG_TARGETS}; do
    bin="${BUILD}/bench/${t}"
    [[ -x "${bin}" ]] || { echo "skip ${t}: not built" >&2; continue; }
    echo "== ${t}" >&2
    ATENSI_BENCH_PG_URI="${PG_URI}" ATENSI_BENCH_PG_CASES="${PG_CASES}" \
      "${bin}" --benchmark_format=console --benchmark_out="${OUT}/${t}.json" \
      --benchmark_out_format=json >&2 || echo "!! ${t} failed" >&2
  done
  bash "${ROOT}/tools/pg-cluster.sh" stop "${PG_STATE}"
  trap - EXIT
  echo "PostgreSQL part: $(( $(date +%s) - PG_START )) s (${PG_CASES} cases, including the COPY load)" >&2
fi
echo "suite wall time: $(( $(date +%s) - START )) s (including any dataset generation)" >&2

python3 - "${OUT}" "${BUILD}/results.json" "${CASES}" <<'PY'
import json, os, sys
out, results_path, cases = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = {}
for f in sorted(os.listdir(out)):
    with open(os.path.join(out, f)) as fh:
        data = json.load(fh)
    runs[f[:-5]] = data
    for b in data.get("benchmarks", []):
        name = b["name"].split("/")[0]
        if b.get("run_type") == "aggregate": continue
        b["_binary"] = f[:-5]
        runs.setdefault("_by_name", {})[name] = b
with open(results_path, "w") as fh:
    json.dump({k: v for k, v in runs.items() if k != "_by_name"}, fh, indent=1)
by = runs.get("_by_name", {})

def fmt(v):
    if v is None: return "-"
    if abs(v) >= 1e6: return f"{v/1e6:.2f}M"
    if abs(v) >= 1e4: return f"{v/1e3:.0f}k"
    if abs(v) >= 100: return f"{v:.0f}"
    return f"{v:.3g}"

# name, workload, unit, check(b) -> (target text, met)
rows = [
 ("BM_Ingest", "1 bulk ingest (rows/s)", lambda b: (">=0.6x base, RSS<=300MB",
     b["ratio"] >= 0.6 and b.get("peak_rss_mb", 1e9) <= 300)),
 ("BM_Routing", "2 routing (decisions/s)", lambda b: (">=1M/s, p99<=5us",
     b["atensi"] >= 1e6 and b["p99_us"] <= 5)),
 ("BM_StageTransition", "3 stage transition (ops/s)", lambda b: (">=0.8x base", b["ratio"] >= 0.8)),
 ("BM_ReferralStatus", "3 referral status (ops/s)", lambda b: (">=0.8x base", b["ratio"] >= 0.8)),
 ("BM_CaseloadPage", "4 caseload page (p99 ms)", lambda b: ("p99<=2ms", b["atensi"] <= 2)),
 ("BM_Overdue", "4 overdue list (p99 ms)", lambda b: ("p99<=5ms", b["atensi"] <= 5)),
 ("BM_ProvinceReport", "4 province report (ms)", lambda b: ("<=1000ms", b["atensi"] <= 1000)),
 ("BM_ColdStart", "5 cold start (ms)", lambda b: ("<=100ms", b["atensi"] <= 100)),
 ("BM_CapiTransition", "6 C ABI transition (ops/s)", lambda b: ("overhead<=5% (median)",
     b["ratio"] >= 0.95)),
 ("BM_CapiRouting", "6 C ABI routing (calls/s)", lambda b: ("reported", None)),
 ("BM_PythonRouting", "6 Python route (calls/s)", lambda b: ("reported", None)),
 ("BM_PythonImport", "6 Python import vs CLI (rows/s)", lambda b: ("within 10% of CLI",
     b["ratio"] >= 0.9)),
 ("BM_Verify", "7 audit verify (events/s)", lambda b: (">=500k/s", b["atensi"] >= 5e5)),
]
# PostgreSQL rows (bench_pg_*): baselines are raw libpq (COPY for the ingest).
rows += [
 ("BM_PgIngest", "1 PG bulk ingest (rows/s)", lambda b: (">=0.6x COPY, RSS<=300MB",
     b["ratio"] >= 0.6 and b.get("peak_rss_mb", 1e9) <= 300)),
 ("BM_PgStageTransition", "3 PG stage transition (ops/s)", lambda b: (">=0.8x base", b["ratio"] >= 0.8)),
 ("BM_PgReferralStatus", "3 PG referral status (ops/s)", lambda b: (">=0.8x base", b["ratio"] >= 0.8)),
 ("BM_PgCaseloadPage", "4 PG caseload page (p99 ms)", lambda b: ("p99<=2ms", b["atensi"] <= 2)),
 ("BM_PgOverdue", "4 PG overdue list (p99 ms)", lambda b: ("p99<=5ms", b["atensi"] <= 5)),
 ("BM_PgProvinceReport", "4 PG province report (ms)", lambda b: ("<=1000ms", b["atensi"] <= 1000)),
 ("BM_PgColdStart", "5 PG connect+1st query (ms)", lambda b: ("<=100ms", b["atensi"] <= 100)),
 ("BM_PgVerify", "7 PG audit verify (events/s)", lambda b: (">=500k/s", b["atensi"] >= 5e5)),
]
print(f"\natensi benchmarks: {cases:,} cases; ratios are atensi/baseline speed in the same process")
hdr = f"{'workload':30} {'atensi':>9} {'baseline':>9} {'ratio':>6} {'cpu':>5}  {'target':24} met"
print(hdr); print("-" * len(hdr))
for name, label, check in rows:
    b = by.get(name)
    if b is None:
        if name.startswith("BM_Pg"): continue  # PostgreSQL part not run
        print(f"{label:30} {'-':>9} {'-':>9} {'-':>6}  {'(not run / not built)':24} -")
        continue
    if b.get("error_occurred"):
        print(f"{label:30} error: {b.get('error_message','')}")
        continue
    target, met = check(b)
    # CPU-time ratio where the workload records it (robust to other jobs).
    cpu = b.get("ratio_cpu")
    if cpu is None and b.get("atensi_cpu") and b.get("baseline_cpu"):
        cpu = b["atensi_cpu"] / b["baseline_cpu"]
    if cpu is None and b.get("atensi_cpu_ms") and b.get("baseline_cpu_ms"):
        cpu = b["baseline_cpu_ms"] / b["atensi_cpu_ms"]
    cpu_s = f"{cpu:5.2f}" if cpu is not None else "    -"
    ratio = b.get("ratio", 0)
    print(f"{label:30} {fmt(b.get('atensi')):>9} {fmt(b.get('baseline')):>9} "
          f"{ratio:6.2f} {cpu_s}  {target:24} {'-' if met is None else ('MET' if met else 'NOT MET')}")
pg = by.get("BM_PgCaseloadPage") or by.get("BM_PgVerify")
if pg is not None:
    print(f"PG rows: query dataset {int(pg.get('cases', 0)):,} cases; times include the server "
          "(same machine); labels in the JSON name its fsync/synchronous_commit")
print(f"\nraw JSON: {results_path}")
PY
