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
#
# The large dataset is generated through the CaseStore API on first use and
# cached in build/bench/data/cases_<N>.db (deterministic: same N, same data).
# Generation time is printed and is not part of any figure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ROOT}/build/bench"
CASES=1000000
QUICK=0
FRESH=0
ONLY="."
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; CASES=50000 ;;
    --cases) CASES="$2"; shift ;;
    --fresh) FRESH=1 ;;
    --only) ONLY="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

cmake -S "${ROOT}" -B "${BUILD}" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATENSI_BUILD_BENCH=ON \
  -DATENSI_BUILD_TESTS=OFF >/dev/null
TARGETS=$(cd "${ROOT}/bench" && ls bench_*.cpp | grep -v bench_common | sed 's/\.cpp$//' |
  grep -E "${ONLY}" || true)
# The Python workload drives libatensi.so and compares with the CLI.
EXTRA=""
if [[ "bench_python" =~ ${ONLY} ]]; then EXTRA="atensi_c atensi_cli"; fi
# shellcheck disable=SC2086
[[ -z "${TARGETS}${EXTRA}" ]] || cmake --build "${BUILD}" --target ${TARGETS} ${EXTRA} -j2 >/dev/null

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
  "${bin}" --benchmark_format=console --benchmark_out="${OUT}/${t}.json" \
    --benchmark_out_format=json >&2 || echo "!! ${t} failed" >&2
done
if [[ "bench_python" =~ ${ONLY} ]] && [[ -e "${BUILD}/capi/libatensi.so" ]]; then
  echo "== bench_python" >&2
  PYTHONPATH="${ROOT}/bindings/python" ATENSI_LIBRARY="${BUILD}/capi/libatensi.so" \
    ATENSI_CLI="${BUILD}/atensi" \
    python3 "${ROOT}/bench/bench_python.py" "${OUT}/bench_python.json" || echo "!! bench_python failed" >&2
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
 ("BM_CapiTransition", "6 C ABI transition (ops/s)", lambda b: ("overhead<=5% (mean)",
     b.get("ratio_mean", b["ratio"]) >= 0.95)),
 ("BM_CapiRouting", "6 C ABI routing (calls/s)", lambda b: ("reported", None)),
 ("BM_PythonRouting", "6 Python route (calls/s)", lambda b: ("reported", None)),
 ("BM_PythonImport", "6 Python import vs CLI (rows/s)", lambda b: ("within 10% of CLI",
     b["ratio"] >= 0.9)),
 ("BM_Verify", "7 audit verify (events/s)", lambda b: (">=500k/s", b["atensi"] >= 5e5)),
]
print(f"\natensi benchmarks: {cases:,} cases; ratios are atensi/baseline speed in the same process")
hdr = f"{'workload':30} {'atensi':>9} {'baseline':>9} {'ratio':>6} {'cpu':>5}  {'target':24} met"
print(hdr); print("-" * len(hdr))
for name, label, check in rows:
    b = by.get(name)
    if b is None:
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
    ratio = b.get("ratio_mean", b.get("ratio", 0))  # throughput ratios are means
    print(f"{label:30} {fmt(b.get('atensi')):>9} {fmt(b.get('baseline')):>9} "
          f"{ratio:6.2f} {cpu_s}  {target:24} {'-' if met is None else ('MET' if met else 'NOT MET')}")
print(f"\nraw JSON: {results_path}")
PY
