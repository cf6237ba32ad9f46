// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Workload 7: audit verification. Casebook::Verify over the large dataset's
// event log (5 events per case: 5,000,000 events at 1,000,000 cases):
// recompute every chain's hashes and links, every checkpoint, and check each
// case and child row against its chain tail. Target >= 500,000 events/s.
//
// Baseline: a plain scan of the same events in the same order
// (SELECT all event columns ORDER BY chain_id, seq), touching every column,
// no hashing: what reading the log costs the storage engine.
//
// Figures: wall-clock events/s of each side, process CPU per event, and for
// atensi the CPU of the reading thread (it steps the events) and of the
// other threads together (event hashes; the record checks' cursors and
// document hashes on their own connection, record_verifier.h StartParallel).
// atensi_path_cpu: events per CPU second of the longer of the two;
// atensi_2core_cpu: events / max(reading thread, process CPU / 2), the
// best rate two free cores could give the three threads.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <string>

#include "atensi/casebook.h"
#include "bench_common.h"
#include "store/trusted_reads.h"  // benchmarks set up and read directly

namespace atensi::bench {
namespace {

void BM_Verify(benchmark::State& state) {
  const std::string path = EnsureDataset(DatasetCases());
  ManualClock clock(DatasetNow());
  OpenOptions o;
  o.path = path;
  o.create_if_missing = false;
  auto book = Casebook::Open(o, clock);
  if (!book.ok()) Die("open", book.status().ToString());
  RawDb raw(path, 2, true);
  sqlite3_stmt* scan = raw.Prepare(
      "SELECT chain_id, seq, kind, at, actor_person, actor_agency, actor_role, actor_rights, "
      "action, reason, changes, state_hash, prev_hash, hash FROM events ORDER BY chain_id, seq");
  double a = 0;
  double b = 0;
  double ca = 0;
  double cb = 0;
  std::int64_t events = 0;
  std::int64_t scanned = 0;
  std::size_t sink = 0;
  double reader = 0;  // CPU of the calling thread (it steps SQLite)
  for (auto _ : state) {
    double t0 = NowSeconds();
    double c0 = CpuSeconds();
    const double r0 = ThreadCpuSeconds();
    auto report = internal::Trusted(*book).Verify();
    a = NowSeconds() - t0;
    ca = CpuSeconds() - c0;
    reader = ThreadCpuSeconds() - r0;
    if (!report.ok()) Die("verify", report.status().ToString());
    if (!report->ok) Die("verify", "the generated log does not verify");
    events = report->events_checked;
    t0 = NowSeconds();
    c0 = CpuSeconds();
    while (sqlite3_step(scan) == SQLITE_ROW) {
      ++scanned;
      for (int c = 0; c < 14; ++c) sink += static_cast<std::size_t>(sqlite3_column_bytes(scan, c));
      sink += static_cast<std::size_t>(sqlite3_column_int64(scan, 1));
    }
    sqlite3_reset(scan);
    b = NowSeconds() - t0;
    cb = CpuSeconds() - c0;
  }
  benchmark::DoNotOptimize(sink);
  state.counters["atensi"] = static_cast<double>(events) / a;
  state.counters["baseline"] = static_cast<double>(scanned) / b;
  state.counters["ratio"] = (static_cast<double>(events) / a) / (static_cast<double>(scanned) / b);
  state.counters["atensi_cpu"] = static_cast<double>(events) / ca;  // events per CPU second
  // The chain pass hashes on a second thread (src/store/verify_pipeline.h)
  // and the record checks run on a third (record_verifier.h): the reading
  // thread's CPU and the rest of the process's are reported apart.
  const double hasher = ca - reader;
  state.counters["atensi_reader_cpu_s"] = reader;
  state.counters["atensi_hasher_cpu_s"] = hasher;
  state.counters["atensi_path_cpu"] = static_cast<double>(events) / std::max(reader, hasher);
  state.counters["atensi_2core_cpu"] = static_cast<double>(events) / std::max(reader, ca / 2);
  state.counters["baseline_cpu"] = static_cast<double>(scanned) / cb;
  state.counters["events"] = static_cast<double>(events);
  state.counters["atensi_s"] = a;
  state.counters["baseline_s"] = b;
  state.SetLabel("events/s");
}
BENCHMARK(BM_Verify)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace atensi::bench

BENCHMARK_MAIN();
