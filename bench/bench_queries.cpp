// Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
//
// Workload 4: queries on the large dataset (bench_common.h: 1,000,000 cases
// by default, in Jambi's 11 regencies).
//   - caseload page: Casebook::Caseload, 50 rows, a regency subtree filtered
//     by stage and risk (every regency x {intake, emergency, assessment,
//     closed} x {low, medium, high}, first page, then the same query's next
//     page). Target p99 <= 2 ms.
//   - overdue list: Casebook::DuePage(now, 0, regency), 50 items, first and
//     second page, for every regency (what a regency coordinator opens; the
//     unpaged Casebook::Due of a regency is ~3,000 items). Target p99 <= 5 ms.
//   - province report: Casebook::ProvinceReportFor(Jambi). Target <= 1 s.
//
// Baseline: the same SQL on the same file through a plain read-only sqlite3
// connection, reading the same columns (documents read as text, not parsed),
// no domain logic. Queries alternate atensi / baseline.

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "atensi/casebook.h"
#include "bench_common.h"
#include "store/trusted_reads.h"  // benchmarks set up and read directly

namespace atensi::bench {
namespace {

std::pair<std::int64_t, std::int64_t> RegencyRange(RegionCode r) {
  const auto lo = static_cast<std::int64_t>(r.packed());
  return {lo, lo + 1'000'000 - 1};
}

struct Fixture {
  std::string path;
  ManualClock clock{DatasetNow()};
  std::unique_ptr<Casebook> book;
  std::unique_ptr<RawDb> raw;

  Fixture() {
    path = EnsureDataset(DatasetCases());
    OpenOptions o;
    o.path = path;
    o.create_if_missing = false;
    auto b = Casebook::Open(o, clock);
    if (!b.ok()) Die("open", b.status().ToString());
    book = std::move(b).value();
    raw = std::make_unique<RawDb>(path, 2, true);
  }
};

Fixture& F() {
  static Fixture* f = new Fixture();
  return *f;
}

void Report(benchmark::State& state, const Latencies& a, const Latencies& b, const Latencies& acpu,
            double rows) {
  state.counters["atensi_cpu_p99_ms"] = acpu.Percentile(99) * 1e3;
  state.counters["atensi_cpu_p50_ms"] = acpu.Percentile(50) * 1e3;
  state.counters["atensi"] = a.Percentile(99) * 1e3;  // p99 ms
  state.counters["baseline"] = b.Percentile(99) * 1e3;
  state.counters["ratio"] = a.Total() > 0 ? b.Total() / a.Total() : 0;  // speed vs baseline
  state.counters["atensi_p50_ms"] = a.Percentile(50) * 1e3;
  state.counters["baseline_p50_ms"] = b.Percentile(50) * 1e3;
  state.counters["atensi_max_ms"] = a.Percentile(100) * 1e3;
  state.counters["queries"] = static_cast<double>(a.size());
  state.counters["rows_per_query"] = rows;
  state.counters["cases"] = static_cast<double>(DatasetCases());
}

void BM_CaseloadPage(benchmark::State& state) {
  Fixture& f = F();
  sqlite3_stmt* q = f.raw->Prepare(
      "SELECT id, child_id, version, stage, risk, categories, region, lead_agency, "
      "assigned_worker, opened_at, closed_at, next_due_at FROM cases WHERE 1 AND region BETWEEN "
      "?1 AND ?2 AND stage = ?3 AND risk = ?4 ORDER BY region, id LIMIT ?9");
  sqlite3_stmt* q2 = f.raw->Prepare(
      "SELECT id, child_id, version, stage, risk, categories, region, lead_agency, "
      "assigned_worker, opened_at, closed_at, next_due_at FROM cases WHERE 1 AND region BETWEEN "
      "?1 AND ?2 AND stage = ?3 AND risk = ?4 AND (region, id) > (?7, ?8) ORDER BY region, id "
      "LIMIT ?9");
  const Stage stages[] = {Stage::kIntake, Stage::kEmergency, Stage::kAssessment, Stage::kClosed};
  const RiskLevel risks[] = {RiskLevel::kLow, RiskLevel::kMedium, RiskLevel::kHigh};
  Latencies a_rec;
  Latencies b_rec;
  Latencies acpu_rec;  // CPU time of each atensi query
  double rows = 0;
  std::size_t sink = 0;
  std::int64_t base_region = 0;
  std::string base_id;
  // Pass 0 warms the caches and is not recorded (the cold first query is
  // workload 5's subject); passes 1-3 are measured.
  Latencies warm_a;
  Latencies warm_b;
  Latencies warm_cpu;
  for (auto _ : state) {
    for (int rep = 0; rep < 4; ++rep) {
      Latencies& a = rep == 0 ? warm_a : a_rec;
      Latencies& b = rep == 0 ? warm_b : b_rec;
      Latencies& acpu = rep == 0 ? warm_cpu : acpu_rec;
      for (const RegionCode& regency : JambiRegencies()) {
        for (Stage stage : stages) {
          for (RiskLevel risk : risks) {
            CaseloadQuery query;
            query.within = regency;
            query.stage = stage;
            query.risk = risk;
            query.page_size = 50;
            std::string cursor;
            for (int page = 0; page < 2; ++page) {
              query.cursor = cursor;
              double t0 = NowSeconds();
              double c0 = ThreadCpuSeconds();
              auto r = internal::Trusted(f.book).Caseload(query);
              a.Add(NowSeconds() - t0);
              acpu.Add(ThreadCpuSeconds() - c0);
              if (!r.ok()) Die("caseload", r.status().ToString());
              rows += static_cast<double>(r->items.size());
              // Baseline: same statement shape, same columns.
              auto [lo, hi] = RegencyRange(regency);
              sqlite3_stmt* s = cursor.empty() ? q : q2;
              t0 = NowSeconds();
              sqlite3_bind_int64(s, 1, lo);
              sqlite3_bind_int64(s, 2, hi);
              sqlite3_bind_int64(s, 3, static_cast<std::int64_t>(stage));
              sqlite3_bind_int64(s, 4, static_cast<std::int64_t>(risk));
              if (!cursor.empty()) {
                sqlite3_bind_int64(s, 7, static_cast<std::int64_t>(base_region));
                sqlite3_bind_text(s, 8, base_id.data(), static_cast<int>(base_id.size()),
                                  SQLITE_TRANSIENT);
              }
              sqlite3_bind_int64(s, 9, 51);
              int n = 0;
              while (sqlite3_step(s) == SQLITE_ROW) {
                ++n;
                sink += static_cast<std::size_t>(sqlite3_column_bytes(s, 0)) +
                        static_cast<std::size_t>(sqlite3_column_bytes(s, 1)) +
                        static_cast<std::size_t>(sqlite3_column_bytes(s, 7)) +
                        static_cast<std::size_t>(sqlite3_column_bytes(s, 8));
                if (n == 50) {
                  base_region = sqlite3_column_int64(s, 6);
                  base_id.assign(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
                }
              }
              sqlite3_reset(s);
              b.Add(NowSeconds() - t0);
              cursor = r->next_cursor;
              if (cursor.empty()) break;
            }
          }
        }
      }
    }
  }
  benchmark::DoNotOptimize(sink);
  Report(state, a_rec, b_rec, acpu_rec, rows / static_cast<double>(a_rec.size() + warm_a.size()));
  state.SetLabel("p99 ms; ratio = baseline time / atensi time");
}

void BM_Overdue(benchmark::State& state) {
  Fixture& f = F();
  // Baseline: the same SQL as the store's DuePage (kept deadlines joined
  // with their case rows), same columns, no domain logic.
  const char* kSql =
      "SELECT d.case_id, d.step, d.due_at, d.region, c.child_id, c.lead_agency, "
      "c.assigned_worker, c.stage, c.risk FROM case_deadlines d JOIN cases c ON c.id = d.case_id "
      "WHERE d.due_at <= ?1 AND d.region BETWEEN ?2 AND ?3";
  sqlite3_stmt* q =
      f.raw->Prepare(std::string(kSql) + " ORDER BY d.due_at, d.case_id, d.step LIMIT ?7");
  sqlite3_stmt* q2 = f.raw->Prepare(std::string(kSql) +
                                    " AND (d.due_at, d.case_id, d.step) > (?4, ?5, ?6) "
                                    "ORDER BY d.due_at, d.case_id, d.step LIMIT ?7");
  Latencies a;
  Latencies b;
  Latencies acpu;  // CPU time of each atensi query
  double rows = 0;
  std::size_t sink = 0;
  const Instant now = DatasetNow();
  for (auto _ : state) {
    // 20 measured rounds (440 pages): with the 4 rounds of session 3 (88
    // pages) the p99 was the second-worst page, so one time slice lost to
    // another job on this shared machine decided it.
    for (int rep = 0; rep < 21; ++rep) {
      for (const RegionCode& regency : JambiRegencies()) {
        DueQuery query;
        query.within = regency;
        query.page_size = 50;
        std::int64_t last_due = 0;
        std::int64_t last_step = 0;
        std::string last_id;
        for (int page = 0; page < 2; ++page) {
          double t0 = NowSeconds();
          double c0 = ThreadCpuSeconds();
          auto r = internal::Trusted(f.book).DuePage(now, Duration{0}, query);
          if (rep > 0) {  // rep 0 warms the caches
            a.Add(NowSeconds() - t0);
            acpu.Add(ThreadCpuSeconds() - c0);
          }
          if (!r.ok()) Die("due page", r.status().ToString());
          if (rep > 0) rows += static_cast<double>(r->items.size());
          auto [lo, hi] = RegencyRange(regency);
          sqlite3_stmt* s = page == 0 ? q : q2;
          t0 = NowSeconds();
          sqlite3_bind_int64(s, 1, now.ms);
          sqlite3_bind_int64(s, 2, lo);
          sqlite3_bind_int64(s, 3, hi);
          if (page > 0) {
            sqlite3_bind_int64(s, 4, last_due);
            sqlite3_bind_text(s, 5, last_id.data(), static_cast<int>(last_id.size()),
                              SQLITE_TRANSIENT);
            sqlite3_bind_int64(s, 6, last_step);
          }
          sqlite3_bind_int64(s, 7, 51);
          int n = 0;
          while (sqlite3_step(s) == SQLITE_ROW) {
            ++n;
            sink += static_cast<std::size_t>(sqlite3_column_bytes(s, 0)) +
                    static_cast<std::size_t>(sqlite3_column_bytes(s, 4)) +
                    static_cast<std::size_t>(sqlite3_column_bytes(s, 5)) +
                    static_cast<std::size_t>(sqlite3_column_bytes(s, 6));
            if (n == 50) {
              last_id.assign(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
              last_step = sqlite3_column_int64(s, 1);
              last_due = sqlite3_column_int64(s, 2);
            }
          }
          sqlite3_reset(s);
          if (rep > 0) b.Add(NowSeconds() - t0);
          if (r->next_cursor.empty()) break;
          query.cursor = r->next_cursor;
        }
      }
    }
  }
  benchmark::DoNotOptimize(sink);
  Report(state, a, b, acpu, rows / static_cast<double>(a.size()));
  state.SetLabel("DuePage, 50 items, first + second page per regency; p99 ms");
}

void BM_ProvinceReport(benchmark::State& state) {
  Fixture& f = F();
  sqlite3_stmt* q = f.raw->Prepare(
      "SELECT stage, risk, count(*) FROM cases WHERE region BETWEEN ?1 AND ?2 GROUP BY stage, "
      "risk");
  const RegionCode jambi = RegionCode::Parse("15").value();
  Latencies a;
  Latencies b;
  Latencies acpu;  // CPU time of each atensi query
  std::int64_t sink = 0;
  for (auto _ : state) {
    for (int rep = 0; rep < 3; ++rep) {  // 3 reports: worst and median reported
      double t0 = NowSeconds();
      double c0 = ThreadCpuSeconds();
      auto r = internal::Trusted(f.book).ProvinceReportFor(jambi, DatasetNow());
      a.Add(NowSeconds() - t0);
      acpu.Add(ThreadCpuSeconds() - c0);
      if (!r.ok()) Die("report", r.status().ToString());
      t0 = NowSeconds();
      sqlite3_bind_int64(q, 1, 1'500'000'000);
      sqlite3_bind_int64(q, 2, 1'599'999'999);
      while (sqlite3_step(q) == SQLITE_ROW) sink += sqlite3_column_int64(q, 2);
      sqlite3_reset(q);
      b.Add(NowSeconds() - t0);
    }
  }
  benchmark::DoNotOptimize(sink);
  state.counters["atensi"] = a.Percentile(100) * 1e3;  // worst of the runs, ms
  state.counters["baseline"] = b.Percentile(100) * 1e3;
  state.counters["ratio"] = b.Total() / a.Total();
  state.counters["atensi_cpu_max_ms"] = acpu.Percentile(100) * 1e3;
  state.counters["atensi_p50_ms"] = a.Percentile(50) * 1e3;
  state.counters["baseline_p50_ms"] = b.Percentile(50) * 1e3;
  state.counters["cases"] = static_cast<double>(DatasetCases());
  state.SetLabel("max ms; baseline = one GROUP BY stage, risk over the province");
}

BENCHMARK(BM_CaseloadPage)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Overdue)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ProvinceReport)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace atensi::bench

BENCHMARK_MAIN();
