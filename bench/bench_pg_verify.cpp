// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Workload 7 on PostgreSQL: audit verification. Casebook::Verify over the
// PostgreSQL query dataset's event log (bench_pg_common.h: 5 events per case):
// every chain's hashes and links, every checkpoint, every case and child row
// against its chain tail. Target (issue #7) >= 500,000 events/s.
//
// Baseline: a plain streamed scan of the same events in the same order
// (SELECT the verified columns ORDER BY chain_id, seq, single-row mode as the
// store's Conn::ForEach reads them), touching every column, no hashing: what
// reading the log costs over libpq. The wall figure includes the server's
// work; "cpu" is this process only.

#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "atensi/casebook.h"
#include "bench_common.h"
#include "bench_pg_common.h"
#include "store/trusted_reads.h"

namespace atensi::bench {
namespace {

void BM_PgVerify(benchmark::State& state) {
  const std::string uri = EnsurePgDataset(PgDatasetCases());
  ManualClock clock(DatasetNow());
  OpenOptions o;
  o.path = uri;
  o.create_if_missing = false;
  auto book = Casebook::Open(o, clock);
  if (!book.ok()) Die("open", book.status().ToString());
  RawPg raw(uri);
  const char* kScan =
      "SELECT chain_id, seq, kind, at, actor_person, actor_agency, actor_role, actor_rights, "
      "action, reason, changes, state_hash, prev_hash, hash, hash_format, payload_digest, "
      "payload_purged_at FROM events ORDER BY chain_id, seq";
  double a = 0;
  double b = 0;
  double ca = 0;
  double cb = 0;
  std::int64_t events = 0;
  std::int64_t scanned = 0;
  std::size_t sink = 0;
  for (auto _ : state) {
    double t0 = NowSeconds();
    double c0 = CpuSeconds();
    auto report = internal::Trusted(*book).Verify();
    a = NowSeconds() - t0;
    ca = CpuSeconds() - c0;
    if (!report.ok()) Die("verify", report.status().ToString());
    if (!report->ok)
      Die("verify", "the copied log does not verify: " +
                        (report->first_broken ? report->first_broken->reason : std::string()));
    events = report->events_checked;
    t0 = NowSeconds();
    c0 = CpuSeconds();
    raw.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (PQsendQueryParams(raw.handle(), kScan, 0, nullptr, nullptr, nullptr, nullptr, 0) != 1 ||
        PQsetSingleRowMode(raw.handle()) != 1) {
      Die("scan", PQerrorMessage(raw.handle()));
    }
    while (PGresult* r = PQgetResult(raw.handle())) {
      const ExecStatusType st = PQresultStatus(r);
      if (st == PGRES_SINGLE_TUPLE) {
        ++scanned;
        for (int c = 0; c < 17; ++c) sink += static_cast<std::size_t>(PQgetlength(r, 0, c));
      } else if (st != PGRES_TUPLES_OK) {
        Die("scan", PQresultErrorMessage(r));
      }
      PQclear(r);
    }
    raw.Exec("COMMIT");
    b = NowSeconds() - t0;
    cb = CpuSeconds() - c0;
  }
  benchmark::DoNotOptimize(sink);
  state.counters["atensi"] = static_cast<double>(events) / a;
  state.counters["baseline"] = static_cast<double>(scanned) / b;
  state.counters["ratio"] = (static_cast<double>(events) / a) / (static_cast<double>(scanned) / b);
  state.counters["atensi_client_cpu"] =
      static_cast<double>(events) / ca;  // events per client CPU s
  state.counters["baseline_client_cpu"] = static_cast<double>(scanned) / cb;
  state.counters["events"] = static_cast<double>(events);
  state.counters["atensi_s"] = a;
  state.counters["baseline_s"] = b;
  state.SetLabel("events/s");
}
BENCHMARK(BM_PgVerify)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace atensi::bench

ATENSI_PG_BENCHMARK_MAIN();
